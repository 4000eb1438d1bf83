/* test_analyzer.c: the analyzer against a table of hard inputs, skipping to any position of
 * them, then long tokens and the reuse of buffers across texts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analyzer.h"
#include "pieces.h"
#include "slovo.h"

/* Each row: the input, the expected words (normalized texts separated by spaces, in the order
 * the analyzer gives them, a compound's whole first) and, when not NULL, the same tokens in
 * detail: text@pos[start,end) then the script (c Cyrillic, l Latin, d digits, o other) and,
 * for a whole, W and its number of parts. */
struct row {
    const char *name;
    const char *input;
    size_t len;                 /* 0: strlen(input) */
    const char *words;
    const char *detail;
};

static const struct row rows[] = {
    {"empty", "", 0, "", ""},
    {"one byte", "\x8f", 0, "", ""},   /* a lone continuation byte */
    {"one ASCII letter", "a", 0, "a", "a@0[0,1)l"},
    {"one Cyrillic letter", "Я", 0, "я", "я@0[0,2)c"},
    {"spaces only", " \t\n ", 0, "", ""},
    /* U+115F, a letter to the word breaks, that normalization removes: no word at all */
    {"ignorable letter", "\u115F", 0, "", ""},
    {"ignorable between words", "a \u115F b", 0, "a b", "a@0[0,1)l b@1[6,7)l"},
    {"ignorable part", "кибер-\u115F", 0, "кибер", NULL},
    {"case", "ПРИВЕТ Мир", 0, "привет мир", NULL},

    /* apostrophes */
    {"apostrophe ’", "п’ять", 0, "п'ять", "п'ять@0[0,11)c"},
    {"apostrophe '", "п'ять", 0, "п'ять", "п'ять@0[0,9)c"},
    {"apostrophe ʼ", "пʼять", 0, "п'ять", "п'ять@0[0,10)c"},
    {"apostrophe `", "п`ять", 0, "п'ять", "п'ять@0[0,9)c"},
    {"apostrophe ‘", "п‘ять", 0, "п'ять", NULL},
    {"apostrophe upper", "П’ЯТЬ М'ЯЧІВ", 0, "п'ять м'ячів", NULL},
    {"quotes are not apostrophes", "'цитата' ‘слово’ `код`", 0, "цитата слово код", NULL},
    {"English apostrophe", "don't rock’n’roll O’Brien", 0, "don't rock'n'roll o'brien", NULL},

    /* ё, stress marks, soft hyphen, й and ї */
    {"ё", "ёлка Ёлка ЁЛКА", 0, "елка елка елка", NULL},
    {"stress acute", "приве́т", 0, "привет", "привет@0[0,14)c"},
    {"stress grave", "ѝ Ѝ", 0, "и и", NULL},
    {"stress on ё", "ё́ж", 0, "еж", NULL},
    {"soft hyphen", "кибер\u00ADбезопасность", 0, "кибербезопасность",
     "кибербезопасность@0[0,36)c"},
    {"й and ї precomposed", "й Й ї Ї ґ Ґ є Є", 0, "й й ї ї ґ ґ є є", NULL},
    {"й and ї decomposed", "и\u0306 і\u0308", 0, "й ї", "й@0[0,4)c ї@1[5,9)c"},
    {"stress with й and ї", "Ї́жак мо́й", 0, "їжак мой", NULL},

    /* compounds */
    {"Нью-Йорк", "Нью-Йорк", 0, "ньюйорк нью йорк",
     "ньюйорк@0[0,15)cW2 нью@0[0,6)c йорк@1[7,15)c"},
    {"compound then word", "Нью-Йорк сити", 0, "ньюйорк нью йорк сити",
     "ньюйорк@0[0,15)cW2 нью@0[0,6)c йорк@1[7,15)c сити@2[16,24)c"},
    {"word then compound", "в кибер-атаке", 0, "в кибератаке кибер атаке",
     "в@0[0,2)c кибератаке@1[3,24)cW2 кибер@1[3,13)c атаке@2[14,24)c"},
    {"three parts", "Ростов-на-Дону", 0, "ростовнадону ростов на дону",
     "ростовнадону@0[0,26)cW3 ростов@0[0,12)c на@1[13,17)c дону@2[18,26)c"},
    {"two compounds", "северо-западный юго-восток", 0,
     "северозападный северо западный юговосток юго восток", NULL},
    {"hyphen U+2010", "Нью‐Йорк", 0, "ньюйорк нью йорк", NULL},
    {"hyphen U+2011", "Нью‑Йорк", 0, "ньюйорк нью йорк",
     "ньюйорк@0[0,17)cW2 нью@0[0,6)c йорк@1[9,17)c"},
    {"spaced hyphen", "кибер - атака", 0, "кибер атака", NULL},
    {"double hyphen", "кибер--атака", 0, "кибер атака", NULL},
    {"trailing hyphen", "кибер- атака", 0, "кибер атака", NULL},
    {"leading hyphen", "-атака", 0, "атака", NULL},
    {"en dash is no hyphen", "Москва–Киев", 0, "москва киев", NULL},
    {"range of numbers", "2020-2021", 0, "2020 2021", "2020@0[0,4)d 2021@1[5,9)d"},
    {"letters and digits", "COVID-19", 0, "covid19 covid 19",
     "covid19@0[0,8)lW2 covid@0[0,5)l 19@1[6,8)d"},

    /* look-alike letters */
    {"Latin P in Россия", "Pоссия", 0, "россия", "россия@0[0,11)c"},
    {"Latin o, c in Россия", "Рoccия", 0, "россия", NULL},
    {"Latin y in Путин", "Пyтин", 0, "путин", NULL},
    {"Latin K, e in Киев", "Kиев Kиeв", 0, "киев киев", NULL},
    {"Latin M, i, ï", "Miнiстерство Укрaïна", 0, "міністерство україна", NULL},
    {"Latin word stays", "Microsoft Putin", 0, "microsoft putin",
     "microsoft@0[0,9)l putin@1[10,15)l"},
    {"Cyrillic о in Microsoft", "Microsоft", 0, "microsoft", "microsoft@0[0,10)l"},

    /* numbers */
    {"digits", "25 мая 1972 года", 0, "25 мая 1972 года",
     "25@0[0,2)d мая@1[3,9)c 1972@2[10,14)d года@3[15,23)c"},
    {"decimal", "3.5 млн, 1,5%", 0, "3.5 млн 1,5", "3.5@0[0,3)d млн@1[4,10)c 1,5@2[12,15)d"},

    /* what is not a word */
    {"emoji", "привет 👋🏽 мир 🇺🇦 👨‍👩‍👧 ❤️", 0, "привет мир",
     "привет@0[0,12)c мир@1[22,28)c"},
    {"guillemets and dashes", "«кавычки» — тире–тире слово—слово", 0,
     "кавычки тире тире слово слово", NULL},
    {"quotes glued", "„Слово“ \"слово\"", 0, "слово слово", NULL},
    {"punctuation only", "… — «» !?", 0, "", ""},

    /* invalid UTF-8: U+FFFD splits words and is never one */
    {"invalid bytes", "мир\xff\xfe" "дом", 0, "мир дом", "мир@0[0,6)c дом@1[8,14)c"},
    {"overlong", "a\xc0\xaf" "b", 0, "a b", NULL},
    {"surrogate", "x\xed\xa0\x80y", 0, "x y", NULL},
    {"above U+10FFFF", "x\xf4\x90\x80\x80y", 0, "x y", NULL},
    {"truncated at end", "абв\xe2\x82", 0, "абв", "абв@0[0,6)c"},
    {"truncated inside", "аб\xd0 вг", 0, "аб вг", NULL},
    {"lone lead byte", "\xd0", 0, "", ""},
    {"NUL byte", "аб\0вг", 9, "аб вг", "аб@0[0,4)c вг@1[5,9)c"},

    /* offsets after multi-byte text */
    {"offsets", "«Привет», мир", 0, "привет мир", "привет@0[2,14)c мир@1[18,24)c"},
    {"offsets after emoji", "🙂🙂 Київ", 0, "київ", "київ@0[9,17)c"},

    /* other scripts */
    {"compatibility forms", "ＡＢＣ ﬁ Straße", 0, "abc fi strasse", NULL},
    {"Greek", "Αθήνα", 0, "αθηνα", "αθηνα@0[0,10)o"},
};

