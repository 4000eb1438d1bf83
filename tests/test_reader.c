/* test_reader.c: plain text and JSON Lines files written into a temporary directory, read
 * back through reader_read_file(), and every article and notice checked. */
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

#include "collect.h"
#include "reader.h"
#include "tmpdir.h"

#define FFFD "\xEF\xBF\xBD"
#define B(s) s, sizeof(s) - 1

/* Expected values. id "PATH:N" stands for the file's path as given, ":N"; NULL for the
 * file's absolute path. Other NULL fields must be NULL. */
struct want_art {
    const char *id, *title, *body, *date, *source, *url, *lang;
    uint64_t line;
};

struct want_note {
    int code;
    uint64_t line;
    const char *part; /* a substring of the message */
};

static char dir[64];

static void check_art(const struct art *t, const struct want_art *w, const char *path)
{
    char id[300];

    if (w->id == NULL) {
        char *real = realpath(path, NULL);
        assert_non_null(real);
        check_str("id", t->id, real);
        free(real);
    } else if (strncmp(w->id, "PATH:", 5) == 0) {
        snprintf(id, sizeof id, "%s:%s", path, w->id + 5);
        check_str("id", t->id, id);
    } else {
        check_str("id", t->id, w->id);
    }
    check_str("title", t->title, w->title);
    check_str("body", t->body, w->body);
    if (w->body != NULL)
        assert_int_equal(t->body_len, strlen(w->body));
    check_str("date", t->date, w->date);
    check_str("source", t->source, w->source);
    check_str("url", t->url, w->url);
    check_str("lang", t->lang, w->lang);
    check_str("path", t->path, path);
    assert_int_equal(t->line, w->line);
}

static void check_note(const struct note *n, const struct want_note *w)
{
    assert_int_equal(n->code, w->code);
    assert_int_equal(n->line, w->line);
    if (strstr(n->msg, w->part) == NULL)
        fail_msg("notice \"%s\" lacks \"%s\"", n->msg, w->part);
}

/* ---- Plain text ---------------------------------------------------------------------- */

