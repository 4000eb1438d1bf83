/* reader_impl.h: what reader.c shares with the format readers reader_text.c and
 * reader_jsonl.c. reader.c opens the file and deals with what is common to every format
 * (unreadable, binary, empty, too large); a format reader only turns bytes into articles. */
#ifndef SLOVO_READER_IMPL_H
#define SLOVO_READER_IMPL_H
#include <stddef.h>
#include <stdint.h>
#include "reader.h"

#define READER_MAX_FILE (50u * 1024 * 1024) /* a text file is read whole: larger is refused */
#define READER_MAX_LINE (50u * 1024 * 1024) /* a JSON line longer than this is skipped */
#define READER_SNIFF 8192                   /* a NUL byte in this many first bytes: binary */

/* One file being read. */
struct reader {
    const char *path;               /* as the caller gave it */
    reader_article_fn *on_article;  /* may be NULL */
    reader_notice_fn *on_notice;    /* may be NULL */
    void *ctx;
};

/* Tells r->on_notice about a problem: message formatted printf-style (truncated to a
 * few hundred bytes). */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
void reader_notice(const struct reader *r, int code, uint64_t line, const char *fmt, ...);

/* The language code ("ru", "uk", "en", "other") of a language tag as files give it, in any
 * case and with any region: ru-RU, uk_UA, UA (a frequent slip for uk), EN. NULL for any
 * other tag or none: the language is then detected from the text, rather than the article
 * refused for a tag slovo_add() does not take. */
const char *reader_lang(const char *tag);

/* Hands an article to r->on_article; returns what it returned (SLOVO_OK without one). */
int reader_emit(const struct reader *r, const slovo_article *a, uint64_t line);

/* Line (from 1) and byte offset of the first invalid UTF-8 sequence in s[0..len), which
 * must contain one. For the notice that reports a repair. */
void reader_utf8_error_at(const char *s, size_t len, uint64_t *line, size_t *offset);

/* Plain text: text[0..len) is the whole file, valid UTF-8 (BOM included if there was
 * one). The reader writes into text (line ends, NUL terminators); text[len] must exist.
 * Returns SLOVO_OK, SLOVO_EMPTY (notice given), SLOVO_NOMEM or on_article's stop code. */
int reader_text_parse(const struct reader *r, char *text, size_t len);

/* One HTML page: text[0..len) is the whole file, valid UTF-8 (a BOM is skipped), and
 * text[len] must exist. One page is one article, see reader_html.c. Returns SLOVO_OK,
 * SLOVO_EMPTY (notice given), SLOVO_NOMEM or on_article's stop code. */
int reader_html_parse(const struct reader *r, const char *text, size_t len);

/* JSON Lines from the open descriptor fd, positioned at the start of the file; *bytes gets
 * the bytes read. Returns SLOVO_OK (broken lines are notices), SLOVO_IO (notice given),
 * SLOVO_NOMEM or on_article's stop code. */
int reader_jsonl_read(const struct reader *r, int fd, uint64_t *bytes);

#endif
