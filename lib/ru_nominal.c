/* ru_nominal.c: see ru_nominal.h. The ending lists are Snowball's Russian ones. */
#include "ru_nominal.h"

#include <string.h>

#define END_OF_LIST NULL

static const char *const adjective[] = {
    "ее", "ие", "ые", "ое", "ими", "ыми", "ей", "ий", "ый", "ой", "ем", "им", "ым", "ом",
    "его", "ого", "ему", "ому", "их", "ых", "ую", "юю", "ая", "яя", "ою", "ею", END_OF_LIST,
};

/* Participle suffixes before an adjective's ending: those of the first list only after а
 * or я, which stay. */
static const char *const participle_after_a[] = {"ем", "нн", "вш", "ющ", "щ", END_OF_LIST};
static const char *const participle[] = {"ивш", "ывш", "ующ", END_OF_LIST};

/* Without -ов and -ев (see ru_nominal.h). */
static const char *const noun[] = {
    "а",   "ие", "ье",  "е",   "иями", "ями", "ами", "еи", "ии", "и",
    "ией", "ей", "ой",  "ий", "й",   "иям", "ям",   "ием", "ем",  "ам", "ом", "о",
    "у",   "ах", "иях", "ях", "ы",   "ь",   "ию",   "ью",  "ю",   "ия", "ья", "я",
    END_OF_LIST,
};

/* 1 when the two bytes at p are a Russian vowel (а е и о у ы э ю я). */
static int vowel_at(const char *p)
{
    static const char *const vowels[] = {"а", "е", "и", "о", "у", "ы", "э", "ю", "я"};
    for (size_t i = 0; i < sizeof vowels / sizeof vowels[0]; i++)
        if (memcmp(p, vowels[i], 2) == 0)
            return 1;
    return 0;
}

/* Snowball's RV: where the word goes on after its first vowel (len when it has none). */
static size_t rv_start(const char *word, size_t len)
{
    for (size_t i = 0; i + 2 <= len; i++)
        if (vowel_at(word + i))
            return i + 2;
    return len;
}

/* The length of the longest of `endings` that word[rv..end) ends with; 0 when none. */
static size_t longest_ending(const char *word, size_t rv, size_t end, const char *const *endings)
{
    size_t best = 0;
    for (size_t i = 0; endings[i] != END_OF_LIST; i++) {
        size_t n = strlen(endings[i]);
        if (n > best && end >= rv + n && memcmp(word + end - n, endings[i], n) == 0)
            best = n;
    }
    return best;
}

/* 1 when word[rv..end) ends with а or я. */
static int after_a(const char *word, size_t rv, size_t end)
{
    return end >= rv + 2 &&
           (memcmp(word + end - 2, "а", 2) == 0 || memcmp(word + end - 2, "я", 2) == 0);
}

size_t ru_nominal_stem_len(const char *word, size_t len)
{
    size_t rv = rv_start(word, len);
    size_t end = len;
    size_t n = longest_ending(word, rv, end, adjective);
    if (n > 0) {
        end -= n;
        size_t p = longest_ending(word, rv, end, participle_after_a);
        size_t q = longest_ending(word, rv, end, participle);
        if (q >= p && q > 0)
            end -= q;
        else if (p > 0 && after_a(word, rv, end - p))
            end -= p;
    } else {
        end -= longest_ending(word, rv, end, noun);
    }
    if (end >= rv + 2 && memcmp(word + end - 2, "и", 2) == 0)
        end -= 2;
    if (end >= rv + 2 && memcmp(word + end - 2, "ь", 2) == 0)
        end -= 2;
    return end;
}