static const struct text_row {
    const char *what;
    const char *name;
    const char *data;
    size_t len;
    int rc;
    int articles;
    struct want_art art;
    struct want_note note; /* code 0: no notice */
} text_rows[] = {
    {"seed format: navigation line, title, paragraphs", "seed.txt",
     B("ua en ru\n\nПутин призвал США к диалогу\n\nПервый абзац.\n\nВторой абзац.\n\n"),
     SLOVO_OK, 1,
     {NULL, "Путин призвал США к диалогу", "Первый абзац.\n\nВторой абзац.", NULL, NULL, NULL,
      NULL, 1},
     {0, 0, NULL}},
    {"navigation with bars, every header", "headers.txt",
     B("UA | EN | RU\n  Заголовок статті  \ndate: 2021-06-16\nSource: РБК-Україна\n\n"
       "URL : https://www.rbc.ua/a.html\nlang:uk\nID: n-42\n\n  Тіло статті.\nДругий рядок.\n"),
     SLOVO_OK, 1,
     {"n-42", "Заголовок статті", "Тіло статті.\nДругий рядок.", "2021-06-16", "РБК-Україна",
      "https://www.rbc.ua/a.html", "uk", 1},
     {0, 0, NULL}},
    {"BOM and CRLF", "crlf.txt",
     B("\xEF\xBB\xBF" "RU — UA — EN\r\n\r\nЗаголовок\r\nsource: ТАСС\r\n\r\nРядок 1\r\nРядок 2\r\n"),
     SLOVO_OK, 1,
     {NULL, "Заголовок", "Рядок 1\nРядок 2", NULL, "ТАСС", NULL, NULL, 1},
     {0, 0, NULL}},
    {"a header after the body starts is body", "late.txt",
     B("Заголовок\nТекст.\ndate: 2020-01-01\n"),
     SLOVO_OK, 1,
     {NULL, "Заголовок", "Текст.\ndate: 2020-01-01", NULL, NULL, NULL, NULL, 1},
     {0, 0, NULL}},
    {"words that are not language codes make a title", "noext",
     B("en route to Kyiv\nТекст\n"),
     SLOVO_OK, 1,
     {NULL, "en route to Kyiv", "Текст", NULL, NULL, NULL, NULL, 1},
     {0, 0, NULL}},
    {"a code glued to a word is not navigation", "glued.TXT",
     B("ru\nruen\nТекст\n"),
     SLOVO_OK, 1,
     {NULL, "ruen", "Текст", NULL, NULL, NULL, NULL, 1},
     {0, 0, NULL}},
    {"title only", "title.txt",
     B("\n\nТолько заголовок\n\n"),
     SLOVO_OK, 1,
     {NULL, "Только заголовок", NULL, NULL, NULL, NULL, NULL, 1},
     {0, 0, NULL}},
    {"invalid UTF-8 is repaired and reported", "bad.txt",
     B("Заголовок\nпервая строка\nвторая \xFF строка\n"),
     SLOVO_OK, 1,
     {NULL, "Заголовок", "первая строка\nвторая " FFFD " строка", NULL, NULL, NULL, NULL, 1},
     {SLOVO_OK, 3, "invalid UTF-8 at byte 58"}},
    {"only blank lines", "blank.txt",
     B("\n\n   \n\t\r\n\xC2\xA0\n"),
     SLOVO_EMPTY, 0, {0}, {SLOVO_EMPTY, 0, "no title and no text"}},
    {"only navigation", "nav.txt",
     B("ua en ru\nUA / EN\n"),
     SLOVO_EMPTY, 0, {0}, {SLOVO_EMPTY, 0, "no title and no text"}},
    {"empty file", "empty.txt", B(""),
     SLOVO_EMPTY, 0, {0}, {SLOVO_EMPTY, 0, "empty file"}},
    {"binary file", "image.txt", B("GIF89a\0\0\x01\x02Заголовок\n"),
     SLOVO_FORMAT, 0, {0}, {SLOVO_FORMAT, 0, "binary file"}},
    {"UTF-16 is text, not binary", "utf16.txt", B("\xFF\xFE" "T\0i\0t\0l\0e\0\n\0"),
     SLOVO_OK, 1, {NULL, "Title", NULL, NULL, NULL, NULL, NULL, 1}, {0, 0, NULL}},
    {"unsupported extension", "report.pdf", B("%PDF-1.4\n"),
     SLOVO_FORMAT, 0, {0}, {SLOVO_FORMAT, 0, "unsupported format"}},
};

static void test_text(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof text_rows / sizeof text_rows[0]; i++) {
        const struct text_row *r = &text_rows[i];
        const char *path = write_file(dir, r->name, r->data, r->len);
        struct got g = {0};
        uint64_t bytes = 99;
        int rc;

        print_message("%s\n", r->what);
        rc = reader_read_file(path, collect_article, collect_notice, &g, &bytes);
        assert_int_equal(rc, r->rc);
        assert_int_equal(g.n_art, r->articles);
        if (r->articles > 0) {
            check_art(&g.art[0], &r->art, path);
            assert_int_equal(bytes, r->len);
        }
        assert_int_equal(g.n_note, r->note.part != NULL);
        if (r->note.part != NULL)
            check_note(&g.note[0], &r->note);
        got_free(&g);
    }
}

static void test_supports(void **state)
{
    static const struct {
        const char *path;
        int yes;
    } rows[] = {
        {"a.txt", 1},         {"dir/A.TXT", 1},   {"news.jsonl", 1},   {"x/y.NDJSON", 1},
        {"README", 1},        {"d.x/README", 1},  {"a.pdf", 0},        {"page.html", 1},
        {"a.jsonl.gz", 0},    {"trailing.", 0},   {"dir/", 0},         {"", 0},
    };
    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        print_message("%s\n", rows[i].path);
        assert_int_equal(reader_supports(rows[i].path), rows[i].yes);
    }
    assert_int_equal(reader_supports(NULL), 0);
}

