/* test_api.c: the public API of slovo.h, end to end in a temporary index. */
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

#include "slovo.h"
#include "store.h"

struct fixture {
    char dir[64];
    char path[96];
    slovo_db *db;
};

static const slovo_article articles[] = {
    {.id = "ru-vybory", .title = "Итоги голосования", .date = "2021-09-20",
     .source = "Вестник", .lang = "ru",
     .body = "На выборах в городскую думу победили независимые кандидаты. "
             "Явка на выборах была низкой."},
    {.id = "uk-vybory", .title = "Підсумки голосування", .date = "2020-10-26",
     .source = "Кур'єр",
     .body = "Під час виборів до міської ради переміг незалежний кандидат. "
             "Спостерігачі не зафіксували порушень на виборах."},
    {.id = "uk-kiber", .title = "Захист мереж", .date = "2022-02-15",
     .body = "Фахівці з кібербезпеки відбили атаку на мережі енергетичної компанії. "
             "Україні допомагають партнери."},
    {.id = "en-attack", .title = "Hospital network attacked", .date = "2023-05-01",
     .body = "Hackers attacked the network of a regional hospital on Monday."},
    {.id = "ru-ny", .title = "Погода", .date = "2019-01-10",
     .body = "В Нью-Йорке выпал снег, движение в городе затруднено."},
    {.id = "ru-title", .title = "Наводнение в Приморье", .date = "2021-07-01",
     .source = "Эхо-Приморья",
     .body = "Реки вышли из берегов после дождей, эвакуированы жители трёх сёл."},
    {.id = "ru-body", .title = "Новости региона", .date = "2021-07-02",
     .body = "Власти сообщили о последствиях: наводнение затронуло несколько сёл."},
};
#define NARTICLES (sizeof articles / sizeof *articles)

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    strcpy(f->dir, "/tmp/slovo-test-api-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->path, sizeof f->path, "%s/idx", f->dir);
    assert_int_equal(slovo_open(f->path, SLOVO_OPEN_CREATE, &f->db), SLOVO_OK);
    for (size_t i = 0; i < NARTICLES; i++)
        assert_int_equal(slovo_add(f->db, &articles[i], NULL), SLOVO_OK);
    assert_int_equal(slovo_commit(f->db), SLOVO_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    slovo_close(f->db);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    if (system(cmd) != 0)
        return -1;
    free(f);
    return 0;
}

/* The ids of the hits of query, space separated, in rank order. */
static void search_ids(slovo_db *db, const char *query, const slovo_query_opts *o, char *out,
                       size_t cap)
{
    slovo_hits *h;
    out[0] = '\0';
    assert_int_equal(slovo_search(db, query, 0, o, &h), SLOVO_OK);
    while (slovo_hits_next(h) == SLOVO_ROW) {
        if (out[0])
            strncat(out, " ", cap - strlen(out) - 1);
        strncat(out, slovo_hit_field(h, SLOVO_FIELD_ID, NULL), cap - strlen(out) - 1);
    }
    slovo_hits_free(h);
}

static void test_inflected_forms(void **state)
{
    struct fixture *f = *state;
    static const struct { const char *query, *ids; } rows[] = {
        {"выборы", "ru-vybory"},
        {"вибори", "uk-vybory"},
        {"кібербезпека", "uk-kiber"},
        {"Україна", "uk-kiber"},
        {"attack", "en-attack"},
        {"Нью-Йорк", "ru-ny"},
        {"Йорк", "ru-ny"},
        {"НЬЮ-ЙОРК снег", "ru-ny"},
        {"ВЫБОРАХ явка", "ru-vybory"},
        /* any word may match: no empty page because one is missing */
        {"выборы снег", "ru-vybory ru-ny"},
        /* an article with more of the words ranks higher */
        {"выборы в Нью-Йорке, снег", "ru-ny ru-vybory ru-title"},
    };
    char ids[256];
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        search_ids(f->db, rows[i].query, NULL, ids, sizeof ids);
        assert_string_equal(ids, rows[i].ids);
    }
}

/* A title counts more; in an index large enough, a word in more than a fifth of the articles
 * has no title bonus (store.cc), but the title still counts for the other words, and title:
 * still finds the common one. A word in more than 30 % of them matches nothing beside a rarer
 * word, but does alone, beside another such word, in an OR typed, and as a word to exclude. */
