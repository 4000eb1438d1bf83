// store.cc: the only C++ file and the only user of Xapian (the layout is in store.h).
// Each extern "C" function catches every exception and turns it into a SLOVO_* code and a
// message, so nothing unwinds into C.
#include "store.h"

#include <xapian.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "dupkey.h"
#include "positions.h"
#include "term_counts.h"
#include "slovo.h"

struct store_doc {
    Xapian::Document doc;
    // Each word's position and term (its index in terms), packed into value
    // STORE_VALUE_POSITIONS when the document is given its id (positions.h): the index keeps
    // no Xapian positions.
    std::vector<word_at> words;
    term_counts terms = {}; // the words' terms, moved into doc when it is given its id
    std::string id;         // the id term, once given: the positions are packed then

    ~store_doc() { term_counts_free(&terms); }
};

struct store {
    std::string path;
    bool writable = false;
    Xapian::Database db;          // what searches read: the writable one when writing
    Xapian::WritableDatabase wdb;
    std::string errmsg;
};

namespace {

// Maps an exception to a code, keeping Xapian's own description in the message.
int fail(store *s, const std::string &what)
{
    try {
        throw;
    } catch (const Xapian::DatabaseLockError &e) {
        s->errmsg = "index '" + s->path + "' is locked by another writer";
        return SLOVO_LOCKED;
    } catch (const Xapian::DatabaseNotFoundError &e) {
        s->errmsg = "no index at '" + s->path + "'";
        return SLOVO_NOTFOUND;
    } catch (const Xapian::DatabaseCorruptError &e) {
        s->errmsg = "index '" + s->path + "' is damaged: " + e.get_description();
        return SLOVO_CORRUPT;
    } catch (const Xapian::DatabaseVersionError &e) {
        s->errmsg = "'" + s->path + "' is not an index this version can read: " +
                    e.get_description();
        return SLOVO_CORRUPT;
    } catch (const Xapian::DatabaseOpeningError &e) {
        s->errmsg = "cannot open index '" + s->path + "': " + e.get_description();
        return SLOVO_IO;
    } catch (const Xapian::Error &e) {
        s->errmsg = what + " failed on index '" + s->path + "': " + e.get_description();
        return SLOVO_IO;
    } catch (const std::bad_alloc &) {
        s->errmsg = "out of memory";
        return SLOVO_NOMEM;
    } catch (...) {
        s->errmsg = what + " failed on index '" + s->path + "': unexpected error";
        return SLOVO_ERROR;
    }
}

int misuse(store *s, const char *msg)
{
    s->errmsg = msg;
    return SLOVO_MISUSE;
}

int open_db(store *s, int mode, const store_meta *init, size_t ninit)
{
    struct stat st;
    if (mode != SLOVO_OPEN_CREATE && stat(s->path.c_str(), &st) != 0) {
        s->errmsg = "no index at '" + s->path + "'";
        return SLOVO_NOTFOUND;
    }
    if (mode == SLOVO_OPEN_READONLY) {
        s->db = Xapian::Database(s->path);
    } else {
        int flags = mode == SLOVO_OPEN_CREATE ? Xapian::DB_CREATE_OR_OPEN : Xapian::DB_OPEN;
        s->wdb = Xapian::WritableDatabase(s->path, flags);
        s->db = s->wdb;
        s->writable = true;
    }
    std::string format = s->db.get_metadata("slovo.format");
    if (format.empty() && s->db.get_doccount() == 0 && s->writable) {
        s->wdb.set_metadata("slovo.format", STORE_FORMAT);
        for (size_t i = 0; i < ninit; i++)
            s->wdb.set_metadata(init[i].key, init[i].value);
        s->wdb.commit();
    } else if (format.empty()) {
        s->errmsg = "'" + s->path + "' is not a Slovo index";
        return SLOVO_CORRUPT;
    } else if (format != STORE_FORMAT) {
        s->errmsg = "index '" + s->path + "' has the layout of another version of Slovo (" +
                    format + ", this one reads " STORE_FORMAT "): remove it and index again";
        return SLOVO_CORRUPT;
    }
    return SLOVO_OK;
}

// The words of d as value STORE_VALUE_POSITIONS (positions.h).
void pack_positions(store_doc *d)
{
    if (d->words.empty())
        return;
    std::vector<uint32_t> hashes(d->terms.n);
    for (size_t i = 0; i < d->terms.n; i++)
        hashes[i] = d->terms.terms[i].hash;
    unsigned char *blob;
    size_t len;
    if (positions_pack(hashes.data(), hashes.size(), d->words.data(), d->words.size(), &blob,
                       &len) != SLOVO_OK)
        throw std::bad_alloc(); // its words name its terms: memory is all it can lack
    std::unique_ptr<unsigned char, void (*)(void *)> owned(blob, free);
    d->doc.add_value(STORE_VALUE_POSITIONS, std::string(reinterpret_cast<char *>(blob), len));
}

// Gives d its words' terms, its id term, and packs its positions.
void seal(store_doc *d, const std::string &id)
{
    for (size_t i = 0; i < d->terms.n; i++)
        d->doc.add_term(std::string(term_counts_text(&d->terms, i), d->terms.terms[i].len),
                        d->terms.terms[i].words);
    d->doc.add_boolean_term(id);
    pack_positions(d);
    term_counts_free(&d->terms); // a built document waiting to be written needs it no more
    d->id = id;
}

// A condition on documents as a posting source. It weighs nothing: it sits in an AND beside
// the queries that weigh the match and drive it, so that it is asked about their candidates
// only (check()). Alone (never as Slovo builds its queries) it walks with advance().
class Check : public Xapian::PostingSource {
  public:
    Xapian::doccount get_termfreq_min() const override { return 0; }
    // As many as there are documents: an AND then drives with its other operands, which are
    // cheaper to walk, and asks here only about their common documents.
    Xapian::doccount get_termfreq_est() const override { return db_.get_doccount(); }
    Xapian::docid get_docid() const override { return did_; }
    bool at_end() const override { return at_end_; }

