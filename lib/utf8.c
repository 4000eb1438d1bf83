/* utf8.c: a strict UTF-8 validator and repairer (RFC 3629, Unicode 15 table 3-7).
 *
 * Hand-written rather than ICU because it runs over every byte read: the indexer feeds it
 * hundreds of megabytes, mostly ASCII markup and two-byte Cyrillic, and both take a short
 * path here. Invalid input is replaced following the Unicode "maximal subpart" practice
 * (the same as ICU, WHATWG and Python): each longest prefix of a well-formed sequence that
 * cannot be completed becomes one U+FFFD, and every other stray byte becomes its own. */
#include "utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ASCII_MASK UINT64_C(0x8080808080808080)

static const char REPLACEMENT[3] = {'\xEF', '\xBF', '\xBD'}; /* U+FFFD */

/* Bytes of s[0..len) that form one character. A valid character gives its length and *ok
 * is 1; otherwise *ok is 0 and the result is the length of the maximal subpart (at least
 * 1) to replace by one U+FFFD. The table of well-formed sequences narrows the range of the
 * second byte after E0, ED, F0 and F4: that alone excludes overlong forms, surrogates
 * (U+D800..DFFF) and code points above U+10FFFF. */
static size_t decode(const unsigned char *s, size_t len, int *ok)
{
    unsigned char c = s[0];
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF;

    *ok = 0;
    if (c < 0x80) {
        *ok = 1;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        if (c == 0xE0)
            lo = 0xA0;          /* below: overlong */
        else if (c == 0xED)
            hi = 0x9F;          /* above: surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        if (c == 0xF0)
            lo = 0x90;          /* below: overlong */
        else if (c == 0xF4)
            hi = 0x8F;          /* above: beyond U+10FFFF */
    } else {
        return 1;               /* C0, C1, F5..FF, or a stray continuation byte */
    }
    if (len < 2 || s[1] < lo || s[1] > hi)
        return 1;
    for (size_t i = 2; i < need; i++)
        if (i >= len || (s[i] & 0xC0) != 0x80)
            return i;
    *ok = 1;
    return need;
}

/* Bytes at the start of s[0..len) that are ASCII, measured eight at a time. */
static size_t ascii_run(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i + 8 <= len) {
        uint64_t w;
        memcpy(&w, s + i, 8); /* memcpy: no alignment or aliasing assumptions */
        if (w & ASCII_MASK)
            break;
        i += 8;
    }
    while (i < len && s[i] < 0x80)
        i++;
    return i;
}

int utf8_valid(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    int ok;

    while (i < len) {
        if (s[i] < 0x80) {
            i += ascii_run(s + i, len - i);
        } else if (s[i] >= 0xC2 && s[i] <= 0xDF && i + 1 < len &&
                   (s[i + 1] & 0xC0) == 0x80) {
            i += 2; /* Cyrillic: mostly D0/D1 pairs, checked without the table */
        } else {
            i += decode(s + i, len - i, &ok);
            if (!ok)
                return 0;
        }
    }
    return 1;
}

/* Writes into out (when not NULL) what stands for s[0..n), one character (ok) or one
 * invalid sequence (!ok); returns how many bytes that is, at most 3 a byte of s. */
typedef size_t write_fn(const unsigned char *s, size_t n, int ok, char *out);

static size_t write_repaired(const unsigned char *s, size_t n, int ok, char *out)
{
    if (ok && out)
        memcpy(out, s, n);
    else if (out)
        memcpy(out, REPLACEMENT, sizeof REPLACEMENT);
    return ok ? n : sizeof REPLACEMENT;
}

static size_t write_escaped(const unsigned char *s, size_t n, int ok, char *out)
{
    static const char hex[] = "0123456789ABCDEF";
    if (ok && s[0] != '%') {
        if (out)
            memcpy(out, s, n);
        return n;
    }
    for (size_t i = 0; out && i < n; i++) {
        out[3 * i] = '%';
        out[3 * i + 1] = hex[s[i] >> 4];
        out[3 * i + 2] = hex[s[i] & 15];
    }
    return 3 * n;
}

/* s[0..len), each character and each invalid sequence as w writes it, in a malloc'd
 * NUL-terminated copy of *out_len bytes (out_len may be NULL). NULL when out of memory. */
static char *rewrite(const char *str, size_t len, write_fn *w, size_t *out_len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t size = 0, i, n, o = 0;
    int ok;
    char *out;

    /* Two passes, so the copy is exactly as long as it must be: a worst-case buffer would
     * be three times the input, and files can be tens of megabytes. Each byte gives at
     * most three, so the guard keeps size + 1 from wrapping. */
    if (len > (SIZE_MAX - 1) / 3)
        return NULL;
    for (i = 0; i < len; i += n) {
        n = decode(s + i, len - i, &ok);
        size += w(s + i, n, ok, NULL);
    }
    out = malloc(size + 1);
    if (out == NULL)
        return NULL;
    for (i = 0; i < len; i += n) {
        n = decode(s + i, len - i, &ok);
        o += w(s + i, n, ok, out + o);
    }
    out[o] = '\0';
    if (out_len != NULL)
        *out_len = o;
    return out;
}

char *utf8_repair(const char *str, size_t len, size_t *out_len)
{
    return rewrite(str, len, write_repaired, out_len);
}

char *utf8_escape(const char *str, size_t len, size_t *out_len)
{
    return rewrite(str, len, write_escaped, out_len);
}
