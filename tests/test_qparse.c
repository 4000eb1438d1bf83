/* test_qparse.c: the query language, query by query. Each row gives the tree printed as an
 * S-expression: (kind text) for a leaf, (kind kid...) for a group, ":t" after the kind of a
 * node under title:, "-" for an open end of a date range, "nil" for an empty query. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "fail_malloc.h"
#include "qparse.h"
#include "slovo.h"

/* ---- Printing ---------------------------------------------------------------------------- */

struct out {
    char *buf;
    size_t len, cap;
};

static void put(struct out *o, const char *s, size_t n)
{
    if (o->len + n + 1 > o->cap) {
        o->cap = (o->len + n + 1) * 2;
        o->buf = realloc(o->buf, o->cap);
        assert_non_null(o->buf);
    }
    memcpy(o->buf + o->len, s, n);
    o->len += n;
    o->buf[o->len] = '\0';
}

static void puts_(struct out *o, const char *s)
{
    put(o, s, strlen(s));
}

static void sx(const struct qnode *q, struct out *o)
{
    static const char *const names[] = {"word", "exact", "prefix", "phrase", "seq", "and",
                                        "or", "not", "source", "lang", "date"};
    puts_(o, "(");
    puts_(o, names[q->kind]);
    if (q->field == QF_TITLE)
        puts_(o, ":t");
    switch (q->kind) {
    case Q_WORD:
    case Q_EXACT:
    case Q_PREFIX:
    case Q_SOURCE:
    case Q_LANG:
        puts_(o, " ");
        put(o, q->text, q->len);
        break;
    case Q_DATE:
        puts_(o, " ");
        puts_(o, q->from[0] ? q->from : "-");
        puts_(o, " ");
        puts_(o, q->to[0] ? q->to : "-");
        break;
    default:
        for (size_t k = 0; k < q->nkids; k++) {
            puts_(o, " ");
            sx(q->kids[k], o);
        }
    }
    puts_(o, ")");
}

/* The tree of text as a malloc'd string, or "ERR <code> <pos> <message>". */
static char *parse_to_string(const char *text, size_t len)
{
    struct qparse p;
    struct out o = {0};
    char head[64];
    int rc = qparse(text, len, &p);
    if (rc == SLOVO_OK) {
        if (p.root)
            sx(p.root, &o);
        else
            puts_(&o, "nil");
    } else {
        snprintf(head, sizeof head, "ERR %d %zu ", rc, p.err_pos);
        puts_(&o, head);
        puts_(&o, p.err);
    }
    qparse_free(&p);
    return o.buf;
}

/* Walks a tree checking what the header promises. */
static size_t check_tree(const struct qnode *q, const char *text, size_t len, size_t depth)
{
    size_t words = 0;
    assert_true(depth < 4 * QPARSE_MAX_DEPTH + 8);
    assert_true(q->pos <= len);
    switch (q->kind) {
    case Q_WORD:
    case Q_EXACT:
    case Q_PREFIX:
    case Q_SOURCE:
        assert_true(q->len > 0);
        assert_true(q->text >= text && q->text + q->len <= text + len);
        assert_int_equal(q->nkids, 0);
        return 1;
    case Q_LANG:
        assert_true(strcmp(q->text, "ru") == 0 || strcmp(q->text, "uk") == 0 ||
                    strcmp(q->text, "en") == 0 || strcmp(q->text, "other") == 0);
        return 1;
    case Q_DATE:
        assert_true(q->from[0] || q->to[0]);
        assert_true(!q->from[0] || !q->to[0] || strcmp(q->from, q->to) <= 0);
        return 1;
    case Q_NOT:
        assert_int_equal(q->nkids, 1);
        break;
    case Q_PHRASE:
        assert_true(q->nkids >= 1);
        for (size_t k = 0; k < q->nkids; k++)
            assert_int_equal(q->kids[k]->kind, Q_WORD);
        break;
    default:
        assert_true(q->nkids >= 2);
        for (size_t k = 0; k < q->nkids; k++) {
            assert_true(q->kids[k]->kind != q->kind);
            if (q->kind == Q_OR)
                assert_true(q->kids[k]->kind != Q_NOT);
        }
    }
    for (size_t k = 0; k < q->nkids; k++)
        words += check_tree(q->kids[k], text, len, depth + 1);
    return words;
}

/* Parses, checks the tree or the error, returns the code. */
static int parse_checked(const char *text, size_t len)
{
    struct qparse p;
    int rc = qparse(text, len, &p);
    if (rc == SLOVO_OK) {
        assert_string_equal(p.err, "");
        if (p.root)
            assert_true(check_tree(p.root, text, len, 0) <= QPARSE_MAX_WORDS);
    } else {
        assert_int_equal(rc, SLOVO_SYNTAX);
        assert_null(p.root);
        assert_true(p.err_pos <= len);
        assert_non_null(strstr(p.err, " at "));
        assert_non_null(strchr(strstr(p.err, " at "), ':'));
    }
    qparse_free(&p);
    return rc;
}

