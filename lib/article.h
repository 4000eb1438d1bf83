/* article.h: an article made into the document that the index stores (layout in store.h):
 * fields checked and repaired, language detected, title and body analyzed into terms.
 * Building needs no index, so several threads can build while one writes; each thread has
 * its own builder. */
#ifndef SLOVO_ARTICLE_H
#define SLOVO_ARTICLE_H
#include <stddef.h>

#include "analyzer.h"
#include "slovo.h"
#include "stem.h"
#include "store.h"

/* Where an article read from a file came from, recorded with it for incremental indexing. */
struct article_origin {
    const char *file_term;      /* "F" + hash of the file's path */
    const char *hash;           /* hash of the article as read, 16 hex digits */
};

struct article_builder {
    struct analyzer *analyzer;  /* borrowed; used by one thread at a time */
    struct stemmer *stemmer;    /* borrowed; idem */
    char *term;                 /* owned; scratch for a prefixed term */
    size_t term_cap;
    char *id_term;              /* owned; "Q" + id of the last article built */
    size_t id_cap;
    struct docdata_writer *fields;  /* owned; made at the first article */
    char errmsg[512];           /* why the last build failed */
};

/* A builder over an analyzer and a stemmer that the caller keeps alive. */
void article_builder_init(struct article_builder *b, struct analyzer *a, struct stemmer *s);
void article_builder_free(struct article_builder *b);   /* frees what init did not borrow */

/* Clears doc and builds article a into it, with origin (may be NULL). On SLOVO_OK,
 * b->id_term holds the id term to write it under (NUL-terminated). Returns SLOVO_OK,
 * SLOVO_MISUSE (no id, id too long, unknown language), SLOVO_EMPTY (no words) or
 * SLOVO_NOMEM, with b->errmsg saying why. */
int article_build(struct article_builder *b, const slovo_article *a,
                  const struct article_origin *origin, struct store_doc *doc);

/* prefix followed by text[0..len) and a NUL in *buf (grown as needed, *cap its size);
 * NULL when out of memory. */
const char *article_prefixed(char **buf, size_t *cap, char prefix, const char *text,
                             size_t len);

#endif
