/* test_utf8.c: the strict validator and the repairer, row by row. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "utf8.h"

#define FFFD "\xEF\xBF\xBD"
/* A byte string with its length, so that rows may hold NUL bytes. */
#define B(s) s, sizeof(s) - 1

static const struct row {
    const char *name;
    const char *in;
    size_t in_len;
    int valid;
    const char *out; /* utf8_repair() of in; NULL: the same as in */
    size_t out_len;
} rows[] = {
    {"empty", B(""), 1, NULL, 0},
    {"one byte", B("a"), 1, NULL, 0},
    {"NUL is a character", B("a\0b"), 1, NULL, 0},
    {"Cyrillic", B("Привет, мир"), 1, NULL, 0},
    {"Ukrainian apostrophe", B("п’ять пʼять ґанок її"), 1, NULL, 0},
    {"ASCII run then Cyrillic", B("0123456789abcdefghij ёлка"), 1, NULL, 0},
    {"U+0080", B("\xC2\x80"), 1, NULL, 0},
    {"U+07FF", B("\xDF\xBF"), 1, NULL, 0},
    {"U+0800", B("\xE0\xA0\x80"), 1, NULL, 0},
    {"U+D7FF, before the surrogates", B("\xED\x9F\xBF"), 1, NULL, 0},
    {"U+E000, after the surrogates", B("\xEE\x80\x80"), 1, NULL, 0},
    {"U+FFFD itself", B(FFFD), 1, NULL, 0},
    {"U+10000", B("\xF0\x90\x80\x80"), 1, NULL, 0},
    {"emoji, 4 bytes", B("Ура 😀!"), 1, NULL, 0},
    {"U+10FFFF, the last", B("\xF4\x8F\xBF\xBF"), 1, NULL, 0},

    {"overlong '/' in 2 bytes", B("\xC0\xAF"), 0, B(FFFD FFFD)},
    {"overlong C1", B("\xC1\xBF"), 0, B(FFFD FFFD)},
    {"overlong '/' in 3 bytes", B("\xE0\x80\xAF"), 0, B(FFFD FFFD FFFD)},
    {"overlong U+07FF in 3 bytes", B("\xE0\x9F\xBF"), 0, B(FFFD FFFD FFFD)},
    {"overlong '/' in 4 bytes", B("\xF0\x80\x80\xAF"), 0, B(FFFD FFFD FFFD FFFD)},
    {"surrogate U+D800", B("\xED\xA0\x80"), 0, B(FFFD FFFD FFFD)},
    {"surrogate U+DFFF", B("\xED\xBF\xBF"), 0, B(FFFD FFFD FFFD)},
    {"CESU-8 surrogate pair", B("\xED\xA0\xBD\xED\xB8\x80"), 0,
     B(FFFD FFFD FFFD FFFD FFFD FFFD)},
    {"U+110000, above the last", B("\xF4\x90\x80\x80"), 0, B(FFFD FFFD FFFD FFFD)},
    {"F5 lead byte", B("\xF5\x80\x80\x80"), 0, B(FFFD FFFD FFFD FFFD)},
    {"FF byte", B("\xFF"), 0, B(FFFD)},
    {"lone continuation byte", B("\x80"), 0, B(FFFD)},
    {"Cyrillic with FF inside", B("Мир\xFFмир"), 0, B("Мир" FFFD "мир")},
    {"truncated 2 bytes at the end", B("жук\xD0"), 0, B("жук" FFFD)},
    {"truncated 2 bytes before ASCII", B("\xD0" "a"), 0, B(FFFD "a")},
    {"truncated 3 bytes", B("\xE2\x80" "x"), 0, B(FFFD "x")},
    {"truncated 4-byte emoji", B("\xF0\x9F\x98" "!"), 0, B(FFFD "!")},
    {"truncated 4 bytes at the end", B("\xF0\x9F"), 0, B(FFFD)},
    {"two truncated sequences", B("\xE2\x80\xE2\x80"), 0, B(FFFD FFFD)},
    {"Latin-1 é", B("caf\xE9 ok"), 0, B("caf" FFFD " ok")},
    {"windows-1251 text", B("\xcf\xf0\xe8\xe2\xe5\xf2"), 0,
     B(FFFD FFFD FFFD FFFD FFFD FFFD)},
    {"invalid after a long ASCII run", B("abcdefghijklmnopqrstuvwxyz\x80" "abc"), 0,
     B("abcdefghijklmnopqrstuvwxyz" FFFD "abc")},
};

