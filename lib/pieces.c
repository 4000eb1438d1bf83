#include "pieces.h"

#include <stdlib.h>
#include <string.h>

#include "analyzer.h"
#include "slovo.h"
#include "varint.h"

/* Appends v to the value. */
static void put(struct pieces_writer *w, uint64_t v)
{
    if (w->nomem)
        return;
    if (w->buf_cap - w->buf_len < VARINT_MAX) {
        size_t cap = w->buf_cap ? 2 * w->buf_cap : 64;
        unsigned char *p = realloc(w->buf, cap);
        if (!p) {
            w->nomem = 1;
            return;
        }
        w->buf = p;
        w->buf_cap = cap;
    }
    w->buf_len += varint_put(w->buf + w->buf_len, v);
}

void pieces_start(struct pieces_writer *w, const char *text, size_t len, unsigned base)
{
    *w = (struct pieces_writer){.text = text, .len = len};
    w->end = analyzer_piece_end(text, len, ANALYZER_PIECE);
    put(w, ANALYZER_PIECE);
    put(w, base);
}

void pieces_token(struct pieces_writer *w, size_t start, unsigned pos)
{
    while (start >= w->end) {       /* the pieces before this token's are complete */
        put(w, pos - w->first);
        w->first = pos;
        w->end = analyzer_piece_end(w->text, w->len, w->end + ANALYZER_PIECE);
    }
}

unsigned char *pieces_finish(struct pieces_writer *w, unsigned next, size_t *len)
{
    put(w, next - w->first);
    if (w->nomem) {
        free(w->buf);
        return NULL;
    }
    *len = w->buf_len;
    return w->buf;
}

int pieces_read(const unsigned char *blob, size_t len, struct pieces *p)
{
    memset(p, 0, sizeof *p);
    size_t at = 0;
    uint64_t size, count;
    if (!varint_get(blob, len, &at, UINT32_MAX, &size) ||
        !varint_get(blob, len, &at, UINT32_MAX, &p->base))
        return SLOVO_CORRUPT;
    if (size != ANALYZER_PIECE || at == len)
        return SLOVO_OK;
    /* each count takes a byte or more */
    if (!(p->words = malloc((len - at) * sizeof *p->words)))
        return SLOVO_NOMEM;
    while (at < len) {
        if (!varint_get(blob, len, &at, UINT32_MAX, &count)) {
            free(p->words);
            memset(p, 0, sizeof *p);
            return SLOVO_CORRUPT;
        }
        p->words[p->n++] = (uint32_t)count;
    }
    return SLOVO_OK;
}
