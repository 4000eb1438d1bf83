/* search.c: slovo_search() and the iteration over its hits. */
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "date.h"
#include "db.h"
#include "docdata.h"
#include "lang.h"
#include "pieces.h"
#include "query.h"
#include "snippet.h"

#define DEFAULT_LIMIT 10
#define MAX_LIMIT 10000
#define MAX_OFFSET 1000000000 /* Xapian counts documents in 32 bits */

struct slovo_hits {
    struct slovo_db *db;
    struct query *query;
    struct store_result result;
    size_t offset;
    size_t next;                    /* index of the next hit in result */
    char *fields;                   /* the current hit's fields (docdata_decode()), read at
                                       the first field asked for (see load_fields) */
    struct docdata d;               /* the fields, within `fields` */
    char *snippet;
};

/* "2021-06-30" → "20210630" in key; 0 (and a message) when it is not a date. */
static int option_date(struct slovo_db *db, const char *name, const char *date, char key[9])
{
    if (strlen(date) == 10 && date_iso_key(date, 10, key))
        return 1;
    db_fail(db, SLOVO_MISUSE, "%s: '%s' is not a date of the form YYYY-MM-DD", name, date);
    return 0;
}

static int make_filter(struct slovo_db *db, const slovo_query_opts *o, struct store_filter *f,
                       char lang_term[16], char from[9], char to[9])
{
    memset(f, 0, sizeof *f);
    if (o->lang) {
        int l = lang_parse(o->lang, strlen(o->lang));
        if (l < 0)
            return db_fail(db, SLOVO_MISUSE,
                           "language '%s' is unknown (expected ru, uk, en or other)", o->lang);
        lang_term[0] = STORE_PREFIX_LANG;
        strcpy(lang_term + 1, lang_code((enum lang)l));
        f->lang_term = lang_term;
    }
    if (o->date_from) {
        if (!option_date(db, "date_from", o->date_from, from))
            return SLOVO_MISUSE;
        f->date_from = from;
    }
    if (o->date_to) {
        if (!option_date(db, "date_to", o->date_to, to))
            return SLOVO_MISUSE;
        f->date_to = to;
    }
    if (f->date_from && f->date_to && strcmp(from, to) > 0)
        return db_fail(db, SLOVO_MISUSE, "the date range %s..%s is empty", o->date_from,
                       o->date_to);
    return SLOVO_OK;
}

int slovo_search(slovo_db *db, const char *text, size_t len, const slovo_query_opts *opts,
                 slovo_hits **out)
{
    static const slovo_query_opts defaults;
    const slovo_query_opts *o = opts ? opts : &defaults;
    *out = NULL;
    if (!text)
        return db_fail(db, SLOVO_MISUSE, "no query given");
    if (len == 0)
        len = strlen(text);
    size_t limit = o->limit ? o->limit : DEFAULT_LIMIT;
    if (limit > MAX_LIMIT)
        return db_fail(db, SLOVO_MISUSE, "limit %zu is over the maximum of %d", limit,
                       MAX_LIMIT);
    if (o->offset > MAX_OFFSET)
        return db_fail(db, SLOVO_MISUSE, "offset %zu is over the maximum of %d", o->offset,
                       MAX_OFFSET);
    if (o->sort < SLOVO_SORT_RELEVANCE || o->sort > SLOVO_SORT_RECENT)
        return db_fail(db, SLOVO_MISUSE, "unknown sort order %d", o->sort);
    struct store_filter filter;
    char lang_term[16], from[9], to[9];
    int rc = make_filter(db, o, &filter, lang_term, from, to);
    if (rc != SLOVO_OK)
        return rc;

    struct slovo_hits *h = calloc(1, sizeof *h);
    if (!h)
        return db_fail(db, SLOVO_NOMEM, "out of memory");
    h->db = db;
    h->offset = o->offset;
    char err[256];
    rc = query_build(db->analyzer, db->stemmer, db->fields, text, len, &h->query, err,
                     sizeof err);
    if (rc == SLOVO_SYNTAX) {
        db_fail(db, rc, "query: %s", err);
    } else if (rc != SLOVO_OK) {
        db_fail(db, rc, "out of memory");
    } else {
        struct store_order order = {o->sort == SLOVO_SORT_DATE     ? STORE_BY_DATE
                                    : o->sort == SLOVO_SORT_RECENT ? STORE_BY_RECENT
                                                                   : STORE_BY_RELEVANCE,
                                    !o->all, h->query->phrase, h->query->phrase_is_words};
        rc = store_search(db->store, h->query->root, &filter, &order, o->offset, limit,
                          &h->result);
        if (rc != SLOVO_OK)
            db_store_fail(db, rc);
    }
    if (rc != SLOVO_OK) {
        slovo_hits_free(h);
        return rc;
    }
    strcpy(db->errmsg, "not an error");
    *out = h;
    return SLOVO_OK;
}

