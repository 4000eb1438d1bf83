/* varint.h: LEB128 varints (7 bits a byte, least significant first, the high bit set on all
 * but the last), as the packed values of the index use them (docdata.h, pieces.h,
 * positions.h). */
#ifndef SLOVO_VARINT_H
#define SLOVO_VARINT_H
#include <stddef.h>
#include <stdint.h>

#define VARINT_MAX 10 /* bytes of the largest, a 64-bit value */

/* Writes v at out (room for VARINT_MAX bytes); returns the bytes written. */
static inline size_t varint_put(unsigned char *out, uint64_t v)
{
    size_t at = 0;
    do {
        out[at++] = (unsigned char)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
        v >>= 7;
    } while (v);
    return at;
}

/* Reads the varint at in[*at..len) into *v, moving *at past it; 0 when it runs out or is
 * above max. */
static inline int varint_get(const unsigned char *in, size_t len, size_t *at, uint64_t max,
                             uint64_t *v)
{
    uint64_t x = 0;
    for (int shift = 0;; shift += 7) {
        if (*at == len || shift > 63)
            return 0;
        uint64_t bits = (uint64_t)(in[*at] & 0x7f);
        if (shift == 63 && bits > 1)
            return 0;
        x |= bits << shift;
        if (!(in[(*at)++] & 0x80))
            break;
    }
    if (x > max)
        return 0;
    *v = x;
    return 1;
}

#endif