/* ---- Trees ------------------------------------------------------------------------------- */

static const struct row {
    const char *in;
    const char *tree;
} rows[] = {
    /* words and juxtaposition */
    {"выборы", "(word выборы)"},
    {"  выборы\t", "(word выборы)"},
    {"выборы Москва", "(seq (word выборы) (word Москва))"},
    {"or and not", "(seq (word or) (word and) (word not))"},
    {"Нью-Йорк", "(word Нью-Йорк)"},
    {"кибер-атака a-b", "(seq (word кибер-атака) (word a-b))"},
    {"a--b", "(seq (word a) (word b))"},
    {"Москва - столица", "(seq (word Москва) (word столица))"},
    {"Москва — столица – всё", "(seq (word Москва) (word столица) (word всё))"},
    {"п’ять п'ять пʼять п`ять", "(seq (word п’ять) (word п'ять) (word пʼять) (word п`ять))"},
    {"‘слово’ 'слово'", "(seq (word слово) (word слово))"},
    {"«Нью-Йорк таймс»", "(seq (word Нью-Йорк) (word таймс))"},
    {"„цитата“ “quote”", "(seq (word цитата) (word quote))"},
    {"a\xC2\xA0" "b\xE2\x80\xAF" "c\xE3\x80\x80" "d", "(seq (word a) (word b) (word c) (word d))"},
    {"Нью‐Йорк Нью‑Йорк", "(seq (word Нью‐Йорк) (word Нью‑Йорк))"},
    {"сло\xC2\xADво", "(word сло\xC2\xADво)"},
    {"3.5 bbc.com 3,5 a,b 1,",
     "(seq (word 3.5) (word bbc.com) (word 3,5) (word a) (word b) (word 1))"},
    {"ёлка ЁЛКА", "(seq (word ёлка) (word ЁЛКА))"},
    {"10:30", "(seq (word 10) (word 30))"},
    {"xyz:word", "(seq (word xyz) (word word))"},
    {"Covid-19:", "(word Covid-19)"},
    {"Title:a", "(seq (word Title) (word a))"},
    {"title: a", "(seq (word title) (word a))"},
    {"title:", "(word title)"},
    {"a=b", "(seq (word a) (word b))"},
    {"C++", "(word C)"},
    {"Ура 😀!", "(seq (word Ура) (word 😀))"},
    {"NOT-a OR-b", "(seq (word NOT-a) (word OR-b))"},
    {"a...b", "(seq (word a) (word b))"},
    {"a_b#c", "(seq (word a) (word b) (word c))"},

    /* OR, AND and their precedence */
    {"выборы Москва OR Киев", "(seq (word выборы) (or (word Москва) (word Киев)))"},
    {"Москва | Киев | Харьков", "(or (word Москва) (word Киев) (word Харьков))"},
    {"a OR b OR c", "(or (word a) (word b) (word c))"},
    {"a|b", "(or (word a) (word b))"},
    {"a || b", "(or (word a) (word b))"},
    {"a | | b", "(or (word a) (word b))"},
    {"Путин AND Байден", "(and (word Путин) (word Байден))"},
    {"Путин & Байден + саммит", "(and (word Путин) (word Байден) (word саммит))"},
    {"a && b", "(and (word a) (word b))"},
    {"a OR b AND c", "(and (or (word a) (word b)) (word c))"},
    {"a AND b OR c", "(and (word a) (or (word b) (word c)))"},
    {"a b AND c d", "(seq (word a) (and (word b) (word c)) (word d))"},
    {"| a", "(word a)"},
    {"a |", "(word a)"},
    {"+a", "(word a)"},
    {"a + + b", "(and (word a) (word b))"},
    {"\"\" | a", "(word a)"},

    /* parentheses */
    {"(a b) OR c", "(or (seq (word a) (word b)) (word c))"},
    {"(a OR b) (c OR d)", "(seq (or (word a) (word b)) (or (word c) (word d)))"},
    {"a (b (c d))", "(seq (word a) (word b) (word c) (word d))"},
    {"(a OR (b OR c))", "(or (word a) (word b) (word c))"},
    {"a AND (b AND c)", "(and (word a) (word b) (word c))"},
    {"((a))", "(word a)"},
    {"(a) (b)", "(seq (word a) (word b))"},
    {"a ()", "(word a)"},
    {"(a OR b) -c", "(seq (or (word a) (word b)) (not (word c)))"},
    {"a OR (b -c)", "(or (word a) (seq (word b) (not (word c))))"},

    /* phrases */
    {"\"выборы в Москве\"", "(phrase (word выборы) (word в) (word Москве))"},
    {"\"один\"", "(phrase (word один))"},
    {"\"a OR -b* =c (d) title:e\"",
     "(phrase (word a) (word OR) (word b) (word c) (word d) (word title) (word e))"},
    {"\"«Нью-Йорк» таймс\"", "(phrase (word Нью-Йорк) (word таймс))"},
    {"\"незакрытая цитата", "(phrase (word незакрытая) (word цитата))"},
    {"a \"b c", "(seq (word a) (phrase (word b) (word c)))"},
    {"a\"b\"c", "(seq (word a) (phrase (word b)) (word c))"},
    {"\"a\" OR \"b c\"", "(or (phrase (word a)) (phrase (word b) (word c)))"},
    {"\"\" a", "(word a)"},

    /* exact words and prefixes */
    {"=слово", "(exact слово)"},
    /* a footnote star after a closing quote mark is punctuation */
    {"«Талибан»* в Кабуле", "(seq (word Талибан) (word в) (word Кабуле))"},
    {"“ИГ”*", "(word ИГ)"},
    {"=OR =title:a", "(seq (exact OR) (exact title) (word a))"},
    {"a =b", "(seq (word a) (exact b))"},
    {"(=b)", "(exact b)"},
    {"выбор*", "(prefix выбор)"},
    {"=выбор*", "(prefix выбор)"},
    {"ab*c", "(seq (prefix ab) (word c))"},
    {"OR*", "(prefix OR)"},
    {"10*", "(prefix 10)"},
    {"ёж* ab* OR cd*", "(seq (prefix ёж) (or (prefix ab) (prefix cd)))"},

    /* exclusions */
    {"-слово a", "(seq (not (word слово)) (word a))"},
    {"a -\"b c\"", "(seq (word a) (not (phrase (word b) (word c))))"},
    {"a -(b c)", "(seq (word a) (not (seq (word b) (word c))))"},
    {"a NOT b", "(seq (word a) (not (word b)))"},
    {"a NOT (b OR c)", "(seq (word a) (not (or (word b) (word c))))"},
    {"a -=b", "(seq (word a) (not (exact b)))"},
    {"a -bc*", "(seq (word a) (not (prefix bc)))"},
    {"a NOT NOT b", "(seq (word a) (not (not (word b))))"},
    {"a (-b -c)", "(seq (word a) (not (word b)) (not (word c)))"},
    {"a AND (-b -c)", "(and (word a) (not (word b)) (not (word c)))"},
    {"a AND -b", "(and (word a) (not (word b)))"},
    {"a AND NOT b", "(and (word a) (not (word b)))"},
    {"-a-b c", "(seq (not (word a-b)) (word c))"},
    {"a (-b)", "(seq (word a) (not (word b)))"},
    {"a -", "(word a)"},
    {"a - -", "(word a)"},
    {"a -\"\"", "(word a)"},
    {"-title:a b", "(seq (not (word:t a)) (word b))"},
    {"-lang:ru a", "(seq (not (lang ru)) (word a))"},
    {"a -date:2021", "(seq (word a) (not (date 20210101 20211231)))"},
    {"a -source:bbc", "(seq (word a) (not (source bbc)))"},

    /* title: */
    {"title:выборы", "(word:t выборы)"},
    {"title:\"выборы в Москве\"",
     "(phrase:t (word:t выборы) (word:t в) (word:t Москве))"},
    {"title:(a OR b) c", "(seq (or:t (word:t a) (word:t b)) (word c))"},
    {"title:(a b)", "(seq:t (word:t a) (word:t b))"},
    {"x title:(a b)", "(seq (word x) (word:t a) (word:t b))"},
    {"title:a OR b", "(or (word:t a) (word b))"},
    {"title:-a b", "(seq (not:t (word:t a)) (word b))"},
    {"title:=a", "(exact:t a)"},
    {"title:ab*", "(prefix:t ab)"},
    {"title:OR", "(word:t OR)"},
    {"title:\"\" a", "(word a)"},
    {"title:(a source:b)", "(seq:t (word:t a) (source b))"},
    {"title:title:a", "(word:t a)"},

    /* source: and lang: */
    {"source:bbc.com", "(source bbc.com)"},
    {"source:\"Українська правда\"", "(source Українська правда)"},
    {"source:\" BBC \" a", "(seq (source BBC) (word a))"},
    {"source:\"Незакрытый источник", "(source Незакрытый источник)"},
    {"(source:bbc.com)", "(source bbc.com)"},
    {"source:a:b", "(source a:b)"},
    {"lang:ru", "(lang ru)"},
    {"lang:UK", "(lang uk)"},
    {"lang:en lang:other", "(seq (lang en) (lang other))"},
    {"lang:ru,uk", "(or (lang ru) (lang uk))"},
    {"lang:ru|en", "(or (lang ru) (lang en))"},
    {"(lang:ru)", "(lang ru)"},

    /* date: */
    {"date:2021", "(date 20210101 20211231)"},
    {"date:2021-03", "(date 20210301 20210331)"},
    {"date:2021-02", "(date 20210201 20210228)"},
    {"date:2020-02", "(date 20200201 20200229)"},
    {"date:1900-02", "(date 19000201 19000228)"},
    {"date:2000-02", "(date 20000201 20000229)"},
    {"date:2021-04", "(date 20210401 20210430)"},
    {"date:2021-03-01", "(date 20210301 20210301)"},
    {"date:2021-3-1", "(date 20210301 20210301)"},
    {"date:2020-02-29", "(date 20200229 20200229)"},
    {"date:2021-03-01..2021-06-30", "(date 20210301 20210630)"},
    {"date:2020..2021", "(date 20200101 20211231)"},
    {"date:2021-03..2021-03", "(date 20210301 20210331)"},
    {"date:2020..", "(date 20200101 -)"},
    {"date:..2021", "(date - 20211231)"},
    {"date:..2021-02", "(date - 20210228)"},
    {"date:>2020-01-01", "(date 20200102 -)"},
    {"date:>2020-12-31", "(date 20210101 -)"},
    {"date:>2020-02", "(date 20200301 -)"},
    {"date:>2020", "(date 20210101 -)"},
    {"date:>=2020-01-01", "(date 20200101 -)"},
    {"date:>=2020-05", "(date 20200501 -)"},
    {"date:<2021", "(date - 20201231)"},
    {"date:<2021-03-01", "(date - 20210228)"},
    {"date:<2020-03-01", "(date - 20200229)"},
    {"date:<2020-01-01", "(date - 20191231)"},
    {"date:<=2021-06", "(date - 20210630)"},
    {"date:<=2021", "(date - 20211231)"},
    {"date:<=2021-06-15", "(date - 20210615)"},
    {"date:9999", "(date 99990101 99991231)"},
    {"date:0001", "(date 00010101 00011231)"},
    {"(date:2021)", "(date 20210101 20211231)"},
    {"выборы date:2021 lang:uk", "(seq (word выборы) (date 20210101 20211231) (lang uk))"},
    {"date:2021 OR date:2023", "(or (date 20210101 20211231) (date 20230101 20231231))"},

    /* nothing to search */
    {"", "nil"},
    {"   ", "nil"},
    {"\"\"", "nil"},
    {"\" \"", "nil"},
    {"()", "nil"},
    {"( )", "nil"},
    {"(())", "nil"},
    {"-", "nil"},
    {"-\"\"", "nil"},
    {"| & +", "nil"},
    {"=", "nil"},
    {"«»—…", "nil"},

    /* invalid UTF-8 bytes are word bytes */
    {"a \xFF\xFE b", "(seq (word a) (word \xFF\xFE) (word b))"},
    {"слово\xFF", "(word слово\xFF)"},
    {"\xC0\xAF", "(word \xC0\xAF)"},
    {"\x80", "(word \x80)"},
    {"\xE2\x80", "(word \xE2\x80)"},
    {"\xC2", "(word \xC2)"},
    {"\xE2\x80\x9C", "nil"},
    {"\"\xFF\"", "(phrase (word \xFF))"},
};