    void next(double) override { advance(did_ + 1); }
    void skip_to(Xapian::docid did, double) override
    {
        if (did > did_ || (did == did_ && !on_match_))
            advance(did);
    }

    bool check(Xapian::docid did, double) override
    {
        did_ = did;
        on_match_ = accepts(did); // false: did is no match, the position is indeterminate
        return on_match_;
    }

  protected:
    void start(const Xapian::Database &db)
    {
        db_ = db;
        did_ = 0;
        at_end_ = false;
        on_match_ = true;
    }
    // Moves to the first document from did on that the condition accepts, or to the end.
    virtual void advance(Xapian::docid did) = 0;
    virtual bool accepts(Xapian::docid did) = 0;

    Xapian::Database db_;
    Xapian::docid did_ = 0;   // where advance() stopped, or what check() was asked about
    bool at_end_ = false;
    bool on_match_ = true;    // whether did_ is a match (check() may say it is not)
};

// Where two or more of the free words stand close, within DENSE_WIDTH positions, more of
// them or rarer ones, as a headline's words do in its article's lead: the relevance of the
// best matches times 1 + DENSE_BONUS * share^2, share the part of the words' weight (BM25's
// idf) that stands closest together. On the dev queries: all MRR@10 0.6081 -> 0.6131,
// title/ru 0.6093 -> 0.6168, summary/ru 0.6811 -> 0.6910 (widths 10 / 20 / 30: 0.6103 /
// 0.6138 / 0.6131; bonus 1 / 2 / 3: 0.6129 / 0.6138 / 0.6121, tuned with a single word
// counted as a window of its own, which made the bonus partly a second idf).
const uint32_t DENSE_WIDTH = 20;
const double DENSE_BONUS = 2;
// The least a word weighs: BM25's idf falls to 0 and below for a word in half the articles.
const double MIN_WORD_WEIGHT = 0.1;

// A phrase, checked on the packed positions: matches the documents where its words stand
// one after another.
class PhraseCheck : public Check {
  public:
    // words[i]: the terms the phrase's i-th word may be (its stems in either language); a
    // phrase has at least one word.
    explicit PhraseCheck(std::vector<std::vector<std::string>> words) : words_(std::move(words))
    {
        for (const auto &alternatives : words_) {
            hashes_.emplace_back();
            for (const std::string &t : alternatives)
                hashes_.back().push_back(positions_hash(t.data(), t.size()));
        }
    }

    PostingSource *clone() const override { return new PhraseCheck(words_); }

    void init(const Xapian::Database &db) override
    {
        start(db);
        Xapian::doccount all = db.get_doccount();
        max_ = all;
        weights_.clear();
        weight_sum_ = 0;
        for (const auto &alternatives : words_) {
            Xapian::doccount n = 0;
            for (const std::string &t : alternatives)
                n += db.get_termfreq(t);
            max_ = std::min(max_, n);
            // BM25's idf: a rare word counts for more; a very common one for a little
            double idf = std::log((all - std::min(n, all) + 0.5) / (n + 0.5));
            weights_.push_back(std::max(idf, MIN_WORD_WEIGHT));
            weight_sum_ += weights_.back();
        }
        rewind();
    }

    Xapian::doccount get_termfreq_max() const override { return max_; }

    std::string get_description() const override { return "PhraseCheck"; }

    // The most of the phrase's words that stand one after another in document did, in the
    // phrase's order (positions_longest_run()); *present (if not NULL) gets how many of its
    // words the document has, and *densest (if not NULL) the share of the words' weight (by
    // their rarity) that stands closest together (positions_densest(), DENSE_WIDTH). With
    // whole, 0 as soon as a word is missing: only the whole phrase matters then. Documents
    // are asked in ascending order, or the lists start again.
    size_t longest_run(Xapian::docid did, bool whole, size_t *present = nullptr,
                       double *densest = nullptr)
    {
        if (present)
            *present = 0;
        if (densest)
            *densest = 0;
        if (did < checked_)
            rewind();
        checked_ = did;
        if (values_ == db_.valuestream_end(STORE_VALUE_POSITIONS) || !values_.check(did) ||
            values_.get_docid() != did)
            return 0;
        const std::string blob = *values_;
        positions p;
        if (positions_open(reinterpret_cast<const unsigned char *>(blob.data()), blob.size(),
                           &p) != SLOVO_OK)
            throw Xapian::DatabaseCorruptError("damaged word positions of a document");
        // The ranks of the phrase's words in this document's table of terms: a hash names
        // one of its terms, so only terms it holds are looked up (positions.h).
        ranks_.resize(hashes_.size());
        wanted_.assign(p.nterms, 0);
        phrase_.clear();
        for (size_t w = 0; w < hashes_.size(); w++) {
            ranks_[w].clear();
            for (size_t i = 0; i < hashes_[w].size(); i++) {
                int64_t rank = holds(did, w, i) ? positions_rank(&p, hashes_[w][i]) : -1;
                if (rank >= 0) {
                    ranks_[w].push_back(static_cast<uint32_t>(rank));
                    wanted_[rank] = 1;
                }
            }
            if (ranks_[w].empty() && whole)
                return 0;
            if (present && !ranks_[w].empty())
                ++*present;
            phrase_.push_back({ranks_[w].data(), ranks_[w].size()});
        }
        seq_.resize(positions_max(&p));
        size_t n = positions_unpack(&p, wanted_.data(), seq_.data());
        if (n == static_cast<size_t>(-1))
            throw Xapian::DatabaseCorruptError("damaged word positions of a document");
        if (whole) // cheaper: runs from the first word only
            return positions_phrase(seq_.data(), n, phrase_.data(), phrase_.size())
                       ? phrase_.size()
                       : 0;
        if (densest) {
            counts_.resize(phrase_.size());
            *densest = positions_densest(seq_.data(), n, phrase_.data(), phrase_.size(),
                                         DENSE_WIDTH, weights_.data(), counts_.data()) /
                       weight_sum_;
        }
        return positions_longest_run(seq_.data(), n, phrase_.data(), phrase_.size());
    }

