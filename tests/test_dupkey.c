/* test_dupkey.c: near-duplicate signatures: the same text, and ones with a word or six
 * changed, are alike; a text with one word in twelve or in four changed, or another text,
 * is not; a short text has no signature; a value that is no signature is like nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "dupkey.h"

enum { WORDS = 300 };

/* The signature of words w(i) = "wSEED_i", with every word at an index in changed[0..n)
 * replaced; 0 when the text gets none. */
static int sign(unsigned seed, size_t words, const size_t *changed, size_t n,
                unsigned char out[DUPKEY_BYTES])
{
    struct dupkey k;
    dupkey_init(&k);
    for (size_t i = 0; i < words; i++) {
        char term[32];
        int other = 0;
        for (size_t j = 0; j < n; j++)
            other |= changed[j] == i;
        int len = snprintf(term, sizeof term, "w%u_%zu%s", seed, i, other ? "x" : "");
        dupkey_add(&k, term, (size_t)len);
    }
    return dupkey_final(&k, out);
}

static void test_alike(void **state)
{
    (void)state;
    unsigned char a[DUPKEY_BYTES], b[DUPKEY_BYTES];
    assert_true(sign(1, WORDS, NULL, 0, a));
    assert_true(sign(1, WORDS, NULL, 0, b));
    assert_true(dupkey_alike(a, sizeof a, b, sizeof b));
    /* one word changed: 4 of about 300 shingles differ, J ~ 0.97 */
    size_t one[] = {WORDS / 2};
    assert_true(sign(1, WORDS, one, 1, b));
    assert_true(dupkey_alike(a, sizeof a, b, sizeof b));
    /* six words changed, far apart: J ~ 0.85, alike 97 times in 100 */
    size_t six[6];
    for (size_t i = 0; i < 6; i++)
        six[i] = 20 + 45 * i;
    assert_true(sign(1, WORDS, six, 6, b));
    assert_true(dupkey_alike(a, sizeof a, b, sizeof b));
}

static void test_not_alike(void **state)
{
    (void)state;
    unsigned char a[DUPKEY_BYTES], b[DUPKEY_BYTES];
    assert_true(sign(1, WORDS, NULL, 0, a));
    /* every twelfth word changed: J ~ 0.5, alike once in ten */
    size_t every12[WORDS / 12];
    for (size_t i = 0; i < WORDS / 12; i++)
        every12[i] = 12 * i + 6;
    assert_true(sign(1, WORDS, every12, WORDS / 12, b));
    assert_false(dupkey_alike(a, sizeof a, b, sizeof b));
    /* every fourth word changed: no shingle is left whole */
    size_t every4[WORDS / 4];
    for (size_t i = 0; i < WORDS / 4; i++)
        every4[i] = 4 * i;
    assert_true(sign(1, WORDS, every4, WORDS / 4, b));
    assert_false(dupkey_alike(a, sizeof a, b, sizeof b));
    assert_true(sign(2, WORDS, NULL, 0, b));
    assert_false(dupkey_alike(a, sizeof a, b, sizeof b));
    /* too short for a signature; lengths other than a signature's */
    assert_false(sign(1, DUPKEY_MIN_WORDS - 1, NULL, 0, b));
    assert_false(dupkey_alike(a, sizeof a, a, sizeof a - 1));
    assert_false(dupkey_alike(a, 0, a, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alike),
        cmocka_unit_test(test_not_alike),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
