/* reader.c: the entry of the readers. Chooses the format by the file name, opens the file
 * and settles what every format shares: unreadable, not a regular file, binary, empty, too
 * large, legacy encodings (charset.c), invalid UTF-8. The format readers (reader_text.c,
 * reader_html.c, reader_jsonl.c) see only bytes. */
#include "reader.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "charset.h"
#include "reader_impl.h"
#include "utf8.h"

enum format { FORMAT_NONE, FORMAT_TEXT, FORMAT_HTML, FORMAT_JSONL };

static const struct {
    const char *ext;
    enum format format;
} formats[] = {
    {"htm", FORMAT_HTML},
    {"html", FORMAT_HTML},
    {"jsonl", FORMAT_JSONL},
    {"ndjson", FORMAT_JSONL},
    {"txt", FORMAT_TEXT},
};

static int ascii_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int ascii_ieq(const char *a, const char *b)
{
    while (*a != '\0' && ascii_lower((unsigned char)*a) == ascii_lower((unsigned char)*b)) {
        a++;
        b++;
    }
    return *a == '\0' && *b == '\0';
}

const char *reader_lang(const char *tag)
{
    static const struct {
        const char *tag, *lang;
    } langs[] = {{"ru", "ru"}, {"uk", "uk"}, {"ua", "uk"}, {"en", "en"}};
    char primary[4];
    size_t n = 0;

    if (tag == NULL)
        return NULL;
    while (*tag == ' ')
        tag++;
    if (ascii_ieq(tag, "other"))
        return "other";
    while (n < 3 && tag[n] != '\0' && tag[n] != '-' && tag[n] != '_' && tag[n] != ' ') {
        primary[n] = (char)ascii_lower((unsigned char)tag[n]);
        n++;
    }
    primary[n] = '\0';
    for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++)
        if (strcmp(primary, langs[i].tag) == 0)
            return langs[i].lang;
    return NULL;
}

static enum format format_of(const char *path)
{
    const char *base = strrchr(path, '/');
    const char *dot;

    base = base != NULL ? base + 1 : path;
    if (*base == '\0')
        return FORMAT_NONE;
    /* A leading dot starts a hidden name, not an extension. */
    dot = strrchr(base + 1, '.');
    if (dot == NULL)
        return FORMAT_TEXT;
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (ascii_ieq(dot + 1, formats[i].ext))
            return formats[i].format;
    return FORMAT_NONE;
}

int reader_supports(const char *path)
{
    return path != NULL && format_of(path) != FORMAT_NONE;
}

void reader_notice(const struct reader *r, int code, uint64_t line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    if (r->on_notice == NULL)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    r->on_notice(r->ctx, code, line, msg);
}

int reader_emit(const struct reader *r, const slovo_article *a, uint64_t line)
{
    return r->on_article != NULL ? r->on_article(r->ctx, a, line) : SLOVO_OK;
}

void reader_utf8_error_at(const char *s, size_t len, uint64_t *line, size_t *offset)
{
    size_t start = 0, end, i;

    *line = 1;
    /* Whole lines first, with the fast validator; then the bad line character by
     * character. A character is valid when one of its 1..4-byte prefixes is: this costs a
     * few calls per character, but only on the one line that holds the error. */
    for (;;) {
        const char *nl = memchr(s + start, '\n', len - start);
        end = nl != NULL ? (size_t)(nl - s) : len;
        if (!utf8_valid(s + start, end - start) || nl == NULL)
            break;
        start = end + 1;
        ++*line;
    }
    for (i = start; i < end;) {
        size_t n = 1;
        while (n <= 4 && i + n <= end && !utf8_valid(s + i, n))
            n++;
        if (n > 4 || i + n > end)
            break;
        i += n;
    }
    *offset = i;
}

/* Reads the rest of fd into a malloc'd buffer with one spare byte at the end. More than
 * `limit` bytes is refused with SLOVO_FORMAT (the file may have grown since fstat). On
 * SLOVO_IO, *err is the errno of the failed read. */