  private:
    // Back to the start of the value stream and of the words' posting lists.
    void rewind()
    {
        values_ = db_.valuestream_begin(STORE_VALUE_POSITIONS);
        postings_.clear();
        for (const auto &alternatives : words_) {
            postings_.emplace_back();
            for (const std::string &t : alternatives)
                postings_.back().push_back(db_.postlist_begin(t));
        }
        checked_ = 0;
    }

    // Walks the documents of the first word.
    void advance(Xapian::docid did) override
    {
        for (;;) {
            Xapian::docid next = 0;
            for (Xapian::PostingIterator &p : postings_[0]) {
                if (p != Xapian::PostingIterator() && *p < did)
                    p.skip_to(did);
                if (p != Xapian::PostingIterator() && (next == 0 || *p < next))
                    next = *p;
            }
            if (next == 0) {
                at_end_ = true;
                return;
            }
            if (accepts(next)) {
                did_ = next;
                on_match_ = true;
                return;
            }
            did = next + 1;
        }
    }

    // Whether document did holds term i of word w (documents are asked in ascending order,
    // or the lists start again).
    bool holds(Xapian::docid did, size_t w, size_t i)
    {
        Xapian::PostingIterator &p = postings_[w][i];
        if (p != Xapian::PostingIterator() && *p < did)
            p.skip_to(did);
        return p != Xapian::PostingIterator() && *p == did;
    }

    bool accepts(Xapian::docid did) override { return longest_run(did, true) == words_.size(); }

    std::vector<std::vector<std::string>> words_;
    std::vector<std::vector<uint32_t>> hashes_; // of words_, in positions.h's hash
    std::vector<double> weights_;               // of words_, by rarity
    double weight_sum_ = 0;
    Xapian::ValueIterator values_;
    Xapian::docid checked_ = 0;
    Xapian::doccount max_ = 0;
    std::vector<std::vector<Xapian::PostingIterator>> postings_; // of words_
    // longest_run()'s buffers, kept from one document to the next
    std::vector<std::vector<uint32_t>> ranks_;
    std::vector<unsigned char> wanted_;
    std::vector<phrase_word> phrase_;
    std::vector<position> seq_;
    std::vector<uint32_t> counts_;
};

// The documents whose data a callback accepts (STORE_CHECK), such as the articles whose
// text holds a word in an exact form.
class DataCheck : public Check {
  public:
    DataCheck(int (*accept)(void *, const char *, size_t), void *ctx) : accept_(accept), ctx_(ctx)
    {
    }

    PostingSource *clone() const override { return new DataCheck(accept_, ctx_); }
    void init(const Xapian::Database &db) override { start(db); }
    Xapian::doccount get_termfreq_max() const override { return db_.get_doccount(); }
    std::string get_description() const override { return "DataCheck"; }

  private:
    // Asks about every document in turn.
    void advance(Xapian::docid did) override
    {
        on_match_ = true;
        for (Xapian::docid last = db_.get_lastdocid(); did <= last; did++)
            if (accepts(did)) {
                did_ = did;
                return;
            }
        at_end_ = true;
    }

    bool accepts(Xapian::docid did) override
    {
        std::string data;
        try {
            data = db_.get_document(did).get_value(STORE_VALUE_FIELDS);
        } catch (const Xapian::DocNotFoundError &) {
            return false;
        }
        int verdict = accept_(ctx_, data.data(), data.size());
        if (verdict == STORE_CHECK_NOMEM)
            throw std::bad_alloc();
        if (verdict < 0)
            throw Xapian::DatabaseCorruptError("the stored text of an article cannot be read");
        return verdict > 0;
    }

