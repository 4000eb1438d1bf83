/* dupkey.h: the near-duplicate key of an article, so that reprints and updated versions of
 * one story show as one hit. The key is two minhashes of the article's 4-word shingles
 * (over index terms, so inflection and case do not matter): two articles whose shingle sets
 * have Jaccard similarity J share it with probability J², so 90 % alike collapse four times
 * in five, and 20 % alike once in 25. Short texts get no key: a headline shares too many
 * shingles by chance. */
#ifndef SLOVO_DUPKEY_H
#define SLOVO_DUPKEY_H
#include <stddef.h>
#include <stdint.h>

#define DUPKEY_MIN_WORDS 40     /* fewer words: no key */
#define DUPKEY_HEX 33           /* 32 hex digits and a NUL */

struct dupkey {
    uint64_t recent[4];         /* the hashes of the last words */
    size_t words;
    uint64_t min1, min2;
};

void dupkey_init(struct dupkey *k);
void dupkey_add(struct dupkey *k, const char *term, size_t len);     /* the next word */
/* The key as hex into out; 0 when the text was too short to have one. */
int dupkey_final(const struct dupkey *k, char out[DUPKEY_HEX]);

#endif
