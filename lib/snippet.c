#include "snippet.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "slovo.h"
#include "terms.h"

#define MAX_MATCHES 4096
#define CONTEXT_BEFORE 40 /* characters shown before the first match of the window */
/* The words a passage is chosen by: SNIPPET_CHARS hold about this many after its first
 * match. Passages are chosen on the article's positions, so the text is read only as far as
 * the passages shown: reading up to 8 KB past the first match, as snippets once did, was
 * a third of a search's time. */
#define WINDOW_WORDS 20

struct match {
    size_t start, end;
    int term;                 /* index in the query's terms */
};

/* A passage: text[from, to). */
struct span {
    size_t from, to;
};

/* A passage being chosen: the words from position `first` on, WINDOW_WORDS of them; the
 * span of text is known once the text is read as far as its first word. */
struct window {
    uint64_t first;
    struct span text;
    int found;
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

/* The window of WINDOW_WORDS positions, starting at a word of w[0..n), that holds the most
 * distinct terms not in `known`, then the most words, and does not overlap `avoid` (may be
 * NULL); *seen gets the terms in it. 0 when no window holds a term not in `known`. */
static int best_window(const struct position *w, size_t n, uint64_t known,
                       const struct window *avoid, struct window *out, uint64_t *seen)
{
    int best_score = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t first = w[i].pos, end = first + WINDOW_WORDS;
        if (avoid && first < avoid->first + WINDOW_WORDS && avoid->first < end)
            continue;
        uint64_t terms = 0;
        int count = 0;
        for (size_t j = i; j < n && w[j].pos < end; j++) {
            terms |= UINT64_C(1) << (w[j].rank & 63);
            count++;
        }
        int fresh = __builtin_popcountll(terms & ~known);
        int score = fresh ? fresh * 1000 + count : 0;
        if (score > best_score) {
            best_score = score;
            *out = (struct window){.first = first};
            *seen = terms;
        }
    }
    return best_score > 0;
}

/* Keeps of the matches m[0..n) those inside the windows of w[0..nw) already found: the
 * others are behind the text read, in no passage. Returns how many are kept. */
static size_t in_windows(struct match *m, size_t n, const struct window *w, size_t nw)
{
    size_t kept = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < nw; k++)
            if (w[k].found && m[i].start >= w[k].text.from && m[i].end <= w[k].text.to) {
                m[kept++] = m[i];
                break;
            }
    return kept;
}

/* Whether the token is a match of query term t: any form, or the one form =word asks for. */
static int in_form(const struct query *q, int t, const struct token *tok)
{
    const char *form = q->term_forms[t];
    return !form || (strlen(form) == tok->len && memcmp(form, tok->text, tok->len) == 0);
}

/* The position of the next word the snippet needs: a window's first not yet met, or the
 * next match at or after words[*next] that a passage can show. The words before it are only
 * counted. Outside the text of the windows met (inside is 0), the matches before the
 * earliest window still to meet, and more than CONTEXT_BEFORE positions before its first
 * (a position takes a character or more), are passed over in *next: in no passage, they
 * were most of the reading for common words. Once every window is placed, 0: the words are
 * read one by one to the end of the windows' text, where reading stops (a skip to the next
 * match could run on to the end of the article). */
static uint64_t next_wanted(const struct position *words, size_t nwords, size_t *next,
                            const struct window *w, size_t nw, int inside)
{
    uint64_t first = UINT64_MAX;
    int placed = 1;
    for (size_t k = 0; k < nw; k++) {
        placed &= w[k].found;
        if (!w[k].found && w[k].first < first)
            first = w[k].first;
    }
    if (placed)
        return 0;
    uint64_t shown_from = first > CONTEXT_BEFORE ? first - CONTEXT_BEFORE : 0;
    while (!inside && *next < nwords && words[*next].pos < shown_from)
        ++*next;
    return *next < nwords && words[*next].pos < first ? words[*next].pos : first;
}