static void test_trees(void **state)
{
    (void)state;
    int failed = 0;
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
        char *got = parse_to_string(rows[k].in, strlen(rows[k].in));
        if (strcmp(got, rows[k].tree) != 0) {
            print_error("row %zu: %s\n  want %s\n  got  %s\n", k, rows[k].in, rows[k].tree, got);
            failed++;
        }
        assert_int_equal(parse_checked(rows[k].in, strlen(rows[k].in)), SLOVO_OK);
        free(got);
    }
    assert_int_equal(failed, 0);
}

/* ---- Errors ------------------------------------------------------------------------------ */

static const struct err_row {
    const char *in;
    size_t pos;
    const char *msg;        /* a substring of the message */
} err_rows[] = {
    {")", 0, "unbalanced ')' at 0: remove it or add '(' before it"},
    {"a b)", 3, "unbalanced ')'"},
    {"выборы)", 12, "unbalanced ')' at 12"},
    {"(a) b)", 5, "unbalanced ')'"},
    {"(a", 0, "unbalanced '(' at 0: add ')' or remove it"},
    {"a (b (c)", 2, "unbalanced '('"},
    {"(a \"b)", 0, "the quote at 3 is not closed"},
    {"*", 0, "'*' does not end a word"},
    {"a *", 2, "e.g. выбор*"},
    {"\"a b\"*", 5, "'*' does not end a word"},
    {"в*", 0, "prefix 'в' is too short"},
    {"a b*", 2, "at least 2 characters"},
    {"=в*", 0, "too short"},
    {"OR", 0, "'OR' has nothing before it"},
    {"OR a", 0, "write 'or' in lower case"},
    {"a OR", 2, "'OR' has nothing after it"},
    {"a AND", 2, "'AND' has nothing after it"},
    {"AND a", 0, "'AND' has nothing before it"},
    {"a OR OR b", 2, "nothing after"},
    {"a OR \"\"", 2, "nothing after"},
    {"a OR ()", 2, "nothing after"},
    {"\"\" OR a", 3, "nothing before"},
    {"(OR a)", 1, "nothing before"},
    {"a OR )", 2, "nothing after"},
    {"a NOT", 2, "'NOT' has nothing after it"},
    {"NOT", 0, "'NOT' has nothing after it"},
    {"a NOT \"\"", 2, "'NOT' has nothing after it"},
    {"OR AND NOT", 0, "'OR' has nothing before it"},
    {"-a", 0, "nothing to search for besides what to exclude"},
    {"-a -b", 0, "only excludes"},
    {"NOT a", 0, "nothing to search for besides what to exclude"},
    {"-(a b)", 0, "nothing to search for"},
    {"(-a) (-b)", 0, "nothing to search for"},
    {"-lang:ru", 0, "nothing to search for"},
    {"a OR -b", 5, "an exclusion cannot be an alternative of OR"},
    {"-a OR b", 0, "alternative of OR"},
    {"a|-b", 2, "alternative of OR"},
    {"a (b OR -c)", 8, "alternative of OR"},
    {"a OR (-b -c)", 6, "alternative of OR"},
    {"x -(a OR -b)", 9, "alternative of OR"},
    {"lang:xx", 5, "unknown language 'xx' at 5: use lang:ru, lang:uk, lang:en or lang:other"},
    {"lang:ru,xx", 8, "unknown language 'xx'"},
    {"lang:ru,", 8, "unknown language ''"},
    {"lang:(ru)", 5, "unknown language ''"},
    {"lang:russian", 5, "unknown language 'russian'"},
    {"source:\"\"", 0, "empty source name"},
    {"source:\"  \"", 0, "empty source name"},
    {"source:(bbc)", 0, "empty source name"},
    {"date:2021-13-01", 10, "invalid month '13' at 10: months are 01 to 12"},
    {"date:2021-00", 10, "invalid month '00'"},
    {"date:2021-02-30", 13, "invalid day '30' at 13: 2021-02 has 28 days"},
    {"date:2021-02-29", 13, "2021-02 has 28 days"},
    {"date:2021-04-31", 13, "2021-04 has 30 days"},
    {"date:2021-03-00", 13, "invalid day '00'"},
    {"date:вчера", 5, "invalid date 'вчера' at 5: write date:YYYY"},
    {"date:21", 5, "invalid date '21'"},
    {"date:2021-", 5, "invalid date"},
    {"date:2021-03-", 5, "invalid date"},
    {"date:2021-003", 5, "invalid date"},
    {"date:2021-03-01x", 5, "invalid date"},
    {"date:2021/03/01", 5, "invalid date"},
    {"date:01.03.2021", 5, "invalid date '01.03.2021'"},
    {"date:0000", 5, "invalid year '0000'"},
    {"date:..", 5, "empty date range"},
    {"date:...", 7, "invalid date '...'"},
    {"date:2021..2020", 5, "date range '2021..2020' ends before it starts"},
    {"date:2021-03-01..2021-13", 22, "invalid month '13'"},
    {"date:2021..x", 11, "invalid date '2021..x'"},
    {"date:>9999-12-31", 5, "no date after 9999-12-31"},
    {"date:<0001-01-01", 5, "no date before 0001-01-01"},
    {"date:>", 6, "invalid date '>'"},
    {"date:<=", 7, "invalid date"},
    {"a date:x)", 7, "invalid date 'x'"},
    {"(a \"b) c", 0, "runs to the end"},
};

