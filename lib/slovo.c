/* slovo.c: the index handle of slovo.h: opening, writing articles, errors. Searching is in
 * search.c, indexing files in walk.c. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "docdata.h"
#include "lang.h"
#include "terms.h"
#include "utf8.h"

const char *slovo_version(void)
{
    return SLOVO_VERSION;
}

const char *slovo_errstr(int code)
{
    switch (code) {
    case SLOVO_OK: return "not an error";
    case SLOVO_ERROR: return "error";
    case SLOVO_NOMEM: return "out of memory";
    case SLOVO_IO: return "input/output error";
    case SLOVO_NOTFOUND: return "not found";
    case SLOVO_LOCKED: return "index is locked";
    case SLOVO_CORRUPT: return "index is damaged or not a Slovo index";
    case SLOVO_MISUSE: return "bad argument";
    case SLOVO_SYNTAX: return "query syntax error";
    case SLOVO_FORMAT: return "unreadable input";
    case SLOVO_EMPTY: return "nothing to index";
    case SLOVO_INTERRUPTED: return "interrupted";
    case SLOVO_ROW: return "another row is ready";
    case SLOVO_DONE: return "no more rows";
    default: return "unknown error";
    }
}

void slovo_free(void *p)
{
    free(p);
}

int db_fail(struct slovo_db *db, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(db->errmsg, sizeof db->errmsg, fmt, ap);
    va_end(ap);
    return code;
}

int db_store_fail(struct slovo_db *db, int code)
{
    return db_fail(db, code, "%s", store_errmsg(db->store));
}

const char *db_prefixed(struct slovo_db *db, char prefix, const char *text, size_t len)
{
    if (len + 2 > db->term_cap) {
        size_t cap = len + 64;
        char *p = realloc(db->term, cap);
        if (!p)
            return NULL;
        db->term = p;
        db->term_cap = cap;
    }
    db->term[0] = prefix;
    memcpy(db->term + 1, text, len);
    db->term[len + 1] = '\0';
    return db->term;
}

static void set_ok(struct slovo_db *db)
{
    strcpy(db->errmsg, "not an error");
}

/* The morphology recorded in the index into db->morphology; a SLOVO_* code. */
static int read_morphology(struct slovo_db *db)
{
    char *value;
    int rc = store_metadata(db->store, "slovo.morphology", &value);
    if (rc != SLOVO_OK)
        return db_store_fail(db, rc);
    if (strcmp(value, "dict") == 0)
        db->morphology = SLOVO_MORPH_DICT;
    else if (strcmp(value, "rules") == 0)
        db->morphology = SLOVO_MORPH_RULES;
    else
        rc = db_fail(db, SLOVO_CORRUPT, "the index records an unknown morphology '%.40s'",
                     value);
    free(value);
    return rc;
}

int slovo_open(const char *path, int mode, slovo_db **out)
{
    struct slovo_db *db = calloc(1, sizeof *db);
    *out = db;
    if (!db)
        return SLOVO_NOMEM;
    if (!path || !*path)
        return db_fail(db, SLOVO_MISUSE, "no index path given");
    const struct store_meta init = {
        "slovo.morphology", mode & SLOVO_OPEN_MORPH_RULES ? "rules" : "dict"};
    int rc = store_open(path, mode & ~SLOVO_OPEN_MORPH_RULES, &init, 1, &db->store);
    if (rc != SLOVO_OK)
        return db->store ? db_store_fail(db, rc) : db_fail(db, rc, "out of memory");
    rc = read_morphology(db);
    if (rc != SLOVO_OK)
        return rc;
    rc = analyzer_new(&db->analyzer);
    if (rc != SLOVO_OK)
        return db_fail(db, rc, "cannot start the text analyzer (ICU)");
    rc = stem_new_morph(&db->stemmer, (enum morphology)db->morphology, NULL);
    if (rc == SLOVO_NOTFOUND)
        return db_fail(db, rc,
                       "index '%s' was built with dictionaries, which are not installed "
                       "(hunspell-ru, hunspell-uk)", path);
    if (rc != SLOVO_OK)
        return db_fail(db, rc, "cannot start the stemmers: %s", slovo_errstr(rc));
    set_ok(db);
    return SLOVO_OK;
}

int slovo_morphology(const slovo_db *db)
{
    return db->morphology;
}

int slovo_close(slovo_db *db)
{
    if (!db)
        return SLOVO_OK;
    int rc = store_close(db->store);
    analyzer_free(db->analyzer);
    stem_free(db->stemmer);
    free(db->term);
    free(db);
    return rc;
}

const char *slovo_errmsg(const slovo_db *db)
{
    return db ? db->errmsg : "out of memory";
}

