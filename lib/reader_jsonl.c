/* reader_jsonl.c: JSON Lines, one article per line:
 *
 *     {"id": "n-1", "title": "...", "text": "...", "date": "2021-06-16", "source": "...",
 *      "url": "...", "lang": "ru"}
 *
 * Every field is a string or null; "body" stands in for a missing "text"; a numeric id is
 * taken as its decimal text; without an id the article is "PATH:LINE". Other members are
 * ignored. A line that is not a JSON object is reported and skipped, and reading goes on.
 *
 * The file is streamed through one buffer that holds at least one whole line, so memory
 * stays at the size of the longest line (at most READER_MAX_LINE) whatever the file size. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "reader_impl.h"
#include "utf8.h"

#define CHUNK (1u << 20) /* first buffer size and the least read() */

enum field { F_ID, F_TITLE, F_TEXT, F_BODY, F_DATE, F_SOURCE, F_URL, F_LANG, F_COUNT };

static const char *const field_names[F_COUNT] = {
    "id", "title", "text", "body", "date", "source", "url", "lang",
};

struct jsonl {
    const struct reader *r;
    json_tokener *tok;
    char *id_buf;         /* "PATH:LINE" for articles without an id */
    size_t id_cap;
    char *fixed[F_COUNT]; /* repaired copies of fields with invalid UTF-8, freed per line */
};

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* 1 when the string has something besides white space. */
static int has_text(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!is_space(s[i]))
            return 1;
    return 0;
}

/* The field as a string (NULL when absent, null or of another type); *len its length.
 * A string with invalid UTF-8 is replaced by a repaired copy, reported once per line. */
static const char *get_field(struct jsonl *j, json_object *obj, enum field f, uint64_t line,
                             int *repaired, int *rc, size_t *len)
{
    json_object *v;
    const char *s;
    size_t n;

    *len = 0;
    if (*rc != SLOVO_OK || !json_object_object_get_ex(obj, field_names[f], &v) || v == NULL)
        return NULL;
    switch (json_object_get_type(v)) {
    case json_type_string:
        break;
    case json_type_int:
    case json_type_double:
        if (f == F_ID)
            break; /* json-c gives the number's text */
        return NULL;
    default:
        return NULL;
    }
    s = json_object_get_string(v);
    n = (size_t)json_object_get_string_len(v);
    if (json_object_get_type(v) != json_type_string)
        n = strlen(s);
    if (!utf8_valid(s, n)) {
        if (!*repaired) {
            uint64_t l;
            size_t at;
            reader_utf8_error_at(s, n, &l, &at);
            reader_notice(j->r, SLOVO_OK, line,
                          "invalid UTF-8 in \"%s\" at byte %zu, replaced by U+FFFD",
                          field_names[f], at);
            *repaired = 1;
        }
        j->fixed[f] = utf8_repair(s, n, &n);
        if (j->fixed[f] == NULL) {
            *rc = SLOVO_NOMEM;
            return NULL;
        }
        s = j->fixed[f];
    }
    *len = n;
    return s;
}

/* line[0..len) ends with '\n'. */
static int parse_line(struct jsonl *j, const char *line, size_t len, uint64_t lineno)
{
    enum json_tokener_error jerr;
    json_object *obj;
    slovo_article a = {0};
    const char *title, *text;
    size_t title_len, text_len, id_len, end;
    int rc = SLOVO_OK, repaired = 0;

    if (!has_text(line, len))
        return SLOVO_OK;
    json_tokener_reset(j->tok);
    obj = json_tokener_parse_ex(j->tok, line, (int)len);
    jerr = json_tokener_get_error(j->tok);
    if (obj == NULL && jerr == json_tokener_success) { /* the JSON null */
        reader_notice(j->r, SLOVO_FORMAT, lineno, "invalid JSON: not an object");
        return SLOVO_OK;
    }
    if (obj == NULL) {
        /* Every line ends in '\n', so "continue" means the value was cut short. */
        if (jerr == json_tokener_continue)
            jerr = json_tokener_error_parse_eof;
        reader_notice(j->r, SLOVO_FORMAT, lineno, "invalid JSON: %s",
                      json_tokener_error_desc(jerr));
        return SLOVO_OK;
    }
    end = json_tokener_get_parse_end(j->tok);
    if (end < len && has_text(line + end, len - end)) {
        reader_notice(j->r, SLOVO_FORMAT, lineno, "invalid JSON: text after the object");
        json_object_put(obj);
        return SLOVO_OK;
    }
    if (!json_object_is_type(obj, json_type_object)) {
        reader_notice(j->r, SLOVO_FORMAT, lineno, "invalid JSON: not an object");
        json_object_put(obj);
        return SLOVO_OK;
    }

    title = get_field(j, obj, F_TITLE, lineno, &repaired, &rc, &title_len);
    text = get_field(j, obj, F_TEXT, lineno, &repaired, &rc, &text_len);
    if (text == NULL)
        text = get_field(j, obj, F_BODY, lineno, &repaired, &rc, &text_len);
    a.id = get_field(j, obj, F_ID, lineno, &repaired, &rc, &id_len);
    a.date = get_field(j, obj, F_DATE, lineno, &repaired, &rc, &(size_t){0});
    a.source = get_field(j, obj, F_SOURCE, lineno, &repaired, &rc, &(size_t){0});
    a.url = get_field(j, obj, F_URL, lineno, &repaired, &rc, &(size_t){0});
    a.lang = reader_lang(get_field(j, obj, F_LANG, lineno, &repaired, &rc, &(size_t){0}));

    if (rc == SLOVO_OK && !(title != NULL && has_text(title, title_len)) &&
        !(text != NULL && has_text(text, text_len))) {
        reader_notice(j->r, SLOVO_EMPTY, lineno, "no title and no text");
    } else if (rc == SLOVO_OK) {
        if (a.id == NULL || id_len == 0) {
            snprintf(j->id_buf, j->id_cap, "%s:%" PRIu64, j->r->path, lineno);
            a.id = j->id_buf;
        }
        a.title = title;
        a.body = text;
        /* body_len 0 would mean "NUL-terminated"; an empty body is then "" either way. */
        a.body_len = text != NULL ? text_len : 0;
        a.path = j->r->path;
        rc = reader_emit(j->r, &a, lineno);
    }
    for (int f = 0; f < F_COUNT; f++) {
        free(j->fixed[f]);
        j->fixed[f] = NULL;
    }
    json_object_put(obj);
    return rc;
}

