/* stem.h: reduces a normalized word to the stem that its inflected forms share, by
 * language: Russian and English through libstemmer (Snowball), Ukrainian through ukstem. */
#ifndef SLOVO_STEM_H
#define SLOVO_STEM_H
#include <stddef.h>
#include "lang.h"

struct stemmer;                 /* one per thread */

/* SLOVO_OK or SLOVO_NOMEM; *out is NULL on failure. */
int stem_new(struct stemmer **out);
void stem_free(struct stemmer *s);              /* NULL is a no-op */

/* The stem of word[0..len) (normalized by the analyzer) in language `lang`; *out_len gets
 * its length. LANG_OTHER, and words that are not letters, come back unchanged. Borrowed
 * from s, valid until the next call. NULL only when out of memory. */
const char *stem_word(struct stemmer *s, enum lang lang, const char *word, size_t len,
                      size_t *out_len);

#endif
