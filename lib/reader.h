/* reader.h: turns a file into articles. The format is chosen by the file name (the
 * extension in any case): JSON Lines (*.jsonl, *.ndjson), HTML (*.html, *.htm) and plain
 * text (*.txt, or no extension). JSON Lines are UTF-8 (a BOM is skipped); text and HTML
 * files may also be in a legacy encoding (windows-1251, KOI8-R/U, UTF-16 with or without a
 * BOM, ...), found by charset.c and converted. Text handed on is valid UTF-8 (invalid
 * sequences are replaced by U+FFFD and reported). */
#ifndef SLOVO_READER_H
#define SLOVO_READER_H
#include <stddef.h>
#include <stdint.h>
#include "slovo.h"

/* Called for each article found. The article and its strings are borrowed for the
 * duration of the call; `line` is the line where it starts (1 for a whole-file article).
 * Return SLOVO_OK to go on; any other code stops the reading and is returned by
 * reader_read_file(). */
typedef int reader_article_fn(void *ctx, const slovo_article *a, uint64_t line);

/* Called for each problem met: code SLOVO_FORMAT (broken record, binary file, unsupported
 * format), SLOVO_EMPTY (no text), SLOVO_IO (unreadable) for what is skipped; SLOVO_OK for
 * input that was repaired and delivered all the same (invalid UTF-8). line is 0 for the
 * whole file. message is borrowed, e.g. "invalid JSON: unexpected end of data". */
typedef void reader_notice_fn(void *ctx, int code, uint64_t line, const char *message);

/* Reads the file at path (NUL-terminated), calling on_article for each article and
 * on_notice for each problem. *bytes (if not NULL) gets the bytes read.
 * Returns SLOVO_OK when the file was read, even if some records were skipped;
 * SLOVO_FORMAT/SLOVO_IO/SLOVO_EMPTY when the whole file was skipped (on_notice was told why);
 * SLOVO_NOMEM; or what on_article returned to stop. */
int reader_read_file(const char *path, reader_article_fn *on_article,
                     reader_notice_fn *on_notice, void *ctx, uint64_t *bytes);

/* 1 when reader_read_file() knows the format of a file with this name, else 0. */
int reader_supports(const char *path);

#endif