static void test_title_counts_more(void **state)
{
    struct fixture *f = *state;
    char ids[256];
    search_ids(f->db, "наводнение", NULL, ids, sizeof ids);
    assert_string_equal(ids, "ru-title ru-body");

    char id[32];
    for (int i = 0; i < 250; i++) {
        snprintf(id, sizeof id, "filler-%d", i);
        slovo_article a = {.id = id, .title = "Сводка", .body = "Город и область.", .lang = "ru"};
        assert_int_equal(slovo_add(f->db, &a, NULL), SLOVO_OK);
    }
    slovo_article t = {.id = "t", .title = "Мосты и дороги", .body = "Ремонт закончен.",
                       .lang = "ru"};
    slovo_article b = {.id = "b", .title = "Новости", .body = "Мосты и дороги отремонтированы.",
                       .lang = "ru"};
    assert_int_equal(slovo_add(f->db, &t, NULL), SLOVO_OK);
    assert_int_equal(slovo_add(f->db, &b, NULL), SLOVO_OK);
    search_ids(f->db, "мосты", NULL, ids, sizeof ids);
    assert_string_equal(ids, "t b");
    search_ids(f->db, "title:и", NULL, ids, sizeof ids);
    assert_string_equal(ids, "t");
    search_ids(f->db, "мосты и", NULL, ids, sizeof ids);
    assert_string_equal(ids, "t b");
    slovo_hits *h;
    assert_int_equal(slovo_search(f->db, "город и", 0, NULL, &h), SLOVO_OK);
    assert_true(slovo_hits_total(h) >= 250);
    slovo_hits_free(h);
    /* but every word counts in an OR typed, and in words to exclude */
    assert_int_equal(slovo_search(f->db, "мосты OR и", 0, NULL, &h), SLOVO_OK);
    assert_true(slovo_hits_total(h) >= 250);
    slovo_hits_free(h);
    slovo_article m = {.id = "m", .title = "Мосты", .body = "Новые мосты построены.",
                       .lang = "ru"};
    assert_int_equal(slovo_add(f->db, &m, NULL), SLOVO_OK);
    search_ids(f->db, "мосты -и -ремонт", NULL, ids, sizeof ids);
    assert_string_equal(ids, "m");
}

#define BRIDGE_STORY                                                                      \
    "В Саратове открыли новый мост через Волгу. Строительство шло четыре года, на него "   \
    "потратили двенадцать миллиардов рублей. По мосту пойдут автобусы и грузовики, а для " \
    "пешеходов сделали отдельные дорожки. Губернатор назвал мост главной стройкой "        \
    "десятилетия и пообещал, что движение по старой переправе станет свободнее уже этой "  \
    "осенью. Жители города давно ждали открытия моста."

static void test_news_order(void **state)
{
    struct fixture *f = *state;
    static const slovo_article news[] = {
        /* a reprint of one story by two outlets, and another story on the same subject */
        {.id = "bridge-a", .title = "Мост открыт", .source = "Волга", .date = "2022-08-01",
         .body = BRIDGE_STORY},
        {.id = "bridge-b", .title = "Мост открыт", .source = "Регион", .date = "2022-08-02",
         .body = "Саратов. " BRIDGE_STORY " Фото: пресс-служба."},
        {.id = "bridge-c", .title = "Спор о мосте", .date = "2022-07-01",
         .body = "Депутаты спорят, нужен ли городу второй мост: одни говорят о пробках на "
                 "набережной, другие считают, что деньги лучше потратить на ремонт дорог, "
                 "школ и больниц. Решение отложили до осени, когда будут известны итоги "
                 "исследования транспортных потоков в центре и на окраинах."},
        /* two equal matches, a month apart */
        {.id = "storm-old", .title = "Шторм", .date = "2020-01-01",
         .body = "Шторм оборвал провода."},
        {.id = "storm-new", .title = "Шторм", .date = "2020-02-01",
         .body = "Шторм оборвал провода."},
    };
    for (size_t i = 0; i < sizeof news / sizeof *news; i++)
        assert_int_equal(slovo_add(f->db, &news[i], NULL), SLOVO_OK);
    assert_int_equal(slovo_commit(f->db), SLOVO_OK);
    char ids[256];

    /* the reprint shows as one hit that counts the other */
    slovo_hits *h;
    assert_int_equal(slovo_search(f->db, "мост через Волгу", 0, NULL, &h), SLOVO_OK);
    unsigned folded = 0;
    size_t n = 0;
    while (slovo_hits_next(h) == SLOVO_ROW) {
        n++;
        folded += slovo_hit_duplicates(h);
    }
    slovo_hits_free(h);
    assert_int_equal(n, 2);
    assert_int_equal(folded, 1);
    search_ids(f->db, "мост через Волгу", &(slovo_query_opts){.all = 1}, ids, sizeof ids);
    assert_non_null(strstr(ids, "bridge-a"));
    assert_non_null(strstr(ids, "bridge-b"));
    assert_non_null(strstr(ids, "bridge-c"));

    /* equal matches: by relevance in the order written; --recent the newer first */
    search_ids(f->db, "шторм", NULL, ids, sizeof ids);
    assert_string_equal(ids, "storm-old storm-new");
    search_ids(f->db, "шторм", &(slovo_query_opts){.sort = SLOVO_SORT_RECENT}, ids, sizeof ids);
    assert_string_equal(ids, "storm-new storm-old");
    /* by date: newest first, whatever the relevance */
    search_ids(f->db, "мост OR шторм", &(slovo_query_opts){.sort = SLOVO_SORT_DATE, .all = 1},
               ids, sizeof ids);
    assert_string_equal(ids, "bridge-b bridge-a bridge-c storm-new storm-old");
    assert_int_equal(slovo_search(f->db, "шторм", 0, &(slovo_query_opts){.sort = 9}, &h),
                     SLOVO_MISUSE);

    /* so many reprints that the best matches are all one story: the next story still shows */
    for (int i = 0; i < 30; i++) {
        char id[32];
        snprintf(id, sizeof id, "bridge-r%d", i);
        slovo_article a = {.id = id, .title = "Мост открыт", .body = BRIDGE_STORY};
        assert_int_equal(slovo_add(f->db, &a, NULL), SLOVO_OK);
    }
    assert_int_equal(slovo_commit(f->db), SLOVO_OK);
    assert_int_equal(slovo_search(f->db, "мост через Волгу", 0, &(slovo_query_opts){.limit = 2},
                                  &h),
                     SLOVO_OK);
    assert_int_equal(slovo_hits_next(h), SLOVO_ROW);
    assert_true(slovo_hit_duplicates(h) >= 10);
    assert_int_equal(slovo_hits_next(h), SLOVO_ROW);
    assert_string_equal(slovo_hit_field(h, SLOVO_FIELD_ID, NULL), "bridge-c");
    assert_int_equal(slovo_hits_next(h), SLOVO_DONE);
    assert_int_equal(slovo_hits_total(h), 2);    /* stories, not articles */
    slovo_hits_free(h);
    /* the second page starts after the first story */
    search_ids(f->db, "мост через Волгу", &(slovo_query_opts){.limit = 1, .offset = 1}, ids,
               sizeof ids);
    assert_string_equal(ids, "bridge-c");
}

