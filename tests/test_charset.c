/* test_charset.c: encodings found and converted (charset.c), and files in them read through
 * reader_read_file(). Legacy-encoded inputs are made here from the UTF-8 literals with ICU,
 * so every test text stays readable. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <unicode/ucnv.h>

#include "charset.h"
#include "collect.h"
#include "reader.h"
#include "tmpdir.h"
#include "utf8.h"

#define FFFD "\xEF\xBF\xBD"
#define B(s) s, sizeof(s) - 1

static char dir[64];

/* text (UTF-8) in `charset`, with its BOM first when bom; *len gets the length. The buffer
 * is malloc'd. */
static char *encode(const char *text, const char *charset, int bom, size_t *len)
{
    size_t n = strlen(text), cap = n * 4 + 16;
    char *out = malloc(cap);
    UErrorCode err = U_ZERO_ERROR;
    size_t at = 0;

    assert_non_null(out);
    if (bom && strcmp(charset, "UTF-16LE") == 0)
        at = (size_t)sprintf(out, "\xFF\xFE");
    else if (bom && strcmp(charset, "UTF-16BE") == 0)
        at = (size_t)sprintf(out, "\xFE\xFF");
    else if (bom)
        at = (size_t)sprintf(out, "\xEF\xBB\xBF");
    *len = at + (size_t)ucnv_convert(charset, "UTF-8", out + at, (int32_t)(cap - at), text,
                                     (int32_t)n, &err);
    assert_true(U_SUCCESS(err));
    return out;
}

/* ---- Detection and conversion -------------------------------------------------------- */

static const struct detect_row {
    const char *what;
    const char *text;    /* UTF-8 */
    const char *charset; /* encoded in this */
    int bom;
    const char *want;    /* what charset_detect() must say */
} detect_rows[] = {
    {"windows-1251, a paragraph",
     "Президент России Владимир Путин озвучил целый ряд предложений о сотрудничестве с США "
     "в сфере кибербезопасности. Он заявил, что Москва готова к диалогу. Ответа из "
     "Вашингтона пока нет.",
     "windows-1251", 0, "windows-1251"},
    {"KOI8-R, a paragraph",
     "Центральная избирательная комиссия подвела итоги голосования. Явка составила почти "
     "пятьдесят процентов, сообщили в комиссии. Наблюдатели отметили меньше нарушений.",
     "KOI8-R", 0, "KOI8-U"},
    {"windows-1251, one short sentence", "В Москве прошли выборы.", "windows-1251", 0,
     "windows-1251"},
    {"KOI8-R, one short sentence", "В Москве прошли выборы.", "KOI8-R", 0, "KOI8-U"},
    {"windows-1251, a headline in capitals", "ПУТИН ПРИЗВАЛ США К ДИАЛОГУ", "windows-1251", 0,
     "windows-1251"},
    {"KOI8-R, a headline in capitals", "ПУТИН ПРИЗВАЛ США К ДИАЛОГУ", "KOI8-R", 0, "KOI8-U"},
    {"windows-1251, Ukrainian (і ї є ґ)",
     "Ґрунтовні підсумки їхніх звітів з'являться згодом, є зауваження до комісії.",
     "windows-1251", 0, "windows-1251"},
    {"KOI8-U, Ukrainian", "Ґрунтовні підсумки їхніх звітів з'являться згодом.", "KOI8-U", 0,
     "KOI8-U"},
    {"ISO-8859-5", "Вчера в Москве прошли выборы в городскую думу.", "ISO-8859-5", 0,
     "ISO-8859-5"},
    {"IBM866", "Вчера в Москве прошли выборы в городскую думу.", "IBM866", 0, "IBM866"},
    {"UTF-16LE with BOM", "Заголовок\nТекст статьи.\n", "UTF-16LE", 1, "UTF-16LE"},
    {"UTF-16BE with BOM", "Заголовок\nТекст статьи.\n", "UTF-16BE", 1, "UTF-16BE"},
    {"UTF-16BE without BOM", "Заголовок\nТекст статьи.\n", "UTF-16BE", 0, "UTF-16BE"},
    {"UTF-16LE without BOM", "Текст статті, українською.", "UTF-16LE", 0, "UTF-16LE"},
    {"UTF-8 with BOM", "Заголовок\nТекст.", "UTF-8", 1, "UTF-8"},
    {"UTF-8", "Заголовок\nТекст.", "UTF-8", 0, "UTF-8"},
    {"Western windows-1252 is not taken for Cyrillic",
     "Le café est très cher à Paris. Die Straße ist schön, für alle Bürger.", "windows-1252",
     0, "windows-1252"},
};

