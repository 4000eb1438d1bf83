/* test_query.c: the shape of the store query made of what a user typed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analyzer.h"
#include "query.h"
#include "slovo.h"
#include "stem.h"

static void print_tree(const struct store_query *q, char *out, size_t cap)
{
    static const char *const ops[] = {"", "AND", "OR", "SYN", "PHRASE", "ALL", "BONUS"};
    size_t n = strlen(out);
    if (q->op == STORE_TERM) {
        snprintf(out + n, cap - n, "%.*s", (int)q->len, q->term);
        return;
    }
    snprintf(out + n, cap - n, "%s(", ops[q->op]);
    for (size_t i = 0; i < q->nkids; i++) {
        if (i)
            strncat(out, " ", cap - strlen(out) - 1);
        print_tree(q->kids[i], out, cap);
    }
    strncat(out, ")", cap - strlen(out) - 1);
}

struct env {
    struct analyzer *a;
    struct stemmer *s;
};

static int setup(void **state)
{
    struct env *e = calloc(1, sizeof *e);
    assert_int_equal(analyzer_new(&e->a), SLOVO_OK);
    assert_int_equal(stem_new(&e->s), SLOVO_OK);
    *state = e;
    return 0;
}

static int teardown(void **state)
{
    struct env *e = *state;
    analyzer_free(e->a);
    stem_free(e->s);
    free(e);
    return 0;
}

static void test_shapes(void **state)
{
    struct env *e = *state;
    /* Expected trees use the stems libstemmer and ukstem give, so each row also says which
     * language a word was looked up in. */
    static const struct { const char *text, *tree; } rows[] = {
        /* ы decides Russian: one stem, in body and title */
        {"выборы", "OR(выбор Sвыбор)"},
        /* Latin: English */
        {"elections", "OR(elect Select)"},
        /* digits stay as typed */
        {"1972", "OR(1972 S1972)"},
        /* several words: any may match; all of them earn a bonus */
        {"1972 2021", "OR(OR(OR(1972 S1972) OR(2021 S2021)) "
                      "BONUS(AND(OR(1972 S1972) OR(2021 S2021))))"},
        /* a hyphenated word whose part людей either language may own (люд, людин): Xapian
         * phrases take terms only, so one phrase per stem of that part */
        {"людей-2021", "OR(OR(людей2021 Sлюдей2021) OR(PHRASE(люд 2021) PHRASE(людин 2021)))"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        struct query *q;
        assert_int_equal(query_build(e->a, e->s, rows[i].text, strlen(rows[i].text), &q),
                         SLOVO_OK);
        char tree[512] = "";
        print_tree(q->root, tree, sizeof tree);
        assert_string_equal(tree, rows[i].tree);
        query_free(q);
    }
}

static void test_ambiguous_word_is_a_synonym_group(void **state)
{
    struct env *e = *state;
    struct query *q;
    /* людей is spelled alike in Russian and Ukrainian, but the two stemmers take it to
     * different stems (люд, людин): both are looked up, as synonyms. */
    assert_int_equal(query_build(e->a, e->s, "людей", strlen("людей"), &q), SLOVO_OK);
    assert_int_equal(q->root->op, STORE_OR);
    const struct store_query *body = q->root->kids[0];
    assert_int_equal(body->op, STORE_SYNONYM);
    assert_int_equal(body->nkids, 2);
    assert_int_equal(q->nterms, 2);
    query_free(q);
}

static void test_compound(void **state)
{
    struct env *e = *state;
    struct query *q;
    assert_int_equal(query_build(e->a, e->s, "Нью-Йорк", strlen("Нью-Йорк"), &q), SLOVO_OK);
    /* the whole word, or the phrase of its parts */
    assert_int_equal(q->root->op, STORE_OR);
    assert_int_equal(q->root->nkids, 2);
    assert_int_equal(q->root->kids[1]->op, STORE_PHRASE);
    assert_int_equal(q->root->kids[1]->nkids, 2);
    query_free(q);
}

static void test_no_words(void **state)
{
    struct env *e = *state;
    static const char *const rows[] = {"", "   ", "«»—!?", "\"()\"", "😀"};
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        struct query *q = (struct query *)1;
        assert_int_equal(query_build(e->a, e->s, rows[i], strlen(rows[i]), &q), SLOVO_SYNTAX);
        assert_null(q);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shapes),
        cmocka_unit_test(test_ambiguous_word_is_a_synonym_group),
        cmocka_unit_test(test_compound),
        cmocka_unit_test(test_no_words),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