static void test_words_together_rank_first(void **state)
{
    struct fixture *f = *state;
    static const slovo_article apart = {
        .id = "apart", .title = "Заседание",
        .body = "Мэй сказала, что Тереза приедет позже. Мэй ждала, Тереза опоздала."};
    static const slovo_article together = {
        .id = "together", .title = "Заседание",
        .body = "Премьер Тереза Мэй выступила в парламенте с докладом."};
    assert_int_equal(slovo_add(f->db, &apart, NULL), SLOVO_OK);
    assert_int_equal(slovo_add(f->db, &together, NULL), SLOVO_OK);
    char ids[256];
    /* apart has each word twice, but together has them as typed, in another form */
    search_ids(f->db, "Терезой Мэй", NULL, ids, sizeof ids);
    assert_string_equal(ids, "together apart");

    /* no two of the words one after another in either, and far has each twice, but near
     * has them close, in one sentence */
#define FILLER_1 " Машины прибыли быстро, соседние дома не пострадали, жильцов успели вывести, " \
                 "причины выясняет комиссия, ущерб пока не оценён, владельцы молчат. "
#define FILLER_2 " Позже выяснилось, что владельцы давно собирались продать участок, а затем " \
                 "переехать в другой город, где живут их родственники. "
    static const slovo_article far = {
        .id = "far", .title = "Обзор",
        .body = "Пожар начался ночью, пожар тушили до утра." FILLER_1
                "Склад был застрахован, склад принадлежал фирме." FILLER_2
                "Речь о Подмосковье, о Подмосковье писали прежде."};
    static const slovo_article near = {
        .id = "near", .title = "Обзор",
        .body = "В Подмосковье ночью сгорел склад, пожар тушили до утра." FILLER_1 FILLER_2
                "Фирма давно собиралась переехать, писали прежде."};
#undef FILLER_1
#undef FILLER_2
    assert_int_equal(slovo_add(f->db, &far, NULL), SLOVO_OK);
    assert_int_equal(slovo_add(f->db, &near, NULL), SLOVO_OK);
    search_ids(f->db, "пожар склад Подмосковье", NULL, ids, sizeof ids);
    assert_string_equal(ids, "near far");
}

static void test_two_passages(void **state)
{
    struct fixture *f = *state;
    /* long enough to be read in several pieces (snippet.c) */
    char body[16384] = "Кит выбросился на берег. ";
    for (int i = 0; i < 300; i++)
        strcat(body, i % 7 ? "Дождь шёл весь день. " : "Нью-Йорк, " "лето-осень. ");
    strcat(body, "Вечером в зоопарк привезли слона.");
    slovo_article a = {.id = "far", .title = "Новости", .body = body, .lang = "ru"};
    assert_int_equal(slovo_add(f->db, &a, NULL), SLOVO_OK);
    slovo_hits *h;
    assert_int_equal(slovo_search(f->db, "кит слон", 0, NULL, &h), SLOVO_OK);
    assert_int_equal(slovo_hits_next(h), SLOVO_ROW);
    const char *s = slovo_hit_snippet(h, "[", "]", 0, NULL);
    /* the words are too far apart for one passage: two, each with its word */
    assert_non_null(s);
    assert_non_null(strstr(s, "[Кит] выбросился"));
    assert_non_null(strstr(s, " …"));
    assert_non_null(strstr(s, "привезли [слона]"));
    assert_true(strstr(s, "[Кит]") < strstr(s, "[слона]"));
    slovo_hits_free(h);
}

/* The highlighted words come from the article's positions: after a title of a hyphenated
 * word, in a body where a compound and its parts stand, and in a title shown for want of a
 * body. */
