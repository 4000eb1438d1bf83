/* test_html.c: HTML pages written into a temporary directory (legacy encodings made from
 * the UTF-8 literals here with ICU), read back through reader_read_file(), and the article
 * and notices checked. */
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

#include "collect.h"
#include "reader.h"
#include "tmpdir.h"

/* Expected values. id NULL stands for the file's absolute path; other NULL fields must be
 * NULL. */
struct want {
    const char *id, *title, *body, *date, *source, *url, *lang;
};

static char dir[64];

/* Writes text (UTF-8) into dir/name in `charset` (NULL: as it is); returns the path. */
static const char *write_page(const char *name, const char *text, const char *charset)
{
    size_t len = strlen(text), cap = len * 2 + 16;
    char *data = malloc(cap);

    assert_non_null(data);
    if (charset == NULL) {
        memcpy(data, text, len);
    } else {
        UErrorCode err = U_ZERO_ERROR;
        int32_t n = ucnv_convert(charset, "UTF-8", data, (int32_t)cap, text, (int32_t)len, &err);
        assert_true(U_SUCCESS(err));
        len = (size_t)n;
    }
    const char *path = write_file(dir, name, data, len);
    free(data);
    return path;
}

/* ---- Pages ------------------------------------------------------------------------- */

/* A news page as sites serve it: furniture all around the article. */
#define NEWS_PAGE                                                                          \
    "<!DOCTYPE html>\n"                                                                    \
    "<html lang=\"ru-RU\"><head>\n"                                                        \
    "<meta charset=\"utf-8\">\n"                                                           \
    "<title>Путин призвал США к диалогу | РБК-Україна</title>\n"                           \
    "<meta property=\"og:title\" content=\"  Путин призвал\n  США к диалогу \">\n"        \
    "<meta property=\"og:site_name\" content=\"РБК-Україна\">\n"                           \
    "<meta property=\"article:published_time\" content=\"2021-06-16T10:00:00+03:00\">\n"   \
    "<link rel=\"canonical\" href=\"https://www.rbc.ua/rus/news/putin-1.html\">\n"         \
    "<style>body { color: red; }</style>\n"                                                \
    "<script>var x = \"<p>не текст</p>\";</script>\n"                                      \
    "</head><body class=\"has-sidebar\">\n"                                                \
    "<header><h1 class=\"logo\">РБК-Україна</h1>\n"                                        \
    "<nav><ul><li><a href=\"/\">Главная</a></li><li>Политика</li></ul></nav></header>\n"   \
    "<div class=\"cookie-banner\">Мы используем cookies. <button>OK</button></div>\n"      \
    "<div id=\"main-menu\">Меню сайта</div>\n"                                             \
    "<main><article>\n"                                                                    \
    "<header><h1>Путин призвал США к диалогу</h1>"                                         \
    "<time datetime=\"2021-06-15\">15 июня</time></header>\n"                              \
    "<div class=\"share-buttons\"><a>Facebook</a> <a>Telegram</a></div>\n"                 \
    "<!-- комментарий: не текст -->\n"                                                     \
    "<p>Президент России&nbsp;Владимир Путин <b>озвучил</b> ряд предложений.</p>\n"        \
    "<p>Второй\n   абзац &laquo;в кавычках&raquo; &mdash; с&#160;сущностями.<br>"          \
    "Новая строка.</p>\n"                                                                  \
    "<ul><li>Пункт один</li><li>Пункт два</li></ul>\n"                                     \
    "<table><tr><td>Ячейка 1</td><td>Ячейка 2</td></tr></table>\n"                         \
    "<noscript>Включите JavaScript</noscript><iframe src=\"x\">кадр</iframe>\n"            \
    "<div class=\"social\">Мы в соцсетях</div><div class=\"adv-banner\">Реклама</div>\n"   \
    "<div class=\"related-news\"><a>Читайте также: другое</a></div>\n"                     \
    "<section id=\"comments\"><p>Комментарий читателя</p></section>\n"                     \
    "<form><input name=\"q\"><label>Поиск</label></form>\n"                                \
    "</article></main>\n"                                                                  \
    "<aside class=\"sidebar\"><p>Популярное</p></aside>\n"                                 \
    "<footer>© 2021 РБК</footer>\n"                                                        \
    "<svg><title>иконка</title></svg><template><p>шаблон</p></template>\n"                 \
    "</body></html>\n"