static void test_unreadable(void **state)
{
    char path[256];
    struct got g = {0};

    (void)state;
    snprintf(path, sizeof path, "%s/missing.txt", dir);
    assert_int_equal(reader_read_file(path, collect_article, collect_notice, &g, NULL), SLOVO_IO);
    assert_int_equal(g.n_note, 1);
    check_note(&g.note[0], &(struct want_note){SLOVO_IO, 0, "No such file"});
    got_free(&g);

    snprintf(path, sizeof path, "%s/folder.txt", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    assert_int_equal(reader_read_file(path, collect_article, collect_notice, &g, NULL), SLOVO_IO);
    assert_int_equal(g.n_note, 1);
    check_note(&g.note[0], &(struct want_note){SLOVO_IO, 0, "directory"});
    got_free(&g);
    assert_int_equal(rmdir(path), 0);
}

/* A text file over the limit is refused before it is read (a sparse file: no disk used). */
static void test_too_large(void **state)
{
    const char *path = write_file(dir, "huge.txt", B("Заголовок\nТекст\n"));
    struct got g = {0};

    (void)state;
    assert_int_equal(truncate(path, 50 * 1024 * 1024 + 1), 0);
    assert_int_equal(reader_read_file(path, collect_article, collect_notice, &g, NULL), SLOVO_FORMAT);
    assert_int_equal(g.n_art, 0);
    assert_int_equal(g.n_note, 1);
    check_note(&g.note[0],
               &(struct want_note){SLOVO_FORMAT, 0, "file too large (52428801 bytes, limit 50 MB)"});
    got_free(&g);
    /* At the limit exactly it passes the size check (to be refused as binary, being mostly
     * NUL bytes). */
    assert_int_equal(truncate(path, 50 * 1024 * 1024), 0);
    assert_int_equal(reader_read_file(path, collect_article, collect_notice, &g, NULL), SLOVO_FORMAT);
    check_note(&g.note[0], &(struct want_note){SLOVO_FORMAT, 0, "binary file"});
    got_free(&g);
    assert_int_equal(unlink(path), 0);
}

/* The seed article of the project, as crawled. */
static void test_seed(void **state)
{
    const char *shared = getenv("SLOVO_SHARED");
    char path[1024];
    struct got g = {0};

    (void)state;
    snprintf(path, sizeof path, "%s/seed/000_68c6da0ae4160371.txt",
             shared != NULL ? shared : "../shared");
    if (access(path, R_OK) != 0) {
        if (getenv("CI") != NULL)
            fail_msg("%s is missing", path);
        skip();
    }
    assert_int_equal(reader_read_file(path, collect_article, collect_notice, &g, NULL), SLOVO_OK);
    assert_int_equal(g.n_note, 0);
    assert_int_equal(g.n_art, 1);
    assert_string_equal(g.art[0].title, "Путин призвал США начать диалог по кибербезопасности");
    assert_non_null(g.art[0].body);
    assert_non_null(strstr(g.art[0].body, "Фото: Владимир Путин (kremlin.ru)"));
    assert_null(g.art[0].date);
    assert_int_equal(g.art[0].id[0], '/');
    got_free(&g);
}

/* ---- JSON Lines ---------------------------------------------------------------------- */

static const struct jsonl_row {
    const char *what;
    const char *name;
    const char *data;
    size_t len;
    int rc;
    size_t articles;
    struct want_art art[5];
    size_t notices;
    struct want_note note[5];
} jsonl_rows[] = {
    {"a broken line in the middle", "broken.jsonl",
     B("{\"id\":\"a\",\"title\":\"Первая\",\"text\":\"Текст один\"}\n"
       "{\"id\":\"b\",\"title\":\"Вторая\",\"text\":\n"
       "{\"id\":\"c\",\"title\":\"Третья\",\"text\":\"Текст три\",\"date\":\"2021-06-16\","
       "\"source\":\"ТСН\",\"url\":\"https://t.me/tsn_ua/1\",\"lang\":\"uk\",\"meta\":{\"x\":[1]}}\n"
       "not json\n"
       "[\"an\", \"array\"]\n"
       "null\n"
       "{\"id\":\"d\",\"title\":\"Д\"} {\"id\":\"e\"}\n"),
     SLOVO_OK, 2,
     {{"a", "Первая", "Текст один", NULL, NULL, NULL, NULL, 1},
      {"c", "Третья", "Текст три", "2021-06-16", "ТСН", "https://t.me/tsn_ua/1", "uk", 3}},
     5,
     {{SLOVO_FORMAT, 2, "invalid JSON: unexpected end of data"},
      {SLOVO_FORMAT, 4, "invalid JSON: "},
      {SLOVO_FORMAT, 5, "not an object"},
      {SLOVO_FORMAT, 6, "not an object"},
      {SLOVO_FORMAT, 7, "text after the object"}}},
    {"missing id, null fields, numeric id, body, blank lines, no final newline", "ids.ndjson",
     B("\n"
       "{\"title\":\"Без id\",\"text\":\"Текст\"}\r\n"
       "   \n"
       "{\"id\":42,\"title\":null,\"body\":\"Только тело\",\"date\":null,\"lang\":null}\n"
       "{\"id\":\"\",\"title\":\"Пустой id\",\"text\":null,\"url\":7}\n"
       "{\"id\":\"last\",\"title\":\"\\u041f\\u0440\\u0438\\u0432\\u0435\\u0442 \\ud83d\\ude00\"}"),
     SLOVO_OK, 4,
     {{"PATH:2", "Без id", "Текст", NULL, NULL, NULL, NULL, 2},
      {"42", NULL, "Только тело", NULL, NULL, NULL, NULL, 4},
      {"PATH:5", "Пустой id", NULL, NULL, NULL, NULL, NULL, 5},
      {"last", "Привет 😀", NULL, NULL, NULL, NULL, NULL, 6}},
     0, {{0}}},
    {"no title and no text", "empty-rows.jsonl",
     B("{\"id\":\"e1\",\"title\":null,\"text\":null}\n"
       "{\"id\":\"e2\",\"title\":\" \",\"text\":\"\\n\"}\n"
       "{\"id\":\"e3\"}\n"
       "{\"id\":\"ok\",\"text\":\"Есть текст\"}\n"),
     SLOVO_OK, 1,
     {{"ok", NULL, "Есть текст", NULL, NULL, NULL, NULL, 4}},
     3,
     {{SLOVO_EMPTY, 1, "no title and no text"},
      {SLOVO_EMPTY, 2, "no title and no text"},
      {SLOVO_EMPTY, 3, "no title and no text"}}},
    {"invalid UTF-8 in a string", "bad.jsonl",
     B("{\"id\":\"u\",\"title\":\"Пло\xFFхо\",\"text\":\"\xD0\"}\n"
       "{\"id\":\"v\",\"title\":\"Хорошо\"}\n"),
     SLOVO_OK, 2,
     {{"u", "Пло" FFFD "хо", FFFD, NULL, NULL, NULL, NULL, 1},
      {"v", "Хорошо", NULL, NULL, NULL, NULL, NULL, 2}},
     1,
     {{SLOVO_OK, 1, "invalid UTF-8 in \"title\" at byte 6"}}},
    {"language tags in any case and with a region; an unknown one is left to detection",
     "langs.jsonl",
     B("{\"id\":\"l1\",\"text\":\"Текст\",\"lang\":\"uk-UA\"}\n"
       "{\"id\":\"l2\",\"text\":\"Текст\",\"lang\":\"UA\"}\n"
       "{\"id\":\"l3\",\"text\":\"Текст\",\"lang\":\"ru_RU\"}\n"
       "{\"id\":\"l4\",\"text\":\"Текст\",\"lang\":\"Other\"}\n"
       "{\"id\":\"l5\",\"text\":\"Текст\",\"lang\":\"xx\"}\n"),
     SLOVO_OK, 5,
     {{"l1", NULL, "Текст", NULL, NULL, NULL, "uk", 1},
      {"l2", NULL, "Текст", NULL, NULL, NULL, "uk", 2},
      {"l3", NULL, "Текст", NULL, NULL, NULL, "ru", 3},
      {"l4", NULL, "Текст", NULL, NULL, NULL, "other", 4},
      {"l5", NULL, "Текст", NULL, NULL, NULL, NULL, 5}},
     0, {{0}}},
    {"empty file", "empty.jsonl", B(""),
     SLOVO_EMPTY, 0, {{0}}, 1, {{SLOVO_EMPTY, 0, "empty file"}}},
    {"only blank lines", "blank.jsonl", B("\n  \n\r\n"),
     SLOVO_OK, 0, {{0}}, 0, {{0}}},
    {"binary", "bin.jsonl", B("GIF89a\0\0\x01{\"id\":\"a\"}\n"),
     SLOVO_FORMAT, 0, {{0}}, 1, {{SLOVO_FORMAT, 0, "binary file"}}},
    {"NUL bytes in a file that starts as JSON: a broken line, not a binary file",
     "padded.jsonl",
     B("{\"id\":\"a\",\"text\":\"Текст\"}\n"
       "\0\0\0\n"
       "{\"id\":\"b\",\"title\":\"x\0y\"}\n"),
     SLOVO_OK, 1, {{"a", NULL, "Текст", NULL, NULL, NULL, NULL, 1}},
     2, {{SLOVO_FORMAT, 2, "invalid JSON: "}, {SLOVO_FORMAT, 3, "invalid JSON: "}}},
};

static void test_jsonl(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof jsonl_rows / sizeof jsonl_rows[0]; i++) {
        const struct jsonl_row *r = &jsonl_rows[i];
        const char *path = write_file(dir, r->name, r->data, r->len);
        struct got g = {0};
        uint64_t bytes = 99;

        print_message("%s\n", r->what);
        assert_int_equal(reader_read_file(path, collect_article, collect_notice, &g, &bytes), r->rc);
        if (r->rc == SLOVO_OK)
            assert_int_equal(bytes, r->len);
        assert_int_equal(g.n_art, r->articles);
        for (size_t k = 0; k < r->articles; k++)
            check_art(&g.art[k], &r->art[k], path);
        for (size_t k = 0; k < g.n_note && k < MAX_NOTE; k++)
            print_message("  notice %d line %u: %s\n", g.note[k].code, (unsigned)g.note[k].line,
                          g.note[k].msg);
        assert_int_equal(g.n_note, r->notices);
        for (size_t k = 0; k < r->notices; k++)
            check_note(&g.note[k], &r->note[k]);
        got_free(&g);
    }
}