static void check_snippet_positions(struct fixture *f)
{
    slovo_article a[] = {
        /* (U+115F alone is a word to ICU that normalizes to nothing: no position) */
        {.id = "ny", .title = "Репортаж \u115F из Нью-Йорка о выборах мэра", .lang = "ru",
         .body = "Мэр Нью-Йорка встретился с избирателями. Йорк — город в Англии."},
        {.id = "headline", .title = "Нью-Йорк выбирает мэра", .body = "", .lang = "ru"},
        {.id = "forms", .title = "Кампания", .lang = "ru",
         .body = "Выборы, выборы, снова выборы: о выборов итогах спорят все. Кандидаты "
                 "ездили по области, встречались с жителями сёл и городов, обещали дороги, "
                 "школы, больницы и рабочие места, спорили в эфире и в сети, собирали "
                 "подписи и деньги. В конце концов речь шла о выборах губернатора."},
    };
    static const struct { const char *query, *id, *snippet; } rows[] = {
        /* the query's parts are words of its own: the lone Йорк lights up too */
        {"нью-йорк", "ny", "Мэр [Нью-Йорка] встретился с избирателями. [Йорк] — город в Англии."},
        {"йорк избиратели", "ny",
         "Мэр Нью-[Йорка] встретился с [избирателями]. [Йорк] — город в Англии."},
        {"мэр", "headline", "Нью-Йорк выбирает [мэра]"},
        /* =word lights up its own form only */
        {"=Йорк", "ny", "…Нью-Йорка встретился с избирателями. [Йорк] — город в Англии."},
        /* the passage goes where the form asked for stands, not where the word is most */
        {"=выборах", "forms", "…и деньги. В конце концов речь шла о [выборах] губернатора."},
    };
    for (size_t i = 0; i < sizeof a / sizeof *a; i++)
        assert_int_equal(slovo_add(f->db, &a[i], NULL), SLOVO_OK);
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        slovo_hits *h;
        assert_int_equal(slovo_search(f->db, rows[i].query, 0, NULL, &h), SLOVO_OK);
        const char *s = NULL;
        while (!s && slovo_hits_next(h) == SLOVO_ROW)
            if (strcmp(slovo_hit_field(h, SLOVO_FIELD_ID, NULL), rows[i].id) == 0)
                s = slovo_hit_snippet(h, "[", "]", 0, NULL);
        assert_non_null(s);
        assert_string_equal(s, rows[i].snippet);
        slovo_hits_free(h);
    }
    /* more matches than a snippet keeps before its passage: the passage still shows */
    static const char drop[] = "Дождь. ", end[] = "Вечером кит увидел дождь.";
    static char rain[5000 * (sizeof drop - 1) + sizeof end];
    for (size_t i = 0; i < 5000; i++)
        memcpy(rain + i * (sizeof drop - 1), drop, sizeof drop - 1);
    memcpy(rain + 5000 * (sizeof drop - 1), end, sizeof end);
    slovo_article r = {.id = "rain", .title = "Погода", .body = rain, .lang = "ru"};
    assert_int_equal(slovo_add(f->db, &r, NULL), SLOVO_OK);
    slovo_hits *h;
    assert_int_equal(slovo_search(f->db, "кит дождь", 0, NULL, &h), SLOVO_OK);
    assert_int_equal(slovo_hits_next(h), SLOVO_ROW);
    assert_string_equal(slovo_hit_field(h, SLOVO_FIELD_ID, NULL), "rain");
    const char *s = slovo_hit_snippet(h, "[", "]", 0, NULL);
    assert_non_null(strstr(s, "[кит] увидел [дождь]"));
    /* and so do the matches in the text shown before its first word */
    assert_int_equal(strncmp(s, "…[Дождь]. [Дождь].", strlen("…[Дождь]. [Дождь].")), 0);
    assert_null(strstr(s, " Дождь"));
    slovo_hits_free(h);
}

