#include "snippet.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "slovo.h"
#include "terms.h"

#define MAX_MATCHES 4096
#define CONTEXT_BEFORE 40 /* characters shown before the first match of the window */
/* Past this many bytes of text with a match found, the rest is not read: the passage of a
 * news article is nearly always in its first pages, and analyzing whole long articles made
 * snippets most of a search's time (bench/search.sh, warm p95 of 300 short queries, same
 * conditions: 7.7-10.4 ms before, 5.8-6.8 ms after). */
#define SCAN_WITH_MATCH 8192

struct match {
    size_t start, end;
    int term;                 /* index in the query's terms */
};

/* Byte offset `chars` characters before/after `at`, never past the text's ends. */
static size_t chars_back(const char *text, size_t at, size_t chars)
{
    while (at > 0 && chars > 0) {
        at--;
        if (((unsigned char)text[at] & 0xC0) != 0x80)
            chars--;
    }
    return at;
}

static size_t chars_forward(const char *text, size_t len, size_t at, size_t chars)
{
    while (at < len && chars > 0) {
        at++;
        while (at < len && ((unsigned char)text[at] & 0xC0) == 0x80)
            at++;
        chars--;
    }
    return at;
}

static int is_space(char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* The query's words in text: its tokens at the positions where the document's record puts
 * a query term (words[0..nwords), sorted; base: the position of the text's first word).
 * Only a hyphenated word's whole, which shares its first part's position, is looked at
 * itself: its term tells whether the match is the whole or that part. */
static size_t find_matches(struct analyzer *a, struct stemmer *s, const struct query *q,
                           enum lang lang, const char *text, size_t len, unsigned base,
                           const struct position *words, size_t nwords, struct match *m,
                           int *rc)
{
    size_t n = 0, next = 0;
    struct token tok;
    unsigned skip_parts = 0;
    *rc = nwords ? analyzer_reset(a, text, len) : SLOVO_OK;
    while (*rc == SLOVO_OK && nwords && n < MAX_MATCHES &&
           (*rc = analyzer_next(a, &tok)) == SLOVO_ROW) {
        *rc = SLOVO_OK;
        if (skip_parts) {      /* the parts of a compound already highlighted whole */
            skip_parts--;
            continue;
        }
        uint64_t pos = (uint64_t)base + tok.pos;
        while (next < nwords && words[next].pos < pos)
            next++;
        if (next == nwords || (n > 0 && tok.start > m[0].start + SCAN_WITH_MATCH))
            break;
        if (words[next].pos != pos)
            continue;
        int t = (int)words[next].rank;
        if (tok.flags & TOKEN_WHOLE) {
            size_t term_len;
            const char *term = terms_index_term(s, &tok, lang, &term_len);
            if (!term) {
                *rc = SLOVO_NOMEM;
                break;
            }
            if ((t = query_term_index(q, term, term_len)) < 0)
                continue;      /* the match is its first part, next */
            skip_parts = tok.nparts;
        }
        m[n++] = (struct match){tok.start, tok.end, t};
    }
    if (*rc == SLOVO_DONE || *rc == SLOVO_ROW)
        *rc = SLOVO_OK;
    return n;
}

/* A passage: text[from, to). */
struct span {
    size_t from, to;
};

/* The window of SNIPPET_CHARS that holds the most distinct terms not in `known`, then the
 * most matches, and does not overlap `avoid` (may be NULL); *seen gets the terms in it.
 * 0 when no window holds a term not in `known`. */
static int best_window(const char *text, size_t len, const struct match *m, size_t n,
                       uint64_t known, const struct span *avoid, struct span *out,
                       uint64_t *seen)
{
    int best_score = 0;
    for (size_t i = 0; i < n; i++) {
        size_t from = chars_back(text, m[i].start, CONTEXT_BEFORE);
        size_t to = chars_forward(text, len, from, SNIPPET_CHARS);
        if (avoid && from < avoid->to && to > avoid->from)
            continue;
        uint64_t terms = 0;
        int count = 0;
        for (size_t j = i; j < n && m[j].end <= to; j++) {
            terms |= UINT64_C(1) << (m[j].term & 63);
            count++;
        }
        int fresh = __builtin_popcountll(terms & ~known);
        int score = fresh ? fresh * 1000 + count : 0;
        if (score > best_score) {
            best_score = score;
            *out = (struct span){from, to};
            *seen = terms;
        }
    }
    return best_score > 0;
}

/* Moves the ends of p to white space, so that no word is shown in part. */
static void cut_at_spaces(const char *text, size_t len, struct span *p)
{
    if (p->from > 0) {
        size_t first = p->from;
        while (first < len && !is_space(text[first]))
            first++;
        if (first < p->to)
            p->from = first;
    }
    if (p->to < len) {
        size_t last = p->to;
        while (last > p->from && !is_space(text[last]))
            last--;
        if (last > p->from)
            p->to = last;
    }
    while (p->from < p->to && is_space(text[p->from]))
        p->from++;
    while (p->to > p->from && is_space(text[p->to - 1]))
        p->to--;
}

struct out {
    char *buf;
    size_t len, cap;
    int nomem;
};

static void put(struct out *o, const char *s, size_t n)
{
    if (o->nomem)
        return;
    if (o->len + n + 1 > o->cap) {
        size_t cap = (o->len + n + 1) * 2;
        char *p = realloc(o->buf, cap);
        if (!p) {
            o->nomem = 1;
            return;
        }
        o->buf = p;
        o->cap = cap;
    }
    if (n)
        memcpy(o->buf + o->len, s, n);
    o->len += n;
    o->buf[o->len] = '\0';
}

/* Copies text[from..to) folding white space runs to one space, escaping for HTML. */
static void put_text(struct out *o, const char *text, size_t from, size_t to, int html)
{
    for (size_t i = from; i < to; i++) {
        char c = text[i];
        if (is_space(c)) {
            if (o->len == 0 || o->buf[o->len - 1] != ' ')
                put(o, " ", 1);
        } else if (html && c == '&') {
            put(o, "&amp;", 5);
        } else if (html && c == '<') {
            put(o, "&lt;", 4);
        } else if (html && c == '>') {
            put(o, "&gt;", 4);
        } else if (html && c == '"') {
            put(o, "&quot;", 6);
        } else {
            put(o, &c, 1);
        }
    }
}

char *snippet_make(struct analyzer *a, struct stemmer *s, const struct query *q,
                   enum lang lang, const char *text, size_t len, unsigned base,
                   const struct position *words, size_t nwords, const char *open,
                   const char *close, int html, size_t *out_len)
{
    struct match *m = malloc(MAX_MATCHES * sizeof *m);
    if (!m)
        return NULL;
    int rc;
    size_t n = find_matches(a, s, q, lang, text, len, base, words, nwords, m, &rc);
    if (rc != SLOVO_OK) {
        free(m);
        return NULL;
    }
    /* The best passage; and a second one when the first leaves query words out. */
    struct span p[2] = {{0, chars_forward(text, len, 0, SNIPPET_CHARS)}};
    size_t np = 1;
    uint64_t seen = 0, more;
    if (n && best_window(text, len, m, n, 0, NULL, &p[0], &seen) &&
        best_window(text, len, m, n, seen, &p[0], &p[1], &more))
        np = 2;
    if (np == 2 && p[1].from < p[0].from) {
        struct span first = p[1];
        p[1] = p[0];
        p[0] = first;
    }

    struct out o = {0};
    size_t olen = open ? strlen(open) : 0, clen = close ? strlen(close) : 0;
    put(&o, "", 0);
    size_t i = 0;
    for (size_t k = 0; k < np; k++) {
        cut_at_spaces(text, len, &p[k]);
        if (p[k].from > 0)
            put(&o, k ? " …" : "…", strlen(k ? " …" : "…"));
        size_t at = p[k].from;
        for (; i < n && m[i].end <= p[k].to; i++) {
            if (m[i].start < at)
                continue;
            put_text(&o, text, at, m[i].start, html);
            put(&o, open, olen);
            put_text(&o, text, m[i].start, m[i].end, html);
            put(&o, close, clen);
            at = m[i].end;
        }
        put_text(&o, text, at, p[k].to, html);
    }
    if (p[np - 1].to < len)
        put(&o, "…", strlen("…"));
    free(m);
    if (o.nomem) {
        free(o.buf);
        return NULL;
    }
    *out_len = o.len;
    return o.buf;
}