    int (*accept_)(void *, const char *, size_t);
    void *ctx_;
};

// The terms a phrase's word may be: the terms under it (one, or the synonyms of a word
// either language may own).
void word_terms(const store_query *q, std::vector<std::string> *out)
{
    if (q->op == STORE_TERM)
        out->emplace_back(q->term, q->len);
    for (size_t i = 0; i < q->nkids; i++)
        word_terms(q->kids[i], out);
}

// A prefix* expands to at most this many terms, the most frequent.
const Xapian::termcount WILDCARD_TERMS = 200;

// The terms of each word of a STORE_PHRASE.
std::vector<std::vector<std::string>> phrase_words(const store_query *q)
{
    std::vector<std::vector<std::string>> words(q->nkids);
    for (size_t i = 0; i < q->nkids; i++)
        word_terms(q->kids[i], &words[i]);
    return words;
}

// A word's title terms raise a match in the title (STORE_WORD). Of a word of one term in more
// than TITLE_COMMON_SHARE of the articles of an index of at least COMMON_MIN_ARTICLES (в,
// на, что), the title term is left out: in a title such a word says nothing, and its long
// list slowed the match (bench/search.c: В Москве на 2.3 -> 1.7 ms).
const double TITLE_COMMON_SHARE = 0.2;
const Xapian::doccount COMMON_MIN_ARTICLES = 200;

// Of the free words (STORE_WORDS), those in more than MATCH_COMMON_SHARE of the articles (в,
// на, и, что, по) are left out of the match when a rarer one is there: their long lists
// were a fifth of the match of the short queries (callgrind, bench/search.c), yet they
// decide little; where the words are a phrase, the best matches still gain where they have
// them (favour_phrase()). On the dev queries all MRR@10 and R@100 moved by 0.0001 (a share
// of 0.2: R@100 -0.0013).
const double MATCH_COMMON_SHARE = 0.3;

// The share of the articles that have word w (a STORE_WORD) when it is one term; 0 when it
// is not, or when the index is too small to tell a common word.
double word_share(const store_query *w, const Xapian::Database &db)
{
    const store_query *terms = w->kids[0];
    Xapian::doccount n = db.get_doccount();
    if (terms->op != STORE_TERM || n < COMMON_MIN_ARTICLES)
        return 0;
    return static_cast<double>(db.get_termfreq(std::string(terms->term, terms->len))) / n;
}

Xapian::Query build(const store_query *q, const Xapian::Database &db);

// A STORE_WORD in share of the articles (word_share()).
Xapian::Query build_word(const store_query *w, const Xapian::Database &db, double share)
{
    if (share > TITLE_COMMON_SHARE)
        return build(w->kids[0], db);
    std::vector<Xapian::Query> kids;
    for (size_t i = 0; i < w->nkids; i++)
        kids.push_back(build(w->kids[i], db));
    return Xapian::Query(Xapian::Query::OP_OR, kids.begin(), kids.end());
}

// STORE_WORDS: their OR, the common words left out where a rarer word is there.
Xapian::Query build_words(const store_query *q, const Xapian::Database &db)
{
    std::vector<double> share(q->nkids, 0);
    bool rare = false;
    for (size_t i = 0; i < q->nkids; i++) {
        if (q->kids[i]->op == STORE_WORD)
            share[i] = word_share(q->kids[i], db);
        rare |= share[i] <= MATCH_COMMON_SHARE;
    }
    std::vector<Xapian::Query> kids;
    for (size_t i = 0; i < q->nkids; i++)
        if (!rare || share[i] <= MATCH_COMMON_SHARE)
            kids.push_back(q->kids[i]->op == STORE_WORD ? build_word(q->kids[i], db, share[i])
                                                        : build(q->kids[i], db));
    return Xapian::Query(Xapian::Query::OP_OR, kids.begin(), kids.end());
}

Xapian::Query build(const store_query *q, const Xapian::Database &db)
{
    if (q->op == STORE_WORD)
        return build_word(q, db, word_share(q, db));
    if (q->op == STORE_WORDS)
        return build_words(q, db);
    if (q->op == STORE_TERM)
        return Xapian::Query(std::string(q->term, q->len));
    if (q->op == STORE_MATCH_ALL)
        return Xapian::Query::MatchAll;
    if (q->op == STORE_WILDCARD)
        return Xapian::Query(Xapian::Query::OP_WILDCARD, std::string(q->term, q->len),
                             WILDCARD_TERMS, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    if (q->op == STORE_DATE_RANGE && q->from && q->to)
        return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, STORE_VALUE_DATE, q->from, q->to);
    if (q->op == STORE_DATE_RANGE && q->from)
        return Xapian::Query(Xapian::Query::OP_VALUE_GE, STORE_VALUE_DATE, q->from);
    if (q->op == STORE_DATE_RANGE && q->to)
        return Xapian::Query(Xapian::Query::OP_VALUE_LE, STORE_VALUE_DATE, q->to);
    if (q->op == STORE_DATE_RANGE)
        return Xapian::Query::MatchAll;
    std::vector<Xapian::Query> kids;
    kids.reserve(q->nkids);
    for (size_t i = 0; i < q->nkids; i++)
        kids.push_back(build(q->kids[i], db));
    switch (q->op) {
    case STORE_AND:
        return Xapian::Query(Xapian::Query::OP_AND, kids.begin(), kids.end());
    case STORE_OR:
    case STORE_HYPHENATED:
        return Xapian::Query(Xapian::Query::OP_OR, kids.begin(), kids.end());
    case STORE_SYNONYM:
        return Xapian::Query(Xapian::Query::OP_SYNONYM, kids.begin(), kids.end());
    case STORE_PHRASE: {
        kids.push_back(Xapian::Query((new PhraseCheck(phrase_words(q)))->release()));
        return Xapian::Query(Xapian::Query::OP_AND, kids.begin(), kids.end());
    }
    case STORE_CHECK:
        kids.push_back(Xapian::Query((new DataCheck(q->check, q->check_ctx))->release()));
        return Xapian::Query(Xapian::Query::OP_AND, kids.begin(), kids.end());
    case STORE_SCALE:
        return Xapian::Query(q->factor, kids.at(0));
    case STORE_FILTER:
        return Xapian::Query(Xapian::Query::OP_FILTER, kids.begin(), kids.end());
    case STORE_AND_NOT:
        return Xapian::Query(Xapian::Query::OP_AND_NOT, kids.begin(), kids.end());
    default:
        return Xapian::Query();
    }
}

Xapian::Query filtered(const store_query *q, const store_filter *f, const Xapian::Database &db)
{
    Xapian::Query query = build(q, db);
    if (!f)
        return query;
    if (f->lang_term)
        query = Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(f->lang_term));
    if (f->date_from && f->date_to)
        query = Xapian::Query(Xapian::Query::OP_FILTER, query,
                              Xapian::Query(Xapian::Query::OP_VALUE_RANGE, STORE_VALUE_DATE,
                                            f->date_from, f->date_to));
    else if (f->date_from)
        query = Xapian::Query(Xapian::Query::OP_FILTER, query,
                              Xapian::Query(Xapian::Query::OP_VALUE_GE, STORE_VALUE_DATE,
                                            f->date_from));
    else if (f->date_to)
        query = Xapian::Query(Xapian::Query::OP_FILTER, query,
                              Xapian::Query(Xapian::Query::OP_VALUE_LE, STORE_VALUE_DATE,
                                            f->date_to));
    return query;
}

// A malloc'd NUL-terminated copy; throws std::bad_alloc like the rest of C++.
char *copy_string(const std::string &s)
{
    char *p = static_cast<char *>(malloc(s.size() + 1));
    if (!p)
        throw std::bad_alloc();
    memcpy(p, s.data(), s.size());
    p[s.size()] = '\0';
    return p;
}

// Days since 1970-01-01 of a value-0 date "YYYYMMDD"; false when there is none.
bool date_days(const std::string &v, long *days)
{
    if (v.size() != 8)
        return false;
    long y = std::stol(v.substr(0, 4)), m = std::stol(v.substr(4, 2)),
         d = std::stol(v.substr(6, 2));
    // Howard Hinnant's days_from_civil.
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    *days = era * 146097 + doe - 719468;
    return true;
}

// --recent: the relevance of each of the best RECENT_POOL matches times 1 + 2^(-age/half
// life), age counted from the newest of them, so that of two equal matches the newer comes
// first and a match a half life older needs half again the relevance to stay ahead.
const double RECENT_HALF_LIFE_DAYS = 30;

