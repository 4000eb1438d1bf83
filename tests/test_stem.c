/* test_stem.c: the stemmers of each language. Vocabulary tables of forms that must share
 * one stem and pairs that must not; unit rows only for non-words. The quality figures
 * come from the gold sets (../shared/stemgold), not from here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "slovo.h"
#include "stem.h"
#include "ukstem.h"

/* Forms of one word, NULL-terminated. */
struct family {
    enum lang lang;
    const char *forms[12];
};

static const struct family same[] = {
    {LANG_UK, {"україна", "україни", "україні", "україну", "україною", NULL}},
    {LANG_UK, {"безпека", "безпеки", "безпеці", "безпеку", "безпекою", NULL}},
    {LANG_UK, {"кібербезпека", "кібербезпеки", "кібербезпеці", "кібербезпеку", NULL}},
    {LANG_UK, {"вибори", "виборів", "виборах", "виборами", "виборам", NULL}},
    {LANG_UK, {"книга", "книги", "книзі", "книгу", "книгою", "книгами", "книгах", NULL}},
    {LANG_UK, {"рука", "руки", "руці", "руку", "рукою", NULL}},
    {LANG_UK, {"дорога", "дороги", "дорозі", "дорогу", "дорогою", NULL}},
    {LANG_UK, {"стіл", "стола", "столу", "столі", "столом", "столів", NULL}},
    {LANG_UK, {"рік", "року", "роки", "році", "роком", "років", NULL}},
    {LANG_UK, {"кінь", "коня", "коні", "коней", "конем", NULL}},
    {LANG_UK, {"людина", "людини", "людині", "люди", "людей", "людьми", "людям", NULL}},
    {LANG_UK, {"захід", "заходу", "заході", "заходи", "заходів", NULL}},
    {LANG_UK, {"ніч", "ночі", "ніччю", NULL}},
    {LANG_UK, {"рішення", "рішенням", "рішенні", "рішень", NULL}},
    {LANG_UK, {"новий", "нового", "новому", "новим", "новій", "нової", "новою", "нові",
               "нових", "новими", NULL}},
    {LANG_UK, {"синій", "синього", "синьому", "синьої", "синьою", "сині", NULL}},
    {LANG_UK, {"читати", "читаю", "читаєш", "читає", "читаємо", "читаєте", "читають",
               "читав", "читала", "читали", NULL}},
    {LANG_UK, {"робити", "робиш", "робить", "робимо", "роблять", "роблю", "робив",
               "робила", "робили", NULL}},
    {LANG_UK, {"працювати", "працюю", "працюєш", "працює", "працюють", "працював",
               "працювала", NULL}},
    /* A gerund is kept whole, its -ся written -сь. */
    {LANG_UK, {"намагаючись", "намагаючися", NULL}},
    {LANG_UK, {"переконавшись", "переконавшися", NULL}},
    {LANG_UK, {"займатися", "займається", "займаються", "займався", "займалася", NULL}},
    {LANG_UK, {"п'ять", "п'яти", "п'ятьох", NULL}},
    {LANG_UK, {"об'єкт", "об'єкта", "об'єкти", "об'єктів", NULL}},
    {LANG_UK, {"радість", "радості", "радістю", NULL}},
    {LANG_UK, {"дівчина", "дівчини", "дівчата", "дівчатами", NULL}},
    {LANG_UK, {"той", "того", "тому", "тих", "тією", NULL}},
    {LANG_UK, {"бути", "є", "буде", "будуть", "був", "була", "було", NULL}},
    {LANG_UK, {"вересень", "вересня", "вересні", NULL}},
    {LANG_UK, {"громадянин", "громадянина", "громадяни", "громадян", NULL}},
    {LANG_UK, {"отримати", "отримав", "отримали", "отримано", "отримаю", NULL}},
    {LANG_UK, {"організувати", "організую", "організовано", "організував", NULL}},
    {LANG_UK, {"книжка", "книжки", "книжок", "книжці", NULL}},
    {LANG_UK, {"українець", "українця", "українці", "українців", NULL}},
    {LANG_RU, {"кибербезопасность", "кибербезопасности", NULL}},
    {LANG_RU, {"невмешательство", "невмешательства", NULL}},
    {LANG_RU, {"выборы", "выборах", "выборов", NULL}},
    {LANG_RU, {"россия", "россии", "россию", "россией", NULL}},
    /* Snowball, and the particle put back on reflexive verbs */
    {LANG_RU, {"начать", "начал", "начала", "начали", NULL}},
    {LANG_RU, {"начаться", "начался", "началась", "начались", "начавшись", NULL}},
    {LANG_RU, {"находиться", "находится", "находился", "находятся", "находясь", NULL}},
    /* the superlative, the doubled н and -ость kept in every form */
    {LANG_RU, {"крупнейший", "крупнейшего", "крупнейшие", "крупнейшими", NULL}},
    {LANG_RU, {"странный", "странного", "странные", "странным", NULL}},
    {LANG_RU, {"известность", "известности", "известностью", NULL}},
    {LANG_RU, {"кибербезопасность", "кибербезопасностью", NULL}},
    /* the paradigms table: the stem changes */
    {LANG_RU, {"она", "ее", "нее", "ней", "ею", NULL}},
    {LANG_RU, {"они", "их", "них", "им", "ним", "ими", "ними", NULL}},
    {LANG_RU, {"весь", "вся", "все", "всю", "всего", "всей", "всему", "всем", "всех",
               "всеми", NULL}},
    {LANG_RU, {"я", "меня", "мне", "мной", "мною", NULL}},
    {LANG_RU, {"два", "две", "двух", "двум", "двумя", NULL}},
    {LANG_RU, {"оба", "обе", "обоих", "обеих", "обоими", "обеими", NULL}},
    {LANG_RU, {"наш", "наша", "нашего", "нашей", "наших", "нашими", NULL}},
    {LANG_RU, {"четыре", "четырех", "четырем", "четырьмя", NULL}},
    {LANG_EN, {"election", "elections", NULL}},
    {LANG_EN, {"attack", "attacked", "attacks", "attacking", NULL}},
};