static void test_detect(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof detect_rows / sizeof detect_rows[0]; i++) {
        const struct detect_row *r = &detect_rows[i];
        size_t len, out_len;
        char *data = encode(r->text, r->charset, r->bom, &len), *out;
        const char *got = charset_detect(data, len, NULL);
        struct charset_bad bad;

        print_message("%s: %s\n", r->what, got);
        assert_string_equal(got, r->want);
        assert_int_equal(charset_to_utf8(data, len, got, &out, &out_len, &bad), SLOVO_OK);
        assert_int_equal(bad.count, 0);
        assert_int_equal(out_len, strlen(r->text));
        assert_string_equal(out, r->text);
        free(out);
        free(data);
    }
}

/* Invalid input becomes U+FFFD, is counted, and never crashes. */
static const struct bad_row {
    const char *what;
    const char *data;
    size_t len;
    const char *charset;
    const char *want; /* UTF-8 */
    size_t count, at, line;
} bad_rows[] = {
    {"UTF-16LE cut in the middle of a unit", B("\x1F\x04\x40\x04\n\0\x38"), "UTF-16LE",
     "Пр\n" FFFD, 1, 6, 2},
    {"UTF-16LE lone surrogate", B("\x1F\x04\x00\xD8\x40\x04"), "UTF-16LE", "П" FFFD "р", 1, 2,
     1},
    {"UTF-16BE lone low surrogate", B("\x04\x1F\xDC\x00"), "UTF-16BE", "П" FFFD, 1, 2, 1},
    {"ASCII has no 0x80", B("ab\n\x80" "cd"), "US-ASCII", "ab\n" FFFD "cd", 1, 3, 2},
    {"UTF-8 cut short", B("\xD0\x9F\xD1"), "UTF-8", "П" FFFD, 1, 2, 1},
    {"empty", B(""), "windows-1251", "", 0, 0, 0},
};

static void test_bad(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_rows / sizeof bad_rows[0]; i++) {
        const struct bad_row *r = &bad_rows[i];
        struct charset_bad bad;
        size_t out_len;
        char *out;

        print_message("%s\n", r->what);
        assert_int_equal(charset_to_utf8(r->data, r->len, r->charset, &out, &out_len, &bad),
                         SLOVO_OK);
        assert_string_equal(out, r->want);
        assert_int_equal(out_len, strlen(r->want));
        assert_int_equal(bad.count, r->count);
        if (r->count > 0) {
            assert_int_equal(bad.at, r->at);
            assert_int_equal(bad.line, r->line);
        }
        free(out);
    }
    assert_int_equal(charset_to_utf8(B("abc"), "no-such-charset", &(char *){NULL},
                                     &(size_t){0}, &(struct charset_bad){0}),
                     SLOVO_FORMAT);
}

/* Random bytes, and random cuts of Cyrillic text, through detection and conversion: the
 * output is always valid UTF-8. */
static void test_junk(void **state)
{
    static const char *const charsets[] = {"UTF-8", "UTF-16LE", "windows-1251", "KOI8-R"};
    unsigned seed = 12345;

    (void)state;
    for (int round = 0; round < 3000; round++) {
        char data[300];
        size_t len = (size_t)(round % 300), out_len;
        struct charset_bad bad;
        const char *charset;
        char *out;

        if (round % 2 == 0) {
            for (size_t i = 0; i < len; i++) {
                seed = seed * 1103515245u + 12345u;
                data[i] = (char)(seed >> 16);
            }
        } else {
            size_t n;
            char *text = encode("Грёзы: «кибер-атака» на банк — п’ять 😀 ĳ ґ", charsets[round % 4],
                                round % 3 == 0, &n);
            len = len < n ? len : n;
            memcpy(data, text, len);
            free(text);
        }
        charset = charset_detect(data, len, round % 5 == 0 ? "windows-1251" : NULL);
        assert_non_null(charset);
        assert_int_equal(charset_to_utf8(data, len, charset, &out, &out_len, &bad), SLOVO_OK);
        assert_true(utf8_valid(out, out_len));
        assert_int_equal(out[out_len], '\0');
        free(out);
    }
}