#define NEWS_BODY                                                                          \
    "Президент России Владимир Путин озвучил ряд предложений.\n\n"                         \
    "Второй абзац «в кавычках» — с сущностями.\nНовая строка.\n\n"                         \
    "Пункт один\nПункт два\n\nЯчейка 1 Ячейка 2"

/* A Ukrainian page with no <article>: the body of the page, its menus dropped. */
#define PLAIN_PAGE                                                                         \
    "<html lang=\"uk-UA\"><head>\n"                                                        \
    "%s"                                                                                   \
    "<title>Вибори до Ради — Київський кур'єр</title>\n"                                   \
    "<meta property=\"og:site_name\" content=\"Київський кур'єр\">\n"                      \
    "</head><body>\n"                                                                      \
    "<div class=\"top-menu\"><a>Новини</a> | <a>Спорт</a></div>\n"                         \
    "<div class=\"breadcrumbs\">Головна › Політика</div>\n"                                \
    "<h1>ЦВК оголосила явку на виборах</h1>\n"                                             \
    "<div class=\"text\"><p>Явка становила майже 50 відсотків, повідомила комісія.</p>\n"  \
    "<p>Ґрунтовні підсумки їхніх звітів з'являться згодом; є зауваження.</p></div>\n"      \
    "<p>Опубліковано <time datetime=\"2019-07-26T12:00\">26 липня</time></p>\n"            \
    "<div id=\"sidebar\"><p>Погода у Києві</p></div>\n"                                    \
    "</body></html>\n"

#define PLAIN_BODY                                                                         \
    "Явка становила майже 50 відсотків, повідомила комісія.\n\n"                           \
    "Ґрунтовні підсумки їхніх звітів з'являться згодом; є зауваження.\n\n"                 \
    "Опубліковано 26 липня"

static char plain_utf8[4096], plain_1251[4096], plain_undeclared[4096], plain_koi8[4096];