/* Pairs of different words that must keep different stems. */
struct pair {
    enum lang lang;
    const char *a, *b;
};

static const struct pair apart[] = {
    {LANG_UK, "мир", "міра"},
    {LANG_UK, "кіт", "кит"},
    {LANG_UK, "мова", "мовчати"},
    {LANG_UK, "книга", "книжка"},
    {LANG_UK, "вибори", "вибух"},
    {LANG_UK, "безпека", "безпечний"},
    {LANG_UK, "стіл", "столиця"},
    {LANG_UK, "база", "бага"},
    {LANG_UK, "столиця", "столик"},
    {LANG_UK, "змінити", "змінитися"},     /* a reflexive verb is a word of its own */
    {LANG_UK, "криза", "крига"},
    {LANG_UK, "читати", "читаючи"},       /* a gerund is a word of its own */
    {LANG_UK, "зробити", "зробивши"},
    {LANG_RU, "мир", "мера"},
    {LANG_RU, "выборы", "выход"},
    {LANG_RU, "начал", "начался"},        /* a reflexive verb is a word of its own */
    {LANG_RU, "начала", "началась"},
    {LANG_RU, "находить", "находиться"},
    {LANG_RU, "делать", "делаться"},
    {LANG_RU, "крупный", "крупнейший"},   /* the superlative */
    {LANG_RU, "крупного", "крупнейшего"},
    {LANG_RU, "странный", "страна"},      /* the doubled н */
    {LANG_RU, "ранний", "ранить"},
    {LANG_RU, "известность", "известный"}, /* -ость */
    {LANG_RU, "серьезно", "серьезный"},   /* an adverb in -но */
    {LANG_RU, "он", "она"},               /* the paradigms table */
    {LANG_RU, "его", "ее"},
    {LANG_RU, "им", "ею"},
    {LANG_RU, "велик", "великий"},        /* большой's short form */
    {LANG_EN, "election", "elect0"},
    {LANG_EN, "news", "new"},
};

static int setup(void **state)
{
    struct stemmer *s;
    assert_int_equal(stem_new(&s), SLOVO_OK);
    *state = s;
    return 0;
}

static int teardown(void **state)
{
    stem_free(*state);
    return 0;
}