static void test_utf16_or_binary(void **state)
{
    static const struct {
        const char *what, *data;
        size_t len;
        const char *want;
    } rows[] = {
        {"LE BOM", B("\xFF\xFEZ\0"), "UTF-16LE"},
        {"BE BOM", B("\xFE\xFF\0Z"), "UTF-16BE"},
        {"UTF-32LE BOM", B("\xFF\xFE\0\0Z\0\0\0"), NULL},
        {"LE without BOM", B("T\0i\0t\0l\0e\0\n\0\x1F\x04"), "UTF-16LE"},
        {"BE without BOM, Cyrillic", B("\x04\x1F\x04\x40\0 \x04\x38"), "UTF-16BE"},
        {"binary with NULs", B("\x00\x01\x02" "binary"), NULL},
        {"GIF", B("GIF89a\0\0\x01\x02"), NULL},
        {"zeros in both positions", B("a\0\0b c\0\0d"), NULL},
        {"control characters", B("\x01\0\x02\0\x03\0"), NULL},
        {"a stray NUL in markup", B("<p>\0\x01junk"), NULL},
        {"no zero bytes", B("Заголовок"), NULL},
        {"too short", B("a\0"), NULL},
    };
    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const char *got = charset_utf16(rows[i].data, rows[i].len);
        print_message("%s\n", rows[i].what);
        if (rows[i].want == NULL)
            assert_null(got);
        else
            assert_string_equal(got, rows[i].want);
    }
}

static void test_html_declared(void **state)
{
    static const struct {
        const char *html, *want;
    } rows[] = {
        {"<html><head><meta charset=\"windows-1251\"><title>", "windows-1251"},
        {"<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=KOI8-R\">", "KOI8-R"},
        {"<meta charset=utf-8>", "utf-8"},
        {"<meta name=\"charset\" content=\"x\"><meta charset = 'cp1251' />", "cp1251"},
        {"<meta property=\"og:title\" content=\"charset\">", NULL},
        {"<p>charset=koi8-r</p>", NULL},
        {"", NULL},
    };
    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char label[32];
        const char *got = charset_html_declared(rows[i].html, strlen(rows[i].html), label,
                                                sizeof label);
        print_message("%s\n", rows[i].html);
        if (rows[i].want == NULL)
            assert_null(got);
        else
            assert_string_equal(got, rows[i].want);
    }
}

/* A declaration is honoured, but valid UTF-8 is UTF-8 whatever the page says, and so is
 * UTF-8 with a broken byte. */
static void test_declared(void **state)
{
    size_t len;
    char *cp1251 = encode("Текст", "windows-1251", 0, &len);

    (void)state;
    assert_string_equal(charset_detect(cp1251, len, "koi8-r"), "KOI8-R");
    assert_string_equal(charset_detect(cp1251, len, "utf-16"), "windows-1251");
    assert_string_equal(charset_detect(cp1251, len, "no-such"), "windows-1251");
    assert_string_equal(charset_detect(cp1251, len, "iso-8859-1"), "windows-1252");
    assert_string_equal(charset_detect(B("Текст"), "windows-1251"), "UTF-8");
    assert_string_equal(charset_detect(B("Длинный текст \xFF в UTF-8"), "koi8-r"), "UTF-8");
    free(cp1251);
}

/* ---- Files --------------------------------------------------------------------------- */

#define TEXT(s) ((s) != NULL ? (s) : "")

static const struct file_row {
    const char *what, *name;
    const char *text; /* UTF-8 */
    const char *charset;
    int bom;
    const char *title, *body;
} file_rows[] = {
    {"windows-1251 text", "cp1251.txt", "ru en ua\n\nВыборы в Москве\n\nЯвка составила 40%.\n",
     "windows-1251", 0, "Выборы в Москве", "Явка составила 40%."},
    {"KOI8-R text", "koi8", "Выборы в Москве\nsource: ТАСС\n\nЯвка составила 40%.\n", "KOI8-R",
     0, "Выборы в Москве", "Явка составила 40%."},
    {"short windows-1251", "short1251.txt", "Путин призвал США к диалогу.", "windows-1251", 0,
     "Путин призвал США к диалогу.", ""},
    {"short KOI8-R", "shortkoi8.txt", "Путин призвал США к диалогу.", "KOI8-R", 0,
     "Путин призвал США к диалогу.", ""},
    {"Ukrainian windows-1251", "uk1251.txt", "Вибори до Ради\n\nЇхні звіти є; ґанок і двір.\n",
     "windows-1251", 0, "Вибори до Ради", "Їхні звіти є; ґанок і двір."},
    {"UTF-16LE with BOM", "le.txt", "Заголовок\r\n\r\nТекст статті.\r\n", "UTF-16LE", 1,
     "Заголовок", "Текст статті."},
    {"UTF-16BE without BOM", "be.txt", "Заголовок\n\nТекст статті.\n", "UTF-16BE", 0,
     "Заголовок", "Текст статті."},
    {"UTF-8 with BOM", "bom.txt", "Заголовок\n\nТекст.\n", "UTF-8", 1, "Заголовок", "Текст."},
};

