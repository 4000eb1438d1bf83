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
#include "docdata.h"
#include "exact.h"
#include "fail_malloc.h"
#include "query.h"
#include "slovo.h"
#include "stem.h"

static void print_tree(const struct store_query *q, char *out, size_t cap)
{
    static const char *const ops[] = {"",      "AND",  "OR",   "SYN",    "PHRASE", "ALL",
                                      "SCALE", "WILD", "DATE", "FILTER", "ANDNOT", "CHECK",
                                      "WORD",  "WORDS", "HYPHEN"};
    size_t n = strlen(out);
    if (q->op == STORE_TERM) {
        snprintf(out + n, cap - n, "%.*s", (int)q->len, q->term);
        return;
    }
    if (q->op == STORE_WILDCARD) {
        snprintf(out + n, cap - n, "WILD(%.*s)", (int)q->len, q->term);
        return;
    }
    if (q->op == STORE_DATE_RANGE) {
        snprintf(out + n, cap - n, "DATE(%s..%s)", q->from ? q->from : "", q->to ? q->to : "");
        return;
    }
    if (q->op == STORE_CHECK) {
        /* the form checked, then what is checked */
        const struct exact_form *f = q->check_ctx;
        snprintf(out + n, cap - n, "CHECK[%s%s](", f->title_only ? "title:" : "", f->form);
        for (size_t i = 0; i < q->nkids; i++)
            print_tree(q->kids[i], out, cap);
        strncat(out, ")", cap - strlen(out) - 1);
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
    struct docdata_reader *fields;
};

static int setup(void **state)
{
    struct env *e = calloc(1, sizeof *e);
    assert_int_equal(analyzer_new(&e->a), SLOVO_OK);
    assert_int_equal(stem_new(&e->s), SLOVO_OK);
    assert_non_null(e->fields = docdata_reader_new());
    *state = e;
    return 0;
}

static int teardown(void **state)
{
    struct env *e = *state;
    analyzer_free(e->a);
    stem_free(e->s);
    docdata_reader_free(e->fields);
    free(e);
    return 0;
}

/* The tree of the query built from text (its root, or with phrase its q->phrase; "" for
 * none) into tree[0..cap). */
static void built(struct env *e, const char *text, int phrase, char *tree, size_t cap)
{
    struct query *q;
    char err[256];
    assert_int_equal(query_build(e->a, e->s, e->fields, text, strlen(text), &q, err, sizeof err),
                     SLOVO_OK);
    tree[0] = '\0';
    const struct store_query *n = phrase ? q->phrase : q->root;
    if (n)
        print_tree(n, tree, cap);
    query_free(q);
}

static void test_shapes(void **state)
{
    struct env *e = *state;
    /* Expected trees use the stems libstemmer and ukstem give, so each row also says which
     * language a word was looked up in. */
    static const struct { const char *text, *tree; } rows[] = {
        /* ы decides Russian: one stem, in body and title */
        {"выборы", "WORD(выбор Sвыбор)"},
        /* Latin: English */
        {"elections", "WORD(elect Select)"},
        /* digits stay as typed */
        {"1972", "WORD(1972 S1972)"},
        /* several words: any may match (WORDS: the store leaves out a common one beside a
         * rarer one); all of them earn a bonus, and the phrase of them one more, on the best
         * matches (query.phrase, checked by the store) */
        {"1972 2021", "WORDS(WORD(1972 S1972) WORD(2021 S2021))"},
        /* words that are no phrase (a prefix among them): the query holds the bonus */
        {"1972 20*", "OR(WORDS(WORD(1972 S1972) OR(WILD(20) WILD(S20))) "
                     "SCALE(AND(WORD(1972 S1972) OR(WILD(20) WILD(S20)))))"},
        /* a hyphenated word whose part людей either language may own (люд, людин): whole,
         * or all its parts, the first either stem */
        {"людей-2021", "HYPHEN(WORD(людей2021 Sлюдей2021) AND(SYN(люд людин) 2021))"},
        /* the query language (qparse.h) */
        {"выборы -мэра", "ANDNOT(WORD(выбор Sвыбор) WORD(мэр Sмэр))"},
        {"выборы NOT мэра", "ANDNOT(WORD(выбор Sвыбор) WORD(мэр Sмэр))"},
        {"title:выборы", "Sвыбор"},
        /* =word: its terms, in the articles whose text has the form (exact.h) */
        {"=выборах", "CHECK[выборах](WORD(выбор Sвыбор))"},
        {"title:=Выборах", "CHECK[title:выборах](Sвыбор)"},
        {"=Нью-Йорке", "CHECK[ньюйорке](WORD(ньюйорк Sньюйорк))"},
        {"=bbc.com", "CHECK[bbc.com](WORD(bbc.com Sbbc.com))"},
        {"\"выборы мэра\"", "PHRASE(выбор мэр)"},
        {"\"выборы\"", "WORD(выбор Sвыбор)"},         /* one word quoted: that word */
        {"\"людей\"", "WORD(SYN(люд людин) SYN(Sлюд Sлюдин))"},
        {"title:\"выборы мэра\"", "PHRASE(Sвыбор Sмэр)"},
        {"выбор*", "OR(WILD(выбор) WILD(Sвыбор))"},
        /* the typed prefix, and its stem: the index holds выбор, not выборы */
        {"выборы*", "OR(WILD(выборы) WILD(Sвыборы) WILD(выбор) WILD(Sвыбор))"},
        /* an OR typed keeps every word, as do words to exclude */
        {"выборы OR 1972", "OR(WORD(выбор Sвыбор) WORD(1972 S1972))"},
        {"выборы -(мэра 1972)", "ANDNOT(WORD(выбор Sвыбор) OR(OR(WORD(мэр Sмэр) WORD(1972 S1972)) "
                                "SCALE(AND(WORD(мэр Sмэр) WORD(1972 S1972)))))"},
        {"выборы AND 1972", "AND(WORD(выбор Sвыбор) WORD(1972 S1972))"},
        {"выборы lang:ru", "FILTER(WORD(выбор Sвыбор) SCALE(Lru))"},
        {"выборы date:2021", "FILTER(WORD(выбор Sвыбор) SCALE(DATE(20210101..20211231)))"},
        {"выборы date:>=2021-03", "FILTER(WORD(выбор Sвыбор) SCALE(DATE(20210301..)))"},
        {"выборы source:\"Русская служба\"",
         "FILTER(WORD(выбор Sвыбор) SCALE(AND(Rрусская Rслужба)))"},
        {"source:Світ-інфо", "FILTER(ALL() SCALE(AND(Rсвіт Rінфо)))"},
        {"\"в Нью-Йорке снег\"", "PHRASE(в нью йорк снег)"},
        {"lang:uk", "FILTER(ALL() SCALE(Luk))"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        char tree[512];
        built(e, rows[i].text, 0, tree, sizeof tree);
        assert_string_equal(tree, rows[i].tree);
    }
}

static void test_phrase_of_free_words(void **state)
{
    struct env *e = *state;
    static const struct { const char *text, *phrase; } rows[] = {
        {"1972 2021", "PHRASE(1972 2021)"},
        {"1972", ""},                          /* one word is no phrase */
        /* a hyphenated word counts by its parts, as an article that writes it whole holds
         * them one after another */
        {"1972 людей-2021", "PHRASE(1972 SYN(люд людин) 2021)"},
        /* a word quoted, or in the title only, is a word; a phrase quoted, its words */
        {"\"выборы\" 1972", "PHRASE(выбор 1972)"},
        {"title:выборы 1972", "PHRASE(Sвыбор 1972)"},
        {"1972 \"выборы мэра\" 2021", "PHRASE(1972 выбор мэр 2021)"},
        {"1972 20*", ""},                      /* a prefix is no word of a phrase */
        {"1972 (2021 OR 1990)", ""},           /* nor is a choice */
        {"выборы 1972 AND 2021", "PHRASE(выбор 1972 2021)"},  /* words ANDed are words */
        {"1972 AND 2021", ""},                 /* nor words that must all match anyway */
        {"1972 2021 -1990", "PHRASE(1972 2021)"},
        {"1972 2021 -(1990 1991)", "PHRASE(1972 2021)"},  /* not the words excluded */
        {"1972 -(1990 1991)", ""},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        char tree[512];
        built(e, rows[i].text, 1, tree, sizeof tree);
        if (strcmp(tree, rows[i].phrase) != 0)
            fail_msg("'%s': phrase '%s', not '%s'", rows[i].text, tree, rows[i].phrase);
    }
}

/* Who gives the bonus for all of the free items: the store, among the best matches, when they
 * are plain words; else the query, by their AND, as a phrase's words may all be there without
 * the phrase, and a hyphenated word written solid holds none of its parts. */
static void test_who_gives_the_all_words_bonus(void **state)
{
    struct env *e = *state;
    static const struct { const char *text, *root; int is_words; } rows[] = {
        {"1972 2021", "WORDS(WORD(1972 S1972) WORD(2021 S2021))", 1},
        {"\"1972\" 2021", "WORDS(WORD(1972 S1972) WORD(2021 S2021))", 1},
        {"1972 \"выборы мэра\"", "OR(WORDS(WORD(1972 S1972) PHRASE(выбор мэр)) "
                                 "SCALE(AND(WORD(1972 S1972) PHRASE(выбор мэр))))", 0},
        {"1972 мэра-2021", "OR(WORDS(WORD(1972 S1972) HYPHEN(WORD(мэра2021 Sмэра2021) "
                           "AND(мэр 2021))) SCALE(AND(WORD(1972 S1972) "
                           "HYPHEN(WORD(мэра2021 Sмэра2021) AND(мэр 2021)))))", 0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        struct query *q;
        char err[256], tree[512] = "";
        const char *text = rows[i].text;
        assert_int_equal(query_build(e->a, e->s, e->fields, text, strlen(text), &q, err,
                                     sizeof err),
                         SLOVO_OK);
        assert_non_null(q->phrase);
        print_tree(q->root, tree, sizeof tree);
        assert_string_equal(tree, rows[i].root);
        if (q->phrase_is_words != rows[i].is_words)
            fail_msg("'%s': phrase_is_words %d", text, q->phrase_is_words);
        query_free(q);
    }
}

/* The typed words of the free items make a phrase of at most 32 words, a quoted phrase's
 * words counting one by one. */
static void test_phrase_of_at_most_32_words(void **state)
{
    struct env *e = *state;
    for (int quoted = 30; quoted <= 31; quoted++) {
        char text[512] = "1972 \"";
        for (int i = 0; i < quoted; i++)
            snprintf(text + strlen(text), sizeof text - strlen(text), "%s%d", i ? " " : "",
                     2000 + i);
        strcat(text, "\"");
        struct query *q;
        char err[256];
        assert_int_equal(query_build(e->a, e->s, e->fields, text, strlen(text), &q, err,
                                     sizeof err),
                         SLOVO_OK);
        if (quoted + 1 <= 32)
            assert_int_equal(q->phrase ? q->phrase->nkids : 0, quoted + 1);
        else
            assert_null(q->phrase);
        query_free(q);
    }
}

/* Memory running out at any allocation while a query is built gives SLOVO_NOMEM and no
 * query, never a crash nor a query missing a part. */
static void test_out_of_memory(void **state)
{
    struct env *e = *state;
    static const char *const texts[] = {
        "выборы \"мэра Москвы\" Нью-Йорк title:1972 выбор* -(2021 OR 1990) lang:ru",
        "1972 2021 \"выборы\" людей-2021",
    };
    for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
        char want[1024] = "", got[1024] = "";
        built(e, texts[t], 0, want, sizeof want);
        int failures = 0;
        for (long n = 1;; n++) {
            struct query *q;
            char err[256];
            fail_countdown = n;
            int rc = query_build(e->a, e->s, e->fields, texts[t], strlen(texts[t]), &q, err,
                                 sizeof err);
            fail_countdown = -1;
            if (rc == SLOVO_OK) {
                got[0] = '\0';
                print_tree(q->root, got, sizeof got);
                assert_string_equal(got, want);
                query_free(q);
                break;
            }
            assert_int_equal(rc, SLOVO_NOMEM);
            assert_null(q);
            failures++;
        }
        assert_true(failures >= 1);
    }
}

static void test_ambiguous_word_is_a_synonym_group(void **state)
{
    struct env *e = *state;
    struct query *q;
    /* людей is spelled alike in Russian and Ukrainian, but the two stemmers take it to
     * different stems (люд, людин): both are looked up, as synonyms. */
    char err[256];
    assert_int_equal(
        query_build(e->a, e->s, e->fields, "людей", strlen("людей"), &q, err, sizeof err),
        SLOVO_OK);
    assert_int_equal(q->root->op, STORE_WORD);
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
    char err[256];
    assert_int_equal(
        query_build(e->a, e->s, e->fields, "Нью-Йорк", strlen("Нью-Йорк"), &q, err, sizeof err),
        SLOVO_OK);
    /* the whole word, or all of its parts */
    assert_int_equal(q->root->op, STORE_HYPHENATED);
    assert_int_equal(q->root->nkids, 2);
    assert_int_equal(q->root->kids[1]->op, STORE_AND);
    assert_int_equal(q->root->kids[1]->nkids, 2);
    query_free(q);
}

static void test_no_words(void **state)
{
    struct env *e = *state;
    static const struct { const char *text, *error; } rows[] = {
        {"", "no word to search for at 0"},
        {"   ", "no word to search for at 0"},
        {"«»—!?", "no word to search for at 0"},
        {"\"()\"", "no word to search for at 0"},
        {"😀", "no word to search for at 0"},
        /* the parser's own errors come through with their position */
        {"(выборы", "'(' at 0"},
        {"-выборы", "nothing to search for besides what to exclude"},
        {"=—", "no word to search for at 0"},
        {"date:2021-13", "month '13' at 10"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        struct query *q = (struct query *)1;
        char err[256];
        assert_int_equal(query_build(e->a, e->s, e->fields, rows[i].text, strlen(rows[i].text),
                                     &q, err, sizeof err),
                         SLOVO_SYNTAX);
        assert_null(q);
        if (!strstr(err, rows[i].error))
            fail_msg("'%s': '%s' does not say '%s'", rows[i].text, err, rows[i].error);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shapes),
        cmocka_unit_test(test_phrase_of_free_words),
        cmocka_unit_test(test_who_gives_the_all_words_bonus),
        cmocka_unit_test(test_phrase_of_at_most_32_words),
        cmocka_unit_test(test_out_of_memory),
        cmocka_unit_test(test_ambiguous_word_is_a_synonym_group),
        cmocka_unit_test(test_compound),
        cmocka_unit_test(test_no_words),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