static void test_query_language(void **state)
{
    struct fixture *f = *state;
    static const struct { const char *query, *ids; } rows[] = {
        /* a phrase matches across inflections, but not its words in another order */
        {"\"выборы в городскую думу\"", "ru-vybory"},
        {"\"думу городскую\"", ""},
        {"\"під час виборів\"", "uk-vybory"},
        {"title:\"итоги голосования\"", "ru-vybory"},
        {"title:\"голосования итоги\"", ""},
        /* the title's last word and the body's first are not one phrase */
        {"\"голосования на выборах\"", ""},
        /* exclusion */
        {"наводнение -Приморье", "ru-body"},
        {"наводнение NOT Приморье", "ru-body"},
        /* fields and filters */
        {"title:наводнение", "ru-title"},
        {"выборы source:Вестник", "ru-vybory"},
        {"source:Кур'єр", "uk-vybory"},
        {"source:Эхо-Приморья", "ru-title"},
        {"\"в Нью-Йорке выпал снег\"", "ru-ny"},
        {"выборы source:Кур'єр", ""},
        {"вибори lang:uk", "uk-vybory"},
        {"наводнение date:2021-07-02", "ru-body"},
        {"наводнение date:<2021-07-02", "ru-title"},
        {"lang:en", "en-attack"},
        /* OR, AND, grouping, prefixes */
        {"attack OR Нью-Йорк", "ru-ny en-attack"},
        {"(снег OR attack) AND Нью-Йорк", "ru-ny"},
        {"кібербез*", "uk-kiber"},
        {"выборах*", "ru-vybory"},
        /* double negation is no exclusion */
        {"наводнение -(-Приморье)", "ru-title ru-body"},
        /* =word: this form only, in the title or the body; a hyphenated word whole */
        {"=выборах", "ru-vybory"},
        {"=выборы", ""},
        {"=Нью-Йорке", "ru-ny"},
        {"=Нью-Йорк", ""},
        {"=наводнение", "ru-title ru-body"},
        {"title:=голосования", "ru-vybory"},
        {"title:=голосование", ""},
        {"title:=наводнение", "ru-title"},
        {"снег -=Нью-Йорке", ""},
    };
    char ids[256];
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        search_ids(f->db, rows[i].query, NULL, ids, sizeof ids);
        if (strcmp(ids, rows[i].ids) != 0)
            fail_msg("'%s' found '%s', not '%s'", rows[i].query, ids, rows[i].ids);
    }
    /* a syntax error says where and what to do; nothing is searched */
    slovo_hits *h;
    assert_int_equal(slovo_search(f->db, "выборы (мэра", 0, NULL, &h), SLOVO_SYNTAX);
    assert_null(h);
    assert_non_null(strstr(slovo_errmsg(f->db), "at 13"));
}

static void test_filters(void **state)
{
    struct fixture *f = *state;
    char ids[256];
    slovo_query_opts o = {.lang = "uk"};
    /* each word in its own language: the Ukrainian and the Russian article */
    search_ids(f->db, "голосування голосования", NULL, ids, sizeof ids);
    assert_string_equal(ids, "ru-vybory uk-vybory");
    search_ids(f->db, "наводнение", &(slovo_query_opts){.date_from = "2021-07-02"}, ids,
               sizeof ids);
    assert_string_equal(ids, "ru-body");
    search_ids(f->db, "наводнение", &(slovo_query_opts){.date_to = "2021-07-01"}, ids,
               sizeof ids);
    assert_string_equal(ids, "ru-title");
    search_ids(f->db, "виборах", &o, ids, sizeof ids);
    assert_string_equal(ids, "uk-vybory");
    o.lang = "ru";
    search_ids(f->db, "наводнение", &(slovo_query_opts){.limit = 1, .offset = 1}, ids,
               sizeof ids);
    assert_string_equal(ids, "ru-body");

    slovo_hits *h;
    assert_int_equal(slovo_search(f->db, "x", 0, &(slovo_query_opts){.lang = "de"}, &h),
                     SLOVO_MISUSE);
    assert_null(h);
    assert_non_null(strstr(slovo_errmsg(f->db), "'de'"));
    assert_int_equal(slovo_search(f->db, "x", 0, &(slovo_query_opts){.date_from = "2021"}, &h),
                     SLOVO_MISUSE);
    assert_int_equal(slovo_search(f->db, "x", 0,
                                  &(slovo_query_opts){.date_from = "2021-02-30x"}, &h),
                     SLOVO_MISUSE);
}

static void test_hit_fields_and_snippet(void **state)
{
    struct fixture *f = *state;
    slovo_hits *h;
    assert_int_equal(slovo_search(f->db, "выборы", 0, NULL, &h), SLOVO_OK);
    assert_null(slovo_hit_field(h, SLOVO_FIELD_ID, NULL));
    assert_int_equal(slovo_hits_total(h), 1);
    assert_int_equal(slovo_hits_next(h), SLOVO_ROW);
    assert_int_equal(slovo_hit_rank(h), 1);
    assert_true(slovo_hit_score(h) > 0);
    size_t len;
    assert_string_equal(slovo_hit_field(h, SLOVO_FIELD_TITLE, &len), "Итоги голосования");
    assert_int_equal(len, strlen("Итоги голосования"));
    assert_string_equal(slovo_hit_field(h, SLOVO_FIELD_DATE, NULL), "2021-09-20");
    assert_string_equal(slovo_hit_field(h, SLOVO_FIELD_SOURCE, NULL), "Вестник");
    assert_string_equal(slovo_hit_field(h, SLOVO_FIELD_LANG, NULL), "ru");
    assert_string_equal(slovo_hit_field(h, SLOVO_FIELD_URL, NULL), "");
    assert_null(slovo_hit_field(h, 99, NULL));
    const char *s = slovo_hit_snippet(h, "[", "]", 0, &len);
    assert_string_equal(s, "На [выборах] в городскую думу победили независимые кандидаты. "
                           "Явка на [выборах] была низкой.");
    assert_int_equal(len, strlen(s));
    assert_int_equal(slovo_hits_next(h), SLOVO_DONE);
    slovo_hits_free(h);

    /* The detected language of an article given none. */
    assert_int_equal(slovo_search(f->db, "кібербезпека", 0, NULL, &h), SLOVO_OK);
    assert_int_equal(slovo_hits_next(h), SLOVO_ROW);
    assert_string_equal(slovo_hit_field(h, SLOVO_FIELD_LANG, NULL), "uk");
    s = slovo_hit_snippet(h, "<b>", "</b>", SLOVO_SNIPPET_HTML, NULL);
    assert_non_null(strstr(s, "<b>кібербезпеки</b>"));
    slovo_hits_free(h);

    check_snippet_positions(f);
}