/* Reads field f as far as the windows w[0..nw) reach (analyzer_walk): the query's words
 * in it into m (its tokens at the positions of words[0..nwords), sorted), and each window's
 * span of text. Only a hyphenated word's whole, which shares its first part's position, is
 * looked at itself: its term tells whether the match is the whole or that part. Returns the
 * number of matches; *rc the outcome. */
static size_t find_matches(struct analyzer *a, struct stemmer *s, const struct query *q,
                           enum lang lang, const struct snippet_field *f,
                           const struct position *words, size_t nwords, struct window *w,
                           size_t nw, struct match *m, int *rc)
{
    const char *text = f->text;
    size_t len = f->len;
    size_t n = 0, next = 0, placed = 0, reach = 0;
    struct token tok;
    unsigned skip_parts = 0;
    uint64_t pos;
    struct analyzer_walk walk;
    analyzer_walk_start(&walk, a, text, len, f->base, f->piece_words, f->npieces);
    size_t start = 0;           /* of the last token read */
    for (;;) {
        uint64_t wanted = next_wanted(words, nwords, &next, w, nw, start < reach);
        if ((*rc = analyzer_walk_next(&walk, wanted, &tok, &pos)) != SLOVO_ROW)
            break;
        start = tok.start;
        if (placed == nw && start >= reach)
            break;
        if (n == MAX_MATCHES && (placed == nw || (n = in_windows(m, n, w, nw)) == MAX_MATCHES))
            break;      /* no room for more, even after dropping those left behind */
        for (size_t k = 0; k < nw; k++) {
            if (!w[k].found && w[k].first == pos) {
                w[k].found = 1;
                w[k].text.from = chars_back(text, start, CONTEXT_BEFORE);
                w[k].text.to = chars_forward(text, len, w[k].text.from, SNIPPET_CHARS);
                reach = w[k].text.to > reach ? w[k].text.to : reach;
                placed++;
            }
        }
        if (skip_parts) {  /* the parts of a compound already highlighted whole */
            skip_parts--;
            continue;
        }
        while (next < nwords && words[next].pos < pos)
            next++;
        if (next == nwords || words[next].pos != pos)
            continue;
        int t = (int)words[next].rank;
        if (tok.flags & TOKEN_WHOLE) {
            size_t term_len;
            const char *term = terms_index_term(s, &tok, lang, &term_len);
            if (!term) {
                *rc = SLOVO_NOMEM;
                return n;
            }
            if ((t = query_term_index(q, term, term_len)) < 0)
                continue;  /* the match is its first part, next */
        }
        if (!in_form(q, t, &tok))
            continue;  /* =word: this form only */
        if (tok.flags & TOKEN_WHOLE)
            skip_parts = tok.nparts;
        m[n++] = (struct match){start, tok.end, t};
    }
    if (*rc == SLOVO_ROW || *rc == SLOVO_DONE)
        *rc = SLOVO_OK;
    return n;
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

/* The bytes of a control character at text[i..to) (C0, DEL, or C1 such as the 8-bit CSI),
 * or 0. Shown, they would drive the reader's terminal: in a snippet they are white space. */
static size_t control_at(const char *text, size_t i, size_t to)
{
    unsigned char c = (unsigned char)text[i];
    if (c < 0x20 || c == 0x7f)
        return 1;
    if (c == 0xC2 && i + 1 < to && (unsigned char)text[i + 1] <= 0x9F)
        return 2;
    return 0;
}

/* Copies text[from..to) folding white space runs (and control characters) to one space,
 * escaping for HTML. */
static void put_text(struct out *o, const char *text, size_t from, size_t to, int html)
{
    for (size_t i = from; i < to; i++) {
        char c = text[i];
        size_t control = control_at(text, i, to);
        if (control > 1)
            i += control - 1;
        if (control || is_space(c)) {
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

/* The index of the first of words[from..n) whose term =word asks for in one form, or n. */
static size_t next_in_form(const struct query *q, const struct position *words, size_t n,
                           size_t from)
{
    while (from < n && !q->term_forms[words[from].rank])
        from++;
    return from;
}

/* For =word: keeps of words[0..n) (the words of field f) those of a term in any form, and
 * those of a term asked for in one form where a token at that position has it, so that the
 * passages are chosen where that form stands. Returns how many are kept; *rc the outcome. */
static size_t keep_forms(struct analyzer *a, const struct query *q,
                         const struct snippet_field *f, struct position *words, size_t n,
                         int *rc)
{
    unsigned char *has_form = calloc(n ? n : 1, 1);
    if (!has_form) {
        *rc = SLOVO_NOMEM;
        return 0;
    }
    size_t next = next_in_form(q, words, n, 0);
    struct token tok;
    uint64_t pos;
    struct analyzer_walk walk;
    analyzer_walk_start(&walk, a, f->text, f->len, f->base, f->piece_words, f->npieces);
    *rc = SLOVO_OK;
    while (next < n &&
           (*rc = analyzer_walk_next(&walk, words[next].pos, &tok, &pos)) == SLOVO_ROW) {
        while (next < n && words[next].pos < pos)
            next = next_in_form(q, words, n, next + 1);
        for (size_t j = next; j < n && words[j].pos == pos; j++)
            has_form[j] |= in_form(q, (int)words[j].rank, &tok);
    }
    if (*rc == SLOVO_ROW || *rc == SLOVO_DONE)
        *rc = SLOVO_OK;
    size_t kept = 0;
    for (size_t j = 0; j < n; j++)
        if (!q->term_forms[words[j].rank] || has_form[j])
            words[kept++] = words[j];
    free(has_form);
    return kept;
}

char *snippet_make(struct analyzer *a, struct stemmer *s, const struct query *q,
                   enum lang lang, const struct snippet_field *f, const struct position *words,
                   size_t nwords, const char *open, const char *close, int html,
                   size_t *out_len)
{
    const char *text = f->text;
    size_t len = f->len;
    /* The field's own words: a body's positions come after the title's. */
    while (nwords && words->pos < f->base) {
        words++;
        nwords--;
    }
    /* =word: only the words in its form count where the passages go */
    struct position *in_forms = NULL;
    int rc = SLOVO_OK;
    for (size_t t = 0; t < q->nterms && !in_forms && nwords; t++)
        if (q->term_forms[t]) {
            if (!(in_forms = malloc(nwords * sizeof *in_forms)))
                return NULL;
            memcpy(in_forms, words, nwords * sizeof *in_forms);
            nwords = keep_forms(a, q, f, in_forms, nwords, &rc);
            words = in_forms;
        }
    /* The best passage; and a second one when the first leaves query words out. */
    struct window w[2] = {{0}};
    size_t nw = 0;
    uint64_t seen = 0, more;
    if (rc == SLOVO_OK && best_window(words, nwords, 0, NULL, &w[0], &seen))
        nw = 1 + best_window(words, nwords, seen, &w[0], &w[1], &more);
    struct match *m = malloc(MAX_MATCHES * sizeof *m);
    size_t n = m && nw ? find_matches(a, s, q, lang, f, words, nwords, w, nw, m, &rc) : 0;
    free(in_forms);
    if (!m || rc != SLOVO_OK) {
        free(m);
        return NULL;
    }
    /* The passages found in the text, in its order, one where they overlap. */
    struct span p[2] = {{0, chars_forward(text, len, 0, SNIPPET_CHARS)}};
    size_t np = 0;
    for (size_t k = 0; k < nw; k++)
        if (w[k].found)
            p[np++] = w[k].text;
    if (np == 0)
        np = 1;
    if (np == 2 && p[1].from < p[0].from) {
        struct span first = p[1];
        p[1] = p[0];
        p[0] = first;
    }
    if (np == 2 && p[1].from <= p[0].to) {
        p[0].to = p[1].to > p[0].to ? p[1].to : p[0].to;
        np = 1;
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
