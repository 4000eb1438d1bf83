/* snippet.h: the passage of an article shown under a hit: the stretch of about 200
 * characters that holds the most of the query's words, and a second such stretch when the
 * first leaves some of them out, every matched word highlighted.
 * Words are matched by their index terms (terms.h), so every inflected form lights up. */
#ifndef SLOVO_SNIPPET_H
#define SLOVO_SNIPPET_H
#include <stddef.h>

#include "analyzer.h"
#include "lang.h"
#include "query.h"
#include "stem.h"

#define SNIPPET_CHARS 200

/* The snippet of text[0..len), an article in language lang, for query q, with matched words
 * wrapped in open/close, and & < > " escaped when html is not 0. Returns a malloc'd
 * NUL-terminated string (*out_len bytes), or NULL when out of memory. */
char *snippet_make(struct analyzer *a, struct stemmer *s, const struct query *q,
                   enum lang lang, const char *text, size_t len, const char *open,
                   const char *close, int html, size_t *out_len);

#endif
