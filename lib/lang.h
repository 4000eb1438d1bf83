/* lang.h: which language a text or a word is written in: Russian, Ukrainian, English or
 * other, from the letters only one language has (і ї є ґ against ы э ъ ё) and the frequent
 * function words of each. */
#ifndef SLOVO_LANG_H
#define SLOVO_LANG_H
#include <stddef.h>

enum lang { LANG_OTHER = 0, LANG_RU, LANG_UK, LANG_EN, LANG_COUNT };

#define LANG_BIT(l) (1u << (l))

/* "ru", "uk", "en" or "other". Static text. */
const char *lang_code(enum lang l);

/* The language named by code[0..len) ("ru", "uk", "en", "other"); -1 when unknown. */
int lang_parse(const char *code, size_t len);

/* The language of a document's UTF-8 text (raw, not normalized; any case). Text too short
 * or with too few letters of any of the three languages gives LANG_OTHER. */
enum lang lang_detect(const char *text, size_t len);

/* The languages a single normalized (lower-case) word may belong to, as LANG_BIT()s:
 * Cyrillic with і/ї/є/ґ → uk; with ы/э/ъ → ru; other Cyrillic → ru | uk; Latin → en;
 * anything else (digits) → 0. */
unsigned lang_word_candidates(const char *word, size_t len);

#endif