static void test_errors(void **state)
{
    (void)state;
    int failed = 0;
    for (size_t k = 0; k < sizeof err_rows / sizeof err_rows[0]; k++) {
        const struct err_row *r = &err_rows[k];
        struct qparse p;
        int rc = qparse(r->in, strlen(r->in), &p);
        if (rc != SLOVO_SYNTAX || p.err_pos != r->pos || !strstr(p.err, r->msg)) {
            char *got = parse_to_string(r->in, strlen(r->in));
            print_error("error row %zu: %s\n  want %zu %s\n  got  %s\n", k, r->in, r->pos, r->msg,
                        got);
            free(got);
            failed++;
        }
        assert_null(p.root);
        assert_int_equal(parse_checked(r->in, strlen(r->in)), SLOVO_SYNTAX);
        qparse_free(&p);
    }
    assert_int_equal(failed, 0);
}

/* ---- Spans and positions ----------------------------------------------------------------- */

static void test_spans(void **state)
{
    (void)state;
    const char *q = "выборы =Москва -\"a b\" title:cd* source:\"BBC\" lang:uk date:2021";
    struct qparse p;
    assert_int_equal(qparse(q, strlen(q), &p), SLOVO_OK);
    struct qnode *r = p.root;
    assert_int_equal(r->kind, Q_SEQ);
    assert_int_equal(r->nkids, 7);
    assert_int_equal(r->pos, 0);
    assert_ptr_equal(r->kids[0]->text, q);
    assert_int_equal(r->kids[0]->len, strlen("выборы"));
    size_t eq = strlen("выборы ");
    assert_int_equal(r->kids[1]->kind, Q_EXACT);
    assert_int_equal(r->kids[1]->pos, eq);
    assert_ptr_equal(r->kids[1]->text, q + eq + 1);
    assert_int_equal(r->kids[1]->len, strlen("Москва"));
    size_t neg = strlen("выборы =Москва ");
    assert_int_equal(r->kids[2]->kind, Q_NOT);
    assert_int_equal(r->kids[2]->pos, neg);
    assert_int_equal(r->kids[2]->kids[0]->pos, neg + 1);
    assert_ptr_equal(r->kids[2]->kids[0]->kids[1]->text, q + neg + 4);
    size_t t = strlen("выборы =Москва -\"a b\" ");
    assert_int_equal(r->kids[3]->kind, Q_PREFIX);
    assert_int_equal(r->kids[3]->field, QF_TITLE);
    assert_int_equal(r->kids[3]->pos, t + 6);
    assert_ptr_equal(r->kids[3]->text, q + t + 6);
    assert_int_equal(r->kids[3]->len, 2);
    size_t s = t + strlen("title:cd* ");
    assert_int_equal(r->kids[4]->kind, Q_SOURCE);
    assert_int_equal(r->kids[4]->pos, s);
    assert_ptr_equal(r->kids[4]->text, q + s + 8);
    assert_int_equal(r->kids[4]->len, 3);
    assert_int_equal(r->kids[5]->kind, Q_LANG);
    assert_int_equal(r->kids[5]->pos, s + strlen("source:\"BBC\" "));
    assert_string_equal(r->kids[6]->from, "20210101");
    qparse_free(&p);
    qparse_free(&p);                        /* twice is harmless */
    qparse_free(NULL);
}