static const struct row {
    const char *what;
    const char *name;
    const char *page;    /* UTF-8 */
    const char *charset; /* written in this encoding; NULL: UTF-8 as it is */
    int rc;
    struct want want;
    struct {
        int code;
        const char *part; /* NULL: no notice */
    } note;
} rows[] = {
    {"news page: og:title, article, furniture dropped", "news.html", NEWS_PAGE, NULL, SLOVO_OK,
     {"https://www.rbc.ua/rus/news/putin-1.html", "Путин призвал США к диалогу", NEWS_BODY,
      "2021-06-16T10:00:00+03:00", "РБК-Україна", "https://www.rbc.ua/rus/news/putin-1.html",
      "ru"},
     {0, NULL}},
    {"no article: <body>, h1 title, <time datetime>", "plain.htm", plain_utf8, NULL, SLOVO_OK,
     {NULL, "ЦВК оголосила явку на виборах", PLAIN_BODY, "2019-07-26T12:00", "Київський кур'єр",
      NULL, "uk"},
     {0, NULL}},
    {"windows-1251 declared by <meta charset>", "cp1251.html", plain_1251, "windows-1251",
     SLOVO_OK,
     {NULL, "ЦВК оголосила явку на виборах", PLAIN_BODY, "2019-07-26T12:00", "Київський кур'єр",
      NULL, "uk"},
     {0, NULL}},
    {"windows-1251 undeclared", "undeclared.HTML", plain_undeclared, "windows-1251", SLOVO_OK,
     {NULL, "ЦВК оголосила явку на виборах", PLAIN_BODY, "2019-07-26T12:00", "Київський кур'єр",
      NULL, "uk"},
     {0, NULL}},
    {"KOI8-U declared by http-equiv", "koi8.htm", plain_koi8, "KOI8-U", SLOVO_OK,
     {NULL, "ЦВК оголосила явку на виборах", PLAIN_BODY, "2019-07-26T12:00", "Київський кур'єр",
      NULL, "uk"},
     {0, NULL}},
    {"only <title>: its site suffix cut", "title.html",
     "<html><head><title> Выборы в Москве — Коммерсантъ </title>"
     "<meta property='og:site_name' content='Коммерсантъ'></head><body>\n</body></html>",
     NULL, SLOVO_OK, {NULL, "Выборы в Москве", NULL, NULL, "Коммерсантъ", NULL, NULL}, {0, NULL}},
    {"a suffix that is not the site name stays", "suffix.html",
     "<title>Итоги дня - Новости</title><meta property='og:site_name' content='ТАСС'>"
     "<p>Текст.</p>",
     NULL, SLOVO_OK, {NULL, "Итоги дня - Новости", "Текст.", NULL, "ТАСС", NULL, NULL},
     {0, NULL}},
    {"no site name: nothing cut; a dash inside a name is no separator", "noname.html",
     "<title>Агентство-РБК</title><meta property=og:site_name content=РБК><p>Текст</p>", NULL,
     SLOVO_OK, {NULL, "Агентство-РБК", "Текст", NULL, "РБК", NULL, NULL}, {0, NULL}},
    {"itemprop articleBody and datePublished, main, og:url", "schema.html",
     "<HTML LANG=EN><HEAD><META NAME=\"DC.date\" CONTENT=\"2020-01-02\">"
     "<META PROPERTY=\"og:url\" CONTENT=\"https://example.com/a\">"
     "<LINK REL=\"Canonical\" HREF=\"/relative/a\"></HEAD><BODY>"
     "<div class=menu>Menu</div><MAIN><h1>Headline</h1>"
     "<time itemprop=\"datePublished\" datetime=\"2020-01-03\">3 Jan</time>"
     "<div itemprop=\"articleBody\"><P>Body text.</P><P>More.</P></div>"
     "<div class=comment>A reader says</div></MAIN></BODY></HTML>",
     NULL, SLOVO_OK,
     {"https://example.com/a", "Headline", "Body text.\n\nMore.", "2020-01-02", NULL,
      "https://example.com/a", "en"},
     {0, NULL}},
    {"date: meta pubdate beats <time>; lang we do not know", "date.html",
     "<html lang=de><meta name=pubdate content=' 2019-05-05 '><time datetime=2019-01-01>"
     "</time><article><p>Текст статьи</p></article>",
     NULL, SLOVO_OK, {NULL, NULL, "Текст статьи", "2019-05-05", NULL, NULL, NULL}, {0, NULL}},
    {"article headline in the body is not repeated, teasers in aside ignored", "h1.html",
     "<aside><article><h1>Тизер</h1><p>Другая новость</p></article></aside>"
     "<article><h1>Главная новость</h1><p>Её текст.</p></article>",
     NULL, SLOVO_OK, {NULL, "Главная новость", "Её текст.", NULL, NULL, NULL, NULL}, {0, NULL}},
    {"everything is furniture: kept rather than lose the page", "allmenu.html",
     "<div class=\"sidebar\"><p>Только это</p></div>", NULL, SLOVO_OK,
     {NULL, NULL, "Только это", NULL, NULL, NULL, NULL}, {0, NULL}},
    {"broken markup is repaired", "broken.html",
     "<title>Заголовок</title><p>Абзац <b>жирный <i>курсив</b> конец<div>Блок</p></div></span>"
     "<p>Незакрытый <a href='x>ссылка",
     NULL, SLOVO_OK,
     {NULL, "Заголовок", "Абзац жирный курсив конец\n\nБлок\n\nНезакрытый", NULL, NULL, NULL,
      NULL},
     {0, NULL}},
    {"UTF-16LE with BOM", "utf16.html",
     "\xEF\xBB\xBF<title>Заголовок</title><p>Текст в UTF-16.</p>", "UTF-16LE", SLOVO_OK,
     {NULL, "Заголовок", "Текст в UTF-16.", NULL, NULL, NULL, NULL}, {0, NULL}},
    {"invalid UTF-8 is repaired and reported", "bad.html",
     "<title>Плохой \xFF байт</title><p>Остальной текст в порядке, совсем.</p>", NULL,
     SLOVO_OK,
     {NULL, "Плохой \xEF\xBF\xBD байт", "Остальной текст в порядке, совсем.", NULL, NULL, NULL,
      NULL},
     {SLOVO_OK, "invalid UTF-8 at byte 20, replaced by U+FFFD"}},
    {"scripts, styles and comments only", "empty.html",
     "<html><head><script>x()</script><style>p{}</style></head><body><!-- ничего -->"
     "<nav>Меню</nav></body></html>",
     NULL, SLOVO_EMPTY, {0}, {SLOVO_EMPTY, "no title and no text"}},
    {"white space only", "blank.html", " \n\t\n", NULL, SLOVO_EMPTY, {0},
     {SLOVO_EMPTY, "no title and no text"}},
};

