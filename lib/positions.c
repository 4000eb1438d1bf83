/* positions.c: the packed word sequence of a document: see positions.h. */
#include "positions.h"

#include <stdlib.h>

#include "slovo.h"

#define CODE_SKIP 0
#define CODE_BACK 1
#define FIRST_RANK_CODE 2

struct bit_writer {
    unsigned char *buf;
    size_t at; /* bits written */
};

static void put(struct bit_writer *b, uint32_t code, unsigned w)
{
    for (unsigned i = 0; i < w; i++, b->at++)
        if (code >> i & 1)
            b->buf[b->at >> 3] |= (unsigned char)(1u << (b->at & 7));
}

struct bit_reader {
    const unsigned char *buf;
    size_t at, end; /* in bits */
};

/* The next code of w bits; 0 when fewer than w bits are left (*ok cleared). */
static uint32_t get(struct bit_reader *r, unsigned w, int *ok)
{
    if (r->end - r->at < w) {
        *ok = 0;
        return 0;
    }
    uint32_t code = 0;
    for (unsigned i = 0; i < w; i++, r->at++)
        code |= (uint32_t)(r->buf[r->at >> 3] >> (r->at & 7) & 1) << i;
    return code;
}

static unsigned width_for(uint32_t nterms)
{
    uint64_t largest = (uint64_t)nterms - 1 + FIRST_RANK_CODE;
    unsigned w = 2;
    while (w < 32 && largest >> w)
        w++;
    return w;
}

int positions_pack(const struct position *p, size_t n, uint32_t nterms, unsigned char **out,
                   size_t *len)
{
    *out = NULL;
    *len = 0;
    unsigned w = width_for(nterms);
    uint32_t max_skip = w == 32 ? UINT32_MAX : (1u << w) - 1;
    /* Count the codes first: the words, a step back per shared position, the skips. */
    size_t codes = 0;
    uint64_t cursor = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i].rank >= nterms)
            return SLOVO_MISUSE;
        if (i && p[i].pos == p[i - 1].pos) {
            if (p[i].rank <= p[i - 1].rank)
                return SLOVO_MISUSE;
            codes += 1;
        } else if (p[i].pos < cursor) {
            return SLOVO_MISUSE;
        } else {
            uint64_t gap = p[i].pos - cursor;
            codes += 2 * ((gap + max_skip - 1) / max_skip);
        }
        codes += 1;
        cursor = (uint64_t)p[i].pos + 1;
    }
    size_t bytes = 1 + (codes * w + 7) / 8;
    struct bit_writer b = {calloc(bytes, 1), 0};
    if (!b.buf)
        return SLOVO_NOMEM;
    b.buf[0] = (unsigned char)w;
    b.at = 8;
    cursor = 0;
    for (size_t i = 0; i < n; i++) {
        if (i && p[i].pos == p[i - 1].pos) {
            put(&b, CODE_BACK, w);
        } else {
            for (uint64_t gap = p[i].pos - cursor; gap;) {
                uint32_t k = gap < max_skip ? (uint32_t)gap : max_skip;
                put(&b, CODE_SKIP, w);
                put(&b, k, w);
                gap -= k;
            }
        }
        put(&b, p[i].rank + FIRST_RANK_CODE, w);
        cursor = (uint64_t)p[i].pos + 1;
    }
    *out = b.buf;
    *len = bytes;
    return SLOVO_OK;
}

size_t positions_max(const unsigned char *blob, size_t len)
{
    if (len < 2 || blob[0] < 2)
        return 0;
    return (len - 1) * 8 / blob[0];
}

size_t positions_unpack(const unsigned char *blob, size_t len, uint32_t nterms,
                        const unsigned char *wanted, struct position *out)
{
    if (len == 0 || blob[0] != width_for(nterms))
        return (size_t)-1;
    unsigned w = blob[0];
    struct bit_reader r = {blob, 8, len * 8};
    size_t n = 0;
    uint64_t cursor = 0;
    for (int ok = 1;;) {
        uint32_t code = get(&r, w, &ok);
        if (!ok)
            break;
        if (code == CODE_SKIP) {
            uint32_t k = get(&r, w, &ok);
            if (!ok || k == 0)
                break;
            cursor += k;
        } else if (code == CODE_BACK) {
            if (cursor == 0)
                return (size_t)-1;
            cursor--;
        } else {
            uint32_t rank = code - FIRST_RANK_CODE;
            if (rank >= nterms || cursor > UINT32_MAX)
                return (size_t)-1;
            if (wanted[rank])
                out[n++] = (struct position){(uint32_t)cursor, rank};
            cursor++;
        }
    }
    return n;
}

static int is_word(const struct phrase_word *w, uint32_t rank)
{
    for (size_t i = 0; i < w->n; i++)
        if (w->ranks[i] == rank)
            return 1;
    return 0;
}

/* Whether word w stands at position pos: p is sorted by position. */
static int stands_at(const struct position *p, size_t n, uint32_t pos,
                     const struct phrase_word *w)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p[mid].pos < pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < n && p[lo].pos == pos; lo++)
        if (is_word(w, p[lo].rank))
            return 1;
    return 0;
}

int positions_phrase(const struct position *p, size_t n, const struct phrase_word *w,
                     size_t nw)
{
    if (nw == 0)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (!is_word(&w[0], p[i].rank))
            continue;
        size_t k = 1;
        while (k < nw && (uint64_t)p[i].pos + k <= UINT32_MAX &&
               stands_at(p, n, p[i].pos + (uint32_t)k, &w[k]))
            k++;
        if (k == nw)
            return 1;
    }
    return 0;
}