static void test_files(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof file_rows / sizeof file_rows[0]; i++) {
        const struct file_row *r = &file_rows[i];
        size_t len;
        char *data = encode(r->text, r->charset, r->bom, &len);
        const char *path = write_file(dir, r->name, data, len);
        struct got g = {0};
        uint64_t bytes = 0;

        print_message("%s\n", r->what);
        assert_int_equal(reader_read_file(path, collect_article, collect_notice, &g, &bytes), SLOVO_OK);
        assert_int_equal(g.n_note, 0); /* a legacy encoding is no problem */
        assert_int_equal(g.n_art, 1);
        assert_int_equal(bytes, len);
        assert_string_equal(TEXT(g.art[0].title), r->title);
        assert_string_equal(TEXT(g.art[0].body), r->body);
        got_free(&g);
        free(data);
    }
}

/* Broken input in a legacy encoding: repaired and reported, with line and byte. */
static void test_files_bad(void **state)
{
    static const struct {
        const char *what, *name, *data;
        size_t len;
        const char *title, *body, *msg;
        uint64_t line;
    } rows[] = {
        {"UTF-16LE cut short", "cut16.txt", B("\xFF\xFE\x17\x04\n\0\x22\x04\x35"), "З",
         "Т" FFFD, "invalid UTF-16LE at byte 8, replaced by U+FFFD", 2},
        {"UTF-8 cut short", "cut8.txt", B("Заголовок\nТекст \xD0"), "Заголовок", "Текст " FFFD,
         "invalid UTF-8 at byte 30, replaced by U+FFFD", 2},
    };
    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const char *path = write_file(dir, rows[i].name, rows[i].data, rows[i].len);
        struct got g = {0};

        print_message("%s\n", rows[i].what);
        assert_int_equal(reader_read_file(path, collect_article, collect_notice, &g, NULL), SLOVO_OK);
        assert_int_equal(g.n_art, 1);
        assert_string_equal(TEXT(g.art[0].title), rows[i].title);
        assert_string_equal(TEXT(g.art[0].body), rows[i].body);
        assert_int_equal(g.n_note, 1);
        assert_int_equal(g.note[0].code, SLOVO_OK);
        assert_int_equal(g.note[0].line, rows[i].line);
        assert_string_equal(g.note[0].msg, rows[i].msg);
        got_free(&g);
    }
}

/* JSON Lines stay UTF-8, but a BOM before the first line is skipped; UTF-16 JSON is binary. */
static void test_jsonl(void **state)
{
    static const char bom[] = "\xEF\xBB\xBF{\"id\":\"1\",\"title\":\"Заголовок\"}\n";
    const char *path = write_file(dir, "bom.jsonl", B(bom));
    struct got g = {0};
    uint64_t bytes = 0;
    size_t len;
    char *u16;

    (void)state;
    assert_int_equal(reader_read_file(path, collect_article, collect_notice, &g, &bytes), SLOVO_OK);
    assert_int_equal(g.n_note, 0);
    assert_int_equal(g.n_art, 1);
    assert_string_equal(TEXT(g.art[0].title), "Заголовок");
    assert_int_equal(bytes, sizeof bom - 1);
    got_free(&g);

    u16 = encode("{\"id\":\"1\",\"title\":\"Заголовок\"}\n", "UTF-16LE", 1, &len);
    path = write_file(dir, "u16.jsonl", u16, len);
    free(u16);
    assert_int_equal(reader_read_file(path, collect_article, collect_notice, &g, NULL),
                     SLOVO_FORMAT);
    assert_int_equal(g.n_note, 1);
    assert_string_equal(g.note[0].msg, "binary file");
}

/* ---- Fixture ------------------------------------------------------------------------- */

static int setup(void **state)
{
    (void)state;
    return tmpdir_make(dir, sizeof dir, "test_charset");
}

static int teardown(void **state)
{
    (void)state;
    return tmpdir_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detect),
        cmocka_unit_test(test_bad),
        cmocka_unit_test(test_junk),
        cmocka_unit_test(test_utf16_or_binary),
        cmocka_unit_test(test_html_declared),
        cmocka_unit_test(test_declared),
        cmocka_unit_test(test_files),
        cmocka_unit_test(test_files_bad),
        cmocka_unit_test(test_jsonl),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