int slovo_count(slovo_db *db, uint64_t *out)
{
    int rc = store_count(db->store, out);
    return rc == SLOVO_OK ? rc : db_store_fail(db, rc);
}

int slovo_commit(slovo_db *db)
{
    int rc = store_commit(db->store);
    if (rc != SLOVO_OK)
        return db_store_fail(db, rc);
    set_ok(db);
    return SLOVO_OK;
}

int slovo_delete(slovo_db *db, const char *id, size_t id_len)
{
    if (!id)
        return db_fail(db, SLOVO_MISUSE, "no article id given");
    if (id_len == 0)
        id_len = strlen(id);
    const char *term = db_prefixed(db, STORE_PREFIX_ID, id, id_len);
    if (!term)
        return db_fail(db, SLOVO_NOMEM, "out of memory");
    int rc = store_delete(db->store, term, id_len + 1);
    if (rc != SLOVO_OK)
        return db_store_fail(db, rc);
    set_ok(db);
    return SLOVO_OK;
}

/* An article's fields as valid UTF-8: the caller's own strings where they are valid,
 * repaired copies (owned here) where they are not. */
struct clean_article {
    struct docdata d;
    char *owned[DOCDATA_FIELDS];
};

static int clean_field(struct clean_article *c, int field, const char *text, size_t len)
{
    if (!text || len == 0)
        return SLOVO_OK;
    if (!utf8_valid(text, len)) {
        c->owned[field] = utf8_repair(text, len, &len);
        if (!c->owned[field])
            return SLOVO_NOMEM;
        text = c->owned[field];
    }
    c->d.field[field] = text;
    c->d.len[field] = len;
    return SLOVO_OK;
}

static void clean_free(struct clean_article *c)
{
    for (int i = 0; i < DOCDATA_FIELDS; i++)
        free(c->owned[i]);
}

static size_t opt_len(const char *s)
{
    return s ? strlen(s) : 0;
}

static int clean_article(struct clean_article *c, const slovo_article *a)
{
    memset(c, 0, sizeof *c);
    size_t body_len = a->body && a->body_len == 0 ? strlen(a->body) : a->body_len;
    int rc = clean_field(c, SLOVO_FIELD_ID, a->id, opt_len(a->id));
    if (rc == SLOVO_OK)
        rc = clean_field(c, SLOVO_FIELD_TITLE, a->title, opt_len(a->title));
    if (rc == SLOVO_OK)
        rc = clean_field(c, SLOVO_FIELD_DATE, a->date, opt_len(a->date));
    if (rc == SLOVO_OK)
        rc = clean_field(c, SLOVO_FIELD_SOURCE, a->source, opt_len(a->source));
    if (rc == SLOVO_OK)
        rc = clean_field(c, SLOVO_FIELD_URL, a->url, opt_len(a->url));
    if (rc == SLOVO_OK)
        rc = clean_field(c, SLOVO_FIELD_PATH, a->path, opt_len(a->path));
    if (rc == SLOVO_OK)
        rc = clean_field(c, SLOVO_FIELD_BODY, a->body, body_len);
    return rc;
}


