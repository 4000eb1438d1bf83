/* lang.c: the language of a text from letters and function words.
 *
 * Ukrainian and Russian share most of their alphabet, but і ї є ґ are Ukrainian only and
 * ы э ъ ё Russian only; the Ukrainian letters are about three times as frequent (і alone is
 * some 6% of letters, ы about 2%), so a Russian letter weighs three Ukrainian ones. Function
 * words spelled differently in the two languages (що/что, як/как, від/от, з/с) settle texts
 * with few telling letters. English is told from other Latin-script languages by its own
 * function words, which make a quarter of any English text. Only the first 4 KB are read:
 * that is hundreds of words, far more than the decision needs. */
#include "lang.h"

#include <stdint.h>
#include <string.h>

enum {
    PREFIX = 4096,          /* bytes of a document looked at */
    MIN_LETTERS = 10,       /* fewer letters than this decide nothing */
    MAX_FWORD = 24          /* bytes of the longest function word below, and then some */
};

static const char *const codes[LANG_COUNT] = {
    [LANG_OTHER] = "other", [LANG_RU] = "ru", [LANG_UK] = "uk", [LANG_EN] = "en"};

const char *lang_code(enum lang l)
{
    return (unsigned)l < LANG_COUNT ? codes[l] : codes[LANG_OTHER];
}

int lang_parse(const char *code, size_t len)
{
    for (int l = 0; l < LANG_COUNT; l++)
        if (strlen(codes[l]) == len && memcmp(codes[l], code, len) == 0)
            return l;
    return -1;
}

/* Frequent words of one language only: a word both languages write the same way (не, на,
 * до, для, в, у, по, при, так, все) tells nothing and is left out, and so is the Ukrainian
 * й, which Russian writes in 3-й. Lower case. */
static const char *const function_words[LANG_COUNT][48] = {
    [LANG_UK] = {"і", "та", "що", "це", "як", "від", "з", "із", "зі", "але", "або",
                 "щоб", "його", "її", "їх", "він", "вона", "вони", "був", "була", "було",
                 "були", "буде", "також", "який", "яка", "які", "яке", "року", "році", "ще",
                 "чи", "коли", "під", "після", "між", "лише", "вже", "тільки", "має", "цього",
                 "якщо", "ми", "ці", "цей", "ця", NULL},
    [LANG_RU] = {"и", "что", "это", "как", "от", "с", "к", "из", "но", "или", "чтобы", "его",
                 "ее", "её", "их", "он", "она", "они", "был", "была", "было", "были", "будет",
                 "также", "который", "которая", "которые", "которых", "году", "года", "еще",
                 "ещё", "когда", "под", "после", "между", "лишь", "уже", "только", "если",
                 "мы", "эти", "этот", "эта", "же", "бы", NULL},
    [LANG_EN] = {"the", "and", "of", "to", "in", "is", "that", "for", "on", "with", "as",
                 "was", "by", "at", "it", "from", "are", "be", "has", "have", "this", "an",
                 "said", "will", "were", "not", "which", "but", "its", "his", "their", "they",
                 "he", "she", "had", "been", "would", "or", "who", "after", NULL},
};

/* One code point of s[*i..len), advancing *i; an invalid byte gives 0xFFFD and moves one.
 * Overlong forms are let through: only the letters counted here matter, and a byte that
 * starts no well-formed sequence never counts as one. */
static uint32_t next_cp(const unsigned char *s, size_t len, size_t *i)
{
    unsigned c = s[*i];
    if (c < 0x80) {
        (*i)++;
        return c;
    }
    size_t need = c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2
                : c >= 0xF0 && c <= 0xF4 ? 3 : 0;
    if (need == 0 || len - *i <= need) {
        (*i)++;
        return 0xFFFD;
    }
    uint32_t cp = c & (0x3Fu >> need);
    for (size_t k = 1; k <= need; k++) {
        unsigned b = s[*i + k];
        if ((b & 0xC0) != 0x80) {
            (*i)++;
            return 0xFFFD;
        }
        cp = (cp << 6) | (b & 0x3F);
    }
    *i += 1 + need;
    return cp;
}

/* Lower case of the letters that matter here; anything else unchanged. */
static uint32_t lower(uint32_t c)
{
    if (c >= 'A' && c <= 'Z')
        return c + 0x20;
    if (c >= 0x0410 && c <= 0x042F)
        return c + 0x20;
    if (c >= 0x0400 && c <= 0x040F)
        return c + 0x50;
    if (c == 0x0490)
        return 0x0491;
    return c;
}

static int is_latin(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 0xDF && c <= 0x24F && c != 0xF7);
}

static int is_cyrillic(uint32_t c)
{
    return c >= 0x0430 && c <= 0x052F;     /* after lower(): upper case is folded */
}

static int is_apostrophe(uint32_t c)
{
    return c == '\'' || c == 0x2019 || c == 0x02BC;
}

static int is_uk_letter(uint32_t c)
{
    return c == 0x0456 || c == 0x0457 || c == 0x0454 || c == 0x0491;   /* і ї є ґ */
}

static int is_ru_letter(uint32_t c)
{
    return c == 0x044B || c == 0x044D || c == 0x044A || c == 0x0451;   /* ы э ъ ё */
}

