/* dupkey.c: see dupkey.h. */
#include "dupkey.h"

#include <stdio.h>
#include <string.h>

#include <xxhash.h>

void dupkey_init(struct dupkey *k)
{
    memset(k, 0, sizeof *k);
    k->min1 = k->min2 = UINT64_MAX;
}

/* A second, independent hash of a shingle from the first (splitmix64's finalizer). */
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
    uint64_t h2 = remix(h);
    if (h < k->min1)
        k->min1 = h;
    if (h2 < k->min2)
        k->min2 = h2;
}

int dupkey_final(const struct dupkey *k, char out[DUPKEY_HEX])
{
    if (k->words < DUPKEY_MIN_WORDS)
        return 0;
    snprintf(out, DUPKEY_HEX, "%016llx%016llx", (unsigned long long)k->min1,
             (unsigned long long)k->min2);
    return 1;
}
