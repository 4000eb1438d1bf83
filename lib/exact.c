#include "exact.h"

#include <stdlib.h>
#include <string.h>

#include "docdata.h"
#include "slovo.h"

/* 1 when text[0..len) has the word, 0 when not, -1 on failure; read piece by piece, so that
 * a word met early leaves the rest unread. */
static int text_holds(struct analyzer *a, const char *text, size_t len, const char *word,
                      size_t word_len)
{
    struct token tok;
    for (size_t from = 0, to; from < len; from = to) {
        to = analyzer_piece_end(text, len, from + ANALYZER_PIECE);
        int rc = analyzer_reset(a, text + from, to - from);
        if (rc != SLOVO_OK)
            return -1;
        while ((rc = analyzer_next(a, &tok)) == SLOVO_ROW)
            if (tok.len == word_len && memcmp(tok.text, word, word_len) == 0)
                return 1;
        if (rc != SLOVO_DONE)
            return -1;
    }
    return 0;
}

int exact_holds(void *ctx, const char *data, size_t len)
{
    const struct exact_form *e = ctx;
    struct docdata d;
    char *plain;
    if (docdata_decode(data, len, &d, &plain) != SLOVO_OK)
        return -1;
    int found = text_holds(e->a, d.field[SLOVO_FIELD_TITLE], d.len[SLOVO_FIELD_TITLE], e->form,
                           e->len);
    if (found == 0 && !e->title_only)
        found = text_holds(e->a, d.field[SLOVO_FIELD_BODY], d.len[SLOVO_FIELD_BODY], e->form,
                           e->len);
    free(plain);
    return found;
}