/* ---- Limits and hostile input ------------------------------------------------------------ */

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* n words "слово" (alternating with "w"), separated by spaces. */
static char *words(size_t n, size_t *len)
{
    char *s = malloc(n * 12 + 1);
    assert_non_null(s);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const char *w = i % 2 ? "w1 " : "слово ";
        memcpy(s + k, w, strlen(w));
        k += strlen(w);
    }
    s[k] = '\0';
    *len = k;
    return s;
}

static void test_word_limit(void **state)
{
    (void)state;
    size_t len;
    struct qparse p;

    char *s = words(QPARSE_MAX_WORDS, &len);
    assert_int_equal(qparse(s, len, &p), SLOVO_OK);
    assert_int_equal(p.root->kind, Q_SEQ);
    assert_int_equal(p.root->nkids, QPARSE_MAX_WORDS);
    qparse_free(&p);
    double t0 = now_ms();
    for (int r = 0; r < 100; r++) {
        assert_int_equal(qparse(s, len, &p), SLOVO_OK);
        qparse_free(&p);
    }
    double ok_ms = (now_ms() - t0) / 100;
    free(s);

    s = words(QPARSE_MAX_WORDS + 1, &len);
    assert_int_equal(qparse(s, len, &p), SLOVO_SYNTAX);
    assert_non_null(strstr(p.err, "query too long"));
    assert_non_null(strstr(p.err, "at most 1024 words"));
    assert_int_equal(p.err_pos, len - strlen("слово "));
    qparse_free(&p);
    free(s);

    s = words(10000, &len);
    t0 = now_ms();
    for (int r = 0; r < 100; r++) {
        assert_int_equal(qparse(s, len, &p), SLOVO_SYNTAX);
        assert_non_null(strstr(p.err, "at most 1024 words"));
        qparse_free(&p);
    }
    double err_ms = (now_ms() - t0) / 100;
    free(s);
    print_message("1024 words: %.3f ms, 10000 words (error): %.3f ms\n", ok_ms, err_ms);
    assert_true(ok_ms < 20 && err_ms < 20);  /* generous: sanitizers and shared machines */

    /* Phrase words and filters count too. */
    s = malloc(4 * (QPARSE_MAX_WORDS + 1) + 8);
    strcpy(s, "\"");
    for (int i = 0; i < QPARSE_MAX_WORDS + 1; i++)
        strcat(s, "ab ");
    assert_int_equal(qparse(s, strlen(s), &p), SLOVO_SYNTAX);
    assert_non_null(strstr(p.err, "at most 1024 words"));
    qparse_free(&p);
    free(s);
}

