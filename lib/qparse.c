/* qparse.c: the query language of qparse.h, by recursive descent over a one-token lookahead.
 *
 * The lexer works on bytes and never decodes: the only non-ASCII characters it has to know
 * are the separators and joiners listed in qparse.h, matched as whole UTF-8 sequences, and
 * their lead bytes (C2, CA, E2, E3, EF) never occur inside another character. Everything
 * else at or above 0x80 is a word byte, so invalid UTF-8 cannot stop or confuse it.
 *
 * Nodes and kid arrays live in one arena of chunks freed together. Operands wait on a fixed
 * stack in the parser until their group is complete and copied out. Every node on that stack
 * holds at least one leaf, every leaf is counted against QPARSE_MAX_WORDS, and the nodes on
 * the stack are disjoint, so QPARSE_MAX_WORDS entries are enough. Recursion goes through a
 * parenthesis, a NOT or a title: at each level, and each of those counts against
 * QPARSE_MAX_DEPTH, so the C stack is bounded too. */
#include "qparse.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slovo.h"

enum {
    CHUNK_MIN = 1024,       /* bytes of the first arena chunk, at least */
    CHUNK_FIRST_MAX = 64 << 10, /* the first chunk, sized after the input, at most */
    CHUNK_MAX = 1 << 20,    /* chunks double up to this */
    QUOTE_MAX = 40          /* bytes of input quoted in a message */
};

/* ---- Arena ----------------------------------------------------------------------------- */

struct qarena {
    struct qarena *next;
    size_t used, cap;
    max_align_t data[];
};

/* ---- Parser state ---------------------------------------------------------------------- */

enum tk { TK_END, TK_WORD, TK_EXACT, TK_PHRASE, TK_LP, TK_RP, TK_OR, TK_AND, TK_NOT, TK_STAR,
          TK_FIELD };
enum fname { F_TITLE, F_SOURCE, F_LANG, F_DATE };

struct tok {
    enum tk kind;
    size_t pos;             /* first byte */
    size_t end;             /* just past it; for a field, just past the colon */
    size_t wend;            /* WORD: end of the word itself, before a '*' */
    int prefix;             /* WORD: a '*' follows */
    int sym;                /* OR, AND: | & +;  NOT: - */
    int closed;             /* PHRASE: the closing quote is there */
    enum fname field;       /* FIELD */
};

struct parser {
    const unsigned char *s;
    size_t n, i;            /* the input and the next byte to read */
    struct qparse *out;
    int rc;                 /* sticky: the first failure wins */
    size_t nwords, depth;
    size_t first_chunk;
    size_t value_start;     /* where the value of the last title: begins */
    size_t open_quote;      /* the first quote left unclosed, SIZE_MAX when none */
    struct tok tok;         /* the token found from tok_at on */
    size_t tok_at;
    size_t top;
    struct qnode *stack[QPARSE_MAX_WORDS];
};

static void fail(struct parser *p, size_t pos, const char *what, const char *hint)
{
    if (p->rc != SLOVO_OK)
        return;
    p->rc = SLOVO_SYNTAX;
    p->out->err_pos = pos;
    snprintf(p->out->err, sizeof p->out->err, "%s at %zu: %s", what, pos, hint);
}

/* s[a..b) for a message: at most QUOTE_MAX bytes, cut before a character, control bytes and
 * quotes shown as '?'. */
static void quote(const struct parser *p, size_t a, size_t b, char *buf, size_t cap)
{
    size_t n = b - a, k = 0;
    int cut = 0;
    if (n > QUOTE_MAX) {
        n = QUOTE_MAX;
        while (n > 0 && (p->s[a + n] & 0xC0) == 0x80)
            n--;
        cut = 1;
    }
    for (size_t j = 0; j < n && k + 4 < cap; j++) {
        unsigned char c = p->s[a + j];
        buf[k++] = (c < 0x20 || c == 0x7F || c == '\'') ? '?' : (char)c;
    }
    if (cut && k + 4 < cap) {
        memcpy(buf + k, "...", 3);
        k += 3;
    }
    buf[k] = '\0';
}

