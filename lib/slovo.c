/* slovo.c: the index handle of slovo.h: opening, writing articles, errors. Searching is in
 * search.c, indexing files in walk.c. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "terms.h"

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
    return article_prefixed(&db->term, &db->term_cap, prefix, text, len);
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

/* Writing new terms beside old ones would leave an index whose articles match queries by
 * two different analyses: refused. Searching an old index still works. */
static int check_analysis(struct slovo_db *db, const char *path)
{
    char *value;
    int rc = store_metadata(db->store, "slovo.analysis", &value);
    if (rc != SLOVO_OK)
        return db_store_fail(db, rc);
    if (strcmp(value, TERMS_VERSION) != 0)
        rc = db_fail(db, SLOVO_CORRUPT,
                     "index '%s' was built by an older version of Slovo's text analysis "
                     "(%s, now %s), whose terms new articles would not share: remove it and "
                     "index again", path, *value ? value : "1", TERMS_VERSION);
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
    const struct store_meta init[] = {
        {"slovo.morphology", mode & SLOVO_OPEN_MORPH_RULES ? "rules" : "dict"},
        {"slovo.analysis", TERMS_VERSION}};
    int rc = store_open(path, mode & ~SLOVO_OPEN_MORPH_RULES, init, 2, &db->store);
    if (rc != SLOVO_OK)
        return db->store ? db_store_fail(db, rc) : db_fail(db, rc, "out of memory");
    rc = read_morphology(db);
    if (rc == SLOVO_OK && (mode & ~SLOVO_OPEN_MORPH_RULES) != SLOVO_OPEN_READONLY)
        rc = check_analysis(db, path);
    if (rc != SLOVO_OK)
        return rc;
    rc = analyzer_new(&db->analyzer);
    if (rc != SLOVO_OK)
        return db_fail(db, rc, "cannot start the text analyzer (ICU)");
    if (!(db->fields = docdata_reader_new()))
        return db_fail(db, SLOVO_NOMEM, "out of memory");
    rc = stem_new_morph(&db->stemmer, (enum morphology)db->morphology, NULL);
    if (rc == SLOVO_NOTFOUND)
        return db_fail(db, rc,
                       "index '%s' was built with dictionaries, which are not installed "
                       "(hunspell-ru, hunspell-uk)", path);
    if (rc == SLOVO_OK && db->morphology == SLOVO_MORPH_DICT &&
        (mode & ~SLOVO_OPEN_MORPH_RULES) != SLOVO_OPEN_READONLY) {
        rc = stem_shared_new(&db->shared);
        if (rc == SLOVO_OK)
            stem_share(db->stemmer, db->shared);
    }
    if (rc != SLOVO_OK)
        return db_fail(db, rc, "cannot start the stemmers: %s", slovo_errstr(rc));
    article_builder_init(&db->builder, db->analyzer, db->stemmer);
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
    article_builder_free(&db->builder);
    store_doc_free(db->doc);
    analyzer_free(db->analyzer);
    docdata_reader_free(db->fields);
    stem_free(db->stemmer);
    stem_shared_free(db->shared); /* after its stemmers */
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

int slovo_compact(slovo_db *db)
{
    int rc = store_compact(db->store);
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

int slovo_add(slovo_db *db, const slovo_article *a, int *replaced)
{
    return db_add(db, a, NULL, replaced, NULL);
}

int db_add(struct slovo_db *db, const slovo_article *a, const struct article_origin *origin,
           int *replaced, uint32_t *docid)
{
    if (replaced)
        *replaced = 0;
    if (!db->doc && store_doc_new(&db->doc) != SLOVO_OK)
        return db_fail(db, SLOVO_NOMEM, "out of memory");
    int rc = article_build(&db->builder, a, origin, db->doc);
    if (rc != SLOVO_OK)
        return db_fail(db, rc, "%s", db->builder.errmsg);
    /* the document stays until the next one clears it */
    return db_write(db, db->doc, db->builder.id_term, replaced, docid);
}

int db_write(struct slovo_db *db, struct store_doc *doc, const char *id_term, int *replaced,
             uint32_t *docid)
{
    int rc = store_replace(db->store, doc, id_term, strlen(id_term), replaced, docid);
    if (rc != SLOVO_OK)
        return db_store_fail(db, rc);
    set_ok(db);
    return SLOVO_OK;
}