/* Lines longer than the read buffer, and many lines crossing buffer boundaries. */
static void test_jsonl_long(void **state)
{
    const size_t big = 3u << 20, many = 6000;
    size_t cap = big + many * 600 + 1024, len = 0;
    char *data = malloc(cap);
    const char *path;
    struct got g = {0};
    uint64_t bytes;

    (void)state;
    assert_non_null(data);
    len += (size_t)sprintf(data + len, "{\"id\":\"small\",\"title\":\"Малый\"}\n");
    len += (size_t)sprintf(data + len, "{\"id\":\"big\",\"title\":\"Большой\",\"text\":\"");
    for (size_t i = 0; i < big; i += 2)
        memcpy(data + len + i, "ы", 2);
    len += big;
    len += (size_t)sprintf(data + len, "\"}\n");
    for (size_t i = 0; i < many; i++) {
        len += (size_t)sprintf(data + len, "{\"id\":\"m%zu\",\"text\":\"", i);
        for (size_t k = 0; k < 250; k++)
            memcpy(data + len + 2 * k, "щ", 2);
        len += 500;
        len += (size_t)sprintf(data + len, "\"}\n");
    }
    len--; /* no final newline */
    path = write_file(dir, "long.jsonl", data, len);
    assert_int_equal(reader_read_file(path, collect_article, collect_notice, &g, &bytes), SLOVO_OK);
    assert_int_equal(bytes, len);
    assert_int_equal(g.n_note, 0);
    assert_int_equal(g.n_art, 2 + many);
    assert_string_equal(g.art[1].id, "big");
    assert_int_equal(g.art[1].body_len, big);
    assert_memory_equal(g.art[1].body + big - 4, "ыы", 4);
    assert_int_equal(g.art[1].line, 2);
    got_free(&g);
    free(data);
}