static void test_replace_and_delete(void **state)
{
    struct fixture *f = *state;
    uint64_t n, n2;
    assert_int_equal(slovo_count(f->db, &n), SLOVO_OK);
    assert_int_equal(n, NARTICLES);
    int replaced = -1;
    slovo_article a = articles[0];
    a.body = "Новый текст о референдуме.";
    assert_int_equal(slovo_add(f->db, &a, &replaced), SLOVO_OK);
    assert_int_equal(replaced, 1);
    assert_int_equal(slovo_count(f->db, &n2), SLOVO_OK);
    assert_int_equal(n2, n);
    char ids[256];
    search_ids(f->db, "выборы", NULL, ids, sizeof ids);
    assert_string_equal(ids, "");
    search_ids(f->db, "референдум", NULL, ids, sizeof ids);
    assert_string_equal(ids, "ru-vybory");

    assert_int_equal(slovo_delete(f->db, "ru-vybory", 0), SLOVO_OK);
    assert_int_equal(slovo_delete(f->db, "ru-vybory", 0), SLOVO_NOTFOUND);
    assert_non_null(strstr(slovo_errmsg(f->db), "ru-vybory"));
    search_ids(f->db, "референдум", NULL, ids, sizeof ids);
    assert_string_equal(ids, "");
}

static void test_bad_articles(void **state)
{
    struct fixture *f = *state;
    slovo_article a = {.title = "Без id", .body = "текст"};
    assert_int_equal(slovo_add(f->db, &a, NULL), SLOVO_MISUSE);
    a.id = "empty";
    a.title = "«—»";
    a.body = "  !!! ";
    assert_int_equal(slovo_add(f->db, &a, NULL), SLOVO_EMPTY);
    assert_non_null(strstr(slovo_errmsg(f->db), "'empty'"));
    a.body = "текст";
    a.lang = "klingon";
    assert_int_equal(slovo_add(f->db, &a, NULL), SLOVO_MISUSE);
    /* over 1 GiB: refused by its length before a byte of the body is read (so the test
     * needs no such buffer; a read would run off this one, which ASan reports) */
    a.lang = NULL;
    a.body_len = ((size_t)1 << 30) + 1;
    assert_int_equal(slovo_add(f->db, &a, NULL), SLOVO_MISUSE);
    assert_non_null(strstr(slovo_errmsg(f->db), "larger than 1 GiB"));
    a.body_len = 0;

    /* Invalid UTF-8 is stored repaired; the words around it are found. */
    char body[] = "Почтальон \xff\xfe принес телеграмму";
    slovo_article bad = {.id = "bad-utf8", .body = body};
    assert_int_equal(slovo_add(f->db, &bad, NULL), SLOVO_OK);
    slovo_hits *h;
    assert_int_equal(slovo_search(f->db, "телеграмма", 0, NULL, &h), SLOVO_OK);
    assert_int_equal(slovo_hits_next(h), SLOVO_ROW);
    assert_non_null(strstr(slovo_hit_field(h, SLOVO_FIELD_BODY, NULL), "\xEF\xBF\xBD"));
    slovo_hits_free(h);

    /* A huge query and a query of nothing but operators neither crash nor hang. */
    size_t big = 10000 * 6;
    char *q = malloc(big + 1);
    for (size_t i = 0; i < big; i += 6)
        memcpy(q + i, "слово ", 6);
    q[big] = '\0';
    assert_int_equal(slovo_search(f->db, q, 0, NULL, &h), SLOVO_OK);
    assert_int_equal(slovo_hits_next(h), SLOVO_DONE);
    slovo_hits_free(h);
    free(q);
    assert_int_equal(slovo_search(f->db, "\"(-*)\"", 0, NULL, &h), SLOVO_SYNTAX);
    assert_null(h);
}

static void test_open_errors(void **state)
{
    struct fixture *f = *state;
    slovo_db *db;
    char path[160];
    snprintf(path, sizeof path, "%s/nothing-here", f->dir);
    assert_int_equal(slovo_open(path, SLOVO_OPEN_READONLY, &db), SLOVO_NOTFOUND);
    assert_non_null(strstr(slovo_errmsg(db), "nothing-here"));
    slovo_close(db);

    /* One writer at a time: the second fails at once. */
    assert_int_equal(slovo_open(f->path, SLOVO_OPEN_READWRITE, &db), SLOVO_LOCKED);
    assert_non_null(strstr(slovo_errmsg(db), "locked"));
    slovo_close(db);

    /* A reader sees what was committed, and cannot write. */
    assert_int_equal(slovo_open(f->path, SLOVO_OPEN_READONLY, &db), SLOVO_OK);
    uint64_t n;
    assert_int_equal(slovo_count(db, &n), SLOVO_OK);
    assert_int_equal(n, NARTICLES);
    assert_int_equal(slovo_add(db, &articles[0], NULL), SLOVO_MISUSE);
    assert_int_equal(slovo_delete(db, "ru-vybory", 0), SLOVO_MISUSE);
    slovo_close(db);

    /* A directory that is not an index. */
    assert_int_equal(slovo_open(f->dir, SLOVO_OPEN_READONLY, &db) == SLOVO_OK, 0);
    slovo_close(db);
    assert_int_equal(slovo_close(NULL), SLOVO_OK);
    slovo_hits_free(NULL);
}

