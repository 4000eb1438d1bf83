/* test_docdata.c: the stored-fields codec round-trips, each field NUL-terminated, and rejects
 * damaged records, whether the damage is in the compressed frame or in the fields inside it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zstd.h>

#include "docdata.h"
#include "slovo.h"

/* One reader and one writer for all the tests (make_coder()). */
struct coder {
    struct docdata_reader *reader;
    struct docdata_writer *writer;
};

static void test_round_trip(void **state)
{
    static const char *const rows[][DOCDATA_FIELDS] = {
        {"id", "Заголовок", "2021-06-16", "РБК-Україна", "https://x", "a.txt", "ru", "Текст"},
        {"only-id", NULL, NULL, NULL, NULL, NULL, NULL, NULL},
        {"", "", "", "", "", "", "", ""},
    };
    struct coder *c = *state;
    struct docdata_reader *reader = c->reader;
    for (size_t r = 0; r < sizeof rows / sizeof *rows; r++) {
        struct docdata in = {0}, out;
        for (int i = 0; i < DOCDATA_FIELDS; i++) {
            in.field[i] = rows[r][i];
            in.len[i] = rows[r][i] ? strlen(rows[r][i]) : 0;
        }
        size_t len;
        char *data = docdata_encode(c->writer, &in, &len), *plain;
        assert_non_null(data);
        assert_int_equal(docdata_decode(reader, data, len, &out, &plain), SLOVO_OK);
        for (int i = 0; i < DOCDATA_FIELDS; i++) {
            assert_int_equal(out.len[i], in.len[i]);
            if (in.len[i])
                assert_memory_equal(out.field[i], in.field[i], in.len[i]);
            assert_int_equal(out.field[i][out.len[i]], '\0');
        }
        free(plain);
        free(data);
    }
}

static void test_long_field(void **state)
{
    struct coder *c = *state;
    struct docdata_reader *reader = c->reader;
    size_t big = 300000; /* a length that needs a three-byte varint */
    char *body = malloc(big);
    memset(body, 'x', big);
    struct docdata in = {0}, out;
    in.field[SLOVO_FIELD_BODY] = body;
    in.len[SLOVO_FIELD_BODY] = big;
    size_t len;
    char *data = docdata_encode(c->writer, &in, &len), *plain;
    assert_true(len < big / 100); /* compressed */
    assert_int_equal(docdata_decode(reader, data, len, &out, &plain), SLOVO_OK);
    assert_int_equal(out.len[SLOVO_FIELD_BODY], big);
    assert_memory_equal(out.field[SLOVO_FIELD_BODY], body, big);
    free(plain);
    free(data);
    free(body);
}

/* Fields that do not add up, compressed as the encoder would. */
static void test_damaged_fields(void **state)
{
    struct coder *c = *state;
    struct docdata_reader *reader = c->reader;
    static const struct { const char *data; size_t len; } rows[] = {
        {"", 0},                                       /* nothing */
        {"\x05" "ab", 3},                              /* length past the end */
        {"\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80", 10}, /* endless varint */
        {"\0\0\0\0\0\0\0", 7},                         /* a field missing */
        {"\0\0\0\0\0\0\0\0x", 9},                      /* bytes left over */
    };
    for (size_t r = 0; r < sizeof rows / sizeof *rows; r++) {
        char frame[64], *plain;
        size_t len = ZSTD_compress(frame, sizeof frame, rows[r].data, rows[r].len, 1);
        assert_false(ZSTD_isError(len));
        struct docdata out;
        assert_int_equal(docdata_decode(reader, frame, len, &out, &plain), SLOVO_CORRUPT);
        assert_null(plain);
    }
}

/* A frame cut short, bit-flipped, or no frame at all. */
static void test_damaged_frame(void **state)
{
    struct coder *c = *state;
    struct docdata_reader *reader = c->reader;
    struct docdata in = {0}, out;
    in.field[SLOVO_FIELD_ID] = "id";
    in.len[SLOVO_FIELD_ID] = 2;
    in.field[SLOVO_FIELD_BODY] = "Текст статьи, текст статьи, текст статьи.";
    in.len[SLOVO_FIELD_BODY] = strlen(in.field[SLOVO_FIELD_BODY]);
    size_t len;
    char *data = docdata_encode(c->writer, &in, &len), *plain;
    assert_non_null(data);
    for (size_t cut = 0; cut < len; cut++) {
        assert_int_equal(docdata_decode(reader, data, cut, &out, &plain), SLOVO_CORRUPT);
        assert_null(plain);
    }
    for (size_t i = 0; i < len; i++) {
        for (int bit = 0; bit < 8; bit++) {
            data[i] ^= (char)(1 << bit);
            int rc = docdata_decode(reader, data, len, &out, &plain);
            /* a flip inside the text may still decode: then whole, never out of bounds */
            assert_true(rc == SLOVO_OK || rc == SLOVO_CORRUPT);
            free(plain);
            data[i] ^= (char)(1 << bit);
        }
    }
    assert_int_equal(docdata_decode(reader, "\x05" "ab", 3, &out, &plain), SLOVO_CORRUPT);
    free(data);
}

/* Damaged records must not spoil the reader for the next, and each record must come out
 * whole from a writer used before. */
static int make_coder(void **state)
{
    struct coder *c = calloc(1, sizeof *c);
    *state = c;
    return c && (c->reader = docdata_reader_new()) && (c->writer = docdata_writer_new()) ? 0
                                                                                         : -1;
}

static int free_coder(void **state)
{
    struct coder *c = *state;
    if (c) {
        docdata_reader_free(c->reader);
        docdata_writer_free(c->writer);
        free(c);
    }
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_long_field),
        cmocka_unit_test(test_damaged_fields),
        cmocka_unit_test(test_damaged_frame),
    };
    return cmocka_run_group_tests(tests, make_coder, free_coder);
}
