/* test_positions.c: the packed word positions round-trip, find phrases, and refuse damaged
 * values. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "positions.h"
#include "slovo.h"

static unsigned char *all_wanted(uint32_t n)
{
    unsigned char *w = malloc(n ? n : 1);
    memset(w, 1, n ? n : 1);
    return w;
}

/* A word as the tests write it: its position and its term's hash. */
struct word_hash {
    uint32_t pos;
    uint32_t hash;
};

/* positions_pack() of words given with their hashes: their distinct hashes are the terms. */
static int pack(const struct word_hash *w, size_t n, unsigned char **blob, size_t *len)
{
    uint32_t *hashes = malloc((n ? n : 1) * sizeof *hashes);
    struct word_at *words = malloc((n ? n : 1) * sizeof *words);
    size_t nterms = 0;
    for (size_t i = 0; i < n; i++) {
        size_t t = 0;
        while (t < nterms && hashes[t] != w[i].hash)
            t++;
        if (t == nterms)
            hashes[nterms++] = w[i].hash;
        words[i] = (struct word_at){w[i].pos, (uint32_t)t};
    }
    int rc = positions_pack(hashes, nterms, words, n, blob, len);
    free(hashes);
    free(words);
    return rc;
}

static int cmp_word(const void *a, const void *b)
{
    const struct word_hash *x = a, *y = b;
    if (x->pos != y->pos)
        return (x->pos > y->pos) - (x->pos < y->pos);
    return (x->hash > y->hash) - (x->hash < y->hash);
}

/* Packs the words and unpacks them again: the same words, sorted, without repeats. */
static void round_trip(const struct word_hash *words, size_t n)
{
    struct word_hash *want = malloc((n ? n : 1) * sizeof *want);
    memcpy(want, words, n * sizeof *want);
    qsort(want, n, sizeof *want, cmp_word);
    size_t nwant = 0;
    for (size_t i = 0; i < n; i++)
        if (nwant == 0 || cmp_word(&want[nwant - 1], &want[i]) != 0)
            want[nwant++] = want[i];

    unsigned char *blob;
    size_t len;
    assert_int_equal(pack(words, n, &blob, &len), SLOVO_OK);
    struct positions p;
    assert_int_equal(positions_open(blob, len, &p), SLOVO_OK);
    unsigned char *wanted = all_wanted(p.nterms);
    struct position *out = calloc(positions_max(&p) + 1, sizeof *out);
    size_t got = positions_unpack(&p, wanted, out);
    assert_int_equal(got, nwant);
    for (size_t i = 0; i < got; i++) {
        assert_int_equal(out[i].pos, want[i].pos);
        assert_int_equal(positions_rank(&p, want[i].hash), out[i].rank);
    }
    free(out);
    free(wanted);
    free(blob);
    free(want);
}

static void test_round_trip(void **state)
{
    (void)state;
    /* a title word and its "S" term at one position, the title gap, a hyphenated word's
     * whole form beside its first part, a word twice at one position; out of order */
    static const struct word_hash doc[] = {{103, 40}, {0, 3}, {0, 7}, {1, 2},  {1, 6},
                                         {102, 9},  {103, 1}, {104, 5}, {105, 9}, {104, 5}};
    round_trip(doc, sizeof doc / sizeof *doc);
    round_trip(doc, 0);
    /* as the builder gives them: positions ascending, the words at one position in any
     * order, one of them twice */
    static const struct word_hash built[] = {{0, 7}, {0, 3}, {1, 9}, {1, 2}, {1, 5},
                                           {1, 2}, {2, 1}, {102, 8}, {102, 4}};
    round_trip(built, sizeof built / sizeof *built);
    static const struct word_hash one[] = {{0, 0}};
    round_trip(one, 1);
    /* a skip longer than one code holds (two terms: w = 2, at most 3 a code) */
    static const struct word_hash far[] = {{1000, 1}, {1001, 2}};
    round_trip(far, 2);
    /* hashes at both ends of the range, a position at the top of it */
    static const struct word_hash wide[] = {{5, UINT32_MAX}, {6, 0}, {UINT32_MAX, 12345}};
    round_trip(wide, 3);
}

