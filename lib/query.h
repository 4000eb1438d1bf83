/* query.h: turns what a user typed (the query language of qparse.h) into a store query.
 * Each word goes through the same analyzer and stemmers as the articles (terms.h); a word
 * whose language its letters do not decide becomes a synonym group of its Russian and
 * Ukrainian stems, so one query finds articles in both languages and BM25 counts it as one
 * word. Words side by side are ranked OR (any may match, all of them earn a bonus), in the
 * body or the title, a title match adding weight; a hyphenated word matches whole or by all
 * of its parts. */
#ifndef SLOVO_QUERY_H
#define SLOVO_QUERY_H
#include <stddef.h>

#include "analyzer.h"
#include "stem.h"
#include "store.h"

struct query {
    struct store_query *root;
    const char **terms;          /* the distinct body terms it looks for, for highlighting */
    size_t *term_lens;
    const char **term_forms;     /* of each term: NULL, or the one form of it that =word asks
                                    for (as the analyzer spells it, NUL-terminated) */
    size_t nterms;
    struct store_query *phrase;  /* free words that rank higher where they stand together
                                    as typed (store_order.phrase), or NULL */
    int phrase_is_words;         /* store_order.phrase_is_words */
    struct query_arena *arena;   /* owns all of the above */
};

/* Builds the query for text[0..len), written in the query language of qparse.h; its =word
 * checks read articles with a and fields (exact.h). Returns SLOVO_OK with *out
 * set (free it with query_free()), SLOVO_SYNTAX with the message (where and what to do) in
 * err[0..err_size) when the text does not parse or has no word to search for, or
 * SLOVO_NOMEM. */
struct docdata_reader;
int query_build(struct analyzer *a, struct stemmer *s, struct docdata_reader *fields,
                const char *text, size_t len, struct query **out, char *err, size_t err_size);

/* The index in q->terms of term[0..len), or -1 when q does not look for it. */
int query_term_index(const struct query *q, const char *term, size_t len);

void query_free(struct query *q);       /* NULL is a no-op */

#endif