static void test_pages(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const struct row *r = &rows[i];
        const char *path = write_page(r->name, r->page, r->charset);
        struct got g = {0};
        int rc;

        print_message("%s\n", r->what);
        rc = reader_read_file(path, collect_article, collect_notice, &g, NULL);
        for (size_t k = 0; k < g.n_note && k < MAX_NOTE; k++)
            print_message("  notice %d: %s\n", g.note[k].code, g.note[k].msg);
        assert_int_equal(rc, r->rc);
        assert_int_equal(g.n_art, r->rc == SLOVO_OK);
        if (g.n_art > 0) {
            assert_int_equal(g.art[0].line, 1);
            if (r->want.id == NULL) {
                char *real = realpath(path, NULL);
                assert_non_null(real);
                check_str("id", g.art[0].id, real);
                free(real);
            } else {
                check_str("id", g.art[0].id, r->want.id);
            }
            check_str("title", g.art[0].title, r->want.title);
            check_str("body", g.art[0].body, r->want.body);
            check_str("date", g.art[0].date, r->want.date);
            check_str("source", g.art[0].source, r->want.source);
            check_str("url", g.art[0].url, r->want.url);
            check_str("lang", g.art[0].lang, r->want.lang);
            check_str("path", g.art[0].path, path);
        }
        assert_int_equal(g.n_note, r->note.part != NULL);
        if (r->note.part != NULL) {
            assert_int_equal(g.note[0].code, r->note.code);
            if (strstr(g.note[0].msg, r->note.part) == NULL)
                fail_msg("notice \"%s\" lacks \"%s\"", g.note[0].msg, r->note.part);
        }
        got_free(&g);
    }
}

/* A page nested deeper than any recursion could follow. */
static void test_deep(void **state)
{
    const size_t depth = 100000;
    size_t len = 0;
    char *page = malloc(depth * 11 + 64);
    const char *path;
    struct got g = {0};

    (void)state;
    assert_non_null(page);
    for (size_t i = 0; i < depth; i++)
        len += (size_t)sprintf(page + len, "<div><span>");
    len += (size_t)sprintf(page + len, "Глубоко");
    page[len] = '\0';
    path = write_page("deep.html", page, NULL);
    free(page);
    assert_int_equal(reader_read_file(path, collect_article, collect_notice, &g, NULL), SLOVO_OK);
    assert_int_equal(g.n_art, 1);
    assert_non_null(strstr(g.art[0].body, "Глубоко"));
    got_free(&g);
}

/* ---- Fixture ------------------------------------------------------------------------- */

static int setup(void **state)
{
    (void)state;
    snprintf(plain_utf8, sizeof plain_utf8, PLAIN_PAGE, "<meta charset=\"utf-8\">\n");
    snprintf(plain_1251, sizeof plain_1251, PLAIN_PAGE, "<meta charset=\"windows-1251\">\n");
    snprintf(plain_undeclared, sizeof plain_undeclared, PLAIN_PAGE, "");
    snprintf(plain_koi8, sizeof plain_koi8, PLAIN_PAGE,
             "<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=koi8-u\">\n");
    return tmpdir_make(dir, sizeof dir, "test_html");
}

static int teardown(void **state)
{
    (void)state;
    return tmpdir_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pages),
        cmocka_unit_test(test_deep),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
