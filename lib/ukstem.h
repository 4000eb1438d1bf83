/* ukstem.h: our Ukrainian stemmer, a table-driven suffix stripper. Forms of one word
 * (книга, книги, книзі, книгою) get one stem; frequent stem alternations (рік/року,
 * кінь/коня) are handled by an exception table. Reflexive verbs and gerunds are words of
 * their own. */
#ifndef SLOVO_UKSTEM_H
#define SLOVO_UKSTEM_H
#include <stdbool.h>
#include <stddef.h>

/* The most bytes ukstem_stem() writes for a word of len bytes. */
#define UKSTEM_MAX_OUT(len) ((len) + 16)

/* Writes the stem of the normalized (lower-case, apostrophe U+0027) UTF-8 word
 * word[0..len) to out, which has room for UKSTEM_MAX_OUT(len) bytes, and returns its
 * length. Words that are not Cyrillic come back unchanged. Never fails. */
size_t ukstem_stem(const char *word, size_t len, char *out);

/* True when the normalized word[0..len) is a Ukrainian gerund (зробивши, читаючи,
 * намагаючись), which ukstem_stem() keeps whole: a word of its own, not a form of its
 * verb. */
bool ukstem_gerund(const char *word, size_t len);

#endif