static void test_morphology_is_recorded(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(slovo_morphology(f->db), SLOVO_MORPH_DICT);
    slovo_db *db;
    char path[160];
    snprintf(path, sizeof path, "%s/rules", f->dir);
    assert_int_equal(slovo_open(path, SLOVO_OPEN_CREATE | SLOVO_OPEN_MORPH_RULES, &db),
                     SLOVO_OK);
    assert_int_equal(slovo_morphology(db), SLOVO_MORPH_RULES);
    slovo_close(db);
    /* Reopened without the flag, it keeps the morphology it was built with. */
    assert_int_equal(slovo_open(path, SLOVO_OPEN_READONLY, &db), SLOVO_OK);
    assert_int_equal(slovo_morphology(db), SLOVO_MORPH_RULES);
    slovo_close(db);
}

/* An index at f->dir/name as an earlier version left it: metadata key (store.h) set to
 * value. */
static void make_older_index(const struct fixture *f, const char *name, const char *key,
                             const char *value, char *path, size_t cap)
{
    struct store *s;
    snprintf(path, cap, "%s/%s", f->dir, name);
    const struct store_meta meta = {"slovo.morphology", "dict"};
    assert_int_equal(store_open(path, SLOVO_OPEN_CREATE, &meta, 1, &s), SLOVO_OK);
    assert_int_equal(store_set_metadata(s, key, value), SLOVO_OK);
    assert_int_equal(store_close(s), SLOVO_OK);
}

static void test_older_indexes(void **state)
{
    char path[160];
    slovo_db *db;
    /* terms of an older analysis: not written beside new ones, but searched */
    make_older_index(*state, "old", "slovo.analysis", "1", path, sizeof path);
    assert_int_equal(slovo_open(path, SLOVO_OPEN_READWRITE, &db), SLOVO_CORRUPT);
    assert_non_null(strstr(slovo_errmsg(db), "older version of Slovo's text analysis"));
    slovo_close(db);
    assert_int_equal(slovo_open(path, SLOVO_OPEN_READONLY, &db), SLOVO_OK);
    slovo_close(db);
    /* an older layout (Xapian positions, format 1): not even read */
    make_older_index(*state, "layout1", "slovo.format", "1", path, sizeof path);
    assert_int_equal(slovo_open(path, SLOVO_OPEN_READONLY, &db), SLOVO_CORRUPT);
    assert_non_null(strstr(slovo_errmsg(db), "remove it and index again"));
    slovo_close(db);
    /* nor one without near-duplicate signatures and word counts of the body (format 3) */
    make_older_index(*state, "layout3", "slovo.format", "3", path, sizeof path);
    assert_int_equal(slovo_open(path, SLOVO_OPEN_READONLY, &db), SLOVO_CORRUPT);
    assert_non_null(strstr(slovo_errmsg(db), "remove it and index again"));
    slovo_close(db);
}

static void test_compact(void **state)
{
    struct fixture *f = *state;
    slovo_db *reader;
    assert_int_equal(slovo_open(f->path, SLOVO_OPEN_READONLY, &reader), SLOVO_OK);
    char before[256], after[256];
    search_ids(reader, "наводнение", NULL, before, sizeof before);
    assert_int_equal(slovo_compact(f->db), SLOVO_OK);
    char leftover[160];
    snprintf(leftover, sizeof leftover, "%s.compacting", f->path);
    assert_int_equal(access(leftover, F_OK), -1);
    /* a reader opened before sees the same articles; the writer goes on writing */
    search_ids(reader, "наводнение", NULL, after, sizeof after);
    assert_string_equal(after, before);
    slovo_article a = {.id = "ru-late", .title = "Дирижабль", .body = "Над городом пролетел дирижабль."};
    assert_int_equal(slovo_add(f->db, &a, NULL), SLOVO_OK);
    assert_int_equal(slovo_commit(f->db), SLOVO_OK);
    search_ids(reader, "\"пролетел дирижабль\"", NULL, after, sizeof after);
    assert_string_equal(after, "ru-late");
    slovo_close(reader);
}

/* What a reader sees of an index being written when the second of three files is read. */
struct commit_probe {
    const char *path;
    uint64_t seen;              /* articles committed then */
};

static void probe_commits(void *ctx, const slovo_index_stats *stats)
{
    struct commit_probe *p = ctx;
    if (stats->files != 2)
        return;
    slovo_db *reader;
    assert_int_equal(slovo_open(p->path, SLOVO_OPEN_READONLY, &reader), SLOVO_OK);
    assert_int_equal(slovo_count(reader, &p->seen), SLOVO_OK);
    slovo_close(reader);
}