/* Reads into buf[*end..cap); 0 at end of file, -1 on error (errno set). */
static ssize_t fill(int fd, char *buf, size_t *end, size_t cap)
{
    ssize_t n;
    do
        n = read(fd, buf + *end, cap - *end);
    while (n < 0 && errno == EINTR);
    if (n > 0)
        *end += (size_t)n;
    return n;
}

int reader_jsonl_read(const struct reader *r, int fd, uint64_t *bytes)
{
    struct jsonl j = {r, NULL, NULL, 0, {NULL}};
    /* buf[start..end) is unread data; buf[scan..end) has not been searched for '\n' yet.
     * One byte beyond cap stays free, for a '\n' after a last line that lacks it. */
    size_t cap = CHUNK, start = 0, end = 0, scan = 0;
    char *buf = malloc(cap + 1);
    uint64_t lineno = 1, total = 0;
    int rc = SLOVO_OK, eof = 0, skipping = 0;

    j.tok = json_tokener_new();
    j.id_cap = strlen(r->path) + 24; /* ':' + 20 digits + NUL */
    j.id_buf = malloc(j.id_cap);
    if (buf == NULL || j.tok == NULL || j.id_buf == NULL)
        rc = SLOVO_NOMEM;

    while (rc == SLOVO_OK) {
        char *nl = scan < end ? memchr(buf + scan, '\n', end - scan) : NULL;
        if (nl != NULL) {
            size_t next = (size_t)(nl - buf) + 1;
            if (!skipping)
                rc = parse_line(&j, buf + start, next - start, lineno);
            skipping = 0;
            lineno++;
            start = scan = next;
            continue;
        }
        if (eof) {
            if (start < end && !skipping) {
                buf[end++] = '\n'; /* the spare byte */
                rc = parse_line(&j, buf + start, end - start, lineno);
            }
            break;
        }
        /* No whole line in the buffer: make room, then read. */
        if (skipping) {
            start = scan = end = 0;
        } else if (start > 0) {
            memmove(buf, buf + start, end - start);
            end -= start;
            start = 0;
            scan = end;
        } else {
            scan = end;
        }
        if (end == cap && cap > READER_MAX_LINE) {
            reader_notice(r, SLOVO_FORMAT, lineno, "line too long (more than %u MB)",
                          READER_MAX_LINE / (1024 * 1024));
            skipping = 1;
            start = scan = end = 0;
        } else if (end == cap) {
            size_t bigger_cap = cap * 2 < READER_MAX_LINE + 1 ? cap * 2 : READER_MAX_LINE + 1;
            char *bigger = realloc(buf, bigger_cap + 1);
            if (bigger == NULL) {
                rc = SLOVO_NOMEM;
                break;
            }
            buf = bigger;
            cap = bigger_cap;
        }
        ssize_t n = fill(fd, buf, &end, cap);
        if (n < 0) {
            reader_notice(r, SLOVO_IO, lineno, "cannot read: %s", strerror(errno));
            rc = SLOVO_IO;
        } else if (n == 0) {
            eof = 1;
        } else {
            total += (uint64_t)n;
        }
    }
    if (bytes != NULL)
        *bytes = total;
    json_tokener_free(j.tok);
    free(j.id_buf);
    free(buf);
    return rc;
}