static void test_long_document(void **state)
{
    (void)state;
    size_t n = 20000;
    struct word_hash *w = malloc(n * sizeof *w);
    for (size_t i = 0; i < n; i++)
        w[i] = (struct word_hash){(uint32_t)i, positions_hash("w", 1) + (uint32_t)(i * 7919 % 300)};
    round_trip(w, n);
    unsigned char *blob;
    size_t len;
    assert_int_equal(pack(w, n, &blob, &len), SLOVO_OK);
    /* 300 keys of 2 bytes, whole hashes for keys shared, then nine bits a word */
    struct positions p;
    assert_int_equal(positions_open(blob, len, &p), SLOVO_OK);
    assert_true(len <= 2 + 300 * 2 + 2 + 4 * p.nfull + 1 + (n * 9 + 7) / 8);
    free(blob);
    free(w);
}

static void test_hash(void **state)
{
    (void)state;
    assert_int_equal(positions_hash("мир", strlen("мир")), positions_hash("мир", strlen("мир")));
    assert_int_not_equal(positions_hash("мир", strlen("мир")),
                         positions_hash("мира", strlen("мира")));
}

static void test_only_wanted(void **state)
{
    (void)state;
    struct word_hash doc[] = {{0, 20}, {1, 30}, {2, 20}, {3, 10}};
    unsigned char *blob;
    size_t len;
    assert_int_equal(pack(doc, 4, &blob, &len), SLOVO_OK);
    struct positions p;
    assert_int_equal(positions_open(blob, len, &p), SLOVO_OK);
    assert_int_equal(p.nterms, 3);
    assert_int_equal(positions_rank(&p, 20), 1);
    assert_int_equal(positions_rank(&p, 25), -1);
    unsigned char wanted[3] = {0, 1, 0};
    struct position out[8];
    assert_int_equal(positions_unpack(&p, wanted, out), 2);
    assert_int_equal(out[0].pos, 0);
    assert_int_equal(out[1].pos, 2);
    free(blob);
}

static void test_shared_keys(void **state)
{
    (void)state;
    /* 0x00010002 and 0x00020001 fold to one key, 3: their whole hashes are kept */
    struct word_hash clash[] = {{0, 0x00010002}, {1, 0x00020001}, {2, 0x00050000}};
    struct word_hash apart[] = {{0, 0x00010002}, {1, 0x00030001}};
    unsigned char *blob;
    size_t len;
    struct positions p;
    assert_int_equal(pack(clash, 3, &blob, &len), SLOVO_OK);
    assert_int_equal(positions_open(blob, len, &p), SLOVO_OK);
    assert_int_equal(p.nterms, 3);
    assert_int_equal(p.nfull, 2);
    int64_t a = positions_rank(&p, 0x00010002), b = positions_rank(&p, 0x00020001);
    assert_true(a >= 0 && b >= 0 && a != b);
    assert_int_equal(positions_rank(&p, 0x00050000), 2);
    assert_int_equal(positions_rank(&p, 0x00030000), -1); /* key 3, another hash */
    unsigned char wanted[3] = {1, 1, 1};
    struct position out[8];
    assert_int_equal(positions_unpack(&p, wanted, out), 3);
    assert_int_equal(out[0].rank, a);
    assert_int_equal(out[1].rank, b);
    free(blob);
    assert_int_equal(pack(apart, 2, &blob, &len), SLOVO_OK);
    assert_int_equal(positions_open(blob, len, &p), SLOVO_OK);
    assert_int_equal(p.nfull, 0);
    assert_int_not_equal(positions_rank(&p, 0x00010002), positions_rank(&p, 0x00030001));
    free(blob);
}