int db_date_key(const char *date, size_t len, char out[9])
{
    static const int digit_at[8] = {0, 1, 2, 3, 5, 6, 8, 9};
    if (len < 10 || date[4] != '-' || date[7] != '-')
        return 0;
    for (int i = 0; i < 8; i++) {
        char ch = date[digit_at[i]];
        if (ch < '0' || ch > '9')
            return 0;
        out[i] = ch;
    }
    out[8] = '\0';
    int month = (out[4] - '0') * 10 + (out[5] - '0');
    int day = (out[6] - '0') * 10 + (out[7] - '0');
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/* Posts the terms of one field; *pos is the next free position, *words counts words. */
static int post_field(struct slovo_db *db, const char *text, size_t len, enum lang lang,
                      int with_title, unsigned *pos, size_t *words)
{
    struct token tok;
    unsigned base = *pos;
    int rc = analyzer_reset(db->analyzer, text, len);
    while (rc == SLOVO_OK && (rc = analyzer_next(db->analyzer, &tok)) == SLOVO_ROW) {
        size_t term_len;
        const char *term = terms_index_term(db->stemmer, &tok, lang, &term_len);
        if (!term)
            return SLOVO_NOMEM;
        rc = store_doc_posting(db->store, term, term_len, base + tok.pos);
        if (rc == SLOVO_OK && with_title) {
            const char *t = db_prefixed(db, STORE_PREFIX_TITLE, term, term_len);
            rc = t ? store_doc_posting(db->store, t, term_len + 1, base + tok.pos)
                   : SLOVO_NOMEM;
        }
        if (rc != SLOVO_OK)
            return rc;
        if (!(tok.flags & TOKEN_WHOLE)) {
            *pos = base + tok.pos + 1;
            (*words)++;
        }
    }
    return rc == SLOVO_DONE ? SLOVO_OK : rc;
}

static int write_article(struct slovo_db *db, const struct docdata *d, enum lang lang,
                         const struct db_origin *origin, int *replaced, uint32_t *docid)
{
    unsigned pos = 0;
    size_t words = 0;
    int rc = store_doc_begin(db->store);
    if (rc == SLOVO_OK)
        rc = post_field(db, d->field[SLOVO_FIELD_TITLE], d->len[SLOVO_FIELD_TITLE], lang, 1,
                        &pos, &words);
    pos += STORE_TITLE_GAP;
    if (rc == SLOVO_OK)
        rc = post_field(db, d->field[SLOVO_FIELD_BODY], d->len[SLOVO_FIELD_BODY], lang, 0,
                        &pos, &words);
    if (rc == SLOVO_OK && words == 0)
        return db_fail(db, SLOVO_EMPTY, "article '%.*s' has no words to index",
                       (int)d->len[SLOVO_FIELD_ID], d->field[SLOVO_FIELD_ID]);
    const char *lang_term = NULL;
    if (rc == SLOVO_OK) {
        const char *code = lang_code(lang);
        lang_term = db_prefixed(db, STORE_PREFIX_LANG, code, strlen(code));
        rc = lang_term ? store_doc_boolean(db->store, lang_term, strlen(lang_term))
                       : SLOVO_NOMEM;
    }
    if (rc == SLOVO_OK && origin)
        rc = store_doc_boolean(db->store, origin->file_term, strlen(origin->file_term));
    if (rc == SLOVO_OK && origin)
        rc = store_doc_value(db->store, STORE_VALUE_HASH, origin->hash, strlen(origin->hash));
    char key[9];
    if (rc == SLOVO_OK && d->field[SLOVO_FIELD_DATE] &&
        db_date_key(d->field[SLOVO_FIELD_DATE], d->len[SLOVO_FIELD_DATE], key))
        rc = store_doc_value(db->store, STORE_VALUE_DATE, key, 8);
    if (rc == SLOVO_OK) {
        size_t data_len;
        char *data = docdata_encode(d, &data_len);
        rc = data ? store_doc_data(db->store, data, data_len) : SLOVO_NOMEM;
        free(data);
    }
    if (rc == SLOVO_OK) {
        const char *id = db_prefixed(db, STORE_PREFIX_ID, d->field[SLOVO_FIELD_ID],
                                     d->len[SLOVO_FIELD_ID]);
        rc = id ? store_doc_replace(db->store, id, d->len[SLOVO_FIELD_ID] + 1, replaced, docid)
                : SLOVO_NOMEM;
    }
    if (rc == SLOVO_NOMEM)
        return db_fail(db, rc, "out of memory");
    return rc == SLOVO_OK ? rc : db_store_fail(db, rc);
}

int slovo_add(slovo_db *db, const slovo_article *a, int *replaced)
{
    return db_add(db, a, NULL, replaced, NULL);
}

int db_add(struct slovo_db *db, const slovo_article *a, const struct db_origin *origin,
           int *replaced, uint32_t *docid)
{
    if (replaced)
        *replaced = 0;
    if (!a || !a->id || !*a->id)
        return db_fail(db, SLOVO_MISUSE, "an article needs an id");
    if (strlen(a->id) >= STORE_MAX_TERM)
        return db_fail(db, SLOVO_MISUSE, "article id '%.40s...' is longer than %d bytes",
                       a->id, STORE_MAX_TERM - 1);
    int lang = a->lang ? lang_parse(a->lang, strlen(a->lang)) : -1;
    if (a->lang && lang < 0)
        return db_fail(db, SLOVO_MISUSE,
                       "article '%s': unknown language '%s' (expected ru, uk, en or other)",
                       a->id, a->lang);
    struct clean_article c;
    int rc = clean_article(&c, a);
    if (rc == SLOVO_OK) {
        if (lang < 0) {
            const struct docdata *d = &c.d;
            lang = d->len[SLOVO_FIELD_BODY]
                       ? lang_detect(d->field[SLOVO_FIELD_BODY], d->len[SLOVO_FIELD_BODY])
                       : lang_detect(d->field[SLOVO_FIELD_TITLE], d->len[SLOVO_FIELD_TITLE]);
        }
        const char *code = lang_code((enum lang)lang);
        c.d.field[SLOVO_FIELD_LANG] = code;
        c.d.len[SLOVO_FIELD_LANG] = strlen(code);
        rc = write_article(db, &c.d, (enum lang)lang, origin, replaced, docid);
    } else {
        db_fail(db, rc, "out of memory");
    }
    clean_free(&c);
    if (rc == SLOVO_OK)
        set_ok(db);
    return rc;
}
