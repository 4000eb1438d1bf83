#include "query.h"

#include <stdlib.h>
#include <string.h>

#include "slovo.h"
#include "terms.h"

/* Everything a query holds lives in one arena of blocks, freed at once. */
struct query_arena {
    struct query_arena *next;
    size_t used, cap;
    _Alignas(max_align_t) char mem[];
};

static void *arena_alloc(struct query *q, size_t size)
{
    size = (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    struct query_arena *a = q->arena;
    if (!a || a->cap - a->used < size) {
        size_t cap = size > 16384 ? size : 16384;
        struct query_arena *b = malloc(sizeof *b + cap);
        if (!b)
            return NULL;
        b->next = a;
        b->used = 0;
        b->cap = cap;
        q->arena = a = b;
    }
    void *p = a->mem + a->used;
    a->used += size;
    return p;
}

static struct store_query *node(struct query *q, enum store_op op, size_t nkids)
{
    struct store_query *n = arena_alloc(q, sizeof *n);
    if (!n)
        return NULL;
    memset(n, 0, sizeof *n);
    n->op = op;
    if (nkids) {
        n->kids = arena_alloc(q, nkids * sizeof *n->kids);
        if (!n->kids)
            return NULL;
    }
    return n;
}

static struct store_query *term_node(struct query *q, char prefix, const char *t, size_t len)
{
    struct store_query *n = node(q, STORE_TERM, 0);
    char *copy = n ? arena_alloc(q, len + 2) : NULL;
    if (!copy)
        return NULL;
    size_t p = 0;
    if (prefix)
        copy[p++] = prefix;
    memcpy(copy + p, t, len);
    copy[p + len] = '\0';
    n->term = copy;
    n->len = p + len;
    return n;
}

int query_term_index(const struct query *q, const char *term, size_t len)
{
    for (size_t i = 0; i < q->nterms; i++)
        if (q->term_lens[i] == len && memcmp(q->terms[i], term, len) == 0)
            return (int)i;
    return -1;
}

static int remember_term(struct query *q, const char *term, size_t len, size_t *cap)
{
    if (query_term_index(q, term, len) >= 0)
        return SLOVO_OK;
    if (q->nterms == *cap) {
        size_t ncap = *cap ? *cap * 2 : 16;
        const char **terms = realloc(q->terms, ncap * sizeof *terms);
        if (!terms)
            return SLOVO_NOMEM;
        q->terms = terms;
        size_t *lens = realloc(q->term_lens, ncap * sizeof *lens);
        if (!lens)
            return SLOVO_NOMEM;
        q->term_lens = lens;
        *cap = ncap;
    }
    q->terms[q->nterms] = term;
    q->term_lens[q->nterms++] = len;
    return SLOVO_OK;
}

/* A word: the synonym group of its stems in each candidate language, under `prefix`. */
static struct store_query *word_node(struct query *q, struct stemmer *s, const struct token *tok,
                                     char prefix, size_t *terms_cap)
{
    unsigned langs = terms_langs(tok, -1);
    struct store_query *syn = node(q, STORE_SYNONYM, LANG_COUNT);
    if (!syn)
        return NULL;
    for (int l = 0; l < LANG_COUNT; l++) {
        if (l != LANG_OTHER && !(langs & LANG_BIT(l)))
            continue;
        if (l == LANG_OTHER && langs)
            continue;
        size_t len;
        const char *stem = terms_term(s, tok, (enum lang)l, &len);
        struct store_query *t = stem ? term_node(q, prefix, stem, len) : NULL;
        if (!t)
            return NULL;
        int dup = 0;
        for (size_t i = 0; i < syn->nkids; i++)
            dup |= syn->kids[i]->len == t->len && memcmp(syn->kids[i]->term, t->term, t->len) == 0;
        if (dup)
            continue;
        syn->kids[syn->nkids++] = t;
        if (!prefix && remember_term(q, t->term, t->len, terms_cap) != SLOVO_OK)
            return NULL;
    }
    return syn->nkids == 1 ? syn->kids[0] : syn;
}

/* A word matched in the body, or in the title for extra weight. */
static struct store_query *weighted_word(struct query *q, struct stemmer *s,
                                         const struct token *tok, size_t *terms_cap)
{
    struct store_query *n = node(q, STORE_OR, 2);
    if (!n)
        return NULL;
    n->kids[0] = word_node(q, s, tok, 0, terms_cap);
    n->kids[1] = word_node(q, s, tok, STORE_PREFIX_TITLE, terms_cap);
    n->nkids = 2;
    return n->kids[0] && n->kids[1] ? n : NULL;
}

/* Collects the query's word nodes, growing the root AND as needed. */
struct builder {
    struct store_query **items;
    size_t n, cap;
};

static int push(struct builder *b, struct store_query *n)
{
    if (!n)
        return SLOVO_NOMEM;
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 16;
        struct store_query **items = realloc(b->items, cap * sizeof *items);
        if (!items)
            return SLOVO_NOMEM;
        b->items = items;
        b->cap = cap;
    }
    b->items[b->n++] = n;
    return SLOVO_OK;
}

/* The terms of a word node: itself, or the kids of its synonym group. */
static struct store_query *const *alternatives(struct store_query *const *n, size_t *count)
{
    if ((*n)->op == STORE_SYNONYM) {
        *count = (*n)->nkids;
        return (*n)->kids;
    }
    *count = 1;
    return n;
}

