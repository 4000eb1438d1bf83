/* snippet.h: the passage of an article shown under a hit: the stretch of about 200
 * characters that holds the most of the query's words, and a second such stretch when the
 * first leaves some of them out, every matched word highlighted.
 * The matched words are those where the document's positions (store_hit_words()) put a
 * query term, so every inflected form lights up and no word is stemmed again: stemming the
 * words read was a fifth of a search's time, and a snippet loaded the dictionaries. */
#ifndef SLOVO_SNIPPET_H
#define SLOVO_SNIPPET_H
#include <stddef.h>
#include <stdint.h>

#include "analyzer.h"
#include "lang.h"
#include "positions.h"
#include "query.h"
#include "stem.h"

#define SNIPPET_CHARS 200

/* The field a snippet is made of: text[0..len), whose first word has position base;
 * piece_words[0..npieces) the positions in each of its pieces (pieces.h), or NULL. */
struct snippet_field {
    const char *text;
    size_t len;
    uint64_t base;
    const uint32_t *piece_words;
    size_t npieces;
};

/* The snippet of field f of an article in language lang, for query q; words[0..nwords) are
 * the article's words with a query term (from store_hit_words(): position, and the index in
 * q->terms in .rank), sorted. Matched words are wrapped in open/close, and & < > " escaped
 * when html is not 0. Returns a malloc'd NUL-terminated string (*out_len bytes), or NULL
 * when out of memory. */
char *snippet_make(struct analyzer *a, struct stemmer *s, const struct query *q,
                   enum lang lang, const struct snippet_field *f, const struct position *words,
                   size_t nwords, const char *open, const char *close, int html,
                   size_t *out_len);

#endif
