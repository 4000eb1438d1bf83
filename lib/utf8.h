/* utf8.h: checks and repairs UTF-8 at the edges of the library (files read, text passed in
 * through slovo.h), so that everything inside lib/ can trust its text. */
#ifndef SLOVO_UTF8_H
#define SLOVO_UTF8_H
#include <stddef.h>

/* 1 when s[0..len) is valid UTF-8 (no overlong forms, no surrogates, nothing above
 * U+10FFFF), else 0. */
int utf8_valid(const char *s, size_t len);

/* A malloc'd NUL-terminated copy of s[0..len) in which each invalid sequence is replaced by
 * U+FFFD; *out_len gets its length. NULL when out of memory. */
char *utf8_repair(const char *s, size_t len, size_t *out_len);

/* Like utf8_repair(), but each byte of an invalid sequence becomes "%XX" (its hex value) and
 * each '%' "%25": distinct strings stay distinct, as the ids of articles must (two file
 * names in windows-1251 of the same length would both be all U+FFFD). */
char *utf8_escape(const char *s, size_t len, size_t *out_len);

#endif
