/* dupkey.h: the near-duplicate signature of an article, so that reprints and updated
 * versions of one story show as one hit. It holds DUPKEY_HASHES minhashes of the article's
 * 4-word shingles (over index terms, so inflection and case do not matter), 16 bits of
 * each; two articles are alike when DUPKEY_ALIKE of them agree. Each agrees with the
 * probability J that is the Jaccard similarity of the two shingle sets, so alike are
 * articles 90 % the same 997 times in 1000, 80 % the same 92 times in 100, 70 % two times in
 * three, 50 % once in ten and 30 % once in 500. (One key of two minhashes, kept before,
 * folded 81 % of the 90 % alike but also 25 % of the 50 % alike; on the shared corpus, 207
 * of the 376 articles it folded had J under 0.5.) Short texts get no signature: a headline
 * shares too many shingles by chance. */
#ifndef SLOVO_DUPKEY_H
#define SLOVO_DUPKEY_H
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DUPKEY_MIN_WORDS 40     /* fewer words: no signature */
#define DUPKEY_HASHES 16
#define DUPKEY_ALIKE 11
#define DUPKEY_BYTES (2 * DUPKEY_HASHES)

struct dupkey {
    uint64_t recent[4];         /* the hashes of the last words */
    size_t words;
    uint64_t min[DUPKEY_HASHES];
};

void dupkey_init(struct dupkey *k);
void dupkey_add(struct dupkey *k, const char *term, size_t len);     /* the next word */
/* The signature into out; 0 when the text was too short to have one. */
int dupkey_final(const struct dupkey *k, unsigned char out[DUPKEY_BYTES]);

/* Whether a[0..alen) and b[0..blen) are signatures of alike articles (any other value, such
 * as an empty one, is like nothing). */
int dupkey_alike(const unsigned char *a, size_t alen, const unsigned char *b, size_t blen);

#ifdef __cplusplus
}
#endif
#endif
