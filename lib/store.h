/* store.h: the index on disk, a Xapian database behind a C interface. store.cc is the only
 * file that includes Xapian headers; no C++ exception crosses this interface.
 *
 * Index layout (the one place it is defined):
 *   terms                       stems of title and body words, title first; their positions
 *                               are in value 4, not in Xapian's position table
 *   "S" + stem                  the title's stems again, so a title match can weigh more
 *   "Q" + id                    the unique id of the article (boolean)
 *   "L" + lang                  language: "Lru", "Luk", "Len", "Lother" (boolean)
 *   "R" + word                  each word of the source's name, normalized, not stemmed
 *                               (boolean; for source: in queries)
 *   "F" + 16 hex digits         the file it came from: XXH3 hash of its absolute path
 *                               (boolean; absent for articles added through slovo_add())
 *   value 0                     publication date as "YYYYMMDD" (sortable; absent if unknown)
 *   value 1                     XXH3 hash of the article as read, 16 hex digits, to see
 *                               whether a record read again has changed
 *   value 2                     the article's id, so that a hit's id needs no document
 *                               data (absent in indexes written before it existed)
 *   value 3                     near-duplicate signature of the body (dupkey.h), 32 bytes;
 *                               absent for short texts
 *   value 4                     the positions of the words of title and body, packed
 *                               (positions.h); a gap of 100 positions separates title from
 *                               body, and an "S" term stands where its word does
 *   value 5                     the stored fields, compressed (docdata.h): in a value, not
 *                               in the document data, which Xapian tries to deflate as it
 *                               writes (on the writing thread) and again as it compacts;
 *                               values it stores as they are. Document data stays empty.
 *   value 6                     the positions in each piece of the body (pieces.h), so that
 *                               a snippet's reading skips to its passage; absent for an
 *                               empty body
 *   metadata "slovo.format"     the layout version, STORE_FORMAT
 *   metadata "slovo.morphology" "dict" or "rules": how the terms were made
 *   metadata "slovo.analysis"   TERMS_VERSION (terms.h) of the analysis that made them;
 *                               absent in indexes made before it was recorded
 *   metadata "file:" + 16 hex   a file indexed: "SIZE MTIME_NS CONTENT_HASH ABSOLUTE_PATH",
 *                               the key's digits being the hash of the path (as for "F")
 * Stems are case-folded, so they never start with an upper-case ASCII letter and cannot be
 * mistaken for a prefixed term. */
#ifndef SLOVO_STORE_H
#define SLOVO_STORE_H
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define STORE_FORMAT "4"
#define STORE_PREFIX_TITLE 'S'
#define STORE_PREFIX_ID 'Q'
#define STORE_PREFIX_LANG 'L'
#define STORE_PREFIX_FILE 'F'
#define STORE_PREFIX_SOURCE 'R'
#define STORE_VALUE_DATE 0
#define STORE_VALUE_HASH 1
#define STORE_VALUE_ID 2
#define STORE_VALUE_DUP 3
#define STORE_VALUE_POSITIONS 4
#define STORE_VALUE_FIELDS 5
#define STORE_VALUE_PIECES 6
#define STORE_TITLE_GAP 100
#define STORE_MAX_TERM 240 /* Xapian refuses terms longer than 245 bytes */

struct store;

/* A metadata entry of the index, e.g. {"slovo.morphology", "dict"}. */
struct store_meta {
    const char *key, *value;
};

/* Opens the database in directory path with a SLOVO_OPEN_* mode. A database created now
 * gets the format and the ninit entries of init as metadata, in one commit. Returns a
 * SLOVO_* code; *out is a store even on failure (except SLOVO_NOMEM), so that
 * store_errmsg() tells why; free it with store_close(). */
int store_open(const char *path, int mode, const struct store_meta *init, size_t ninit,
               struct store **out);

/* 1 when directory dir holds a database of the format store_open() writes, else 0. */
int store_is_index(const char *dir);

/* The value of metadata key, malloc'd and NUL-terminated ("" when absent), in *out. */
int store_metadata(struct store *s, const char *key, char **out);

/* Commits pending changes of a writable store and frees it. NULL is a no-op. Returns the
 * commit's code. */
int store_close(struct store *s);

/* The message of the last failure, borrowed from s. */
const char *store_errmsg(const struct store *s);