static void test_depth_limit(void **state)
{
    (void)state;
    char buf[1024];
    struct qparse p;

    for (int depth = 1; depth <= 100; depth++) {
        size_t k = 0;
        for (int i = 0; i < depth; i++)
            buf[k++] = '(';
        buf[k++] = 'a';
        for (int i = 0; i < depth; i++)
            buf[k++] = ')';
        int rc = qparse(buf, k, &p);
        if (depth <= QPARSE_MAX_DEPTH) {
            assert_int_equal(rc, SLOVO_OK);
            assert_int_equal(p.root->kind, Q_WORD);
        } else {
            assert_int_equal(rc, SLOVO_SYNTAX);
            assert_int_equal(p.err_pos, QPARSE_MAX_DEPTH);
            assert_non_null(strstr(p.err, "nested too deeply"));
        }
        qparse_free(&p);
    }

    /* Unbalanced, and other ways down: NOT, -, title:. */
    memset(buf, '(', 100);
    assert_int_equal(qparse(buf, 100, &p), SLOVO_SYNTAX);
    qparse_free(&p);
    memset(buf, ')', 100);
    assert_int_equal(qparse(buf, 100, &p), SLOVO_SYNTAX);
    assert_int_equal(p.err_pos, 0);
    qparse_free(&p);
    buf[0] = '\0';
    for (int i = 0; i < 100; i++)
        strcat(buf, "NOT ");
    strcat(buf, "a b");
    assert_int_equal(qparse(buf, strlen(buf), &p), SLOVO_SYNTAX);
    assert_non_null(strstr(p.err, "nested too deeply"));
    qparse_free(&p);
    buf[0] = '\0';
    strcat(buf, "a ");
    for (int i = 0; i < 100; i++)
        strcat(buf, "-(");
    strcat(buf, "b");
    assert_int_equal(qparse(buf, strlen(buf), &p), SLOVO_SYNTAX);
    assert_non_null(strstr(p.err, "nested too deeply"));
    qparse_free(&p);
    buf[0] = '\0';
    for (int i = 0; i < 100; i++)
        strcat(buf, "title:");
    strcat(buf, "b");
    assert_int_equal(qparse(buf, strlen(buf), &p), SLOVO_SYNTAX);
    assert_non_null(strstr(p.err, "nested too deeply"));
    qparse_free(&p);
    /* 60 levels of parentheses, each with words: fine. */
    buf[0] = '\0';
    for (int i = 0; i < 60; i++)
        strcat(buf, "(x OR y ");
    for (int i = 0; i < 60; i++)
        strcat(buf, ") -z");
    assert_int_equal(parse_checked(buf, strlen(buf)), SLOVO_OK);
}

