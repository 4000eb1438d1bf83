/* collect.h: what reader_read_file() delivers, copied out of its callbacks for the reader
 * tests to check, and the helpers they share (writing a test file, comparing fields). */
#ifndef SLOVO_TEST_COLLECT_H
#define SLOVO_TEST_COLLECT_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slovo.h"

#define MAX_ART 8
#define MAX_NOTE 8

/* What one reader_read_file() call delivered: the first MAX_ART articles and MAX_NOTE
 * notices (the counts go on beyond). */
struct got {
    size_t n_art, n_note;
    struct art {
        char *id, *title, *body, *date, *source, *url, *path, *lang;
        size_t body_len;
        uint64_t line;
    } art[MAX_ART];
    struct note {
        int code;
        uint64_t line;
        char msg[256];
    } note[MAX_NOTE];
    size_t stop_after; /* collect_article returns SLOVO_ERROR at this article; 0: never */
};

static inline char *collect_dup(const char *s, size_t len)
{
    if (s == NULL)
        return NULL;
    char *d = malloc(len + 1);
    assert_non_null(d);
    memcpy(d, s, len);
    d[len] = '\0';
    return d;
}

static inline char *collect_str(const char *s)
{
    return collect_dup(s, s != NULL ? strlen(s) : 0);
}

/* The reader's on_article: ctx is a struct got. */
static inline int collect_article(void *ctx, const slovo_article *a, uint64_t line)
{
    struct got *g = ctx;
    if (g->n_art >= MAX_ART) {
        g->n_art++;
        return SLOVO_OK;
    }
    struct art *t = &g->art[g->n_art++];
    assert_non_null(a->id);
    t->id = collect_str(a->id);
    t->title = collect_str(a->title);
    t->body_len = a->body != NULL && a->body_len == 0 ? strlen(a->body) : a->body_len;
    t->body = collect_dup(a->body, t->body_len);
    if (t->body != NULL)
        assert_int_equal(strlen(t->body), t->body_len); /* no NUL inside */
    t->date = collect_str(a->date);
    t->source = collect_str(a->source);
    t->url = collect_str(a->url);
    t->path = collect_str(a->path);
    t->lang = collect_str(a->lang);
    t->line = line;
    return g->n_art == g->stop_after ? SLOVO_ERROR : SLOVO_OK;
}

/* The reader's on_notice: ctx is a struct got. */
static inline void collect_notice(void *ctx, int code, uint64_t line, const char *message)
{
    struct got *g = ctx;
    assert_non_null(message);
    if (g->n_note < MAX_NOTE) {
        struct note *n = &g->note[g->n_note];
        n->code = code;
        n->line = line;
        snprintf(n->msg, sizeof n->msg, "%s", message);
    }
    g->n_note++;
}

static inline void got_free(struct got *g)
{
    for (size_t i = 0; i < g->n_art && i < MAX_ART; i++) {
        struct art *t = &g->art[i];
        free(t->id);
        free(t->title);
        free(t->body);
        free(t->date);
        free(t->source);
        free(t->url);
        free(t->path);
        free(t->lang);
    }
    memset(g, 0, sizeof *g);
}

/* Both NULL, or equal strings. */
static inline void check_str(const char *what, const char *got, const char *want)
{
    if (want == NULL && got == NULL)
        return;
    if (want == NULL || got == NULL)
        fail_msg("%s: got %s, want %s", what, got ? got : "NULL", want ? want : "NULL");
    assert_string_equal(got, want);
}

/* Writes data into dir/name; returns the path (static, overwritten by the next call). */
static inline const char *write_file(const char *dir, const char *name, const char *data,
                                     size_t len)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    return path;
}

#endif
