/* charset.h: the encoding of a text or HTML file, and its conversion to UTF-8. Valid UTF-8 is
 * taken as it is; otherwise a BOM, the zero bytes of UTF-16, the document's own declaration,
 * ICU's charset detector and our own measure of Cyrillic single-byte text decide. */
#ifndef SLOVO_CHARSET_H
#define SLOVO_CHARSET_H
#include <stddef.h>

#define CHARSET_SNIFF (64u * 1024) /* bytes looked at to guess a legacy encoding */
#define CHARSET_UTF16_SNIFF 8192   /* bytes looked at to recognise UTF-16 (as reader.c's
                                      binary check, so that both judge the same bytes) */

/* What charset_to_utf8() replaced by U+FFFD. */
struct charset_bad {
    size_t count;   /* invalid or unmapped sequences replaced; 0: none */
    size_t at;      /* byte offset in the input of the first */
    size_t line;    /* its line, from 1 */
};

/* "UTF-16LE" or "UTF-16BE" (static) when s[0..len), the start of a file, is UTF-16 text: a
 * BOM, or zero bytes in only one of the two byte positions and no control characters. Else
 * NULL. Tells UTF-16 from a binary file, both of which have NUL bytes. */
const char *charset_utf16(const char *s, size_t len);

/* The charset an HTML document declares in its first bytes, <meta charset="..."> or
 * <meta http-equiv="Content-Type" content="text/html; charset=...">: written NUL-terminated
 * into out[0..cap) and returned; NULL when there is none (or it does not fit). */
const char *charset_html_declared(const char *s, size_t len, char *out, size_t cap);

/* The encoding of s[0..len), as a static name ICU knows ("UTF-8", "UTF-16LE",
 * "windows-1251", "KOI8-U", ...). In this order: a BOM; UTF-16 by its zero bytes; valid
 * UTF-8; mostly valid UTF-8 ("UTF-8": to be repaired); `declared` (may be NULL) when ICU
 * knows it and it is not UTF-16/32; for text that looks Cyrillic, or that ICU's detector
 * takes for a Cyrillic single-byte charset, the best of windows-1251, KOI8-U, ISO-8859-5
 * and IBM866 by our own measure (see charset.c); else the detector's best guess; "UTF-8"
 * when nothing fits. */
const char *charset_detect(const char *s, size_t len, const char *declared);

/* Converts s[0..len) from `charset` (a name ICU knows) to UTF-8, dropping a BOM. *out gets a
 * malloc'd, NUL-terminated copy (owned by the caller, free() it), *out_len its length.
 * Each invalid or unmapped sequence becomes U+FFFD and is counted in *bad.
 * Returns SLOVO_OK; SLOVO_NOMEM; SLOVO_FORMAT when ICU does not know the charset. On failure
 * *out is NULL. */
int charset_to_utf8(const char *s, size_t len, const char *charset, char **out,
                    size_t *out_len, struct charset_bad *bad);

#endif
