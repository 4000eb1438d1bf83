/* test_morph.c: the dictionary layer (MORPH_DICT) of the stemmer. Forms that must share a
 * term, homographs and neighbours that must not, words the dictionary does not know, the
 * cache, and missing dictionaries. The quality figures come from the gold sets
 * (../shared/stemgold), not from here. Needs Debian's hunspell-uk and hunspell-ru. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "morph.h"
#include "tmpdir.h"
#include "slovo.h"
#include "stem.h"

/* Forms of one word, NULL-terminated: with the dictionaries they share one term. */
struct family {
    enum lang lang;
    const char *forms[12];
};

static const struct family same[] = {
    {LANG_UK, {"книга", "книги", "книзі", "книгу", "книгою", "книгах", NULL}},
    {LANG_UK, {"людина", "людини", "людині", "людиною", NULL}},
    {LANG_UK, {"новий", "нового", "новому", "новим", "нова", "нове", "нові", "новими", NULL}},
    {LANG_UK, {"читати", "читаю", "читає", "читають", "читав", "читала", "читали", NULL}},
    {LANG_UK, {"рік", "роки", "році", "років", NULL}},
    {LANG_UK, {"п'ять", "п'ятьох", NULL}},
    {LANG_UK, {"об'єкт", "об'єкта", "об'єкти", "об'єктів", NULL}},
    {LANG_UK, {"пішов", "пішла", "пішли", "піде", NULL}},
    /* Proper nouns: only the capitalized form is in the dictionary. */
    {LANG_UK, {"києва", "києву", "києвом", NULL}},
    /* a proper noun whose lemma is also a form of a word a stem apart, and its forms: київ
     * is the genitive plural of кий (cue) too, києві its dative */
    {LANG_UK, {"київ", "києва", "києву", "києві", "києвом", NULL}},
    {LANG_RU, {"киев", "киева", "киеве", NULL}},
    /* but not where a lemma of the lower-case word is a letter away: Соколи and Зайці are
     * villages too */
    {LANG_UK, {"сокіл", "сокола", "соколи", NULL}},
    {LANG_UK, {"заєць", "зайця", "зайці", NULL}},
    /* nor where the proper noun does not collide with a common word: Козаков is not козак */
    {LANG_UK, {"козак", "козака", "козакові", NULL}},
    {LANG_UK, {"україна", "україни", "україні", "україну", "україною", NULL}},
    {LANG_RU, {"москва", "москвы", "москве", "москву", "москвой", NULL}},
    {LANG_RU, {"война", "войны", "войне", "войну", "войной", NULL}},
    {LANG_RU, {"делать", "делаю", "делает", "делал", "делали", NULL}},
    {LANG_RU, {"новый", "нового", "новому", "новая", "новое", "новые", NULL}},
    /* ё is е by the time a word gets here; the dictionary spells елка with ё. */
    {LANG_RU, {"елка", "елки", "елке", "елкой", NULL}},
    {LANG_RU, {"человек", "человека", "человеку", "человеком", NULL}},
    /* an active past participle is a form of its verb */
    {LANG_RU, {"сделать", "сделал", "сделавший", "сделавшего", "сделавшие", NULL}},
    {LANG_RU, {"находиться", "находится", "находился", "находившийся", "находившихся",
               NULL}},
    {LANG_RU, {"пройти", "прошедший", "прошедшего", NULL}},
    /* the paradigms table comes before the dictionary */
    {LANG_RU, {"она", "ее", "нее", "ней", "ею", NULL}},
    {LANG_RU, {"весь", "вся", "все", "всего", "всех", NULL}},
    {LANG_RU, {"большой", "большого", "велик", "велика", NULL}},
    /* a Ukrainian gerund is kept whole */
    {LANG_UK, {"намагаючись", "намагаючися", NULL}},
    /* a short passive participle is not an adverb */
    {LANG_RU, {"созданный", "создано", "создана", NULL}},
    /* unknown Russian words are names or nouns, not verbs or gerunds (ru_nominal.h) */
    {LANG_RU, {"минздрав", "минздрава", "минздраве", "минздравом", NULL}},
    {LANG_RU, {"скрипали", "скрипалей", "скрипаль", "скрипаля", "скрипалями", NULL}},
    {LANG_RU, {"хасан", "хасана", "хасаном", NULL}},
    {LANG_RU, {"салтыков", "салтыкова", "салтыкову", "салтыковым", NULL}},
};

/* Pairs that must keep different terms: homographs and neighbours that a suffix stripper
 * alone would merge. */
struct pair {
    enum lang lang;
    const char *a, *b;
};

