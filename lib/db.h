/* db.h: the open index handle shared by the modules behind slovo.h. */
#ifndef SLOVO_DB_H
#define SLOVO_DB_H
#include <stddef.h>
#include <stdint.h>

#include "analyzer.h"
#include "article.h"
#include "docdata.h"
#include "slovo.h"
#include "stem.h"
#include "store.h"

struct slovo_db {
    struct store *store;
    struct analyzer *analyzer;  /* for articles and queries */
    struct stemmer *stemmer;    /* with the morphology the index was built with */
    struct stem_shared *shared; /* writable, with dictionaries: the dictionary answers that
                                   stemmer and the indexing threads share; else NULL */
    struct docdata_reader *fields; /* for the stored fields of hits and =word checks */
    int morphology;             /* SLOVO_MORPH_* */
    struct article_builder builder; /* over analyzer and stemmer, for slovo_add() */
    struct store_doc *doc;      /* the document being written; made at the first */
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

/* slovo_add() for an article read from a file (origin not NULL) or given through slovo.h
 * (origin NULL); *docid (if not NULL) gets the document's number. */
int db_add(struct slovo_db *db, const slovo_article *a, const struct article_origin *origin,
           int *replaced, uint32_t *docid);

/* Writes a document built by article_build() under its id term: the second half of
 * db_add(), for documents built in other threads. */
int db_write(struct slovo_db *db, struct store_doc *doc, const char *id_term, int *replaced,
             uint32_t *docid);

#endif
