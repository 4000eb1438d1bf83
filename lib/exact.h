/* exact.h: =word, a word in exactly the form typed. The index keeps a word's stem or lemma,
 * not its forms (keeping them would make it larger than the text it indexes), so an exact
 * form is checked on the stored text of the articles that hold the word's term: the store
 * asks exact_holds() about each (STORE_CHECK), and an exact word costs a read of every such
 * article, more for a common word than for a rare one. */
#ifndef SLOVO_EXACT_H
#define SLOVO_EXACT_H
#include <stddef.h>

#include "analyzer.h"

struct exact_form {
    struct analyzer *a;         /* borrowed; used only while the query runs */
    struct docdata_reader *fields; /* idem */
    const char *form;           /* the word as the analyzer spells it (lower case, ё→е) */
    size_t len;
    int title_only;             /* title:=word */
};

/* Whether the stored fields data[0..len) (docdata.h) of an article hold the form ctx (a
 * struct exact_form) as a word: in the title, or in the body unless title_only. A
 * hyphenated word's whole and its parts are words. 1 yes, 0 no, STORE_CHECK_DAMAGED when
 * the data are damaged, STORE_CHECK_NOMEM when memory runs out (store.h). */
int exact_holds(void *ctx, const char *data, size_t len);

#endif