static void test_rows(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const struct row *r = &rows[i];
        const char *want = r->out != NULL ? r->out : r->in;
        size_t want_len = r->out != NULL ? r->out_len : r->in_len;
        size_t got_len = (size_t)-1;
        char *got;

        print_message("%s\n", r->name);
        assert_int_equal(utf8_valid(r->in, r->in_len), r->valid);
        got = utf8_repair(r->in, r->in_len, &got_len);
        assert_non_null(got);
        assert_int_equal(got_len, want_len);
        assert_memory_equal(got, want, want_len + 1); /* with the NUL */
        assert_int_equal(utf8_valid(got, got_len), 1);
        free(got);
    }
}

/* utf8_escape(): invalid bytes and '%' as %XX, the rest as it is; distinct inputs that
 * utf8_repair() would make equal stay distinct. */
static void test_escape(void **state)
{
    static const struct {
        const char *in;
        size_t in_len;
        const char *out;
    } esc[] = {
        {B("plain.txt"), "plain.txt"},
        {B("/новости/\xce\xf2\xf7\xe5\xf2.txt"), "/новости/%CE%F2%F7%E5%F2.txt"},
        {B("/новости/\xcd\xee\xe2\xee\xe5.txt"), "/новости/%CD%EE%E2%EE%E5.txt"},
        {B("100%\xff"), "100%25%FF"},
        {B("\xE2\x80!"), "%E2%80!"},
    };
    (void)state;
    for (size_t i = 0; i < sizeof esc / sizeof esc[0]; i++) {
        size_t len = 0;
        char *got = utf8_escape(esc[i].in, esc[i].in_len, &len);
        assert_non_null(got);
        assert_string_equal(got, esc[i].out);
        assert_int_equal(len, strlen(esc[i].out));
        assert_int_equal(utf8_valid(got, len), 1);
        free(got);
    }
}

/* Every prefix of a valid string cut inside a character is invalid; whole ones are valid. */
static void test_prefixes(void **state)
{
    static const char s[] = "я😀ї€";
    static const size_t boundaries[] = {0, 2, 6, 8, 11};
    size_t b = 0;

    (void)state;
    for (size_t n = 0; n <= sizeof s - 1; n++) {
        int whole = b < sizeof boundaries / sizeof boundaries[0] && boundaries[b] == n;
        assert_int_equal(utf8_valid(s, n), whole);
        if (whole)
            b++;
    }
}

/* A 10 000-byte token, with an error at the very end, then at the very start. */
static void test_long(void **state)
{
    size_t len = 10000, out_len;
    char *s = malloc(len), *out;

    (void)state;
    assert_non_null(s);
    for (size_t i = 0; i < len; i += 2)
        memcpy(s + i, "ж", 2);
    assert_int_equal(utf8_valid(s, len), 1);
    s[len - 1] = 'x';
    assert_int_equal(utf8_valid(s, len), 0);
    out = utf8_repair(s, len, &out_len);
    assert_non_null(out);
    assert_int_equal(out_len, len - 2 + 3 + 1);
    assert_memory_equal(out + len - 2, FFFD "x", 5);
    free(out);
    s[len - 1] = '\xB6';
    s[0] = '\xB6';
    assert_int_equal(utf8_valid(s, len), 0);
    out = utf8_repair(s, len, &out_len);
    assert_non_null(out);
    assert_int_equal(out_len, len + 3 + 3 - 2);
    assert_memory_equal(out, FFFD FFFD "ж", 8);
    free(out);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows),
        cmocka_unit_test(test_prefixes),
        cmocka_unit_test(test_escape),
        cmocka_unit_test(test_long),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