/* A line over the 50 MB limit is skipped and reading goes on after it. The long line is a
 * sparse hole of NUL bytes after the first 8 KB, so it takes no disk. */
static void test_jsonl_too_long(void **state)
{
    const char tail[] = "\n{\"id\":\"after\",\"title\":\"После\"}\n";
    const char *path = write_file(dir, "toolong.jsonl", B("{\"id\":\"before\",\"title\":\"До\"}\n"
                                                    "{\"id\":\"long\",\"text\":\""));
    struct got g = {0};
    char *head = malloc(8192);
    FILE *f;

    (void)state;
    assert_non_null(head);
    memset(head, 'x', 8192);
    f = fopen(path, "r+b");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    assert_int_equal(fwrite(head, 1, 8192, f), 8192);
    assert_int_equal(fseek(f, 51L * 1024 * 1024, SEEK_SET), 0);
    assert_int_equal(fwrite(tail, 1, sizeof tail - 1, f), sizeof tail - 1);
    assert_int_equal(fclose(f), 0);
    free(head);

    assert_int_equal(reader_read_file(path, collect_article, collect_notice, &g, NULL), SLOVO_OK);
    assert_int_equal(g.n_art, 2);
    assert_string_equal(g.art[0].id, "before");
    assert_string_equal(g.art[1].id, "after");
    assert_int_equal(g.art[1].line, 3);
    assert_int_equal(g.n_note, 1);
    check_note(&g.note[0], &(struct want_note){SLOVO_FORMAT, 2, "line too long"});
    got_free(&g);
    assert_int_equal(unlink(path), 0);
}