/* Phrases of the parts' terms. Xapian's phrases take terms only, so parts with several
 * candidate stems (a word either language may own) make one phrase per combination, up to
 * MAX_PHRASES; beyond that each part keeps its first stem. */
#define MAX_PHRASES 16
static struct store_query *phrases(struct query *q, struct store_query **parts, size_t nparts)
{
    size_t combos = 1;
    for (size_t i = 0; i < nparts && combos <= MAX_PHRASES; i++) {
        size_t n;
        alternatives(&parts[i], &n);
        combos *= n;
    }
    int first_only = combos > MAX_PHRASES;
    if (first_only)
        combos = 1;
    struct store_query *any = node(q, STORE_OR, combos);
    if (!any)
        return NULL;
    for (size_t c = 0; c < combos; c++) {
        struct store_query *phrase = node(q, STORE_PHRASE, nparts);
        if (!phrase)
            return NULL;
        size_t rest = c;
        for (size_t i = 0; i < nparts; i++) {
            size_t n;
            struct store_query *const *alt = alternatives(&parts[i], &n);
            size_t pick = first_only ? 0 : rest % n;
            rest = first_only ? 0 : rest / n;
            phrase->kids[phrase->nkids++] = alt[pick];
        }
        any->kids[any->nkids++] = phrase;
    }
    return any->nkids == 1 ? any->kids[0] : any;
}

/* A hyphenated word: its whole form, or its parts as a phrase. The parts follow the whole
 * in the analyzer's output. */
static int compound(struct query *q, struct analyzer *a, struct stemmer *s,
                    const struct token *whole, size_t *terms_cap, struct builder *b)
{
    unsigned nparts = whole->nparts;
    struct store_query *either = node(q, STORE_OR, 2);
    struct store_query **parts = arena_alloc(q, nparts * sizeof *parts);
    if (!either || !parts)
        return SLOVO_NOMEM;
    either->kids[0] = weighted_word(q, s, whole, terms_cap);
    if (!either->kids[0])
        return SLOVO_NOMEM;
    struct token part;
    size_t got = 0;
    int rc = SLOVO_OK;
    while (got < nparts && (rc = analyzer_next(a, &part)) == SLOVO_ROW) {
        parts[got] = word_node(q, s, &part, 0, terms_cap);
        if (!parts[got++])
            return SLOVO_NOMEM;
    }
    if (rc == SLOVO_NOMEM)
        return rc;
    either->kids[1] = phrases(q, parts, got);
    if (!either->kids[1])
        return SLOVO_NOMEM;
    either->nkids = 2;
    return push(b, either);
}

/* Free words: any may match, and an article that has all of them gains half their weight
 * again. On the judged dev queries (bench/relevance.sh) requiring every word left a pasted
 * headline without its article (all MRR@10 0.263); any word, ranked by BM25, gave 0.590;
 * the bonus for all, 0.595, most of it on names (entity/ru nDCG@10 0.351 -> 0.382). */
#define ALL_WORDS_BONUS 0.5
static struct store_query *ranked_or(struct query *q, struct store_query **items, size_t n)
{
    struct store_query *any = node(q, STORE_OR, n), *all = node(q, STORE_AND, n);
    struct store_query *bonus = node(q, STORE_SCALE, 1), *root = node(q, STORE_OR, 2);
    if (!any || !all || !bonus || !root)
        return NULL;
    memcpy(any->kids, items, n * sizeof *items);
    memcpy(all->kids, items, n * sizeof *items);
    any->nkids = all->nkids = n;
    bonus->factor = ALL_WORDS_BONUS;
    bonus->kids[0] = all;
    bonus->nkids = 1;
    root->kids[0] = any;
    root->kids[1] = bonus;
    root->nkids = 2;
    return root;
}

int query_build(struct analyzer *a, struct stemmer *s, const char *text, size_t len,
                struct query **out)
{
    struct query *q = calloc(1, sizeof *q);
    struct builder b = {0};
    size_t terms_cap = 0;
    *out = NULL;
    if (!q)
        return SLOVO_NOMEM;
    int rc = analyzer_reset(a, text, len);
    struct token tok;
    while (rc == SLOVO_OK && (rc = analyzer_next(a, &tok)) == SLOVO_ROW) {
        if (tok.flags & TOKEN_WHOLE)
            rc = compound(q, a, s, &tok, &terms_cap, &b);
        else
            rc = push(&b, weighted_word(q, s, &tok, &terms_cap));
    }
    if (rc == SLOVO_DONE)
        rc = b.n ? SLOVO_OK : SLOVO_SYNTAX;
    if (rc == SLOVO_OK) {
        q->root = b.n == 1 ? b.items[0] : ranked_or(q, b.items, b.n);
        if (!q->root)
            rc = SLOVO_NOMEM;
    }
    free(b.items);
    if (rc != SLOVO_OK) {
        query_free(q);
        return rc;
    }
    *out = q;
    return SLOVO_OK;
}

void query_free(struct query *q)
{
    if (!q)
        return;
    while (q->arena) {
        struct query_arena *next = q->arena->next;
        free(q->arena);
        q->arena = next;
    }
    free(q->terms);
    free(q->term_lens);
    free(q);
}
