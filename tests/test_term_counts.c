/* test_term_counts.c: a document's distinct terms and their counts: repeated terms count,
 * terms that share a hash stay apart, the table grows past its first size, and a cleared
 * table starts again from nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "positions.h"
#include "slovo.h"
#include "term_counts.h"

/* Adds term and checks the index it is given: the term's place in c->terms. */
static void add(struct term_counts *c, const char *term, uint32_t hash)
{
    size_t index = SIZE_MAX;
    assert_int_equal(term_counts_add(c, term, strlen(term), hash, &index), SLOVO_OK);
    assert_true(index < c->n);
    assert_int_equal(c->terms[index].len, strlen(term));
    assert_memory_equal(term_counts_text(c, index), term, strlen(term));
}

/* The count of term, or 0 when c does not hold it. */
static uint32_t count_of(const struct term_counts *c, const char *term)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->terms[i].len == strlen(term) &&
            memcmp(term_counts_text(c, i), term, c->terms[i].len) == 0)
            return c->terms[i].words;
    return 0;
}

static void test_counts(void **state)
{
    (void)state;
    struct term_counts c = {0};
    const char *words[] = {"мир", "война", "мир", "и", "мир", "война"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        add(&c, words[i], positions_hash(words[i], strlen(words[i])));
    assert_int_equal(c.n, 3);
    assert_int_equal(count_of(&c, "мир"), 3);
    assert_int_equal(count_of(&c, "война"), 2);
    assert_int_equal(count_of(&c, "и"), 1);
    /* in the order first added */
    assert_memory_equal(term_counts_text(&c, 1), "война", strlen("война"));
    term_counts_free(&c);
}

/* Terms that share a hash, and a term that is a prefix of another, stay apart. */
static void test_same_hash(void **state)
{
    (void)state;
    struct term_counts c = {0};
    add(&c, "alpha", 7);
    add(&c, "beta", 7);
    add(&c, "alph", 7);
    add(&c, "beta", 7);
    assert_int_equal(c.n, 3);
    assert_int_equal(count_of(&c, "alpha"), 1);
    assert_int_equal(count_of(&c, "beta"), 2);
    assert_int_equal(count_of(&c, "alph"), 1);
    term_counts_free(&c);
}

/* 5000 terms, each added twice: the table grows and keeps every count; cleared or freed,
 * it starts again. */
static void test_grows(void **state)
{
    (void)state;
    struct term_counts c = {0};
    char term[32];
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < 5000; i++) {
            int len = snprintf(term, sizeof term, "term%d", i);
            add(&c, term, positions_hash(term, (size_t)len));
        }
    assert_int_equal(c.n, 5000);
    assert_true(c.nslots >= 2 * c.n);
    for (size_t i = 0; i < c.n; i++)
        assert_int_equal(c.terms[i].words, 2);
    assert_int_equal(count_of(&c, "term4999"), 2);
    /* cleared when grown, and after being freed: empty, and it counts again */
    term_counts_clear(&c);
    assert_int_equal(c.n, 0);
    add(&c, "term7", positions_hash("term7", 5));
    assert_int_equal(count_of(&c, "term7"), 1);
    assert_int_equal(count_of(&c, "term8"), 0);
    term_counts_free(&c);
    assert_int_equal(c.n, 0);
    add(&c, "term7", positions_hash("term7", 5));
    add(&c, "term7", positions_hash("term7", 5));
    assert_int_equal(count_of(&c, "term7"), 2);
    term_counts_free(&c);
}

static void test_clear(void **state)
{
    (void)state;
    struct term_counts c = {0};
    add(&c, "мир", 1);
    add(&c, "мир", 1);
    add(&c, "война", 2);
    term_counts_clear(&c);
    assert_int_equal(c.n, 0);
    add(&c, "мир", 1);
    assert_int_equal(c.n, 1);
    assert_int_equal(count_of(&c, "мир"), 1);
    assert_int_equal(count_of(&c, "война"), 0);
    term_counts_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts),
        cmocka_unit_test(test_same_hash),
        cmocka_unit_test(test_grows),
        cmocka_unit_test(test_clear),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