static const char script_letter[] = {
    [SCRIPT_OTHER] = 'o', [SCRIPT_CYRILLIC] = 'c', [SCRIPT_LATIN] = 'l', [SCRIPT_DIGIT] = 'd'};

/* Appends to a fixed buffer; the rows are short. */
static void append(char *buf, size_t cap, const char *fmt, ...)
{
    size_t used = strlen(buf);
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + used, cap - used, fmt, ap);
    va_end(ap);
    assert_true(n >= 0 && (size_t)n < cap - used);
}

/* Runs the analyzer over text and renders the tokens both ways. */
static void render(struct analyzer *a, const char *text, size_t len, char *words,
                   char *detail, size_t cap)
{
    struct token t;
    int rc;
    words[0] = detail[0] = '\0';
    assert_int_equal(analyzer_reset(a, text, len), SLOVO_OK);
    while ((rc = analyzer_next(a, &t)) == SLOVO_ROW) {
        const char *sep = words[0] ? " " : "";
        assert_true(t.start < t.end && t.end <= len);
        append(words, cap, "%s%.*s", sep, (int)t.len, t.text);
        append(detail, cap, "%s%.*s@%u[%zu,%zu)%c", sep, (int)t.len, t.text, t.pos, t.start,
               t.end, script_letter[t.script]);
        if (t.flags & TOKEN_WHOLE)
            append(detail, cap, "W%u", t.nparts);
        else
            assert_int_equal(t.nparts, 0);
    }
    assert_int_equal(rc, SLOVO_DONE);
    assert_int_equal(analyzer_next(a, &t), SLOVO_DONE);    /* and it stays done */
}