static const struct pair apart[] = {
    {LANG_UK, "зміна", "змінити"},
    {LANG_UK, "мова", "мовити"},
    {LANG_UK, "сталь", "стати"},
    {LANG_UK, "книга", "книжковий"},
    {LANG_UK, "україна", "український"},
    {LANG_RU, "суд", "судно"},
    {LANG_RU, "бег", "бегать"},
    {LANG_RU, "мир", "миро"},
    {LANG_RU, "москва", "московский"},
    {LANG_RU, "нос", "носить"},
    {LANG_RU, "серьезно", "серьезный"},    /* an adverb in -о is a word of its own */
    {LANG_RU, "мгновенно", "мгновенный"},
    {LANG_UK, "фізично", "фізичний"},
    {LANG_UK, "зробивши", "зробити"},      /* a Ukrainian gerund too */
    {LANG_UK, "читаючи", "читати"},
    {LANG_RU, "старший", "стареть"},       /* -ший after a consonant: not a participle */
    {LANG_RU, "начался", "начал"},         /* reflexive verbs */
    {LANG_RU, "он", "она"},
    /* an unknown verb does not join the noun its stem spells */
    {LANG_RU, "годить", "год"},
};

static char *term_of(struct stemmer *s, enum lang lang, const char *word)
{
    size_t n;
    const char *t = stem_word(s, lang, word, strlen(word), &n);
    assert_non_null(t);
    char *copy = malloc(n + 1);
    assert_non_null(copy);
    memcpy(copy, t, n);
    copy[n] = '\0';
    return copy;
}

static int setup(void **state)
{
    struct stemmer *s;
    if (stem_new_morph(&s, MORPH_DICT, NULL) != SLOVO_OK) {
        fprintf(stderr, "test_morph: hunspell-uk and hunspell-ru must be installed\n");
        return -1;
    }
    *state = s;
    return 0;
}

static int teardown(void **state)
{
    stem_free(*state);
    return 0;
}

static void test_families(void **state)
{
    struct stemmer *s = *state;
    for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
        const struct family *f = &same[i];
        char *first = term_of(s, f->lang, f->forms[0]);
        for (size_t j = 1; f->forms[j] != NULL; j++) {
            char *t = term_of(s, f->lang, f->forms[j]);
            if (strcmp(t, first) != 0)
                fail_msg("%s → %s but %s → %s", f->forms[0], first, f->forms[j], t);
            free(t);
        }
        free(first);
    }
}

static void test_apart(void **state)
{
    struct stemmer *s = *state;
    for (size_t i = 0; i < sizeof apart / sizeof *apart; i++) {
        char *a = term_of(s, apart[i].lang, apart[i].a);
        char *b = term_of(s, apart[i].lang, apart[i].b);
        if (strcmp(a, b) == 0)
            fail_msg("%s and %s both → %s", apart[i].a, apart[i].b, a);
        free(a);
        free(b);
    }
}

/* Known words become lemmas, lower-case, ё→е. */
static void test_lemmas(void **state)
{
    static const struct {
        enum lang lang;
        const char *word, *term;
    } rows[] = {
        {LANG_UK, "книгою", "книга"},
        {LANG_UK, "києва", "київ"},
        {LANG_UK, "нове", "новий"},
        {LANG_RU, "москвы", "москва"},
        {LANG_RU, "елки", "елка"},
        {LANG_RU, "войной", "война"},
        {LANG_RU, "серьезно", "серьезно"},
        {LANG_UK, "фізично", "фізично"},
        {LANG_RU, "нового", "новый"},           /* -ого is no adverb */
        {LANG_RU, "сделавший", "сделать"},
        {LANG_RU, "находившийся", "находиться"},
        {LANG_RU, "ней", "она"},
        {LANG_UK, "зробивши", "зробивши"},
        {LANG_UK, "намагаючися", "намагаючись"},
    };
    struct stemmer *s = *state;
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        char *t = term_of(s, rows[i].lang, rows[i].word);
        assert_string_equal(t, rows[i].term);
        free(t);
    }
}

/* A word the dictionary does not know gets the rule stem that MORPH_RULES gives it, and so
 * do English words, numbers and words too long for the dictionary; an unknown infinitive
 * whose stem is a lemma gets MORPH_STEM_MARK after it. (A Russian one that Snowball would
 * read as a verb does not: see the names in same[]; these rows are read alike.) */