static void *arena_alloc(struct parser *p, size_t size)
{
    if (p->rc != SLOVO_OK)
        return NULL;
    size = (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    struct qarena *a = p->out->arena;
    if (!a || a->cap - a->used < size) {
        size_t cap = a ? (a->cap < CHUNK_MAX / 2 ? a->cap * 2 : CHUNK_MAX) : p->first_chunk;
        if (cap < size)
            cap = size;
        struct qarena *b = malloc(sizeof *b + cap);
        if (!b) {
            p->rc = SLOVO_NOMEM;
            return NULL;
        }
        b->next = a;
        b->used = 0;
        b->cap = cap;
        p->out->arena = a = b;
    }
    void *r = (unsigned char *)a->data + a->used;
    a->used += size;
    return r;
}

/* ---- Characters ------------------------------------------------------------------------ */

static int is_ws(unsigned c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

static int is_digit(unsigned c)
{
    return c >= '0' && c <= '9';
}

static int is_alnum(unsigned c)
{
    return is_digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* Bytes of the non-ASCII separator that s[0..n) begins with, or 0. */
static size_t sep_len(const unsigned char *s, size_t n)
{
    if (s[0] == 0xC2)
        return n >= 2 && (s[1] == 0xA0 || s[1] == 0xAB || s[1] == 0xBB) ? 2 : 0;
    if (n < 3 || s[0] < 0xE2)
        return 0;
    if (s[0] == 0xE2 && s[1] == 0x80) {
        unsigned c = s[2];
        return (c >= 0x80 && c <= 0x8B) || (c >= 0x93 && c <= 0x95) || c == 0x98 ||
                       (c >= 0x9C && c <= 0x9E) || c == 0xA6 || c == 0xA8 || c == 0xA9 ||
                       c == 0xAF
                   ? 3
                   : 0;
    }
    if ((s[0] == 0xE2 && s[1] == 0x81 && s[2] == 0x9F) ||
        (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80) ||
        (s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF))
        return 3;
    return 0;
}

/* Whether s[0..i) ends with a closing quote mark that is no query syntax: » ” “. Russian
 * news put a footnote star after the names of banned organizations («Талибан»*), so a
 * pasted headline holds such stars, which are not misplaced prefix operators. */
static int after_closing_quote(const unsigned char *s, size_t i)
{
    return (i >= 2 && s[i - 2] == 0xC2 && s[i - 1] == 0xBB) ||
           (i >= 3 && s[i - 3] == 0xE2 && s[i - 2] == 0x80 &&
            (s[i - 1] == 0x9C || s[i - 1] == 0x9D));
}

/* Bytes of the non-ASCII joiner (’ ʼ ‐ ‑) that s[0..n) begins with, or 0. */
static size_t joiner_len(const unsigned char *s, size_t n)
{
    if (s[0] == 0xCA)
        return n >= 2 && s[1] == 0xBC ? 2 : 0;
    if (s[0] == 0xE2 && n >= 3 && s[1] == 0x80 && (s[2] == 0x99 || s[2] == 0x90 || s[2] == 0x91))
        return 3;
    return 0;
}

static int word_char(const unsigned char *s, size_t n, size_t i)
{
    unsigned c = s[i];
    if (c < 0x80)
        return is_alnum(c);
    if (c < 0xE2 && c != 0xC2 && c != 0xCA)  /* Cyrillic, continuation bytes: the usual */
        return 1;
    return !sep_len(s + i, n - i) && !joiner_len(s + i, n - i);
}

/* Bytes of a joiner at s[i] inside a word, or 0. */
static size_t joiner(const unsigned char *s, size_t n, size_t i)
{
    unsigned c = s[i];
    if (c == '\'' || c == '`' || c == '-' || c == '.')
        return 1;
    if (c == ',')
        return i > 0 && is_digit(s[i - 1]) && i + 1 < n && is_digit(s[i + 1]);
    return c >= 0x80 ? joiner_len(s + i, n - i) : 0;
}

/* The end of the word that begins at s[i]. */
static size_t word_end(const unsigned char *s, size_t n, size_t i)
{
    while (i < n) {
        if (word_char(s, n, i)) {
            i++;
            continue;
        }
        size_t j = joiner(s, n, i);
        if (j && i + j < n && word_char(s, n, i + j)) {
            i += j;
            continue;
        }
        break;
    }
    return i;
}

/* Bytes to skip over a character that is not a word character at s[i]. */
static size_t skip_len(const unsigned char *s, size_t n, size_t i)
{
    if (s[i] < 0x80)
        return 1;
    size_t k = sep_len(s + i, n - i);
    if (!k)
        k = joiner_len(s + i, n - i);
    return k ? k : 1;
}

/* Whether an item (word, quote, parenthesis, =word) begins at s[j]. */
static int item_at(const unsigned char *s, size_t n, size_t j)
{
    if (j >= n)
        return 0;
    if (s[j] == '"' || s[j] == '(')
        return 1;
    if (s[j] == '=')
        return j + 1 < n && word_char(s, n, j + 1);
    return word_char(s, n, j);
}

/* The end of an unquoted field value that begins at s[j]. */
static size_t value_end(const unsigned char *s, size_t n, size_t j)
{
    while (j < n && !is_ws(s[j]) && s[j] != '(' && s[j] != ')' && s[j] != '"')
        j++;
    return j;
}

/* ---- Lexer ----------------------------------------------------------------------------- */

static int field_name(const unsigned char *s, size_t len, enum fname *f)
{
    static const struct {
        const char *name;
        size_t len;
        enum fname f;
    } names[] = {{"title", 5, F_TITLE}, {"source", 6, F_SOURCE}, {"lang", 4, F_LANG},
                 {"date", 4, F_DATE}};
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
        if (len == names[k].len && memcmp(s, names[k].name, len) == 0) {
            *f = names[k].f;
            return 1;
        }
    return 0;
}

static void lex_word(const struct parser *p, size_t i, struct tok *t)
{
    const unsigned char *s = p->s;
    size_t n = p->n, e = word_end(s, n, i), len = e - i;
    enum fname f;

    t->kind = TK_WORD;
    t->pos = i;
    t->wend = t->end = e;
    if (e < n && s[e] == '*') {
        t->prefix = 1;
        t->end = e + 1;
        return;
    }
    if (e + 1 < n && s[e] == ':' && field_name(s + i, len, &f)) {
        size_t j = e + 1;
        int ok = f == F_TITLE ? item_at(s, n, j) || (s[j] == '-' && item_at(s, n, j + 1))
                              : !is_ws(s[j]) && s[j] != ')' && !sep_len(s + j, n - j);
        if (ok) {
            t->kind = TK_FIELD;
            t->field = f;
            t->end = j;
            return;
        }
    }
    if (len == 2 && memcmp(s + i, "OR", 2) == 0)
        t->kind = TK_OR;
    else if (len == 3 && memcmp(s + i, "AND", 3) == 0)
        t->kind = TK_AND;
    else if (len == 3 && memcmp(s + i, "NOT", 3) == 0)
        t->kind = TK_NOT;
}

/* The token at p->i, skipping separators; p->i does not move. */
static const struct tok *peek(struct parser *p)
{
    if (p->tok_at == p->i)
        return &p->tok;
    const unsigned char *s = p->s;
    size_t n = p->n, i = p->i;
    struct tok *t = &p->tok;
    /* Whether - and = may begin an item here: not right after a word or a quote. */
    int start = i == 0 || i == p->value_start || is_ws(s[i - 1]) || s[i - 1] == '(' ||
                s[i - 1] == '|' || s[i - 1] == '&' || s[i - 1] == '+' || s[i - 1] == '-';

    memset(t, 0, sizeof *t);
    p->tok_at = i;
    for (;;) {
        if (i >= n) {
            t->kind = TK_END;
            t->pos = t->end = n;
            return t;
        }
        unsigned c = s[i];
        if (is_ws(c)) {
            i++;
            start = 1;
            continue;
        }
        if (c >= 0x80) {
            size_t k = sep_len(s + i, n - i);
            if (k) {
                i += k;
                start = 1;
                continue;
            }
            k = joiner_len(s + i, n - i);
            if (k) {
                i += k;
                start = 0;
                continue;
            }
        }
        if (c >= 0x80 || is_alnum(c)) {
            lex_word(p, i, t);
            return t;
        }
        t->pos = i;
        t->end = i + 1;
        switch (c) {
        case '(':
            t->kind = TK_LP;
            return t;
        case ')':
            t->kind = TK_RP;
            return t;
        case '"': {
            const unsigned char *q = memchr(s + i + 1, '"', n - i - 1);
            t->kind = TK_PHRASE;
            t->closed = q != NULL;
            t->end = q ? (size_t)(q - s) + 1 : n;
            return t;
        }
        case '|':
            t->kind = TK_OR;
            t->sym = 1;
            return t;
        case '&':
        case '+':
            t->kind = TK_AND;
            t->sym = 1;
            return t;
        case '*':
            if (after_closing_quote(s, i))
                break;          /* a footnote star («Талибан»*): punctuation */
            t->kind = TK_STAR;
            return t;
        case '-':
            if (start && item_at(s, n, i + 1)) {
                t->kind = TK_NOT;
                t->sym = 1;
                return t;
            }
            break;
        case '=':
            if (start && i + 1 < n && word_char(s, n, i + 1)) {
                t->kind = TK_EXACT;
                return t;
            }
            break;
        default:
            break;
        }
        i++;
        start = 0;
    }
}

static int operand_start(enum tk k)
{
    return k == TK_WORD || k == TK_EXACT || k == TK_PHRASE || k == TK_LP || k == TK_NOT ||
           k == TK_STAR || k == TK_FIELD;
}

/* ---- Nodes ----------------------------------------------------------------------------- */

static struct qnode *node(struct parser *p, enum qkind kind, size_t pos)
{
    struct qnode *q = arena_alloc(p, sizeof *q);
    if (q) {
        memset(q, 0, sizeof *q);
        q->kind = kind;
        q->pos = pos;
    }
    return q;
}

/* A leaf for text s[a..b), counted against the limit. */
static struct qnode *leaf(struct parser *p, enum qkind kind, size_t pos, size_t a, size_t b)
{
    if (p->rc != SLOVO_OK)
        return NULL;
    if (++p->nwords > QPARSE_MAX_WORDS) {
        fail(p, pos, "query too long",
             "at most 1024 words (with phrase words and filters); remove some");
        return NULL;
    }
    struct qnode *q = node(p, kind, pos);
    if (q) {
        q->text = (const char *)p->s + a;
        q->len = b - a;
    }
    return q;
}

static void push(struct parser *p, struct qnode *q)
{
    if (!q || p->rc != SLOVO_OK)
        return;
    if (p->top == QPARSE_MAX_WORDS) {       /* cannot happen: see the top of the file */
        fail(p, q->pos, "query too long", "at most 1024 words; remove some");
        return;
    }
    p->stack[p->top++] = q;
}

static int all_not(const struct qnode *q)
{
    for (size_t k = 0; k < q->nkids; k++)
        if (q->kids[k]->kind != Q_NOT)
            return 0;
    return 1;
}

/* Whether kid c of a node of `kind` is spliced into it: a node of the same kind, or in a
 * SEQ an AND of exclusions only (side by side, each of them must not match anyway). */
static int splices(enum qkind kind, const struct qnode *c)
{
    return c->kind == kind || (kind == Q_SEQ && c->kind == Q_AND && all_not(c));
}

/* A node of `kind` whose kids are stack[mark..top), popped; kids that splice() are spliced
 * in when `flatten`. */
static struct qnode *make(struct parser *p, enum qkind kind, size_t mark, size_t pos,
                          int flatten)
{
    size_t n = 0;
    for (size_t k = mark; k < p->top; k++)
        n += flatten && splices(kind, p->stack[k]) ? p->stack[k]->nkids : 1;
    struct qnode *q = node(p, kind, pos);
    struct qnode **kids = arena_alloc(p, n * sizeof *kids);
    if (!q || !kids)
        return NULL;
    n = 0;
    for (size_t k = mark; k < p->top; k++) {
        struct qnode *c = p->stack[k];
        if (flatten && splices(kind, c)) {
            memcpy(kids + n, c->kids, c->nkids * sizeof *kids);
            n += c->nkids;
        } else {
            kids[n++] = c;
        }
    }
    q->kids = kids;
    q->nkids = n;
    p->top = mark;
    return q;
}

/* The group of stack[mark..top): nothing, its one item, or a flattened node. Items side by
 * side that are all exclusions must all not match, which is an AND. */
static struct qnode *group(struct parser *p, enum qkind kind, size_t mark)
{
    if (p->rc != SLOVO_OK || p->top == mark)
        return NULL;
    if (p->top - mark == 1)
        return p->stack[--p->top];
    struct qnode *q = make(p, kind, mark, p->stack[mark]->pos, 1);
    if (q && q->kind == Q_SEQ && all_not(q))
        q->kind = Q_AND;
    return q;
}

static void mark_title(struct qnode *q)
{
    if (q->kind == Q_SOURCE || q->kind == Q_LANG || q->kind == Q_DATE)
        return;
    q->field = QF_TITLE;
    for (size_t k = 0; k < q->nkids; k++)
        mark_title(q->kids[k]);
}

/* ---- Dates ----------------------------------------------------------------------------- */

struct ymd {
    int y, m, d;
    int parts;              /* 1: a year, 2: a month, 3: a day */
};

static int days_in(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

/* Reads 1 or 2 digits at s[*i]; -1 when there are none or more. */
static int two_digits(const struct parser *p, size_t *i, size_t b)
{
    size_t j = *i;
    int v = 0;
    while (j < b && is_digit(p->s[j]) && j - *i < 3)
        v = v * 10 + (p->s[j++] - '0');
    if (j == *i || j - *i > 2)
        return -1;
    *i = j;
    return v;
}

static void bad_date(struct parser *p, size_t pos, size_t va, size_t vb)
{
    char v[QUOTE_MAX + 8], what[QUOTE_MAX + 32];
    quote(p, va, vb, v, sizeof v);
    snprintf(what, sizeof what, "invalid date '%s'", v);
    fail(p, pos, what,
         "write date:YYYY, date:YYYY-MM, date:YYYY-MM-DD or a range such as "
         "date:2021-03-01..2021-06-30");
}

/* Parses the date s[a..b) (YYYY, YYYY-M[M], YYYY-M[M]-D[D]) of the value s[va..vb). */
static int parse_ymd(struct parser *p, size_t a, size_t b, size_t va, size_t vb, struct ymd *v)
{
    const unsigned char *s = p->s;
    size_t i = a;
    char what[64], hint[64];

    if (b - a < 4 || !is_digit(s[a]) || !is_digit(s[a + 1]) || !is_digit(s[a + 2]) ||
        !is_digit(s[a + 3]) || (b - a > 4 && s[a + 4] != '-')) {
        bad_date(p, a, va, vb);
        return 0;
    }
    v->y = (s[a] - '0') * 1000 + (s[a + 1] - '0') * 100 + (s[a + 2] - '0') * 10 + (s[a + 3] - '0');
    v->m = v->d = 1;
    v->parts = 1;
    if (v->y == 0) {
        fail(p, a, "invalid year '0000'", "years are 0001 to 9999");
        return 0;
    }
    i = a + 4;
    if (i == b)
        return 1;
    i++;
    size_t mpos = i;
    if ((v->m = two_digits(p, &i, b)) < 0 || (i < b && s[i] != '-') || i + 1 == b) {
        bad_date(p, a, va, vb);
        return 0;
    }
    if (v->m < 1 || v->m > 12) {
        snprintf(what, sizeof what, "invalid month '%.*s'", (int)(i - mpos), s + mpos);
        fail(p, mpos, what, "months are 01 to 12");
        return 0;
    }
    v->parts = 2;
    if (i == b)
        return 1;
    i++;
    size_t dpos = i;
    if ((v->d = two_digits(p, &i, b)) < 0 || i != b) {
        bad_date(p, a, va, vb);
        return 0;
    }
    int days = days_in(v->y, v->m);
    if (v->d < 1 || v->d > days) {
        snprintf(what, sizeof what, "invalid day '%.*s'", (int)(i - dpos), s + dpos);
        snprintf(hint, sizeof hint, "%04d-%02d has %d days", v->y, v->m, days);
        fail(p, dpos, what, hint);
        return 0;
    }
    v->parts = 3;
    return 1;
}

static void first_day(struct ymd *v)
{
    if (v->parts < 2)
        v->m = 1;
    if (v->parts < 3)
        v->d = 1;
}

static void last_day(struct ymd *v)
{
    if (v->parts < 2)
        v->m = 12;
    if (v->parts < 3)
        v->d = days_in(v->y, v->m);
}

/* The day after v, or 0 past 9999-12-31. */
static int next_day(struct ymd *v)
{
    if (++v->d <= days_in(v->y, v->m))
        return 1;
    v->d = 1;
    if (++v->m <= 12)
        return 1;
    v->m = 1;
    return ++v->y <= 9999;
}

/* The day before v, or 0 before 0001-01-01. */
static int prev_day(struct ymd *v)
{
    if (--v->d >= 1)
        return 1;
    if (--v->m < 1) {
        v->m = 12;
        if (--v->y < 1)
            return 0;
    }
    v->d = days_in(v->y, v->m);
    return 1;
}

static void put_day(const struct ymd *v, char out[9])
{
    unsigned x = (unsigned)v->y * 10000 + (unsigned)v->m * 100 + (unsigned)v->d;
    for (int k = 7; k >= 0; k--, x /= 10)
        out[k] = (char)('0' + x % 10);
    out[8] = '\0';
}

/* Fills q->from and q->to from the date value s[a..b). */
static void parse_date(struct parser *p, struct qnode *q, size_t a, size_t b)
{
    const unsigned char *s = p->s;
    struct ymd lo, hi;

    if (b - a >= 1 && (s[a] == '>' || s[a] == '<')) {
        int gt = s[a] == '>', eq = b - a >= 2 && s[a + 1] == '=';
        size_t d = a + 1 + (size_t)eq;
        if (!parse_ymd(p, d, b, a, b, &lo))
            return;
        if (gt && eq) {
            first_day(&lo);
        } else if (gt) {
            last_day(&lo);
            if (!next_day(&lo)) {
                fail(p, a, "no date after 9999-12-31", "use date:<=9999-12-31 or no date");
                return;
            }
        } else if (eq) {
            last_day(&lo);
        } else {
            first_day(&lo);
            if (!prev_day(&lo)) {
                fail(p, a, "no date before 0001-01-01", "use date:>=0001-01-01 or no date");
                return;
            }
        }
        put_day(&lo, gt ? q->from : q->to);
        return;
    }
    size_t k = a;
    while (k + 1 < b && !(s[k] == '.' && s[k + 1] == '.'))
        k++;
    if (k + 1 >= b) {                       /* one date: the whole of it */
        if (!parse_ymd(p, a, b, a, b, &lo))
            return;
        hi = lo;
        first_day(&lo);
        last_day(&hi);
        put_day(&lo, q->from);
        put_day(&hi, q->to);
        return;
    }
    if (k == a && k + 2 == b) {
        fail(p, a, "empty date range '..'",
             "give one end at least, e.g. date:2020.. or date:..2021-06");
        return;
    }
    if (k > a) {
        if (!parse_ymd(p, a, k, a, b, &lo))
            return;
        first_day(&lo);
        put_day(&lo, q->from);
    }
    if (k + 2 < b) {
        if (!parse_ymd(p, k + 2, b, a, b, &hi))
            return;
        last_day(&hi);
        put_day(&hi, q->to);
    }
    if (q->from[0] && q->to[0] && strcmp(q->from, q->to) > 0) {
        char v[QUOTE_MAX + 8], what[QUOTE_MAX + 48];
        quote(p, a, b, v, sizeof v);
        snprintf(what, sizeof what, "date range '%s' ends before it starts", v);
        fail(p, a, what, "put the earlier date first");
    }
}

/* ---- Grammar --------------------------------------------------------------------------- */

static struct qnode *parse_seq(struct parser *p, int in_group);
static struct qnode *parse_unary(struct parser *p);

static int deeper(struct parser *p, size_t pos)
{
    if (++p->depth > QPARSE_MAX_DEPTH) {
        fail(p, pos, "query nested too deeply",
             "at most 64 levels of parentheses, NOT and title:; remove some");
        return 0;
    }
    return 1;
}

/* A word s[a..b) of `kind` whose item begins at pos. */
static struct qnode *word(struct parser *p, enum qkind kind, size_t pos, size_t a, size_t b)
{
    if (kind == Q_PREFIX) {
        size_t chars = 0;
        for (size_t j = a; j < b && chars < 2; j++)
            chars += (p->s[j] & 0xC0) != 0x80;
        if (chars < 2) {
            char v[QUOTE_MAX + 8], what[QUOTE_MAX + 48];
            quote(p, a, b, v, sizeof v);
            snprintf(what, sizeof what, "prefix '%s' is too short", v);
            fail(p, pos, what, "give at least 2 characters before '*', e.g. выбор*");
            return NULL;
        }
    }
    return leaf(p, kind, pos, a, b);
}

static struct qnode *phrase(struct parser *p, const struct tok *t)
{
    size_t a = t->pos + 1, b = t->closed ? t->end - 1 : t->end, mark = p->top;
    if (!t->closed && p->open_quote == SIZE_MAX)
        p->open_quote = t->pos;
    for (size_t i = a; i < b && p->rc == SLOVO_OK;) {
        if (word_char(p->s, b, i)) {
            size_t e = word_end(p->s, b, i);
            push(p, leaf(p, Q_WORD, i, i, e));
            i = e;
        } else {
            i += skip_len(p->s, b, i);
        }
    }
    if (p->rc != SLOVO_OK || p->top == mark)
        return NULL;
    return make(p, Q_PHRASE, mark, t->pos, 0);
}

static struct qnode *source(struct parser *p, const struct tok *t)
{
    const unsigned char *s = p->s;
    size_t a = t->end, b, end;
    if (s[a] == '"') {
        const unsigned char *q = memchr(s + a + 1, '"', p->n - a - 1);
        if (!q && p->open_quote == SIZE_MAX)
            p->open_quote = a;
        b = q ? (size_t)(q - s) : p->n;
        end = q ? b + 1 : b;
        a++;
        while (a < b && is_ws(s[a]))
            a++;
        while (b > a && is_ws(s[b - 1]))
            b--;
    } else {
        b = end = value_end(s, p->n, a);
    }
    p->i = end;
    if (a == b) {
        fail(p, t->pos, "empty source name",
             "write source:NAME, or source:\"Name with spaces\" in quotes");
        return NULL;
    }
    return leaf(p, Q_SOURCE, t->pos, a, b);
}

static struct qnode *lang(struct parser *p, const struct tok *t)
{
    static const char *const codes[] = {"ru", "uk", "en", "other"};
    const unsigned char *s = p->s;
    size_t a = t->end, b = value_end(s, p->n, a), mark = p->top;
    p->i = b;
    for (size_t x = a; x <= b && p->rc == SLOVO_OK;) {
        size_t y = x;
        while (y < b && s[y] != ',' && s[y] != '|')
            y++;
        const char *code = NULL;
        for (size_t k = 0; k < sizeof codes / sizeof codes[0] && !code; k++) {
            size_t len = strlen(codes[k]), j = 0;
            while (j < len && x + j < y && (s[x + j] | 0x20) == codes[k][j])
                j++;
            if (j == len && y - x == len)
                code = codes[k];
        }
        if (!code) {
            char v[QUOTE_MAX + 8], what[QUOTE_MAX + 32];
            quote(p, x, y, v, sizeof v);
            snprintf(what, sizeof what, "unknown language '%s'", v);
            fail(p, x, what, "use lang:ru, lang:uk, lang:en or lang:other");
            return NULL;
        }
        struct qnode *q = leaf(p, Q_LANG, x == a ? t->pos : x, x, y);
        if (q) {
            q->text = code;
            q->len = strlen(code);
        }
        push(p, q);
        x = y + 1;
    }
    return group(p, Q_OR, mark);
}

static struct qnode *parse_primary(struct parser *p)
{
    const unsigned char *s = p->s;
    struct tok t = *peek(p);
    struct qnode *q;
    size_t e;

    switch (t.kind) {
    case TK_OR:                             /* reached only as the value of title: */
    case TK_AND:
        if (t.sym)
            return NULL;
        /* fall through */
    case TK_WORD:
        p->i = t.end;
        return word(p, t.prefix ? Q_PREFIX : Q_WORD, t.pos, t.pos, t.wend);
    case TK_EXACT:
        e = word_end(s, p->n, t.pos + 1);
        if (e < p->n && s[e] == '*') {
            p->i = e + 1;
            return word(p, Q_PREFIX, t.pos, t.pos + 1, e);
        }
        p->i = e;
        return word(p, Q_EXACT, t.pos, t.pos + 1, e);
    case TK_STAR:
        fail(p, t.pos, "'*' does not end a word",
             "write it right after the beginning of a word, e.g. выбор*, or remove it");
        return NULL;
    case TK_PHRASE:
        p->i = t.end;
        return phrase(p, &t);
    case TK_LP:
        p->i = t.end;
        if (!deeper(p, t.pos))
            return NULL;
        q = parse_seq(p, 1);
        if (p->rc != SLOVO_OK)
            return NULL;
        if (peek(p)->kind != TK_RP) {
            char hint[160];
            if (p->open_quote != SIZE_MAX && p->open_quote > t.pos)
                snprintf(hint, sizeof hint,
                         "add ')' or remove it (the quote at %zu is not closed, so it runs to "
                         "the end)", p->open_quote);
            else
                snprintf(hint, sizeof hint, "add ')' or remove it");
            fail(p, t.pos, "unbalanced '('", hint);
            return NULL;
        }
        p->i = p->tok.end;
        p->depth--;
        return q;
    case TK_FIELD:
        switch (t.field) {
        case F_TITLE:
            p->i = p->value_start = t.end;
            if (!deeper(p, t.pos))
                return NULL;
            q = parse_unary(p);
            p->depth--;
            if (q)
                mark_title(q);
            return q;
        case F_SOURCE:
            return source(p, &t);
        case F_LANG:
            return lang(p, &t);
        case F_DATE:
            e = value_end(s, p->n, t.end);
            p->i = e;
            q = leaf(p, Q_DATE, t.pos, t.end, t.end);
            if (q) {
                q->text = NULL;
                parse_date(p, q, t.end, e);
            }
            return p->rc == SLOVO_OK ? q : NULL;
        }
        return NULL;
    default:
        return NULL;
    }
}

static void needs_operand(struct parser *p, const struct tok *t, int after)
{
    const char *op = t->kind == TK_OR ? "OR" : t->kind == TK_AND ? "AND" : "NOT";
    const char *low = t->kind == TK_OR ? "or" : t->kind == TK_AND ? "and" : "not";
    char what[64], hint[160];
    snprintf(what, sizeof what, "'%s' has nothing %s it", op, after ? "after" : "before");
    snprintf(hint, sizeof hint, "put a word %s %s, or write '%s' in lower case to search for it",
             after ? "after" : "before", op, low);
    fail(p, t->pos, what, hint);
}

static struct qnode *parse_unary(struct parser *p)
{
    const struct tok *t = peek(p);
    if (t->kind != TK_NOT)
        return parse_primary(p);
    struct tok neg = *t;
    p->i = neg.end;
    if (!deeper(p, neg.pos))
        return NULL;
    if (!operand_start(peek(p)->kind)) {
        needs_operand(p, &neg, 1);
        return NULL;
    }
    struct qnode *kid = parse_unary(p);
    p->depth--;
    if (!kid) {
        if (p->rc == SLOVO_OK && !neg.sym)  /* NOT "" */
            needs_operand(p, &neg, 1);
        return NULL;                        /* -"" is nothing */
    }
    struct qnode *q = node(p, Q_NOT, neg.pos);
    struct qnode **kids = arena_alloc(p, sizeof *kids);
    if (!q || !kids)
        return NULL;
    kids[0] = kid;
    q->kids = kids;
    q->nkids = 1;
    return q;
}

/* Operands joined by op (TK_OR or TK_AND): each operand is of the next tighter level. */
static struct qnode *parse_binary(struct parser *p, enum tk op)
{
    size_t mark = p->top;
    struct qnode *q = op == TK_AND ? parse_binary(p, TK_OR) : parse_unary(p);
    int have = q != NULL;

    push(p, q);
    while (p->rc == SLOVO_OK) {
        const struct tok *t = peek(p);
        if (t->kind != op)
            break;
        struct tok o = *t;
        p->i = o.end;
        if (!have && !o.sym) {
            needs_operand(p, &o, 0);
            break;
        }
        if (!operand_start(peek(p)->kind)) {
            if (!o.sym)                     /* a lone | & + is punctuation */
                needs_operand(p, &o, 1);
            continue;
        }
        q = op == TK_AND ? parse_binary(p, TK_OR) : parse_unary(p);
        if (!q && !o.sym)
            needs_operand(p, &o, 1);
        if (q) {
            push(p, q);
            have = 1;
        }
    }
    return group(p, op == TK_AND ? Q_AND : Q_OR, mark);
}

static struct qnode *parse_seq(struct parser *p, int in_group)
{
    size_t mark = p->top;
    while (p->rc == SLOVO_OK) {
        const struct tok *t = peek(p);
        if (t->kind == TK_END)
            break;
        if (t->kind == TK_RP) {
            if (!in_group)
                fail(p, t->pos, "unbalanced ')'", "remove it or add '(' before it");
            break;
        }
        if (t->kind == TK_OR || t->kind == TK_AND) {
            if (!t->sym) {
                needs_operand(p, t, 0);
                break;
            }
            p->i = t->end;
            continue;
        }
        push(p, parse_binary(p, TK_AND));
    }
    return group(p, Q_SEQ, mark);
}

/* Whether q can match on its own rather than only exclude; an exclusion as an alternative
 * of OR is an error. */
static int positive(struct parser *p, const struct qnode *q)
{
    int any = 0;
    switch (q->kind) {
    case Q_NOT:
        positive(p, q->kids[0]);
        return 0;
    case Q_SEQ:
    case Q_AND:
        for (size_t k = 0; k < q->nkids; k++)
            any |= positive(p, q->kids[k]);
        return any;
    case Q_OR:
        for (size_t k = 0; k < q->nkids; k++)
            if (!positive(p, q->kids[k]))
                fail(p, q->kids[k]->pos, "an exclusion cannot be an alternative of OR",
                     "move it out of the OR, e.g. (a OR b) -c");
        return 1;
    default:
        return 1;
    }
}

/* ---- API ------------------------------------------------------------------------------- */

static void free_chunks(struct qarena *a)
{
    while (a) {
        struct qarena *next = a->next;
        free(a);
        a = next;
    }
}

int qparse(const char *text, size_t len, struct qparse *out)
{
    struct parser p;

    out->root = NULL;
    out->err_pos = 0;
    out->err[0] = '\0';
    out->arena = NULL;
    if (!text && len)
        return SLOVO_MISUSE;
    p.s = (const unsigned char *)(text ? text : "");
    p.n = len;
    p.i = 0;
    p.out = out;
    p.rc = SLOVO_OK;
    p.nwords = p.depth = p.top = 0;
    p.first_chunk =
        len < (CHUNK_FIRST_MAX - CHUNK_MIN) / 16 ? CHUNK_MIN + len * 16 : CHUNK_FIRST_MAX;
    p.value_start = p.open_quote = p.tok_at = SIZE_MAX;

    struct qnode *root = parse_seq(&p, 0);
    if (p.rc == SLOVO_OK && root && !positive(&p, root))
        fail(&p, 0, "the query only excludes",
             "nothing to search for besides what to exclude; add a word to look for");
    if (p.rc != SLOVO_OK) {
        if (p.rc == SLOVO_NOMEM) {
            out->err_pos = 0;
            snprintf(out->err, sizeof out->err, "out of memory");
        }
        free_chunks(out->arena);
        out->arena = NULL;
        return p.rc;
    }
    out->root = root;
    return SLOVO_OK;
}

void qparse_free(struct qparse *p)
{
    if (!p)
        return;
    free_chunks(p->arena);
    p->arena = NULL;
    p->root = NULL;
}