static int read_all(int fd, size_t hint, size_t limit, char **out, size_t *out_len, int *err)
{
    size_t cap = (hint < limit ? hint : limit) + 1, len = 0;
    char *buf = malloc(cap + 1);
    int rc = SLOVO_OK;

    if (buf == NULL)
        return SLOVO_NOMEM;
    while (rc == SLOVO_OK) {
        ssize_t n;
        if (len == cap) {
            char *bigger;
            if (cap > limit) {
                rc = SLOVO_FORMAT;
                break;
            }
            cap = cap * 2 < limit + 1 ? cap * 2 : limit + 1;
            bigger = realloc(buf, cap + 1);
            if (bigger == NULL) {
                rc = SLOVO_NOMEM;
                break;
            }
            buf = bigger;
        }
        n = read(fd, buf + len, cap - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            *err = errno;
            rc = SLOVO_IO;
        } else if (n == 0) {
            break;
        } else {
            len += (size_t)n;
        }
    }
    if (rc == SLOVO_OK && len > limit)
        rc = SLOVO_FORMAT;
    if (rc != SLOVO_OK) {
        *out_len = len;
        free(buf);
        return rc;
    }
    buf[len] = '\0';
    *out = buf;
    *out_len = len;
    return SLOVO_OK;
}

/* Makes text[0..len) valid UTF-8, replacing the buffer when it must (the new one has a spare
 * byte too). Valid UTF-8 is kept as it is; a legacy encoding is converted, which is normal
 * and needs no notice; invalid sequences are replaced by U+FFFD and reported. */
static int to_utf8(const struct reader *r, char **text, size_t *len, int html)
{
    char label[64];
    const char *charset;
    struct charset_bad bad;
    char *fixed;
    size_t fixed_len;
    int rc;

    /* NUL bytes in the head of a file that is not binary: UTF-16 (see reader_read_file). */
    if (memchr(*text, '\0', *len < READER_SNIFF ? *len : READER_SNIFF) == NULL &&
        utf8_valid(*text, *len))
        return SLOVO_OK;
    charset = charset_detect(*text, *len,
                             html ? charset_html_declared(*text, *len, label, sizeof label)
                                  : NULL);
    rc = strcmp(charset, "UTF-8") != 0
             ? charset_to_utf8(*text, *len, charset, &fixed, &fixed_len, &bad)
             : SLOVO_FORMAT;
    if (rc == SLOVO_OK) {
        if (bad.count > 0)
            reader_notice(r, SLOVO_OK, bad.line, "invalid %s at byte %zu, replaced by U+FFFD",
                          charset, bad.at);
    } else if (rc == SLOVO_FORMAT) {
        /* UTF-8 with broken sequences, or a charset ICU cannot convert after all. */
        uint64_t line;
        size_t at;

        if (utf8_valid(*text, *len))
            return SLOVO_OK;
        reader_utf8_error_at(*text, *len, &line, &at);
        reader_notice(r, SLOVO_OK, line, "invalid UTF-8 at byte %zu, replaced by U+FFFD", at);
        fixed = utf8_repair(*text, *len, &fixed_len);
        rc = fixed != NULL ? SLOVO_OK : SLOVO_NOMEM;
    }
    if (rc != SLOVO_OK)
        return rc;
    free(*text);
    *text = fixed;
    *len = fixed_len;
    return SLOVO_OK;
}

/* Whether head[0..n) starts as a JSON object would: a BOM and blanks, then '{'. */
static int json_object_first(const char *head, size_t n)
{
    size_t i = n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    while (i < n && strchr(" \t\r\n", head[i]) != NULL && head[i] != '\0')
        i++;
    return i < n && head[i] == '{';
}

/* A format read whole: plain text or HTML. */
static int read_whole(const struct reader *r, int fd, size_t size, enum format format,
                      uint64_t *bytes)
{
    char *text = NULL;
    size_t len = 0;
    int err = 0, rc;

    rc = read_all(fd, size, READER_MAX_FILE, &text, &len, &err);
    *bytes = len;
    if (rc == SLOVO_IO)
        reader_notice(r, rc, 0, "cannot read: %s", strerror(err));
    if (rc == SLOVO_FORMAT)
        reader_notice(r, rc, 0, "file too large (%zu bytes, limit %u MB)", len > size ? len : size,
                      READER_MAX_FILE / (1024 * 1024));
    if (rc != SLOVO_OK)
        return rc;

    rc = to_utf8(r, &text, &len, format == FORMAT_HTML);
    if (rc == SLOVO_OK && format == FORMAT_HTML)
        rc = reader_html_parse(r, text, len);
    else if (rc == SLOVO_OK)
        rc = reader_text_parse(r, text, len);
    free(text);
    return rc;
}

