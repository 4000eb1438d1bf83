/* test_lang.c: language of texts and words, from table rows and from the shared corpus of
 * real news (the JSON Lines files of $SLOVO_SHARED/corpus, read in place). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dirent.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "lang.h"

/* ---- Table rows ----------------------------------------------------------------------- */

static const struct {
    const char *name;
    const char *text;
    size_t len;                 /* 0: strlen(text) */
    enum lang expect;
} detect_rows[] = {
    {"empty", "", 0, LANG_OTHER},
    {"one byte", "a", 0, LANG_OTHER},
    {"one word", "Київ", 0, LANG_OTHER},
    {"digits and punctuation", "2021-06-16, 10:30 — 25%", 0, LANG_OTHER},
    {"uk", "Президент підписав закон про бюджет на наступний рік.", 0, LANG_UK},
    {"uk upper case", "ПРЕЗИДЕНТ ПІДПИСАВ ЗАКОН ПРО БЮДЖЕТ", 0, LANG_UK},
    {"uk by function words", "Він каже, що це та людина, як вона", 0, LANG_UK},
    {"uk headline, no telling letter", "Зеленський: «Мова — це зброя, як танк»", 0, LANG_UK},
    {"uk with a Russian name", "Зустріч із Вячеславом Володіним відбулася у Києві вчора", 0,
     LANG_UK},
    {"ru", "Президент объявил, что бюджет будет принят в этом году.", 0, LANG_RU},
    {"ru with no telling letter", "Президент подписал закон о бюджете на следующий год.", 0,
     LANG_RU},
    {"ru by function words", "Он сказал, что как только придет, сразу позвонит", 0, LANG_RU},
    {"ru ordinal is no Ukrainian й", "Пожар на 3-й Тверской-Ямской улице потушен", 0, LANG_RU},
    {"ru with a script", "Путин и Трамп одобрили совместное заявление по Сирии. "
     "jwplayer(\"js-mediaplayer\").setup({ file: \"https://cdnv.rt.com/video.mp4\", "
     "autostart: true, mute: true, width: \"100%\" });", 0, LANG_RU},
    {"ru with an English link", "Историк нашел родину колеса\n\n"
     "https://naked-science.ru/article/anthropology/wheel-in-the-carpathian", 0, LANG_RU},
    {"ru with a Ukrainian name", "Встреча с Олексієм Гончаренко прошла в Москве вчера", 0,
     LANG_RU},
    {"en", "The president signed the budget law for the next year.", 0, LANG_EN},
    {"en upper case", "THE PRESIDENT SIGNED THE BUDGET LAW", 0, LANG_EN},
    {"German", "Der Präsident hat das Haushaltsgesetz für das nächste Jahr unterzeichnet.", 0,
     LANG_OTHER},
    {"Serbian", "Председник је потписао закон о буџету за следећу годину, јавља агенција.", 0,
     LANG_OTHER},
    {"Belarusian", "Прэзідэнт падпісаў закон аб бюджэце на наступны год, паведамляе агенцтва.", 0,
     LANG_OTHER},
    {"invalid UTF-8", "\xff\xfe Президент підписав \xd0\x80\x80 закон про бюджет \xd0", 0,
     LANG_UK},
};

static const struct {
    const char *word;
    unsigned expect;
} word_rows[] = {
    {"київ", LANG_BIT(LANG_UK)},
    {"їжак", LANG_BIT(LANG_UK)},
    {"ґанок", LANG_BIT(LANG_UK)},
    {"єдність", LANG_BIT(LANG_UK)},
    {"КИЇВ", LANG_BIT(LANG_UK)},
    {"мысль", LANG_BIT(LANG_RU)},
    {"это", LANG_BIT(LANG_RU)},
    {"объявил", LANG_BIT(LANG_RU)},
    {"мир", LANG_BIT(LANG_RU) | LANG_BIT(LANG_UK)},
    {"нью", LANG_BIT(LANG_RU) | LANG_BIT(LANG_UK)},
    {"п'ять", LANG_BIT(LANG_RU) | LANG_BIT(LANG_UK)},
    {"microsoft", LANG_BIT(LANG_EN)},
    {"covid19", LANG_BIT(LANG_EN)},
    {"2021", 0},
    {"3.5", 0},
    {"", 0},
    {"東京", 0},
    {"\xff", 0},
    {"\xd1", 0},                /* a lead byte cut off */
};