/* Number of documents (pending ones included). */
int store_count(struct store *s, uint64_t *out);

/* A document being built, apart from any store: any thread may build one while another
 * writes to the store. The store_doc_* calls return SLOVO_OK or SLOVO_NOMEM. Terms longer
 * than STORE_MAX_TERM are dropped silently (a 10 KB "word" is not searchable). */
struct store_doc;
int store_doc_new(struct store_doc **out);
void store_doc_free(struct store_doc *d);       /* NULL is a no-op */
int store_doc_clear(struct store_doc *d);       /* empty again, for the next document */
int store_doc_posting(struct store_doc *d, const char *term, size_t len, unsigned pos);
int store_doc_boolean(struct store_doc *d, const char *term, size_t len);
int store_doc_value(struct store_doc *d, unsigned slot, const char *value, size_t len);
/* The last step of building d: its unique id term (e.g. "Q" + id); its word positions are
 * packed then (value 4), by the thread that built it rather than by the writer. Nothing may
 * be added to d afterwards. SLOVO_OK, SLOVO_NOMEM or SLOVO_MISUSE. */
int store_doc_id(struct store_doc *d, const char *id_term, size_t len);

/* Writes d, under id_term (given with store_doc_id() before, or now), in place of the
 * document with the same id term (or as a new one). *replaced (if not NULL) gets 1 when a
 * document with this id term existed; *docid (if not NULL) the document's number. d keeps
 * its contents, the id term added. */
int store_replace(struct store *s, struct store_doc *d, const char *id_term, size_t len,
                  int *replaced, uint32_t *docid);

/* Deletes every document with this term (an id term names one): SLOVO_OK, or
 * SLOVO_NOTFOUND when there is none. */
int store_delete(struct store *s, const char *term, size_t len);

int store_delete_docid(struct store *s, uint32_t docid);

/* The number of the first document with this term and its value `slot` (malloc'd, "" when
 * absent) in *value; SLOVO_NOTFOUND when no document has the term. */
int store_lookup(struct store *s, const char *term, size_t len, unsigned slot,
                 uint32_t *docid, char **value);

/* The numbers of the documents with this term, ascending, in a malloc'd array. */
int store_postings(struct store *s, const char *term, size_t len, uint32_t **ids, size_t *n);

/* Sets metadata key to value; an empty value deletes it. Committed with the documents. */
int store_set_metadata(struct store *s, const char *key, const char *value);

/* Calls fn(ctx, key, value) for each metadata key starting with prefix, in key order, until
 * fn returns something other than SLOVO_OK, which is then returned. The keys are read
 * before the first call, so fn may change metadata. */
int store_metadata_each(struct store *s, const char *prefix,
                        int (*fn)(void *ctx, const char *key, const char *value), void *ctx);

int store_commit(struct store *s);

/* Commits, then rewrites the index compactly (Xapian's compaction) beside it, as PATH +
 * ".compacting", and exchanges the two directories in one step (renameat2): a searcher sees
 * either whole index. SLOVO_OK, or a code with the index as it was. */
int store_compact(struct store *s);

/* A query tree, built by query.c, turned into a Xapian query by the store. */
enum store_op {
    STORE_TERM, STORE_AND, STORE_OR, STORE_SYNONYM, STORE_PHRASE, STORE_MATCH_ALL,
    STORE_SCALE,                 /* its one kid, with its weight multiplied by `factor` */
    STORE_WILDCARD,              /* the terms that begin with `term` (the most frequent) */
    STORE_DATE_RANGE,            /* value 0 within [from, to]; either may be NULL: open */
    STORE_FILTER,                /* kids[0], where every other kid matches too (no weight) */
    STORE_AND_NOT,               /* kids[0] where kids[1] does not match */
    STORE_CHECK,                 /* kids[0], in the documents whose data check() accepts */
    STORE_WORD,                  /* a word: kids[0] its terms, kids[1] its title terms, which
                                    raise a match in the title (their OR; the store leaves the
                                    title terms out for a word most articles hold) */
    STORE_WORDS,                 /* the free words of a query: their OR, less a word most
                                    articles hold where a rarer one is there (store.cc) */
    STORE_HYPHENATED             /* a hyphenated word: kids[0] its whole form (a STORE_WORD;
                                    with title:, its title terms), kids[1] its parts (a word,
                                    or the STORE_AND of them); their OR */
};