/* A copy of the stem, so that the next call may reuse the stemmer's buffer. */
static char *stem_copy(struct stemmer *s, enum lang lang, const char *w)
{
    size_t n;
    const char *r = stem_word(s, lang, w, strlen(w), &n);
    assert_non_null(r);
    char *c = malloc(n + 1);
    assert_non_null(c);
    memcpy(c, r, n);
    c[n] = 0;
    return c;
}

static void test_families(void **state)
{
    struct stemmer *s = *state;
    int bad = 0;
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        char *first = stem_copy(s, same[i].lang, same[i].forms[0]);
        for (size_t j = 1; same[i].forms[j] != NULL; j++) {
            char *other = stem_copy(s, same[i].lang, same[i].forms[j]);
            if (strcmp(first, other) != 0) {
                print_error("%s → %s but %s → %s\n", same[i].forms[0], first,
                            same[i].forms[j], other);
                bad++;
            }
            free(other);
        }
        free(first);
    }
    assert_int_equal(bad, 0);
}

static void test_apart(void **state)
{
    struct stemmer *s = *state;
    int bad = 0;
    for (size_t i = 0; i < sizeof apart / sizeof apart[0]; i++) {
        char *a = stem_copy(s, apart[i].lang, apart[i].a);
        char *b = stem_copy(s, apart[i].lang, apart[i].b);
        if (strcmp(a, b) == 0) {
            print_error("%s and %s both → %s\n", apart[i].a, apart[i].b, a);
            bad++;
        }
        free(a);
        free(b);
    }
    assert_int_equal(bad, 0);
}

/* Words that must come back as they are, in every language. */
static void test_unchanged(void **state)
{
    struct stemmer *s = *state;
    static const char *const words[] = {"", "7", "2021", "12.5", "-", "'"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        for (int l = LANG_OTHER; l < LANG_COUNT; l++) {
            size_t n;
            const char *r = stem_word(s, (enum lang)l, words[i], strlen(words[i]), &n);
            assert_non_null(r);
            assert_int_equal(n, strlen(words[i]));
            assert_memory_equal(r, words[i], n);
        }
    /* LANG_OTHER never stems. */
    size_t n;
    const char *r = stem_word(s, LANG_OTHER, "выборы", strlen("выборы"), &n);
    assert_int_equal(n, strlen("выборы"));
    assert_memory_equal(r, "выборы", n);
}

/* The Russian rules on words that are not Russian words: one letter, a particle alone,
 * a reflexive ending with nothing before it, a paradigm's form with a letter more. */
static void test_ru_rows(void **state)
{
    static const struct {
        const char *in, *out;
    } rows[] = {
        {"я", "я"},                     /* the paradigms table */
        {"ее", "она"},
        {"еее", "е"},                   /* one letter more: Snowball, not the table */
        {"всехх", "всехх"},
        {"ся", "ся"},                   /* a particle alone keeps nothing back */
        {"сь", "сь"},
        {"вся", "весь"},
        {"нн", "нн"},
        {"но", "но"},
        {"ость", "ост"},                /* nothing before -ость: Snowball alone */
        {"ейш", "ейш"},
        {"2021", "2021"},
    };
    struct stemmer *s = *state;
    int bad = 0;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char *t = stem_copy(s, LANG_RU, rows[i].in);
        if (strcmp(t, rows[i].out) != 0) {
            print_error("%s → %s, expected %s\n", rows[i].in, t, rows[i].out);
            bad++;
        }
        free(t);
    }
    assert_int_equal(bad, 0);
}

/* ukstem itself: non-words and words it must not destroy. */
struct row {
    const char *in, *out;
};

static const struct row uk_rows[] = {
    {"", ""},
    {"я", "я"},                  /* one letter */
    {"ми", "ми"},                /* too short to lose anything */
    {"2021", "2021"},            /* digits */
    {"election", "election"},    /* Latin: not ours */
    {"kyiv", "kyiv"},
    {"україна2", "україна2"},    /* mixed with a digit: not a Cyrillic word */
    {"'", "'"},                  /* an apostrophe alone */
    {"п'ять", "п'ят"},           /* the apostrophe stays inside */
    {"м'ясо", "м'яс"},
    {"об'єкт", "об'єкт"},
    {"об'єкта", "об'єкт"},
    {"україна", "україн"},
    {"безпеці", "безпек"},
    {"руці", "рук"},
    {"столиці", "столиц"},       /* -иця keeps its ц */
    {"зробивши", "зробивши"},    /* a gerund: whole */
    {"намагаючися", "намагаючись"},
    {"давши", "давши"},
    {"вши", "вши"},              /* the ending alone is no gerund */
    {"учи", "уч"},
    {"ючись", "ючся"},
    {"кричи", "крич"},           /* an imperative, not a gerund */
};