static void test_detect_rows(void **state)
{
    (void)state;
    int failed = 0;
    for (size_t i = 0; i < sizeof detect_rows / sizeof detect_rows[0]; i++) {
        size_t len = detect_rows[i].len ? detect_rows[i].len : strlen(detect_rows[i].text);
        enum lang got = lang_detect(detect_rows[i].text, len);
        if (got != detect_rows[i].expect) {
            printf("row '%s': got %s, expected %s\n", detect_rows[i].name, lang_code(got),
                   lang_code(detect_rows[i].expect));
            failed++;
        }
    }
    assert_int_equal(failed, 0);
}

/* Past the 4 KB looked at, and with the cut falling inside a two-byte letter. */
static void test_detect_long(void **state)
{
    (void)state;
    size_t len = 9001;
    char *text = malloc(len);
    assert_non_null(text);
    text[0] = ' ';
    for (size_t i = 1; i + 1 < len; i += 2)
        memcpy(text + i, "і", 2);
    assert_int_equal(lang_detect(text, len), LANG_UK);
    assert_int_equal(lang_detect(text, 4097), LANG_UK);
    free(text);
}

static void test_word_rows(void **state)
{
    (void)state;
    int failed = 0;
    for (size_t i = 0; i < sizeof word_rows / sizeof word_rows[0]; i++) {
        unsigned got = lang_word_candidates(word_rows[i].word, strlen(word_rows[i].word));
        if (got != word_rows[i].expect) {
            printf("word '%s': got %#x, expected %#x\n", word_rows[i].word, got,
                   word_rows[i].expect);
            failed++;
        }
    }
    assert_int_equal(failed, 0);
}

static void test_codes(void **state)
{
    (void)state;
    static const struct {
        const char *code;
        size_t len;
        int expect;
    } rows[] = {
        {"ru", 2, LANG_RU}, {"uk", 2, LANG_UK}, {"en", 2, LANG_EN}, {"other", 5, LANG_OTHER},
        {"rus", 2, LANG_RU},    /* only len bytes are read */
        {"rus", 3, -1}, {"r", 1, -1}, {"", 0, -1}, {"ua", 2, -1}, {"RU", 2, -1},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        assert_int_equal(lang_parse(rows[i].code, rows[i].len), rows[i].expect);
    for (int l = 0; l < LANG_COUNT; l++)
        assert_int_equal(lang_parse(lang_code((enum lang)l), strlen(lang_code((enum lang)l))), l);
    assert_string_equal(lang_code(LANG_COUNT), "other");
    assert_string_equal(lang_code((enum lang)-1), "other");
}

/* ---- The shared corpus ---------------------------------------------------------------- */

enum {
    MIN_BYTES = 200,            /* an article shorter than this is a headline, not a text */
    PER_FILE = 300,             /* articles of one language taken from one file */
    MIN_ARTICLES = 200,         /* per language, or the test means nothing */
    MIN_PERMILLE = 980          /* accuracy required */
};

static int by_name(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The *.jsonl files of dir, sorted; NULL when dir cannot be read. */
static char **list_corpus(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len <= 6 || strcmp(e->d_name + len - 6, ".jsonl") != 0)
            continue;
        char **grown = realloc(names, (n + 1) * sizeof *names);
        assert_non_null(grown);
        names = grown;
        names[n] = malloc(strlen(dir) + len + 2);
        assert_non_null(names[n]);
        sprintf(names[n], "%s/%s", dir, e->d_name);
        n++;
    }
    closedir(d);
    qsort(names, n, sizeof *names, by_name);
    *count = n;
    return names;
}