static void test_rows(void **state)
{
    (void)state;
    struct analyzer *a;
    char words[1024], detail[2048];
    int failed = 0;

    assert_int_equal(analyzer_new(&a), SLOVO_OK);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const struct row *r = &rows[i];
        size_t len = r->len ? r->len : strlen(r->input);
        render(a, r->input, len, words, detail, sizeof words);
        if (strcmp(words, r->words) != 0) {
            printf("row '%s': got '%s', expected '%s'\n", r->name, words, r->words);
            failed++;
        }
        render(a, r->input, len, words, detail, sizeof detail);
        if (r->detail && strcmp(detail, r->detail) != 0) {
            printf("row '%s': got '%s', expected '%s'\n", r->name, detail, r->detail);
            failed++;
        }
    }
    analyzer_free(a);
    assert_int_equal(failed, 0);
}

/* A 10 000-byte word: one token, whatever path its normalization takes. */
static void test_long_token(void **state)
{
    (void)state;
    struct {
        const char *unit;       /* repeated to make the word */
        const char *expect;     /* what each unit becomes */
    } cases[] = {
        {"а", "а"},             /* fast path, already normalized */
        {"Ж", "ж"},             /* fast path, lower-cased */
        {"а́", "а"},            /* slow path: the stress marks go */
        {"x", "x"},             /* Latin */
    };
    struct analyzer *a;
    assert_int_equal(analyzer_new(&a), SLOVO_OK);
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        size_t ulen = strlen(cases[c].unit), elen = strlen(cases[c].expect);
        size_t reps = 10000 / ulen, len = reps * ulen;
        char *text = malloc(len + 2);
        char *expect = malloc(reps * elen);
        assert_non_null(text);
        assert_non_null(expect);
        for (size_t i = 0; i < reps; i++) {
            memcpy(text + i * ulen, cases[c].unit, ulen);
            memcpy(expect + i * elen, cases[c].expect, elen);
        }
        assert_int_equal(len, 10000);
        memcpy(text + len, " я", 2);    /* NOT included: checks the end offset */

        struct token t;
        assert_int_equal(analyzer_reset(a, text, len), SLOVO_OK);
        assert_int_equal(analyzer_next(a, &t), SLOVO_ROW);
        assert_int_equal(t.start, 0);
        assert_int_equal(t.end, len);
        assert_int_equal(t.len, reps * elen);
        assert_memory_equal(t.text, expect, t.len);
        assert_int_equal(analyzer_next(a, &t), SLOVO_DONE);
        free(text);
        free(expect);
    }
    analyzer_free(a);
}