struct store_query {
    enum store_op op;
    const char *term;            /* STORE_TERM: the term; borrowed */
    size_t len;
    double factor;               /* STORE_SCALE */
    const char *from, *to;       /* STORE_DATE_RANGE: "YYYYMMDD" or NULL; borrowed */
    struct store_query **kids;   /* the other ops: their operands */
    size_t nkids;
    /* STORE_CHECK: 1 when a document's data data[0..len) qualify, 0 when not, or
     * STORE_CHECK_DAMAGED or STORE_CHECK_NOMEM (the search fails); called with check_ctx */
    int (*check)(void *ctx, const char *data, size_t len);
    void *check_ctx;
};

#define STORE_CHECK_DAMAGED (-1)
#define STORE_CHECK_NOMEM (-2)

struct store_filter {
    const char *lang_term;       /* boolean term that must be present, e.g. "Lru"; or NULL */
    const char *date_from;       /* value-0 range "YYYYMMDD", inclusive; NULL: open */
    const char *date_to;
};

/* The order of the hits. */
enum store_sort {
    STORE_BY_RELEVANCE,          /* BM25 */
    STORE_BY_DATE,               /* newest first, undated last; relevance among equals */
    STORE_BY_RECENT              /* BM25 with a bonus for freshness: see store.cc */
};

/* A free word is any of the query's words side by side: an article that has them all gains
 * this much of its relevance again. Once the closeness and phrase bonuses (store.cc) came, a
 * half (0.5, as before them) favoured too much the articles that merely hold every word: on
 * the dev queries all MRR@10 0.6185 -> 0.6203 with 0.15 (0.1: 0.6202, 0.3: 0.6194, 0: 0.6202
 * but R@100 0.8705), summary/ru 0.6979 -> 0.7015. */
#define STORE_ALL_WORDS_BONUS 0.15

struct store_order {
    enum store_sort sort;
    int collapse;                /* near-duplicates (value 3) show as their best hit */
    const struct store_query *phrase; /* with relevance: the free words as a STORE_PHRASE,
                                    whose best matches rank higher where its words stand
                                    together (see store.cc); or NULL */
    int phrase_is_words;         /* 1: the phrase's words are the free items themselves, and
                                    its best matches that have them all rank
                                    STORE_ALL_WORDS_BONUS higher; 0: the query gives that
                                    bonus (a quoted phrase or a hyphenated word is among the
                                    items: its words alone do not say that it matches) */
};

struct store_hit {
    double score;
    uint32_t duplicates;         /* with collapse: the near-duplicates this hit stands for */
    uint32_t docid;              /* for store_hit_value() */
    char *id;                    /* the article id (value 2), malloc'd; NULL when absent */
};

struct store_result {
    struct store_hit *hits;
    size_t nhits;
    uint64_t total_estimate;
};

/* Runs the query ranked by BM25 and fills r with hits [offset, offset+limit). On failure r
 * is empty. Free r with store_result_free(). The hits' data is read only when asked for,
 * with store_hit_value(): a hit list of ids costs no document reads. */
int store_search(struct store *s, const struct store_query *q, const struct store_filter *f,
                 const struct store_order *o, size_t offset, size_t limit,
                 struct store_result *r);
void store_result_free(struct store_result *r);

/* Value slot of a hit (STORE_VALUE_FIELDS: its stored fields), malloc'd (NUL-terminated) in
 * *data, its length in *len (0 when the document has none). Should a writer have committed
 * since the search, the reader catches up first. Returns SLOVO_OK, SLOVO_NOTFOUND when the
 * document has been deleted since, or another code. */
int store_hit_value(struct store *s, uint32_t docid, unsigned slot, char **data, size_t *len);

/* The words of document docid whose term is one of terms[0..nterms) (lens: their lengths),
 * from its positions (value 4): each one's position, and in .rank the index in terms of its
 * term, in order of position, as a malloc'd array in *out, *n of them. Terms the document
 * does not hold are not looked for. Returns SLOVO_OK (*n may be 0), SLOVO_NOTFOUND when the
 * document has been deleted since the search, SLOVO_CORRUPT, or another code. */
struct position;
int store_hit_words(struct store *s, uint32_t docid, const char *const *terms,
                    const size_t *lens, size_t nterms, struct position **out, size_t *n);

#ifdef __cplusplus
}
#endif
#endif
