#include "exact.h"

#include <stdlib.h>
#include <string.h>

#include "docdata.h"
#include "slovo.h"
#include "store.h"

/* 1 when text[0..len) has the word, 0 when not, STORE_CHECK_NOMEM when memory runs out
 * (the analyzer's only failure); read piece by piece, so that a word met early leaves the
 * rest unread. */
static int text_holds(struct analyzer *a, const char *text, size_t len, const char *word,
                      size_t word_len)
{
    struct analyzer_walk walk;
    struct token tok;
    uint64_t pos;
    int rc;
    analyzer_walk_start(&walk, a, text, len, 0, NULL, 0);
    while ((rc = analyzer_walk_next(&walk, 0, &tok, &pos)) == SLOVO_ROW)
        if (tok.len == word_len && memcmp(tok.text, word, word_len) == 0)
            return 1;
    return rc == SLOVO_DONE ? 0 : STORE_CHECK_NOMEM;
}

int exact_holds(void *ctx, const char *data, size_t len)
{
    const struct exact_form *e = ctx;
    struct docdata d;
    char *plain;
    int rc = docdata_decode(e->fields, data, len, &d, &plain);
    if (rc != SLOVO_OK)
        return rc == SLOVO_NOMEM ? STORE_CHECK_NOMEM : STORE_CHECK_DAMAGED;
    int found = text_holds(e->a, d.field[SLOVO_FIELD_TITLE], d.len[SLOVO_FIELD_TITLE], e->form,
                           e->len);
    if (found == 0 && !e->title_only)
        found = text_holds(e->a, d.field[SLOVO_FIELD_BODY], d.len[SLOVO_FIELD_BODY], e->form,
                           e->len);
    free(plain);
    return found;
}