int slovo_hits_next(slovo_hits *h)
{
    free(h->fields);
    free(h->snippet);
    h->fields = h->snippet = NULL;
    if (h->next >= h->result.nhits)
        return SLOVO_DONE;
    h->next++;
    return SLOVO_ROW;
}

/* Reads and decodes the current hit's stored fields, once. */
static int load_fields(slovo_hits *h)
{
    if (h->fields)
        return SLOVO_OK;
    const struct store_hit *hit = &h->result.hits[h->next - 1];
    char *data;
    size_t data_len;
    int rc = store_hit_value(h->db->store, hit->docid, STORE_VALUE_FIELDS, &data, &data_len);
    if (rc != SLOVO_OK)
        return db_store_fail(h->db, rc);
    rc = docdata_decode(h->db->fields, data, data_len, &h->d, &h->fields);
    free(data);
    if (rc != SLOVO_OK)
        return db_fail(h->db, rc, rc == SLOVO_NOMEM ? "out of memory"
                                                    : "the stored fields of a hit are damaged");
    return SLOVO_OK;
}

unsigned slovo_hit_duplicates(const slovo_hits *h)
{
    return h->next && h->next <= h->result.nhits ? h->result.hits[h->next - 1].duplicates : 0;
}

uint64_t slovo_hits_total(const slovo_hits *h)
{
    return h->result.total_estimate;
}

size_t slovo_hit_rank(const slovo_hits *h)
{
    return h->offset + h->next;
}

double slovo_hit_score(const slovo_hits *h)
{
    return h->next ? h->result.hits[h->next - 1].score : 0.0;
}

const char *slovo_hit_field(slovo_hits *h, int field, size_t *len)
{
    if (!h->next || h->next > h->result.nhits || field < 0 || field >= DOCDATA_FIELDS)
        return NULL;
    const char *id = h->result.hits[h->next - 1].id;
    if (field == SLOVO_FIELD_ID && id && !h->fields) {
        if (len)
            *len = strlen(id);
        return id;
    }
    if (load_fields(h) != SLOVO_OK)
        return NULL;
    if (len)
        *len = h->d.len[field];
    return h->d.field[field];
}

/* The body's pieces (pieces.h) of the current hit into p, with the position of its first
 * word; an article with a body has them. */
static int body_pieces(slovo_hits *h, struct pieces *p)
{
    char *blob;
    size_t len;
    int rc = store_hit_value(h->db->store, h->result.hits[h->next - 1].docid,
                             STORE_VALUE_PIECES, &blob, &len);
    if (rc != SLOVO_OK)
        return db_store_fail(h->db, rc);
    rc = len ? pieces_read((const unsigned char *)blob, len, p) : SLOVO_CORRUPT;
    free(blob);
    return rc == SLOVO_OK    ? SLOVO_OK
           : rc == SLOVO_NOMEM ? db_fail(h->db, rc, "out of memory")
                               : db_fail(h->db, rc, "the word counts of a hit are damaged");
}

const char *slovo_hit_snippet(slovo_hits *h, const char *open, const char *close, int flags,
                              size_t *len)
{
    if (!h->next || h->next > h->result.nhits || load_fields(h) != SLOVO_OK)
        return NULL;
    int lang = lang_parse(h->d.field[SLOVO_FIELD_LANG], h->d.len[SLOVO_FIELD_LANG]);
    /* An article with no body, such as a headline-only news post, shows its title. */
    struct pieces pieces = {0};
    struct snippet_field f = {h->d.field[SLOVO_FIELD_TITLE], h->d.len[SLOVO_FIELD_TITLE], 0,
                              NULL, 0};
    if (h->d.len[SLOVO_FIELD_BODY]) {
        if (body_pieces(h, &pieces) != SLOVO_OK)
            return NULL;
        f = (struct snippet_field){h->d.field[SLOVO_FIELD_BODY], h->d.len[SLOVO_FIELD_BODY],
                                   pieces.base, pieces.words, pieces.n};
    }
    struct position *words;
    size_t nwords, n;
    int rc = store_hit_words(h->db->store, h->result.hits[h->next - 1].docid,
                             (const char *const *)h->query->terms, h->query->term_lens,
                             h->query->nterms, &words, &nwords);
    if (rc != SLOVO_OK) {
        free(pieces.words);
        db_store_fail(h->db, rc);
        return NULL;
    }
    free(h->snippet);
    h->snippet = snippet_make(h->db->analyzer, h->db->stemmer, h->query,
                              lang < 0 ? LANG_OTHER : (enum lang)lang, &f, words, nwords, open,
                              close, flags & SLOVO_SNIPPET_HTML, &n);
    free(words);
    free(pieces.words);
    if (h->snippet && len)
        *len = n;
    return h->snippet;
}

void slovo_hits_free(slovo_hits *h)
{
    if (!h)
        return;
    query_free(h->query);
    store_result_free(&h->result);
    free(h->fields);
    free(h->snippet);
    free(h);
}