// Free words that stand together as typed, in any of their forms: among the best matches
// (PHRASE_POOL), those where they do have their relevance times 1 + PHRASE_BONUS. A
// name (Тереза Мей, Терезою Мей) is most often about the one it names when its words are
// together. Checked on the best matches only, a phrase costs a few hundred checks, not one
// for every article that has the words. On the dev queries (bench/relevance.sh):
// entity/ru nDCG@10 0.367 -> 0.404, all MRR@10 0.594 -> 0.604.
// Where only some of n words stand together, k of them in a row as typed, the bonus is
// PHRASE_BONUS * ((k - 1) / (n - 1))^2: a headline's "Конгресс США" counts for a little.
// All MRR@10 0.6054 -> 0.6079 (the power 1: 0.6065; 3: 0.6071).
const double PHRASE_BONUS = 1.33;

// --recent reorders the best RERANK_POOL matches; a phrase, the best PHRASE_POOL times as
// many as are shown (up to RERANK_POOL): a deeper pool found little more on the dev queries
// and made the first page twice as slow.
const Xapian::doccount RERANK_POOL = 200;
const Xapian::doccount PHRASE_POOL = 3;

// Removes a database directory (its files, then itself); no error if it is not there.
void remove_db_dir(const std::string &dir)
{
    if (DIR *d = opendir(dir.c_str())) {
        while (struct dirent *e = readdir(d))
            if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
                unlink((dir + "/" + e->d_name).c_str());
        closedir(d);
    }
    rmdir(dir.c_str());
}

struct ranked {
    Xapian::MSetIterator it;
    double score;
    Xapian::doccount duplicates;    // near-duplicates folded into it
};

// The matches of mset in its order.
std::vector<ranked> matches(const Xapian::MSet &mset)
{
    std::vector<ranked> order;
    for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it)
        order.push_back({it, it.get_weight(), 0});
    return order;
}

// Near-duplicates fold into the first of their story in the order of the search, by their
// signatures (value 3, dupkey.h). Xapian's collapse could only fold equal keys, and read the
// key of every article the match weighed: a quarter of the match of the slowest short
// queries (callgrind, bench/search.c). The best want + COLLAPSE_SLACK are asked for and
// folded; should fewer than want stories be among them, four times as many.
const Xapian::doccount COLLAPSE_SLACK = 10;

// The stories of a search so far, each by the signature of its first article, found by any
// of their 16-bit hashes: an article is checked only against the stories that share one.
// The hashes are kept in one open-addressing table, made for the number of articles to ask
// about (an std::unordered_map of lists cost a search more than the folding it saved).
class Stories {
  public:
    explicit Stories(size_t articles)
    {
        size_t size = 64;
        while (size < 2 * DUPKEY_HASHES * articles)
            size *= 2;
        table_.assign(size, 0);
    }

    // The number of the story alike sig (dupkey_alike()), or of the new one it starts.
    size_t story_of(std::string sig)
    {
        const auto *k = reinterpret_cast<const unsigned char *>(sig.data());
        bool valid = sig.size() == DUPKEY_BYTES;
        articles_++;
        for (int i = 0; valid && i < DUPKEY_HASHES; i++) {
            uint32_t key = hash_key(k, i);
            for (size_t at = slot(key); table_[at]; at = (at + 1) & (table_.size() - 1)) {
                size_t s = (table_[at] & 0xffffffffu) - 1;
                if (table_[at] >> 32 != key || checked_[s] == articles_)
                    continue;
                checked_[s] = articles_;    // once for this article
                if (dupkey_alike(k, sig.size(), bytes(s), sigs_[s].size()))
                    return s;
            }
        }
        size_t s = sigs_.size();
        for (int i = 0; valid && i < DUPKEY_HASHES; i++) {
            uint32_t key = hash_key(k, i);
            size_t at = slot(key);
            while (table_[at])
                at = (at + 1) & (table_.size() - 1);
            table_[at] = static_cast<uint64_t>(key) << 32 | (s + 1);
        }
        sigs_.push_back(std::move(sig));
        checked_.push_back(0);
        return s;
    }

    size_t count() const { return sigs_.size(); }

  private:
    static uint32_t hash_key(const unsigned char *k, int i)
    {
        return static_cast<uint32_t>(i) << 16 | k[2 * i] | k[2 * i + 1] << 8;
    }
    size_t slot(uint32_t key) const
    {
        return (key * UINT64_C(0x9e3779b97f4a7c15) >> 20) & (table_.size() - 1);
    }
    const unsigned char *bytes(size_t s) const
    {
        return reinterpret_cast<const unsigned char *>(sigs_[s].data());
    }

    std::vector<std::string> sigs_;
    size_t articles_ = 0;          // asked about so far
    std::vector<size_t> checked_;  // per story: the article it was last checked against
    std::vector<uint64_t> table_;  // hash key << 32 | story + 1; 0: empty
};

// The first of each story among the matches of mset, in its order, counting the others; at
// most want of them. *stories gets the number of stories among the matches.
std::vector<ranked> fold_duplicates(const Xapian::MSet &mset, Xapian::doccount want,
                                    size_t *stories)
{
    std::vector<ranked> order;
    Stories seen(mset.size());
    for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
        size_t known = seen.count();
        size_t story = seen.story_of(it.get_document().get_value(STORE_VALUE_DUP));
        if (story < known && story < order.size())
            order[story].duplicates++;
        else if (story == known && order.size() < want)
            order.push_back({it, it.get_weight(), 0});
    }
    *stories = seen.count();
    return order;
}