static void test_unknown_falls_back(void **state)
{
    static const struct {
        enum lang lang;
        const char *word;
        int marked;
    } rows[] = {
        {LANG_UK, "крокозябриками", 0}, {LANG_UK, "зеленськlitого", 0},
        {LANG_RU, "крокозябриками", 0}, {LANG_RU, "хайпануть", 0},
        {LANG_RU, "домье", 0},          {LANG_RU, "годить", 1},
        {LANG_UK, "йорке", 0},          {LANG_EN, "running", 0},
        {LANG_RU, "2021", 0},           {LANG_UK, "", 0},
        {LANG_OTHER, "слово", 0},
    };
    struct stemmer *s = *state, *r;
    assert_int_equal(stem_new(&r), SLOVO_OK);
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        char *a = term_of(s, rows[i].lang, rows[i].word);
        char *b = term_of(r, rows[i].lang, rows[i].word);
        char want[256];
        snprintf(want, sizeof want, "%s%s", b, rows[i].marked ? MORPH_STEM_MARK : "");
        assert_string_equal(a, want);
        free(a);
        free(b);
    }
    /* 300 × "а": longer than any dictionary word. */
    char *longw = malloc(601);
    assert_non_null(longw);
    for (int i = 0; i < 300; i++)
        memcpy(longw + 2 * i, "а", 2);
    longw[600] = '\0';
    char *a = term_of(s, LANG_UK, longw), *b = term_of(r, LANG_UK, longw);
    assert_string_equal(a, b);
    free(a);
    free(b);
    free(longw);
    stem_free(r);
}

/* Two stemmers sharing their answers read the proper nouns once and both use them: the
 * second, which borrows the first one's, still reads київ as the city, not as кий. */
static void test_shared_proper_nouns(void **state)
{
    (void)state;
    struct stem_shared *sh;
    struct stemmer *a, *b;
    assert_int_equal(stem_shared_new(&sh), SLOVO_OK);
    assert_int_equal(stem_new_morph(&a, MORPH_DICT, NULL), SLOVO_OK);
    assert_int_equal(stem_new_morph(&b, MORPH_DICT, NULL), SLOVO_OK);
    stem_share(a, sh);
    stem_share(b, sh);
    char *first = term_of(a, LANG_UK, "києва");     /* a loads the dictionary */
    char *second = term_of(b, LANG_UK, "київ");     /* b too, a word a did not send */
    assert_string_equal(first, "київ");
    assert_string_equal(second, "київ");
    free(first);
    free(second);
    stem_free(a);
    stem_free(b);
    stem_shared_free(sh);
}

static const char *test_rule(void *ctx, const char *word, size_t len, size_t *out_len)
{
    (void)ctx;
    *out_len = len < 4 ? len : 4;   /* a crude rule: the first 4 bytes (2 Cyrillic letters) */
    return word;
}

/* The cache answers repeated words, empties itself when full and answers the same after. */
static void test_cache(void **state)
{
    (void)state;
    static const char *words[] = {"книги", "книгою", "людини", "новому", "читала",
                                  "зміна", "роки", "крокозябра"};
    struct morph *m;
    assert_int_equal(morph_new(&m, LANG_UK, NULL, 4, test_rule, NULL), SLOVO_OK);
    char first[8][64];
    for (int round = 0; round < 3; round++) {
        for (size_t i = 0; i < 8; i++) {
            size_t n;
            const char *t = morph_term(m, words[i], strlen(words[i]), &n);
            assert_non_null(t);
            assert_true(n < sizeof first[i]);
            if (round == 0) {
                memcpy(first[i], t, n);
                first[i][n] = '\0';
            } else {
                assert_int_equal(n, strlen(first[i]));
                assert_memory_equal(t, first[i], n);
            }
            /* At once again: a hit. */
            struct morph_stats before, after;
            morph_stats(m, &before);
            t = morph_term(m, words[i], strlen(words[i]), &n);
            morph_stats(m, &after);
            assert_int_equal(after.hits, before.hits + 1);
            assert_memory_equal(t, first[i], n);
        }
    }
    struct morph_stats st;
    morph_stats(m, &st);
    assert_true(st.entries <= 4);
    assert_true(st.resets >= 5);
    assert_int_equal(st.misses, 24);            /* 4 entries cannot hold 8 words */
    /* The unknown word got the test rule; the known ones lemmas. */
    assert_string_equal(first[0], "книга");
    assert_string_equal(first[7], "кр");       /* unknown: the rule */
    morph_free(m);
}

/* Two handles sharing their answers: a word one of them sent to hunspell, the other takes
 * from the shared answers, the same term; a handle of the other language cannot share. */