/* Cyrillic letters of neither language: Belarusian ў, Serbian and Macedonian ђ ѓ ѕ ј љ њ ћ ќ џ. */
static int is_foreign_cyrillic(uint32_t c)
{
    return (c >= 0x0452 && c <= 0x045F && c != 0x0454 && c != 0x0456 && c != 0x0457 &&
            c != 0x045D) || (c >= 0x0492 && c <= 0x052F);
}

/* The language whose function-word list holds word[0..len), or LANG_OTHER. */
static enum lang function_word(const char *word, size_t len)
{
    for (int l = LANG_RU; l < LANG_COUNT; l++)
        for (const char *const *w = function_words[l]; *w; w++)
            if (strlen(*w) == len && memcmp(*w, word, len) == 0)
                return (enum lang)l;
    return LANG_OTHER;
}

struct counts {
    size_t cyr, lat, uk, ru, hard_sign, foreign;   /* letters */
    size_t words, latin_words, fw[LANG_COUNT];     /* words */
};

static void end_word(struct counts *n, const char *word, size_t len, int latin)
{
    if (len == 0)
        return;
    n->words++;
    n->latin_words += latin;
    if (len <= MAX_FWORD)
        n->fw[function_word(word, len)]++;
}

enum lang lang_detect(const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    if (len > PREFIX) {
        len = PREFIX;
        while (len > 0 && (s[len] & 0xC0) == 0x80)     /* not in the middle of a character */
            len--;
    }

    struct counts n;
    memset(&n, 0, sizeof n);
    char word[MAX_FWORD + 4];
    size_t wlen = 0;            /* bytes of the word so far, which may pass MAX_FWORD */
    int latin = 0;
    for (size_t i = 0; i < len;) {
        if (s[i] == ':' && len - i > 2 && s[i + 1] == '/' && s[i + 2] == '/') {
            /* A link's Latin letters say nothing about the text: skip it, scheme and all. */
            while (i < len && s[i] != ' ' && s[i] != '\n' && s[i] != '\t' && s[i] != '\r')
                i++;
            wlen = 0;
            latin = 0;
            continue;
        }
        uint32_t c = lower(next_cp(s, len, &i));
        int cyr = is_cyrillic(c), lat = is_latin(c);
        if (cyr) {
            n.cyr++;
            n.uk += is_uk_letter(c);
            n.ru += is_ru_letter(c);
            n.hard_sign += c == 0x044A;
            n.foreign += is_foreign_cyrillic(c);
        } else if (lat) {
            n.lat++;
        }
        if (cyr || lat || (wlen && is_apostrophe(c))) {
            size_t k = c < 0x80 ? 1 : c < 0x800 ? 2 : 3;   /* no letter here is above */
            if (wlen + k <= MAX_FWORD) {
                unsigned char *o = (unsigned char *)word + wlen;
                if (k == 1) {
                    o[0] = (unsigned char)c;
                } else if (k == 2) {
                    o[0] = (unsigned char)(0xC0 | (c >> 6));
                    o[1] = (unsigned char)(0x80 | (c & 0x3F));
                } else {
                    o[0] = (unsigned char)(0xE0 | (c >> 12));
                    o[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
                    o[2] = (unsigned char)(0x80 | (c & 0x3F));
                }
            }
            wlen += k;
            latin |= lat;
        } else {
            end_word(&n, word, wlen, latin);
            wlen = 0;
            latin = 0;
        }
    }
    end_word(&n, word, wlen, latin);

    /* English function words make some 25% of English text, and well under 8% of German,
     * French or Polish (which share "in", "on", "to") or of the scripts news sites leave in
     * their articles, whose Latin letters must not outvote the Cyrillic text around them. */
    int english = n.lat >= MIN_LETTERS && n.fw[LANG_EN] * 100 >= n.latin_words * 8;
    if (english && n.lat > n.cyr)
        return LANG_EN;
    if (n.cyr < MIN_LETTERS)
        return english ? LANG_EN : LANG_OTHER;
    if (n.foreign * 100 > n.cyr)
        return LANG_OTHER;
    /* Bulgarian writes ъ in every other sentence and has neither ы nor э; Russian the other
     * way round. */
    if (n.hard_sign >= 5 && n.hard_sign == n.ru)
        return LANG_OTHER;
    size_t uk = n.uk + 2 * n.fw[LANG_UK];
    size_t ru = 3 * n.ru + 2 * n.fw[LANG_RU];
    return uk > ru ? LANG_UK : LANG_RU;
}

unsigned lang_word_candidates(const char *word, size_t len)
{
    const unsigned char *s = (const unsigned char *)word;
    int cyr = 0, lat = 0, uk = 0, ru = 0;
    for (size_t i = 0; i < len;) {
        uint32_t c = lower(next_cp(s, len, &i));
        if (is_cyrillic(c)) {
            cyr = 1;
            uk |= is_uk_letter(c);
            ru |= c == 0x044B || c == 0x044D || c == 0x044A;     /* ё is folded away */
        } else if (is_latin(c)) {
            lat = 1;
        }
    }
    if (cyr) {
        if (uk && !ru)
            return LANG_BIT(LANG_UK);
        if (ru && !uk)
            return LANG_BIT(LANG_RU);
        return LANG_BIT(LANG_RU) | LANG_BIT(LANG_UK);
    }
    return lat ? LANG_BIT(LANG_EN) : 0;
}