static void test_ukstem_rows(void **state)
{
    (void)state;
    char out[UKSTEM_MAX_OUT(64)];
    int bad = 0;
    for (size_t i = 0; i < sizeof uk_rows / sizeof uk_rows[0]; i++) {
        size_t n = ukstem_stem(uk_rows[i].in, strlen(uk_rows[i].in), out);
        if (n != strlen(uk_rows[i].out) || memcmp(out, uk_rows[i].out, n) != 0) {
            print_error("%s → %.*s, expected %s\n", uk_rows[i].in, (int)n, out,
                        uk_rows[i].out);
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}

/* A 10 000-byte token, Cyrillic and Latin, through every language: no crash, no
 * overflow (ASan), and the output is never longer than UKSTEM_MAX_OUT allows. */
static void test_long_word(void **state)
{
    struct stemmer *s = *state;
    enum { LEN = 10000 };
    char *cyr = malloc(LEN), *lat = malloc(LEN);
    assert_non_null(cyr);
    assert_non_null(lat);
    for (size_t i = 0; i < LEN; i += 2)
        memcpy(cyr + i, "а", 2);
    memset(lat, 'a', LEN);
    for (int l = LANG_OTHER; l < LANG_COUNT; l++) {
        size_t n;
        assert_non_null(stem_word(s, (enum lang)l, cyr, LEN, &n));
        assert_true(n <= LEN);
        assert_non_null(stem_word(s, (enum lang)l, lat, LEN, &n));
        assert_true(n <= LEN);
    }
    char *out = malloc(UKSTEM_MAX_OUT(LEN));
    assert_non_null(out);
    size_t n = ukstem_stem(cyr, LEN, out);
    assert_true(n <= LEN);
    /* A long word of real endings is stemmed like a short one, within its own length. */
    for (size_t i = 0; i + 12 <= LEN; i += 12)
        memcpy(cyr + i, "книгою", 12);
    n = ukstem_stem(cyr, LEN - LEN % 12, out);
    assert_true(n <= LEN);
    free(out);
    free(cyr);
    free(lat);
}

/* Every prefix of a Cyrillic word cut at a letter boundary, and stems of stems: ukstem
 * never reads past the word or writes past UKSTEM_MAX_OUT (checked by ASan). */
static void test_prefixes(void **state)
{
    (void)state;
    static const char *const words[] = {"кібербезпекою", "займатимуться", "п'ятьохсот",
                                        "ніччю", "синього", "використовуватимемо",
                                        "дівчатами", "є", "громадянинові",
                                        "переконавшися", "намагаючись"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        size_t len = strlen(words[i]);
        for (size_t k = 0; k <= len; k++) {
            if (k < len && (words[i][k] & 0xc0) == 0x80)
                continue;
            /* exactly the room the contract promises, so ASan sees any overrun */
            char *in = malloc(k ? k : 1), *out = malloc(UKSTEM_MAX_OUT(k));
            assert_non_null(in);
            assert_non_null(out);
            memcpy(in, words[i], k);
            size_t n = ukstem_stem(in, k, out);
            assert_true(n <= UKSTEM_MAX_OUT(k));
            char *again = malloc(UKSTEM_MAX_OUT(n)); /* a stem stemmed again fits too */
            assert_non_null(again);
            assert_true(ukstem_stem(out, n, again) <= UKSTEM_MAX_OUT(n));
            free(again);
            free(in);
            free(out);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_families, setup, teardown),
        cmocka_unit_test_setup_teardown(test_apart, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unchanged, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ru_rows, setup, teardown),
        cmocka_unit_test(test_ukstem_rows),
        cmocka_unit_test_setup_teardown(test_long_word, setup, teardown),
        cmocka_unit_test(test_prefixes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
