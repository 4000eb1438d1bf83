/* term_counts.h: the distinct terms of a document being built, each with the number of its
 * words (its wdf). The builder counts a document's words here and gives Xapian each term
 * once: adding every word to a Xapian::Document looked its term up in a map of strings, a
 * tenth of the time to build an article (shared corpus, perf). */
#ifndef SLOVO_TERM_COUNTS_H
#define SLOVO_TERM_COUNTS_H
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct term_count {
    uint32_t hash;              /* as given to term_counts_add() */
    uint32_t words;             /* how many times it was added */
    size_t at, len;             /* its bytes in the table's text */
    size_t slot;                /* where the table finds it */
};

/* Zeroed is empty. term_counts_clear() keeps the buffers for the next document;
 * term_counts_free() releases them and leaves the table empty, ready for use. */
struct term_counts {
    struct term_count *terms;   /* in the order first added */
    size_t n, cap;
    size_t *slots;              /* an open-addressing table of term index + 1; 0: free */
    size_t nslots;              /* a power of 2, at least twice n, or 0 */
    char *text;                 /* the terms' bytes, one after another */
    size_t text_len, text_cap;
};

/* Counts one more word of term[0..len), whose hash (any well-mixed 32 bits, the same for
 * the same bytes) is hash; *index gets the term's place in c->terms. SLOVO_OK or
 * SLOVO_NOMEM. */
int term_counts_add(struct term_counts *c, const char *term, size_t len, uint32_t hash,
                    size_t *index);

/* The bytes of c->terms[i] (not NUL-terminated; its length is c->terms[i].len). */
static inline const char *term_counts_text(const struct term_counts *c, size_t i)
{
    return c->text + c->terms[i].at;
}

/* Empties c for the next document, keeping its buffers. */
void term_counts_clear(struct term_counts *c);

void term_counts_free(struct term_counts *c);  /* see above */

#ifdef __cplusplus
}
#endif
#endif