/* A word beyond the analyzer's limit is cut, not refused, and what follows still comes. */
static void test_huge_token(void **state)
{
    (void)state;
    size_t len = 200000;
    char *text = malloc(len + 5);
    assert_non_null(text);
    memset(text, 'q', len);
    memcpy(text + len, " end", 4);
    struct analyzer *a;
    struct token t;
    assert_int_equal(analyzer_new(&a), SLOVO_OK);
    assert_int_equal(analyzer_reset(a, text, len + 4), SLOVO_OK);
    assert_int_equal(analyzer_next(a, &t), SLOVO_ROW);
    assert_int_equal(t.start, 0);
    assert_int_equal(t.end, len);
    assert_true(t.len >= 10000 && t.len < len);
    assert_int_equal(analyzer_next(a, &t), SLOVO_ROW);
    assert_int_equal(t.pos, 1);
    assert_memory_equal(t.text, "end", 3);
    assert_int_equal(analyzer_next(a, &t), SLOVO_DONE);
    analyzer_free(a);
    free(text);
}

/* Buffers are kept: once a text has been analyzed, analyzing it (or a shorter one) again
 * allocates nothing, and gives the same tokens. */
static void test_reuse(void **state)
{
    (void)state;
    static const char text[] = "Нью-Йорк, п’ять приве́т «ёлка» ＡＢＣ 2021 Pоссия 👋 кибер-атака";
    static const char shorter[] = "Ёлка у Нью-Йорку";
    struct analyzer *a;
    char first[1024], again[1024], d1[2048], d2[2048];

    assert_int_equal(analyzer_new(&a), SLOVO_OK);
    render(a, text, sizeof text - 1, first, d1, sizeof first);
    size_t allocs = analyzer_allocs(a);
    assert_true(allocs > 0);

    /* reset twice, the first iteration abandoned halfway */
    struct token t;
    assert_int_equal(analyzer_reset(a, text, sizeof text - 1), SLOVO_OK);
    assert_int_equal(analyzer_next(a, &t), SLOVO_ROW);
    assert_int_equal(analyzer_next(a, &t), SLOVO_ROW);
    render(a, text, sizeof text - 1, again, d2, sizeof again);
    assert_string_equal(first, again);
    assert_string_equal(d1, d2);
    render(a, shorter, sizeof shorter - 1, again, d2, sizeof again);
    assert_string_equal(again, "елка у ньюйорку нью йорку");
    render(a, "", 0, again, d2, sizeof again);
    assert_string_equal(again, "");
    render(a, text, sizeof text - 1, again, d2, sizeof again);
    assert_string_equal(d1, d2);
    assert_int_equal(analyzer_allocs(a), allocs);
    analyzer_free(a);
}

/* A token as the skip test compares it. */
struct tok_copy {
    unsigned pos, flags, nparts;
    size_t start, end;
    char text[64];
};