static void test_empty(void **state)
{
    (void)state;
    struct qparse p;
    assert_int_equal(qparse(NULL, 0, &p), SLOVO_OK);
    assert_null(p.root);
    qparse_free(&p);
    assert_int_equal(qparse("", 0, &p), SLOVO_OK);
    assert_null(p.root);
    qparse_free(&p);
    assert_int_equal(qparse(NULL, 1, &p), SLOVO_MISUSE);
    qparse_free(&p);
    /* A NUL byte is a separator, and the length, not the NUL, ends the input. */
    char *got = parse_to_string("a\0b", 3);
    assert_string_equal(got, "(seq (word a) (word b))");
    free(got);
    /* Not NUL-terminated: the parser must stop at len. */
    got = parse_to_string("ab*cdef", 3);
    assert_string_equal(got, "(prefix ab)");
    free(got);
    got = parse_to_string("title:abc", 6);
    assert_string_equal(got, "(word title)");
    free(got);
    got = parse_to_string("date:2021-03-01", 9);
    assert_string_equal(got, "(date 20210101 20211231)");
    free(got);
}

static const char *const fragments[] = {
    "выборы", "Москва", "OR", "AND", "NOT", "-", "=", "*", "(", ")", "\"", "|", "&", "+",
    "title:", "source:", "lang:", "date:", "ru", "2021", "-03", "..", ">", "<=", " ", " ",
    "'", "’", "«", "\xFF", "\xD0", ":", "ab*", "Нью-Йорк", "10:30", ",", ".",
};

