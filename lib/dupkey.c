/* dupkey.c: see dupkey.h. */
#include "dupkey.h"

#include <string.h>

#include <xxhash.h>

void dupkey_init(struct dupkey *k)
{
    memset(k, 0, sizeof *k);
    for (int i = 0; i < DUPKEY_HASHES; i++)
        k->min[i] = UINT64_MAX;
}

/* splitmix64's finalizer: the i-th hash of a shingle is that of its hash plus i times the
 * golden ratio, as splitmix64 draws its sequence. */
static uint64_t remix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

void dupkey_add(struct dupkey *k, const char *term, size_t len)
{
    memmove(k->recent, k->recent + 1, sizeof k->recent - sizeof *k->recent);
    k->recent[3] = XXH3_64bits(term, len);
    if (++k->words < 4)
        return;
    uint64_t h = XXH3_64bits(k->recent, sizeof k->recent);
    for (int i = 0; i < DUPKEY_HASHES; i++) {
        uint64_t hi = remix(h + (uint64_t)i * 0x9e3779b97f4a7c15ULL);
        if (hi < k->min[i])
            k->min[i] = hi;
    }
}

int dupkey_final(const struct dupkey *k, unsigned char out[DUPKEY_BYTES])
{
    if (k->words < DUPKEY_MIN_WORDS)
        return 0;
    for (int i = 0; i < DUPKEY_HASHES; i++) {
        out[2 * i] = (unsigned char)k->min[i];
        out[2 * i + 1] = (unsigned char)(k->min[i] >> 8);
    }
    return 1;
}

int dupkey_alike(const unsigned char *a, size_t alen, const unsigned char *b, size_t blen)
{
    if (alen != DUPKEY_BYTES || blen != DUPKEY_BYTES)
        return 0;
    int agree = 0;
    for (int i = 0; i < DUPKEY_HASHES; i++)
        agree += a[2 * i] == b[2 * i] && a[2 * i + 1] == b[2 * i + 1];
    return agree >= DUPKEY_ALIKE;
}