static size_t read_tokens(struct analyzer *a, struct tok_copy *out, size_t cap)
{
    struct token t;
    size_t n = 0;
    while (n < cap && analyzer_next(a, &t) == SLOVO_ROW) {
        out[n] = (struct tok_copy){t.pos, t.flags, t.nparts, t.start, t.end, ""};
        memcpy(out[n].text, t.text, t.len < sizeof out[n].text ? t.len : sizeof out[n].text - 1);
        n++;
    }
    return n;
}

/* After analyzer_skip_to(pos), every row gives the tokens of a whole read from the first at
 * pos on, or from the start of the compound that reaches pos. */
static void test_skip_to(void **state)
{
    (void)state;
    struct analyzer *a;
    assert_int_equal(analyzer_new(&a), SLOVO_OK);
    struct tok_copy all[64], rest[64];
    for (size_t r = 0; r < sizeof rows / sizeof *rows; r++) {
        size_t len = rows[r].len ? rows[r].len : strlen(rows[r].input);
        assert_int_equal(analyzer_reset(a, rows[r].input, len), SLOVO_OK);
        size_t na = read_tokens(a, all, 64);
        unsigned positions = analyzer_position(a);
        for (unsigned pos = 0; pos <= positions + 1; pos++) {
            assert_int_equal(analyzer_reset(a, rows[r].input, len), SLOVO_OK);
            assert_int_equal(analyzer_skip_to(a, pos), SLOVO_OK);
            unsigned at = analyzer_position(a);
            size_t nb = read_tokens(a, rest, 64), j = na - nb, first = 0;
            while (first < na && all[first].pos < pos)
                first++;
            assert_true(nb <= na);
            assert_true(j <= first);
            for (size_t i = 0; i < nb; i++) {
                assert_int_equal(rest[i].pos, all[j + i].pos);
                assert_int_equal(rest[i].start, all[j + i].start);
                assert_int_equal(rest[i].end, all[j + i].end);
                assert_int_equal(rest[i].flags, all[j + i].flags);
                assert_string_equal(rest[i].text, all[j + i].text);
            }
            assert_int_equal(at, j < na ? all[j].pos : positions);
            /* skipped to from within the text, after a first word that is not part of a
             * compound (nothing more queued: the position is the next one): the same */
            struct tok_copy later[64];
            assert_int_equal(analyzer_reset(a, rows[r].input, len), SLOVO_OK);
            if (pos >= 1 && read_tokens(a, later, 1) == 1 &&
                analyzer_position(a) == later[0].pos + 1) {
                assert_int_equal(analyzer_skip_to(a, pos), SLOVO_OK);
                assert_int_equal(read_tokens(a, later, 64), nb);
                for (size_t i = 0; i < nb; i++)
                    assert_int_equal(later[i].start, rest[i].start);
            }
            if (j == first)
                continue;
            if (all[j].flags & TOKEN_WHOLE) {   /* Нью-Йорк comes whole */
                assert_true(first <= j + all[j].nparts);
            } else {                            /* 2020-2021 has no whole: from its start (one hyphen between parts) */
                for (size_t i = j; i < first; i++)
                    assert_true(all[i + 1].start > all[i].end && all[i + 1].start <= all[i].end + 3);
            }
        }
    }
    /* the queue of a compound is not cut short */
    static const char text[] = "Нью-Йорк сити";
    struct token t;
    assert_int_equal(analyzer_reset(a, text, sizeof text - 1), SLOVO_OK);
    assert_int_equal(analyzer_skip_to(a, 1), SLOVO_OK);
    assert_int_equal(analyzer_next(a, &t), SLOVO_ROW);
    assert_true(t.flags & TOKEN_WHOLE);
    assert_int_equal(analyzer_skip_to(a, 2), SLOVO_OK);
    assert_int_equal(analyzer_next(a, &t), SLOVO_ROW);
    assert_int_equal(t.pos, 0);     /* нью, still */
    analyzer_free(a);
}

