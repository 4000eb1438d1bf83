/* test_positions.c: the packed word positions round-trip, find phrases, and refuse damaged
 * or misordered input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "positions.h"
#include "slovo.h"

#define ALL_WANTED_MAX 100000

static unsigned char all_wanted[ALL_WANTED_MAX];

/* Packs p and unpacks every word again; the unpacked words must equal p. */
static void round_trip(const struct position *p, size_t n, uint32_t nterms)
{
    unsigned char *blob;
    size_t len;
    assert_int_equal(positions_pack(p, n, nterms, &blob, &len), SLOVO_OK);
    struct position *out = calloc(positions_max(blob, len) + 1, sizeof *out);
    size_t got = positions_unpack(blob, len, nterms, all_wanted, out);
    assert_int_equal(got, n);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(out[i].pos, p[i].pos);
        assert_int_equal(out[i].rank, p[i].rank);
    }
    free(out);
    free(blob);
}

static void test_round_trip(void **state)
{
    (void)state;
    /* a title word and its "S" term at one position, the title gap, a hyphenated word's
     * whole form beside its first part */
    static const struct position doc[] = {
        {0, 3}, {0, 7}, {1, 2}, {1, 6}, {102, 0}, {103, 1}, {103, 4}, {104, 5}, {105, 0}};
    round_trip(doc, sizeof doc / sizeof *doc, 8);
    round_trip(doc, 0, 8);
    static const struct position one[] = {{0, 0}};
    round_trip(one, 1, 1);
    /* a skip longer than one code holds (w = 2: at most 3 a code) */
    static const struct position far[] = {{1000, 0}, {1001, 1}};
    round_trip(far, 2, 2);
    /* ranks that need 17 bits, and a position near the top of the range */
    static const struct position wide[] = {{5, 70000}, {6, 3}, {UINT32_MAX, 69999}};
    round_trip(wide, 3, 70001);
}

static void test_long_document(void **state)
{
    (void)state;
    size_t n = 20000;
    struct position *p = malloc(n * sizeof *p);
    for (size_t i = 0; i < n; i++)
        p[i] = (struct position){(uint32_t)i, (uint32_t)(i * 7919 % 300)};
    round_trip(p, n, 300);
    unsigned char *blob;
    size_t len;
    assert_int_equal(positions_pack(p, n, 300, &blob, &len), SLOVO_OK);
    assert_true(len <= 1 + (n * 9 + 7) / 8); /* nine bits a word for 300 terms */
    free(blob);
    free(p);
}

static void test_only_wanted(void **state)
{
    (void)state;
    static const struct position doc[] = {{0, 1}, {1, 2}, {2, 1}, {3, 0}};
    unsigned char *blob;
    size_t len;
    assert_int_equal(positions_pack(doc, 4, 3, &blob, &len), SLOVO_OK);
    unsigned char wanted[3] = {0, 1, 0};
    struct position out[8];
    assert_int_equal(positions_unpack(blob, len, 3, wanted, out), 2);
    assert_int_equal(out[0].pos, 0);
    assert_int_equal(out[1].pos, 2);
    free(blob);
}

static void test_misuse(void **state)
{
    (void)state;
    unsigned char *blob;
    size_t len;
    static const struct position unsorted[] = {{5, 0}, {4, 1}};
    assert_int_equal(positions_pack(unsorted, 2, 2, &blob, &len), SLOVO_MISUSE);
    static const struct position twice[] = {{5, 1}, {5, 1}};
    assert_int_equal(positions_pack(twice, 2, 2, &blob, &len), SLOVO_MISUSE);
    static const struct position beyond[] = {{5, 2}};
    assert_int_equal(positions_pack(beyond, 1, 2, &blob, &len), SLOVO_MISUSE);
    assert_null(blob);
}

static void test_damaged(void **state)
{
    (void)state;
    struct position out[64];
    /* the width does not fit the term count */
    static const unsigned char wrong_width[] = {5, 0xff};
    assert_int_equal(positions_unpack(wrong_width, 2, 3, all_wanted, out), (size_t)-1);
    /* w = 2: a step back at position 0 (code 1) */
    static const unsigned char back_first[] = {2, 0x01};
    assert_int_equal(positions_unpack(back_first, 2, 2, all_wanted, out), (size_t)-1);
    /* 5 terms, w = 3: code 7 would be rank 5, beyond the terms */
    static const unsigned char big_rank[] = {3, 0x07};
    assert_int_equal(positions_unpack(big_rank, 2, 5, all_wanted, out), (size_t)-1);
    assert_int_equal(positions_unpack(wrong_width, 0, 3, all_wanted, out), (size_t)-1);
    /* every byte string of two bytes decodes within bounds or is refused */
    for (unsigned w = 0; w < 40; w++)
        for (unsigned b = 0; b < 256; b++) {
            unsigned char blob[] = {(unsigned char)w, (unsigned char)b};
            size_t max = positions_max(blob, 2);
            size_t got = positions_unpack(blob, 2, 3, all_wanted, out);
            assert_true(got == (size_t)-1 || got <= max);
        }
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

int main(void)
{
    memset(all_wanted, 1, sizeof all_wanted);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),  cmocka_unit_test(test_long_document),
        cmocka_unit_test(test_only_wanted), cmocka_unit_test(test_misuse),
        cmocka_unit_test(test_damaged),     cmocka_unit_test(test_phrase),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
