/* test_docdata.c: the stored-fields codec round-trips and rejects damaged records. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "docdata.h"
#include "slovo.h"

static void test_round_trip(void **state)
{
    (void)state;
    static const char *const rows[][DOCDATA_FIELDS] = {
        {"id", "Заголовок", "2021-06-16", "РБК-Україна", "https://x", "a.txt", "ru", "Текст"},
        {"only-id", NULL, NULL, NULL, NULL, NULL, NULL, NULL},
        {"", "", "", "", "", "", "", ""},
    };
    for (size_t r = 0; r < sizeof rows / sizeof *rows; r++) {
        struct docdata in = {0}, out;
        for (int i = 0; i < DOCDATA_FIELDS; i++) {
            in.field[i] = rows[r][i];
            in.len[i] = rows[r][i] ? strlen(rows[r][i]) : 0;
        }
        size_t len;
        char *data = docdata_encode(&in, &len);
        assert_non_null(data);
        assert_int_equal(docdata_decode(data, len, &out), SLOVO_OK);
        for (int i = 0; i < DOCDATA_FIELDS; i++) {
            assert_int_equal(out.len[i], in.len[i]);
            if (in.len[i])
                assert_memory_equal(out.field[i], in.field[i], in.len[i]);
        }
        free(data);
    }
}

static void test_long_field(void **state)
{
    (void)state;
    size_t big = 300000; /* a length that needs a three-byte varint */
    char *body = malloc(big);
    memset(body, 'x', big);
    struct docdata in = {0}, out;
    in.field[SLOVO_FIELD_BODY] = body;
    in.len[SLOVO_FIELD_BODY] = big;
    size_t len;
    char *data = docdata_encode(&in, &len);
    assert_int_equal(docdata_decode(data, len, &out), SLOVO_OK);
    assert_int_equal(out.len[SLOVO_FIELD_BODY], big);
    free(data);
    free(body);
}

static void test_damaged(void **state)
{
    (void)state;
    static const struct { const char *data; size_t len; } rows[] = {
        {"", 0},                                       /* nothing */
        {"\x05" "ab", 3},                              /* length past the end */
        {"\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80", 10}, /* endless varint */
        {"\0\0\0\0\0\0\0", 7},                         /* a field missing */
        {"\0\0\0\0\0\0\0\0x", 9},                      /* bytes left over */
    };
    for (size_t r = 0; r < sizeof rows / sizeof *rows; r++) {
        struct docdata out;
        assert_int_equal(docdata_decode(rows[r].data, rows[r].len, &out), SLOVO_CORRUPT);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_long_field),
        cmocka_unit_test(test_damaged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