/* Indexes dir (files of articles) into a new index at path and returns the articles a
 * reader saw committed once two files were read. */
static uint64_t committed_after_two_files(const char *dir, const char *path,
                                          uint64_t commit_every)
{
    slovo_db *db;
    assert_int_equal(slovo_open(path, SLOVO_OPEN_CREATE | SLOVO_OPEN_MORPH_RULES, &db), SLOVO_OK);
    struct commit_probe probe = {path, UINT64_MAX};
    slovo_index_opts o = {.progress = probe_commits, .ctx = &probe, .commit_every = commit_every};
    slovo_index_stats stats = {0};
    assert_int_equal(slovo_index_path(db, dir, &o, &stats), SLOVO_OK);
    assert_int_equal(stats.added, 61);
    slovo_close(db);
    return probe.seen;
}

/* By default a run commits after 8 MB of text even before 2000 articles; told to commit
 * every 2000 articles, it does just that. Two files of 30 articles of 194 KB (11.6 MB), then
 * one of one article. */
static void test_commits_by_text(void **state)
{
    struct fixture *f = *state;
    char dir[128], file[160], path[160];
    snprintf(dir, sizeof dir, "%s/feed", f->dir);
    assert_int_equal(mkdir(dir, 0700), 0);
    static const char sentence[] = "Городской совет обсудил новый бюджет и ремонт дорог. ";
    for (int n = 1; n <= 3; n++) {
        snprintf(file, sizeof file, "%s/%d.jsonl", dir, n);
        FILE *out = fopen(file, "w");
        assert_non_null(out);
        for (int i = 0; i < (n < 3 ? 30 : 1); i++) {
            fprintf(out, "{\"id\": \"a%d-%d\", \"text\": \"", n, i);
            for (int k = 0; k < 2000; k++)
                fputs(sentence, out);
            fputs("\"}\n", out);
        }
        assert_int_equal(fclose(out), 0);
    }
    snprintf(path, sizeof path, "%s/by-text", f->dir);
    uint64_t seen = committed_after_two_files(dir, path, 0);
    assert_true(seen > 0 && seen < 60);
    snprintf(path, sizeof path, "%s/by-count", f->dir);
    assert_int_equal(committed_after_two_files(dir, path, 2000), 0);
}

static void test_analyze(void **state)
{
    (void)state;
    static const struct { const char *text, *lang, *terms; } rows[] = {
        {"Україні п’ять", "uk", "україн п'ят"},
        {"ВЫБОРАХ ёлка", "ru", "выбор елк"},
        {"Нью-Йорке", "ru", "ньюйорк нью йорк"},
        {"Hackers attacked", NULL, "hacker attack"},
        {"«—»", "ru", ""},
        {"1972 года", "ru", "1972 год"},
    };
    slovo_analyzer *a;
    assert_int_equal(slovo_analyzer_open(SLOVO_MORPH_RULES, &a), SLOVO_OK);
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        char *terms;
        assert_int_equal(slovo_analyze(a, rows[i].text, 0, rows[i].lang, &terms), SLOVO_OK);
        assert_string_equal(terms, rows[i].terms);
        slovo_free(terms);
    }
    char *terms = (char *)1;
    assert_int_equal(slovo_analyze(a, "слово", 0, "xx", &terms), SLOVO_MISUSE);
    assert_null(terms);
    slovo_analyzer_close(a);
    slovo_analyzer_close(NULL);
    assert_int_equal(slovo_analyzer_open(42, &a), SLOVO_MISUSE);
    assert_null(a);
}

static void test_errstr_and_version(void **state)
{
    (void)state;
    assert_string_equal(slovo_version(), SLOVO_VERSION);
    assert_string_equal(slovo_errstr(SLOVO_OK), "not an error");
    assert_string_equal(slovo_errstr(SLOVO_LOCKED), "index is locked");
    assert_string_equal(slovo_errstr(12345), "unknown error");
    assert_string_equal(slovo_errmsg(NULL), "out of memory");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_inflected_forms, setup, teardown),
        cmocka_unit_test_setup_teardown(test_title_counts_more, setup, teardown),
        cmocka_unit_test_setup_teardown(test_filters, setup, teardown),
        cmocka_unit_test_setup_teardown(test_news_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_query_language, setup, teardown),
        cmocka_unit_test_setup_teardown(test_two_passages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hit_fields_and_snippet, setup, teardown),
        cmocka_unit_test_setup_teardown(test_replace_and_delete, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_articles, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_morphology_is_recorded, setup, teardown),
        cmocka_unit_test_setup_teardown(test_older_indexes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_compact, setup, teardown),
        cmocka_unit_test_setup_teardown(test_commits_by_text, setup, teardown),
        cmocka_unit_test_setup_teardown(test_words_together_rank_first, setup, teardown),
        cmocka_unit_test(test_analyze),
        cmocka_unit_test(test_errstr_and_version),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