// Multiplies the score of the matches where the words stand close by 1 + DENSE_BONUS *
// share^2, of those where they stand together by the bonus of PHRASE_BONUS, and, when the
// words are the free items themselves (all_words), of those that have all of them by
// 1 + STORE_ALL_WORDS_BONUS (which the query left out: an AND of common words beside their
// OR made Xapian read their lists twice, В Москве на 4.0 ms -> 2.3 ms without). They are
// checked in the order of their numbers, as the check reads its lists forwards.
void favour_phrase(const Xapian::Database &db, const store_query *q, bool all_words,
                   std::vector<ranked> &order)
{
    PhraseCheck check(phrase_words(q));
    check.init(db);
    std::vector<ranked *> by_docid;
    for (ranked &k : order)
        by_docid.push_back(&k);
    std::sort(by_docid.begin(), by_docid.end(),
              [](const ranked *a, const ranked *b) { return *a->it < *b->it; });
    double words = static_cast<double>(q->nkids);
    for (ranked *k : by_docid) {
        size_t present;
        double densest;
        double run = static_cast<double>(check.longest_run(*k->it, false, &present, &densest));
        k->score *= 1 + DENSE_BONUS * densest * densest;
        if (run >= 2) {
            double part = (run - 1) / (words - 1);
            k->score *= 1 + PHRASE_BONUS * part * part;
        }
        if (all_words && present == q->nkids)
            k->score *= 1 + STORE_ALL_WORDS_BONUS;
    }
}

void run_search(store *s, const Xapian::Query &query, const store_order *o, size_t offset,
                size_t limit, store_result *r)
{
    Xapian::Enquire enquire(s->db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BM25Weight());
    if (o && o->sort == STORE_BY_DATE)
        enquire.set_sort_by_value_then_relevance(STORE_VALUE_DATE, true);
    bool recent = o && o->sort == STORE_BY_RECENT;
    bool phrase = o && o->phrase && o->sort != STORE_BY_DATE;
    bool rerank = recent || phrase;
    bool collapse = o && o->collapse;
    Xapian::doccount first = rerank || collapse ? 0 : offset;
    Xapian::doccount shown = offset + limit;
    Xapian::doccount want = recent     ? std::max(RERANK_POOL, shown)
                            : phrase   ? std::max(shown, std::min(RERANK_POOL, PHRASE_POOL * shown))
                            : collapse ? shown
                                       : limit;
    Xapian::doccount asked = collapse ? want + COLLAPSE_SLACK : want;
    Xapian::MSet mset = enquire.get_mset(first, asked);
    size_t stories = 0;
    std::vector<ranked> order =
        collapse ? fold_duplicates(mset, want, &stories) : matches(mset);
    while (collapse && order.size() < want && mset.size() == asked) { // more stories may follow
        asked = asked > UINT32_MAX / 4 ? UINT32_MAX : asked * 4;
        mset = enquire.get_mset(first, asked);
        order = fold_duplicates(mset, want, &stories);
    }
    r->total_estimate = mset.get_matches_estimated();
    if (collapse && mset.size() < asked) // every match was folded: the stories are known
        r->total_estimate = stories;
    else if (collapse && mset.size())    // as many stories to a match as among the best
        r->total_estimate = static_cast<uint64_t>(
            std::ceil(static_cast<double>(r->total_estimate) * stories / mset.size()));
    if (recent) {
        std::vector<long> days(order.size(), 0);
        std::vector<bool> dated(order.size(), false);
        long newest = 0;
        for (size_t i = 0; i < order.size(); i++) {
            dated[i] = date_days(order[i].it.get_document().get_value(STORE_VALUE_DATE), &days[i]);
            if (dated[i] && days[i] > newest)
                newest = days[i];
        }
        for (size_t i = 0; i < order.size(); i++)
            if (dated[i])
                order[i].score *= 1 + std::exp2(-(newest - days[i]) / RECENT_HALF_LIFE_DAYS);
    }
    if (phrase)
        favour_phrase(s->db, o->phrase, o->phrase_is_words, order);
    if (rerank)
        std::stable_sort(order.begin(), order.end(),
                         [](const ranked &a, const ranked &b) { return a.score > b.score; });
    if (first == 0) {
        order.erase(order.begin(), order.begin() + std::min(order.size(), offset));
        if (order.size() > limit)
            order.resize(limit);
    }

    r->hits = static_cast<store_hit *>(calloc(order.size() ? order.size() : 1, sizeof *r->hits));
    if (!r->hits)
        throw std::bad_alloc();
    for (const ranked &k : order) {
        store_hit *h = &r->hits[r->nhits++];
        h->score = k.score;
        h->docid = *k.it;
        h->duplicates = k.duplicates;
        // The document is opened lazily: its value is read, its data is not.
        std::string id = k.it.get_document().get_value(STORE_VALUE_ID);
        if (!id.empty())
            h->id = copy_string(id);
    }
}

// Runs read on the reader, catching up with a writer's commits should they have moved the
// blocks it reads (a reader that falls too far behind is told so, and reopening is the
// documented way to see the new revision); `what` names the work in messages.
template <typename Read> int on_reader(store *s, const char *what, Read read)
{
    for (int attempt = 0;; attempt++) {
        try {
            read();
            return SLOVO_OK;
        } catch (const Xapian::DatabaseModifiedError &) {
            if (attempt == 3) {
                s->errmsg = "index '" + s->path + "' kept changing while " + what;
                return SLOVO_IO;
            }
            try {
                s->db.reopen();
            } catch (...) {
                return fail(s, "reopening");
            }
        } catch (const Xapian::DocNotFoundError &) {
            s->errmsg = "the article was deleted from the index after the search";
            return SLOVO_NOTFOUND;
        } catch (...) {
            return fail(s, what);
        }
    }
}

} // namespace