/* Two terms of one hash are one term of the table; a word that names no term is refused. */
static void test_terms_of_one_hash(void **state)
{
    (void)state;
    static const uint32_t hashes[] = {9, 7, 9};
    static const struct word_at words[] = {{0, 0}, {1, 1}, {2, 2}};
    unsigned char *blob;
    size_t len;
    assert_int_equal(positions_pack(hashes, 3, words, 3, &blob, &len), SLOVO_OK);
    struct positions p;
    assert_int_equal(positions_open(blob, len, &p), SLOVO_OK);
    assert_int_equal(p.nterms, 2);
    unsigned char wanted[2] = {1, 1};
    struct position out[8];
    assert_int_equal(positions_unpack(&p, wanted, out), 3);
    assert_int_equal(out[0].rank, positions_rank(&p, 9));
    assert_int_equal(out[1].rank, positions_rank(&p, 7));
    assert_int_equal(out[2].rank, positions_rank(&p, 9));
    free(blob);
    static const struct word_at stray[] = {{0, 0}, {1, 3}};
    assert_int_equal(positions_pack(hashes, 3, stray, 2, &blob, &len), SLOVO_MISUSE);
    assert_null(blob);
}

static void test_damaged(void **state)
{
    (void)state;
    struct positions p;
    unsigned char *wanted = all_wanted(16);
    struct position out[64];
    /* nothing; a table longer than the value; more whole hashes than terms; a width that
     * does not fit the table; no width; a varint that does not end */
    assert_int_equal(positions_open((const unsigned char *)"", 0, &p), SLOVO_CORRUPT);
    static const unsigned char short_table[] = {3, 1, 0, 3};
    assert_int_equal(positions_open(short_table, sizeof short_table, &p), SLOVO_CORRUPT);
    static const unsigned char too_many[] = {1, 1, 0, 2, 1, 2, 3, 4, 5, 6, 7, 8, 2, 0xff};
    assert_int_equal(positions_open(too_many, sizeof too_many, &p), SLOVO_CORRUPT);
    static const unsigned char wrong_width[] = {1, 1, 0, 0, 7, 0xff};
    assert_int_equal(positions_open(wrong_width, sizeof wrong_width, &p), SLOVO_CORRUPT);
    static const unsigned char no_width[] = {1, 1, 0, 0};
    assert_int_equal(positions_open(no_width, sizeof no_width, &p), SLOVO_CORRUPT);
    static const unsigned char endless_varint[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    assert_int_equal(positions_open(endless_varint, sizeof endless_varint, &p), SLOVO_CORRUPT);
    /* one term, w = 2: a step back at position 0 (code 1); a rank beyond the table (code 3) */
    static const unsigned char back_first[] = {1, 1, 0, 0, 2, 0x01};
    assert_int_equal(positions_open(back_first, sizeof back_first, &p), SLOVO_OK);
    assert_int_equal(positions_unpack(&p, wanted, out), (size_t)-1);
    static const unsigned char beyond[] = {1, 1, 0, 0, 2, 0x03};
    assert_int_equal(positions_open(beyond, sizeof beyond, &p), SLOVO_OK);
    assert_int_equal(positions_unpack(&p, wanted, out), (size_t)-1);
    /* any bytes after a valid header decode within bounds or are refused */
    for (unsigned b = 0; b < 256; b++) {
        unsigned char blob[] = {2, 1, 0, 2, 0, 0, 2, (unsigned char)b, (unsigned char)~b};
        assert_int_equal(positions_open(blob, sizeof blob, &p), SLOVO_OK);
        size_t got = positions_unpack(&p, wanted, out);
        assert_true(got == (size_t)-1 || got <= positions_max(&p));
    }
    free(wanted);
}

static void test_phrase(void **state)
{
    (void)state;
    /* "глобальный мир" in a document: глобальн (rank 0) at 4, мир (rank 1) at 5; мир also at
     * 9 and the word at 8 is rank 2 */
    static const struct position doc[] = {{1, 1}, {4, 0}, {5, 1}, {8, 2}, {9, 1}};
    static const uint32_t global[] = {0}, peace[] = {1}, other[] = {2}, either[] = {3, 2};
    struct phrase_word in_order[] = {{global, 1}, {peace, 1}};
    assert_true(positions_phrase(doc, 5, in_order, 2));
    struct phrase_word reversed[] = {{peace, 1}, {global, 1}};
    assert_false(positions_phrase(doc, 5, reversed, 2));
    struct phrase_word alternatives[] = {{either, 2}, {peace, 1}};
    assert_true(positions_phrase(doc, 5, alternatives, 2));
    struct phrase_word apart[] = {{global, 1}, {other, 1}};
    assert_false(positions_phrase(doc, 5, apart, 2));
    struct phrase_word three[] = {{global, 1}, {peace, 1}, {peace, 1}};
    assert_false(positions_phrase(doc, 5, three, 3));
    assert_false(positions_phrase(doc, 5, in_order, 0));
    assert_false(positions_phrase(doc, 0, in_order, 2));
}

static void test_longest_run(void **state)
{
    (void)state;
    /* words a b c d e at positions: a 0, b 1, x 2, c 3, d 4, e 5; and b again at 9 */
    static const struct position doc[] = {{0, 0}, {1, 1}, {2, 9}, {3, 2}, {4, 3}, {5, 4},
                                          {9, 1}};
    static const uint32_t a[] = {0}, b[] = {1}, c[] = {2}, d[] = {3}, e[] = {4}, none[] = {7};
    struct phrase_word abcde[] = {{a, 1}, {b, 1}, {c, 1}, {d, 1}, {e, 1}};
    assert_int_equal(positions_longest_run(doc, 7, abcde, 5), 3);       /* c d e */
    assert_int_equal(positions_longest_run(doc, 7, abcde, 2), 2);       /* a b */
    struct phrase_word ba[] = {{b, 1}, {a, 1}};
    assert_int_equal(positions_longest_run(doc, 7, ba, 2), 1);          /* not in order */
    struct phrase_word missing[] = {{none, 1}, {c, 1}, {none, 0}, {d, 1}};
    assert_int_equal(positions_longest_run(doc, 7, missing, 4), 1);     /* c and d apart */
    struct phrase_word absent[] = {{none, 1}, {none, 0}};
    assert_int_equal(positions_longest_run(doc, 7, absent, 2), 0);
    assert_int_equal(positions_longest_run(doc, 0, abcde, 5), 0);
}

static void test_densest(void **state)
{
    (void)state;
    /* a at 0, b at 3, c at 30, a at 31, b at 33, d nowhere */
    static const struct position doc[] = {{0, 0}, {3, 1}, {30, 2}, {31, 0}, {33, 1}};
    static const uint32_t a[] = {0}, b[] = {1}, c[] = {2}, d[] = {7};
    struct phrase_word abcd[] = {{a, 1}, {b, 1}, {c, 1}, {d, 1}};
    static const double weight[] = {1, 2, 4, 8};
    uint32_t count[4];
    /* within 5 positions: c a b (30..33), in any order */
    assert_true(positions_densest(doc, 5, abcd, 4, 5, weight, count) == 7);
    /* within 3: c a (30, 31) outweighs a b (0..3 is 4 positions) */
    assert_true(positions_densest(doc, 5, abcd, 4, 3, weight, count) == 5);
    /* a word met twice in the window counts once */
    assert_true(positions_densest(doc, 5, abcd, 2, 40, weight, count) == 3);
    assert_true(positions_densest(doc, 0, abcd, 4, 5, weight, count) == 0);
    /* one word alone is no window: c (4) at 30 is heavier than a b (0..3) together */
    struct phrase_word ac[] = {{a, 1}, {c, 1}};
    static const double heavy[] = {1, 4};
    assert_true(positions_densest(doc, 5, ac, 2, 1, heavy, count) == 0);
    assert_true(positions_densest(doc, 5, ac, 2, 2, heavy, count) == 5);
    /* a word whose term may be either of two ranks (b or d) */
    static const uint32_t b_or_d[] = {1, 7};
    struct phrase_word ab2[] = {{a, 1}, {b_or_d, 2}};
    assert_true(positions_densest(doc, 5, ab2, 2, 3, weight, count) == 3);
    assert_true(positions_densest(doc, 5, ab2, 2, 0, weight, count) == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),  cmocka_unit_test(test_long_document),
        cmocka_unit_test(test_hash),        cmocka_unit_test(test_only_wanted),
        cmocka_unit_test(test_shared_keys),  cmocka_unit_test(test_damaged),
        cmocka_unit_test(test_phrase),      cmocka_unit_test(test_longest_run),
        cmocka_unit_test(test_densest),     cmocka_unit_test(test_terms_of_one_hash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
