#include "docdata.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "slovo.h"

static size_t put_varint(unsigned char *p, size_t v)
{
    size_t n = 0;
    while (v >= 0x80) {
        p[n++] = (unsigned char)(v | 0x80);
        v >>= 7;
    }
    p[n++] = (unsigned char)v;
    return n;
}

char *docdata_encode(const struct docdata *d, size_t *out_len)
{
    size_t cap = 0;
    for (int i = 0; i < DOCDATA_FIELDS; i++)
        cap += (d->field[i] ? d->len[i] : 0) + 10;
    unsigned char *buf = malloc(cap);
    if (!buf)
        return NULL;
    size_t n = 0;
    for (int i = 0; i < DOCDATA_FIELDS; i++) {
        size_t len = d->field[i] ? d->len[i] : 0;
        n += put_varint(buf + n, len);
        if (len)
            memcpy(buf + n, d->field[i], len);
        n += len;
    }
    *out_len = n;
    return (char *)buf;
}

int docdata_decode(const char *data, size_t len, struct docdata *d)
{
    const unsigned char *p = (const unsigned char *)data, *end = p + len;
    for (int i = 0; i < DOCDATA_FIELDS; i++) {
        uint64_t v = 0;
        int shift = 0;
        for (;;) {
            if (p == end || shift > 56)
                return SLOVO_CORRUPT;
            v |= (uint64_t)(*p & 0x7f) << shift;
            shift += 7;
            if (!(*p++ & 0x80))
                break;
        }
        if (v > (uint64_t)(end - p))
            return SLOVO_CORRUPT;
        d->field[i] = (const char *)p;
        d->len[i] = (size_t)v;
        p += v;
    }
    return p == end ? SLOVO_OK : SLOVO_CORRUPT;
}
