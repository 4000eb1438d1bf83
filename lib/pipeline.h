/* pipeline.h: articles built into documents by worker threads while the caller's thread
 * goes on reading and writes what they built. Documents come back in the order in which
 * the articles went in, so the index is the same as when one thread does everything.
 *
 * The caller's thread fills a batch and hands it to the workers; it reads on while they
 * build, and writes the oldest batch, in order, once it has no batch left to fill, building
 * articles itself rather than wait. Only the caller's thread touches the index. */
#ifndef SLOVO_PIPELINE_H
#define SLOVO_PIPELINE_H
#include <stdint.h>

#include "article.h"

struct pipeline;

/* The most articles a pipeline holds at once, read, being built or built. */
#define PIPELINE_ARTICLES 1024

/* An article as the workers left it, handed to the writer. */
struct pipeline_doc {
    int rc;                     /* article_build()'s code */
    const char *errmsg;         /* why, when rc is not SLOVO_OK */
    struct store_doc *doc;      /* the document, when rc is SLOVO_OK */
    const char *id_term;        /* its id term (NUL-terminated), idem */
    const char *path;           /* the article's path (slovo_article.path) */
    uint64_t line;              /* as given to pipeline_add() */
    size_t bytes;               /* of the article's title and body */
    const void *mark;           /* not NULL: no article but a mark (pipeline_mark()), its
                                   data; the other fields are zero */
};

/* Writes one built article; returns SLOVO_OK to go on, or a code that stops the pipeline. */
typedef int pipeline_write_fn(void *ctx, const struct pipeline_doc *d);

/* Starts `workers` threads (at least 1), each with its own analyzer and a stemmer of
 * `morphology` (SLOVO_MORPH_*), and makes one more of each for the caller's thread. The
 * stemmers keep their dictionary answers in `shared` too (stem_share(); NULL: none), which
 * must outlive the pipeline. Returns SLOVO_OK, SLOVO_NOMEM or SLOVO_ERROR (no thread). */
int pipeline_new(unsigned workers, int morphology, struct stem_shared *shared,
                 pipeline_write_fn *write, void *ctx, struct pipeline **out);

/* Stops the workers and frees everything; what was not written is dropped. NULL: no-op. */
void pipeline_free(struct pipeline *p);

/* Queues a copy of article a with its origin (may be NULL) and line. Returns SLOVO_OK, the
 * first code other than SLOVO_OK that write returned (nothing more is written then), or
 * SLOVO_NOMEM. */
int pipeline_add(struct pipeline *p, const slovo_article *a,
                 const struct article_origin *origin, uint64_t line);

/* Queues a mark: once every article queued before it is written, write() gets it, with a
 * copy of data[0..len) (e.g. to record that a file's articles are all in). Returns as
 * pipeline_add(). */
int pipeline_mark(struct pipeline *p, const void *data, size_t len);

/* Builds and writes everything queued. Returns as pipeline_add(). */
int pipeline_flush(struct pipeline *p);

/* Drops what was queued and not yet written (after a failure). */
void pipeline_discard(struct pipeline *p);

#endif