static void test_shared(void **state)
{
    (void)state;
    struct morph_shared *sh;
    struct morph *a, *b, *ru;
    assert_int_equal(morph_shared_new(&sh, LANG_UK), SLOVO_OK);
    assert_int_equal(morph_new(&a, LANG_UK, NULL, 0, test_rule, NULL), SLOVO_OK);
    assert_int_equal(morph_new(&b, LANG_UK, NULL, 0, test_rule, NULL), SLOVO_OK);
    assert_int_equal(morph_new(&ru, LANG_RU, NULL, 0, test_rule, NULL), SLOVO_OK);
    assert_int_equal(morph_share(a, sh), SLOVO_OK);
    assert_int_equal(morph_share(b, sh), SLOVO_OK);
    assert_int_equal(morph_share(ru, sh), SLOVO_MISUSE);
    static const char *const words[] = {"книгою", "крокозябра", "києва"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        size_t na, nb;
        const char *ta = morph_term(a, words[i], strlen(words[i]), &na);
        assert_non_null(ta);
        char first[64];
        assert_true(na < sizeof first);
        memcpy(first, ta, na);
        const char *tb = morph_term(b, words[i], strlen(words[i]), &nb);
        assert_non_null(tb);
        assert_int_equal(nb, na);
        assert_memory_equal(tb, first, na);
    }
    struct morph_stats sa, sb;
    morph_stats(a, &sa);
    morph_stats(b, &sb);
    assert_int_equal(sa.misses, 3);
    assert_int_equal(sa.shared, 0);
    assert_int_equal(sb.misses, 0);
    assert_int_equal(sb.shared, 3);
    /* b keeps them in its own cache: no lock the second time */
    size_t n;
    assert_non_null(morph_term(b, words[0], strlen(words[0]), &n));
    morph_stats(b, &sb);
    assert_int_equal(sb.shared, 3);
    assert_int_equal(sb.hits, 1);
    morph_free(a);
    morph_free(b);
    morph_free(ru);
    morph_shared_free(sh);
    morph_shared_free(NULL);
    assert_int_equal(morph_shared_new(&sh, LANG_EN), SLOVO_MISUSE);
    assert_null(sh);
}

/* Writes text to dir/name; 0 on success. */
static int write_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    int bad = fputs(text, f) < 0;
    return fclose(f) != 0 || bad ? -1 : 0;
}

/* A dictionary whose entries carry their own morphology: the term is the stem hunspell
 * gives, whether the analysis holds a stem only (пес) or a surface prefix as well (кот:
 * hunspell's stem puts it before the "st:" field). */
static void test_dictionary_fields(void **state)
{
    (void)state;
    char dir[64];
    assert_int_equal(tmpdir_make(dir, sizeof dir, "test_morph"), 0);
    assert_int_equal(write_file(dir, "ru_RU.aff", "SET UTF-8\n"), 0);
    assert_int_equal(write_file(dir, "ru_RU.dic", "2\nкот st:кошка sp:при\nпес st:собака\n"),
                     0);
    struct morph *m;
    assert_int_equal(morph_new(&m, LANG_RU, dir, 0, test_rule, NULL), SLOVO_OK);
    static const char *const rows[][2] = {{"пес", "собака"}, {"кот", "прикошка"}};
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        size_t n;
        const char *t = morph_term(m, rows[i][0], strlen(rows[i][0]), &n);
        assert_non_null(t);
        assert_int_equal(n, strlen(rows[i][1]));
        assert_memory_equal(t, rows[i][1], n);
    }
    morph_free(m);
    assert_int_equal(tmpdir_remove(dir), 0);
}

static void test_missing_dictionaries(void **state)
{
    (void)state;
    struct stemmer *s = (struct stemmer *)&s;
    assert_int_equal(stem_new_morph(&s, MORPH_DICT, "/nonexistent/hunspell"), SLOVO_NOTFOUND);
    assert_null(s);
    assert_int_equal(stem_new_morph(&s, (enum morphology)7, NULL), SLOVO_MISUSE);
    assert_null(s);
    /* The rules need no dictionary. */
    assert_int_equal(stem_new_morph(&s, MORPH_RULES, "/nonexistent/hunspell"), SLOVO_OK);
    stem_free(s);

    struct morph *m = (struct morph *)&m;
    assert_int_equal(morph_new(&m, LANG_UK, "/nonexistent", 0, test_rule, NULL),
                     SLOVO_NOTFOUND);
    assert_null(m);
    assert_int_equal(morph_new(&m, LANG_EN, NULL, 0, test_rule, NULL), SLOVO_MISUSE);
    assert_null(m);
    morph_free(NULL);
    stem_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_families),
        cmocka_unit_test(test_apart),
        cmocka_unit_test(test_lemmas),
        cmocka_unit_test(test_unknown_falls_back),
        cmocka_unit_test(test_cache),
        cmocka_unit_test(test_shared),
        cmocka_unit_test(test_shared_proper_nouns),
        cmocka_unit_test(test_dictionary_fields),
        cmocka_unit_test(test_missing_dictionaries),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