int reader_read_file(const char *path, reader_article_fn *on_article,
                     reader_notice_fn *on_notice, void *ctx, uint64_t *bytes)
{
    struct reader r = {path, on_article, on_notice, ctx};
    char head[READER_SNIFF];
    struct stat st;
    enum format format;
    uint64_t nread = 0;
    ssize_t n;
    int fd, rc = SLOVO_OK;

    if (bytes != NULL)
        *bytes = 0;
    if (path == NULL)
        return SLOVO_MISUSE;
    format = format_of(path);
    if (format == FORMAT_NONE) {
        reader_notice(&r, SLOVO_FORMAT, 0, "unsupported format");
        return SLOVO_FORMAT;
    }
    /* O_NONBLOCK: opening a FIFO would otherwise wait for a writer before fstat() can
     * refuse it. Reads of a regular file ignore the flag. */
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        reader_notice(&r, SLOVO_IO, 0, "cannot open: %s", strerror(errno));
        return SLOVO_IO;
    }
    if (fstat(fd, &st) != 0) {
        reader_notice(&r, SLOVO_IO, 0, "cannot stat: %s", strerror(errno));
        rc = SLOVO_IO;
    } else if (S_ISDIR(st.st_mode)) {
        reader_notice(&r, SLOVO_IO, 0, "cannot read: %s", strerror(EISDIR));
        rc = SLOVO_IO;
    } else if (!S_ISREG(st.st_mode)) {
        /* A FIFO or a device could block or never end. */
        reader_notice(&r, SLOVO_FORMAT, 0, "not a regular file");
        rc = SLOVO_FORMAT;
    }

    /* Before reading anything: text and HTML files are read whole. */
    if (rc == SLOVO_OK && format != FORMAT_JSONL && (uint64_t)st.st_size > READER_MAX_FILE) {
        reader_notice(&r, SLOVO_FORMAT, 0, "file too large (%jd bytes, limit %u MB)",
                      (intmax_t)st.st_size, READER_MAX_FILE / (1024 * 1024));
        rc = SLOVO_FORMAT;
    }
    if (rc == SLOVO_OK) {
        /* pread: the format reader starts again from offset 0. */
        do
            n = pread(fd, head, sizeof head, 0);
        while (n < 0 && errno == EINTR);
        if (n < 0) {
            reader_notice(&r, SLOVO_IO, 0, "cannot read: %s", strerror(errno));
            rc = SLOVO_IO;
        } else if (n == 0) {
            reader_notice(&r, SLOVO_EMPTY, 0, "empty file");
            rc = SLOVO_EMPTY;
        } else if (memchr(head, '\0', (size_t)n) != NULL &&
                   (format == FORMAT_JSONL ? !json_object_first(head, (size_t)n)
                                           : charset_utf16(head, (size_t)n) == NULL)) {
            /* UTF-16 text has NUL bytes too; JSON, though, must be UTF-8: a NUL byte in a
             * JSON Lines file that starts as one is a broken line, which its reader skips. */
            reader_notice(&r, SLOVO_FORMAT, 0, "binary file");
            rc = SLOVO_FORMAT;
        }
    }

    if (rc == SLOVO_OK && format != FORMAT_JSONL) {
        rc = read_whole(&r, fd, (size_t)st.st_size, format, &nread);
    } else if (rc == SLOVO_OK) {
        /* A UTF-8 BOM is no part of the first JSON line. */
        off_t bom = n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
        if (bom > 0 && lseek(fd, bom, SEEK_SET) != bom) {
            reader_notice(&r, SLOVO_IO, 0, "cannot read: %s", strerror(errno));
            rc = SLOVO_IO;
        }
        /* JSON Lines are streamed, so only a line has a size limit. */
        if (rc == SLOVO_OK)
            rc = reader_jsonl_read(&r, fd, &nread);
        nread += (uint64_t)bom;
    }
    close(fd);
    if (bytes != NULL)
        *bytes = nread;
    return rc;
}