/* A walk over a text of several pieces gives the tokens of a whole read, with the whole
 * text's positions (from the base given) and offsets; one that skips gives those from the
 * position wanted on, or from the start of the compound that reaches it; and so does one
 * that skips pieces by the counts that the whole read gives (pieces.h). */
static void test_walk(void **state)
{
    (void)state;
    static const char unit[] = "Нью-Йорк, п’ять \u115F 2020-2021 ёлка кибер-атака. ";
    enum { UNITS = 200, MAX = 4000, BASE = 1000 };
    size_t len = UNITS * (sizeof unit - 1);
    char *text = malloc(len + 1);
    for (size_t i = 0; i < UNITS; i++)
        memcpy(text + i * (sizeof unit - 1), unit, sizeof unit);
    assert_true(len > 3 * ANALYZER_PIECE);
    struct analyzer *a;
    assert_int_equal(analyzer_new(&a), SLOVO_OK);
    static struct tok_copy all[MAX];
    assert_int_equal(analyzer_reset(a, text, len), SLOVO_OK);
    size_t na = read_tokens(a, all, MAX);
    assert_true(na > 0 && na < MAX);
    struct pieces_writer pw;
    pieces_start(&pw, text, len, BASE);
    for (size_t i = 0; i < na; i++)
        pieces_token(&pw, all[i].start, all[i].pos);
    size_t blob_len;
    unsigned char *blob = pieces_finish(&pw, all[na - 1].pos + 1, &blob_len);
    struct pieces pieces;
    assert_int_equal(pieces_read(blob, blob_len, &pieces), SLOVO_OK);
    assert_int_equal(pieces.base, BASE);
    assert_true(pieces.n > 3);
    for (unsigned probe = 0; probe < 2 * (all[na - 1].pos + 2); probe += 37) {
        unsigned wanted = probe / 2;
        const uint32_t *piece_words = probe % 2 ? pieces.words : NULL;
        static struct tok_copy got[MAX];
        struct analyzer_walk walk;
        struct token t;
        uint64_t pos;
        size_t nb = 0;
        int rc;
        analyzer_walk_start(&walk, a, text, len, BASE, piece_words, pieces.n);
        while (nb < MAX && (rc = analyzer_walk_next(&walk, wanted ? BASE + wanted : 0, &t,
                                                    &pos)) == SLOVO_ROW)
            got[nb++] = (struct tok_copy){(unsigned)(pos - BASE), t.flags, t.nparts, t.start,
                                          t.end, ""};
        assert_int_equal(rc, SLOVO_DONE);
        size_t j = na - nb;
        assert_true(nb <= na);
        assert_true(j == 0 || all[j - 1].pos < wanted);
        assert_true(j == na || all[j].pos <= wanted);
        for (size_t i = 0; i < nb; i++) {
            assert_int_equal(got[i].pos, all[j + i].pos);
            assert_int_equal(got[i].start, all[j + i].start);
            assert_int_equal(got[i].end, all[j + i].end);
            assert_int_equal(got[i].flags, all[j + i].flags);
        }
    }
    /* a count of another piece size is not taken */
    blob[0]++;
    free(pieces.words);
    assert_int_equal(pieces_read(blob, blob_len, &pieces), SLOVO_OK);
    assert_int_equal(pieces.n, 0);
    /* nor a damaged one */
    blob[0]--;
    blob[blob_len - 1] |= 0x80;
    assert_int_equal(pieces_read(blob, blob_len, &pieces), SLOVO_CORRUPT);
    free(blob);
    analyzer_free(a);
    free(text);
}

static void test_free_null(void **state)
{
    (void)state;
    analyzer_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows),
        cmocka_unit_test(test_skip_to),
        cmocka_unit_test(test_walk),
        cmocka_unit_test(test_long_token),
        cmocka_unit_test(test_huge_token),
        cmocka_unit_test(test_reuse),
        cmocka_unit_test(test_free_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