struct tally {
    size_t confusion[LANG_COUNT][LANG_COUNT];   /* [expected][detected] */
    int shown;                                  /* misses printed so far */
};

/* Detects the language of up to PER_FILE long articles per language of one file. */
static void run_file(const char *path, struct tally *t)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    size_t taken[LANG_COUNT] = {0};
    int seen[LANG_COUNT] = {0};
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) > 0) {
        struct json_object *o = json_tokener_parse(line), *jl, *jt;
        if (o && json_object_object_get_ex(o, "lang", &jl) &&
            json_object_object_get_ex(o, "text", &jt) && json_object_is_type(jt, json_type_string)) {
            const char *code = json_object_get_string(jl);
            int l = code ? lang_parse(code, strlen(code)) : -1;
            const char *text = json_object_get_string(jt);
            size_t tlen = (size_t)json_object_get_string_len(jt);
            if (l > LANG_OTHER) {
                seen[l] = 1;
                if (tlen > MIN_BYTES && taken[l] < PER_FILE) {
                    taken[l]++;
                    enum lang got = lang_detect(text, tlen);
                    t->confusion[l][got]++;
                    if (got != (enum lang)l && t->shown++ < 10) {
                        int cut = tlen < 120 ? (int)tlen : 120;
                        while (cut > 0 && (text[cut] & 0xC0) == 0x80)
                            cut--;      /* not inside a character */
                        printf("  miss %s: %s as %s: %.*s\n", path, lang_code((enum lang)l),
                               lang_code(got), cut, text);
                    }
                }
            }
        }
        json_object_put(o);
        int more = 0;
        for (int i = LANG_RU; i < LANG_COUNT; i++)
            more |= !seen[i] || taken[i] < PER_FILE;
        if (!more)
            break;
    }
    free(line);
    fclose(f);
}

static void test_corpus(void **state)
{
    (void)state;
    const char *shared = getenv("SLOVO_SHARED");
    char dir[4096];
    size_t nfiles = 0;
    char **files = NULL;
    if (shared && *shared) {
        snprintf(dir, sizeof dir, "%s/corpus", shared);
        files = list_corpus(dir, &nfiles);
    }
    if (!files || nfiles == 0) {
        free(files);
        if (getenv("CI"))
            fail_msg("no corpus: set SLOVO_SHARED to the shared data directory");
        printf("  no corpus at $SLOVO_SHARED/corpus: skipped\n");
        skip();
        return;
    }

    struct tally t;
    memset(&t, 0, sizeof t);
    for (size_t i = 0; i < nfiles; i++) {
        run_file(files[i], &t);
        free(files[i]);
    }
    free(files);

    int failed = 0;
    printf("  expected   other     ru     uk     en  accuracy\n");
    for (int l = LANG_RU; l < LANG_COUNT; l++) {
        size_t total = 0;
        for (int g = 0; g < LANG_COUNT; g++)
            total += t.confusion[l][g];
        size_t permille = total ? t.confusion[l][l] * 1000 / total : 0;
        printf("  %-8s %7zu %6zu %6zu %6zu  %zu/%zu = %.2f%%\n", lang_code((enum lang)l),
               t.confusion[l][LANG_OTHER], t.confusion[l][LANG_RU], t.confusion[l][LANG_UK],
               t.confusion[l][LANG_EN], t.confusion[l][l], total,
               total ? 100.0 * (double)t.confusion[l][l] / (double)total : 0.0);
        if (total < MIN_ARTICLES || permille < MIN_PERMILLE)
            failed++;
    }
    assert_int_equal(failed, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detect_rows),
        cmocka_unit_test(test_detect_long),
        cmocka_unit_test(test_word_rows),
        cmocka_unit_test(test_codes),
        cmocka_unit_test(test_corpus),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
