/* db.h: the open index handle shared by the modules behind slovo.h. */
#ifndef SLOVO_DB_H
#define SLOVO_DB_H
#include <stddef.h>
#include <stdint.h>

#include "analyzer.h"
#include "slovo.h"
#include "stem.h"
#include "store.h"

struct slovo_db {
    struct store *store;
    struct analyzer *analyzer;  /* for articles and queries */
    struct stemmer *stemmer;    /* with the morphology the index was built with */
    int morphology;             /* SLOVO_MORPH_* */
    char *term;                 /* scratch for a prefixed term */
    size_t term_cap;
    char errmsg[1024];
};

/* Sets db's message from a printf format and returns code, so that a failure is reported
 * in one line: `return db_fail(db, SLOVO_MISUSE, "bad date '%s'", d);` */
int db_fail(struct slovo_db *db, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Copies the store's message into db's and returns code. */
int db_store_fail(struct slovo_db *db, int code);

/* prefix followed by text[0..len) in db's scratch buffer; NULL when out of memory. */
const char *db_prefixed(struct slovo_db *db, char prefix, const char *text, size_t len);

/* Where an article read from a file came from, recorded with it for incremental indexing
 * (the layout is in store.h). */
struct db_origin {
    const char *file_term;      /* "F" + hash of the file's path */
    const char *hash;           /* hash of the article as read, 16 hex digits */
};

/* slovo_add() for an article read from a file (origin not NULL) or given through slovo.h
 * (origin NULL); *docid (if not NULL) gets the document's number. */
int db_add(struct slovo_db *db, const slovo_article *a, const struct db_origin *origin,
           int *replaced, uint32_t *docid);

/* The sortable date key "20210616" of a date "2021-06-16" or "2021-06-16T10:00Z", written
 * to out with a NUL; 1 on success, 0 when the text does not start with a valid date. */
int db_date_key(const char *date, size_t len, char out[9]);

#endif