static void test_random(void **state)
{
    (void)state;
    /* 100 KB of random bytes, and 100 KB of random query fragments, several seeds. */
    size_t cap = 100 * 1024;
    char *buf = malloc(cap + 64);
    assert_non_null(buf);
    int ok = 0, err = 0;
    for (unsigned seed = 1; seed <= 20; seed++) {
        srand(seed);
        for (size_t i = 0; i < cap; i++)
            buf[i] = (char)(rand() & 0xFF);
        parse_checked(buf, cap) == SLOVO_OK ? ok++ : err++;
        /* Random bytes without the characters that fail early. */
        for (size_t i = 0; i < cap; i++)
            if (buf[i] == '*' || buf[i] == ')' || buf[i] == '(')
                buf[i] = ' ';
        parse_checked(buf, cap) == SLOVO_OK ? ok++ : err++;
        size_t k = 0;
        while (k < cap) {
            const char *f = fragments[rand() % (sizeof fragments / sizeof fragments[0])];
            memcpy(buf + k, f, strlen(f));
            k += strlen(f);
        }
        parse_checked(buf, k) == SLOVO_OK ? ok++ : err++;
        for (size_t len = 1; len < 200; len += 7) {
            k = 0;
            while (k < len) {
                const char *f = fragments[rand() % (sizeof fragments / sizeof fragments[0])];
                memcpy(buf + k, f, strlen(f));
                k += strlen(f);
            }
            parse_checked(buf, k) == SLOVO_OK ? ok++ : err++;
        }
    }
    print_message("random: %d parsed, %d errors\n", ok, err);
    assert_true(ok > 0 && err > 0);
    free(buf);
}

static void test_long_word(void **state)
{
    (void)state;
    size_t n = 10000;
    char *s = malloc(n + 2);
    memset(s, 'a', n);
    s[n] = '*';
    struct qparse p;
    assert_int_equal(qparse(s, n, &p), SLOVO_OK);
    assert_int_equal(p.root->kind, Q_WORD);
    assert_int_equal(p.root->len, n);
    qparse_free(&p);
    assert_int_equal(qparse(s, n + 1, &p), SLOVO_OK);
    assert_int_equal(p.root->kind, Q_PREFIX);
    qparse_free(&p);
    /* A message quotes at most a few dozen bytes, cut before a character. */
    strcpy(s, "lang:");
    for (int i = 0; i < 100; i++)
        strcat(s, "я");
    assert_int_equal(qparse(s, strlen(s), &p), SLOVO_SYNTAX);
    assert_true(strlen(p.err) < 200);
    assert_non_null(strstr(p.err, "яя...'"));
    qparse_free(&p);
    free(s);
}

static void test_nomem(void **state)
{
    (void)state;
    const char *queries[] = {
        "выборы Москва OR Киев -\"a b\" title:(c d) date:2021 lang:ru,uk source:bbc",
        NULL,   /* a long one, built below */
    };
    size_t len;
    char *big = words(1000, &len);
    queries[1] = big;
    for (size_t q = 0; q < 2; q++) {
        char *want = parse_to_string(queries[q], strlen(queries[q]));
        int failures = 0;
        for (long n = 1;; n++) {
            struct qparse p;
            fail_countdown = n;
            int rc = qparse(queries[q], strlen(queries[q]), &p);
            fail_countdown = -1;
            if (rc == SLOVO_OK) {
                char *got = parse_to_string(queries[q], strlen(queries[q]));
                assert_string_equal(got, want);
                free(got);
                qparse_free(&p);
                break;
            }
            assert_int_equal(rc, SLOVO_NOMEM);
            assert_null(p.root);
            assert_null(p.arena);
            assert_string_equal(p.err, "out of memory");
            qparse_free(&p);
            failures++;
        }
        assert_true(failures >= 1);
        free(want);
    }
    free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trees),       cmocka_unit_test(test_errors),
        cmocka_unit_test(test_spans),       cmocka_unit_test(test_word_limit),
        cmocka_unit_test(test_depth_limit), cmocka_unit_test(test_empty),
        cmocka_unit_test(test_random),      cmocka_unit_test(test_long_word),
        cmocka_unit_test(test_nomem),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
