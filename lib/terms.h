/* terms.h: which index term a word becomes. Indexing, querying and snippet highlighting all
 * call here, so a word met in a query is spelled exactly as in the articles. */
#ifndef SLOVO_TERMS_H
#define SLOVO_TERMS_H
#include <stddef.h>

#include "analyzer.h"
#include "lang.h"
#include "stem.h"

/* The version of what words become: raised whenever a change to the analyzer, the stemmers
 * or the dictionary layer changes any word's term, since an index's old terms would then
 * not meet a query's new ones. Recorded in each index (metadata "slovo.analysis"). */
#define TERMS_VERSION "5"

/* The languages whose stemmer a token goes through, as LANG_BIT()s.
 * In an article (doc_lang known): exactly one language — the one its letters decide, else
 * the article's own (Russian for a Cyrillic word in an English or other article).
 * In a query (doc_lang < 0, language unknown): every candidate, so an ambiguous Cyrillic
 * word (вибори, закон) is looked up as both Russian and Ukrainian.
 * 0 means the word is its own term (numbers, other scripts). */
unsigned terms_langs(const struct token *tok, int doc_lang);

/* The term for tok in language lang (LANG_OTHER: the word itself); *len gets its length.
 * Borrowed from s, valid until its next call; NULL when out of memory. */
const char *terms_term(struct stemmer *s, const struct token *tok, enum lang lang,
                       size_t *len);

/* The single index term of tok in an article of language doc_lang. */
const char *terms_index_term(struct stemmer *s, const struct token *tok, enum lang doc_lang,
                             size_t *len);

#endif