extern "C" {

int store_is_index(const char *dir)
{
    // Xapian's glass format, which store_open() creates, marks its directory with this file.
    try {
        struct stat st;
        return stat((std::string(dir) + "/iamglass").c_str(), &st) == 0;
    } catch (const std::bad_alloc &) {
        return 0;
    }
}

int store_open(const char *path, int mode, const struct store_meta *init, size_t ninit,
               struct store **out)
{
    store *s = new (std::nothrow) store;
    *out = s;
    if (!s)
        return SLOVO_NOMEM;
    try {
        s->path = path;
        if (mode < SLOVO_OPEN_READONLY || mode > SLOVO_OPEN_CREATE)
            return misuse(s, "unknown open mode");
        for (int attempt = 0;; attempt++) {
            try {
                return open_db(s, mode, init, ninit);
            } catch (const Xapian::DatabaseModifiedError &) {
                // a writer committed twice while this reader opened: open it again
                if (attempt == 3)
                    throw;
            }
        }
    } catch (...) {
        return fail(s, "opening");
    }
}

int store_close(struct store *s)
{
    if (!s)
        return SLOVO_OK;
    int rc = SLOVO_OK;
    try {
        if (s->writable)
            s->wdb.close();
        else
            s->db.close();
    } catch (...) {
        rc = fail(s, "closing");
    }
    delete s;
    return rc;
}

const char *store_errmsg(const struct store *s)
{
    return s ? s->errmsg.c_str() : "out of memory";
}

int store_metadata(struct store *s, const char *key, char **out)
{
    *out = nullptr;
    return on_reader(s, "reading metadata", [&] {
        std::string value = s->db.get_metadata(key);
        *out = copy_string(value);
    });
}

int store_count(struct store *s, uint64_t *out)
{
    return on_reader(s, "counting", [&] { *out = s->db.get_doccount(); });
}

int store_doc_new(struct store_doc **out)
{
    try {
        *out = new store_doc;
        return SLOVO_OK;
    } catch (...) {
        *out = nullptr;
        return SLOVO_NOMEM;
    }
}

void store_doc_free(struct store_doc *d)
{
    delete d;
}

int store_doc_clear(struct store_doc *d)
{
    try {
        d->doc = Xapian::Document();
        d->words.clear();
        term_counts_clear(&d->terms);
        d->id.clear();
        return SLOVO_OK;
    } catch (...) {
        return SLOVO_NOMEM;
    }
}

int store_doc_posting(struct store_doc *d, const char *term, size_t len, unsigned pos)
{
    if (len == 0 || len > STORE_MAX_TERM)
        return SLOVO_OK;
    try {
        size_t index;
        if (term_counts_add(&d->terms, term, len, positions_hash(term, len), &index) !=
            SLOVO_OK)
            return SLOVO_NOMEM;
        d->words.push_back({pos, static_cast<uint32_t>(index)});
        return SLOVO_OK;
    } catch (...) {
        return SLOVO_NOMEM; // a document apart from a database can only run out of memory
    }
}

int store_doc_boolean(struct store_doc *d, const char *term, size_t len)
{
    if (len == 0 || len > STORE_MAX_TERM)
        return SLOVO_OK;
    try {
        d->doc.add_boolean_term(std::string(term, len));
        return SLOVO_OK;
    } catch (...) {
        return SLOVO_NOMEM;
    }
}

int store_doc_id(struct store_doc *d, const char *id_term, size_t len)
{
    if (len == 0 || len > STORE_MAX_TERM || !d->id.empty())
        return SLOVO_MISUSE;
    try {
        seal(d, std::string(id_term, len));
        return SLOVO_OK;
    } catch (...) {
        return SLOVO_NOMEM; // a document apart from a database can only run out of memory
    }
}

int store_doc_value(struct store_doc *d, unsigned slot, const char *value, size_t len)
{
    try {
        d->doc.add_value(slot, std::string(value, len));
        return SLOVO_OK;
    } catch (...) {
        return SLOVO_NOMEM;
    }
}

int store_replace(struct store *s, struct store_doc *d, const char *id_term, size_t len,
                  int *replaced, uint32_t *docid)
{
    if (!s->writable)
        return misuse(s, "the index is open read-only");
    if (len == 0 || len > STORE_MAX_TERM)
        return misuse(s, "article id is empty or longer than 239 bytes");
    try {
        std::string id(id_term, len);
        if (d->id.empty())
            seal(d, id);
        else if (d->id != id)
            return misuse(s, "the document was given another id");
        if (replaced)
            *replaced = s->wdb.term_exists(id);
        Xapian::docid did = s->wdb.replace_document(id, d->doc);
        if (docid)
            *docid = did;
        return SLOVO_OK;
    } catch (...) {
        return fail(s, "adding an article");
    }
}

int store_delete(struct store *s, const char *term, size_t len)
{
    if (!s->writable)
        return misuse(s, "the index is open read-only");
    try {
        std::string t(term, len);
        if (len == 0 || !s->wdb.term_exists(t)) {
            s->errmsg = "no article with id '" + t.substr(len ? 1 : 0) + "'";
            return SLOVO_NOTFOUND;
        }
        s->wdb.delete_document(t);
        return SLOVO_OK;
    } catch (...) {
        return fail(s, "deleting an article");
    }
}

int store_delete_docid(struct store *s, uint32_t docid)
{
    if (!s->writable)
        return misuse(s, "the index is open read-only");
    try {
        s->wdb.delete_document(docid);
        return SLOVO_OK;
    } catch (const Xapian::DocNotFoundError &) {
        return SLOVO_OK; // already gone: what the caller wanted
    } catch (...) {
        return fail(s, "deleting an article");
    }
}

int store_lookup(struct store *s, const char *term, size_t len, unsigned slot,
                 uint32_t *docid, char **value)
{
    *value = nullptr;
    try {
        Xapian::PostingIterator it = s->db.postlist_begin(std::string(term, len));
        if (it == s->db.postlist_end(std::string(term, len)))
            return SLOVO_NOTFOUND;
        *docid = *it;
        std::string v = s->db.get_document(*docid).get_value(slot);
        *value = static_cast<char *>(malloc(v.size() + 1));
        if (!*value)
            throw std::bad_alloc();
        memcpy(*value, v.c_str(), v.size() + 1);
        return SLOVO_OK;
    } catch (...) {
        return fail(s, "looking up an article");
    }
}

int store_postings(struct store *s, const char *term, size_t len, uint32_t **ids, size_t *n)
{
    *ids = nullptr;
    *n = 0;
    try {
        std::string t(term, len);
        std::vector<uint32_t> v;
        for (Xapian::PostingIterator it = s->db.postlist_begin(t); it != s->db.postlist_end(t);
             ++it)
            v.push_back(*it);
        *ids = static_cast<uint32_t *>(malloc((v.size() ? v.size() : 1) * sizeof **ids));
        if (!*ids)
            throw std::bad_alloc();
        if (!v.empty())
            memcpy(*ids, v.data(), v.size() * sizeof **ids);
        *n = v.size();
        return SLOVO_OK;
    } catch (...) {
        return fail(s, "listing the articles of a file");
    }
}

int store_set_metadata(struct store *s, const char *key, const char *value)
{
    if (!s->writable)
        return misuse(s, "the index is open read-only");
    try {
        s->wdb.set_metadata(key, value);
        return SLOVO_OK;
    } catch (...) {
        return fail(s, "writing metadata");
    }
}

int store_metadata_each(struct store *s, const char *prefix,
                        int (*fn)(void *ctx, const char *key, const char *value), void *ctx)
{
    std::vector<std::pair<std::string, std::string>> entries;
    int rc = on_reader(s, "reading metadata", [&] {
        entries.clear();
        for (Xapian::TermIterator it = s->db.metadata_keys_begin(prefix);
             it != s->db.metadata_keys_end(prefix); ++it)
            entries.emplace_back(*it, s->db.get_metadata(*it));
    });
    if (rc != SLOVO_OK)
        return rc;
    for (const auto &e : entries)
        if ((rc = fn(ctx, e.first.c_str(), e.second.c_str())) != SLOVO_OK)
            return rc;
    return SLOVO_OK;
}

int store_commit(struct store *s)
{
    if (!s->writable)
        return misuse(s, "the index is open read-only");
    try {
        s->wdb.commit();
        return SLOVO_OK;
    } catch (...) {
        return fail(s, "committing");
    }
}

int store_compact(struct store *s)
{
    if (!s->writable)
        return misuse(s, "the index is open read-only");
    // The compacted index is made beside this one, in its parent directory.
    char *real = realpath(s->path.c_str(), nullptr);
    const std::string path = real ? real : s->path;
    free(real);
    if (path.empty() || path == "/") {
        s->errmsg = "cannot compact '" + s->path + "': no directory to put a copy beside it";
        return SLOVO_IO;
    }
    const std::string fresh = path + ".compacting";
    try {
        s->wdb.commit();
        remove_db_dir(fresh); // what an interrupted compaction left
        s->wdb.compact(fresh);
        // One step for readers: the path names the old index, then the compacted one.
        if (renameat2(AT_FDCWD, fresh.c_str(), AT_FDCWD, path.c_str(), RENAME_EXCHANGE) != 0) {
            s->errmsg = "cannot put the compacted index in place of '" + path + "': " +
                        strerror(errno);
            remove_db_dir(fresh);
            return SLOVO_IO;
        }
        s->wdb.close(); // the old index, now under the other name
        remove_db_dir(fresh);
        s->wdb = Xapian::WritableDatabase(path, Xapian::DB_OPEN); // "." is the old one now
        s->db = s->wdb;
        return SLOVO_OK;
    } catch (...) {
        int rc = fail(s, "compacting");
        remove_db_dir(fresh);
        return rc;
    }
}

int store_search(struct store *s, const struct store_query *q, const struct store_filter *f,
                 const struct store_order *o, size_t offset, size_t limit,
                 struct store_result *r)
{
    memset(r, 0, sizeof *r);
    bool caught_up = s->writable;
    int rc = on_reader(s, "searching", [&] {
        store_result_free(r); // what an attempt cut short left
        if (!caught_up)
            s->db.reopen(); // a reader sees each commit made since the last search
        caught_up = true;
        run_search(s, filtered(q, f, s->db), o, offset, limit, r);
    });
    if (rc != SLOVO_OK)
        store_result_free(r);
    return rc;
}

int store_hit_value(struct store *s, uint32_t docid, unsigned slot, char **data, size_t *len)
{
    *data = nullptr;
    return on_reader(s, "reading a hit", [&] {
        std::string d = s->db.get_document(docid).get_value(slot);
        *data = copy_string(d);
        *len = d.size();
    });
}

int store_hit_words(struct store *s, uint32_t docid, const char *const *terms,
                    const size_t *lens, size_t nterms, struct position **out, size_t *n)
{
    *out = nullptr;
    *n = 0;
    return on_reader(s, "reading a hit", [&] {
        free(*out);
        *out = nullptr;
        *n = 0;
        const std::string blob = s->db.get_document(docid).get_value(STORE_VALUE_POSITIONS);
        if (blob.empty())
            return; // no words at all
        positions p;
        if (positions_open(reinterpret_cast<const unsigned char *>(blob.data()), blob.size(),
                           &p) != SLOVO_OK)
            throw Xapian::DatabaseCorruptError("damaged word positions of a document");
        // A hash names one of the document's terms, so only terms it holds are looked up
        // (positions.h); term_of maps a rank back to the query's term.
        std::vector<unsigned char> wanted(p.nterms, 0);
        std::vector<uint32_t> term_of(p.nterms, 0);
        for (size_t i = 0; i < nterms; i++) {
            std::string term(terms[i], lens[i]);
            Xapian::PostingIterator it = s->db.postlist_begin(term);
            if (it == s->db.postlist_end(term))
                continue;
            it.skip_to(docid);
            if (it == s->db.postlist_end(term) || *it != docid)
                continue;
            int64_t rank = positions_rank(&p, positions_hash(terms[i], lens[i]));
            if (rank >= 0 && !wanted[rank]) {
                wanted[rank] = 1;
                term_of[rank] = static_cast<uint32_t>(i);
            }
        }
        auto *words = static_cast<position *>(malloc((positions_max(&p) + 1) * sizeof(position)));
        if (!words)
            throw std::bad_alloc();
        size_t found = positions_unpack(&p, wanted.data(), words);
        if (found == static_cast<size_t>(-1)) {
            free(words);
            throw Xapian::DatabaseCorruptError("damaged word positions of a document");
        }
        for (size_t i = 0; i < found; i++)
            words[i].rank = term_of[words[i].rank];
        *out = words;
        *n = found;
    });
}

void store_result_free(struct store_result *r)
{
    for (size_t i = 0; i < r->nhits; i++)
        free(r->hits[i].id);
    free(r->hits);
    memset(r, 0, sizeof *r);
}

} // extern "C"