/* A code other than SLOVO_OK from on_article stops the reading and is returned. */
static void test_jsonl_stop(void **state)
{
    const char *path = write_file(dir, "stop.jsonl",
                                  B("{\"id\":\"1\",\"text\":\"а\"}\n{\"id\":\"2\",\"text\":\"б\"}\n"
                                    "{\"id\":\"3\",\"text\":\"в\"}\n"));
    struct got g = {0};

    (void)state;
    g.stop_after = 2;
    assert_int_equal(reader_read_file(path, collect_article, collect_notice, &g, NULL), SLOVO_ERROR);
    assert_int_equal(g.n_art, 2);
    got_free(&g);
    /* No callbacks at all is allowed too. */
    assert_int_equal(reader_read_file(path, NULL, NULL, NULL, NULL), SLOVO_OK);
}

/* ---- Fixture ------------------------------------------------------------------------- */

static int setup(void **state)
{
    (void)state;
    return tmpdir_make(dir, sizeof dir, "test_reader");
}

static int teardown(void **state)
{
    (void)state;
    return tmpdir_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_supports),
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_unreadable),
        cmocka_unit_test(test_too_large),
        cmocka_unit_test(test_seed),
        cmocka_unit_test(test_jsonl),
        cmocka_unit_test(test_jsonl_long),
        cmocka_unit_test(test_jsonl_too_long),
        cmocka_unit_test(test_jsonl_stop),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
