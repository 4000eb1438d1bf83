#include "query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exact.h"
#include "qparse.h"
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

/* Adds a term to q->terms, any of its forms wanted: a term met again (a word given twice,
 * once with =) wants any form from then on. */
static int remember_term(struct query *q, const char *term, size_t len, size_t *cap)
{
    int known = query_term_index(q, term, len);
    if (known >= 0) {
        q->term_forms[known] = NULL;
        return SLOVO_OK;
    }
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
        const char **forms = realloc(q->term_forms, ncap * sizeof *forms);
        if (!forms)
            return SLOVO_NOMEM;
        q->term_forms = forms;
        *cap = ncap;
    }
    q->terms[q->nterms] = term;
    q->term_forms[q->nterms] = NULL;
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

/* The title terms of a word's body terms (a term, or the synonym group of its stems). */
static struct store_query *title_terms(struct query *q, const struct store_query *body)
{
    if (body->op == STORE_TERM)
        return term_node(q, STORE_PREFIX_TITLE, body->term, body->len);
    struct store_query *n = node(q, body->op, body->nkids);
    for (size_t i = 0; n && i < body->nkids; i++)
        if (!(n->kids[n->nkids++] = title_terms(q, body->kids[i])))
            return NULL;
    return n;
}

/* A word of these body terms (word_node()), matched in the body or in the title for extra
 * weight. */
static struct store_query *titled_word(struct query *q, struct store_query *body)
{
    struct store_query *n = body ? node(q, STORE_WORD, 2) : NULL;
    if (!n)
        return NULL;
    n->kids[0] = body;
    n->kids[1] = title_terms(q, body);
    n->nkids = 2;
    return n->kids[1] ? n : NULL;
}

/* A word matched in the body, or in the title for extra weight; with title_only, in the
 * title alone. */
static struct store_query *weighted_word(struct query *q, struct stemmer *s,
                                         const struct token *tok, int title_only,
                                         size_t *terms_cap)
{
    if (title_only)
        return word_node(q, s, tok, STORE_PREFIX_TITLE, terms_cap);
    return titled_word(q, word_node(q, s, tok, 0, terms_cap));
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

/* An AND or a PHRASE of words, each a term or the synonyms of a word either language may
 * own (for a phrase, the store checks where they stand, taking any of a word's terms). */
static struct store_query *all_of(struct query *q, enum store_op op, struct store_query **words,
                                  size_t n)
{
    struct store_query *p = node(q, op, n);
    if (!p)
        return NULL;
    memcpy(p->kids, words, n * sizeof *words);
    p->nkids = n;
    return p;
}

/* A hyphenated word: its whole form, which articles that hyphenate it hold, or all of its
 * parts, for those that write them apart. Checking the parts as a phrase read every article
 * that holds them (из-за: 15 ms a search, 5 ms without) and gained nothing on the dev
 * queries (all MRR@10 0.6044 with it, 0.6054 without). The parts follow the whole in the
 * analyzer's output. */
static int compound(struct query *q, struct analyzer *a, struct stemmer *s,
                    const struct token *whole, int title_only, size_t *terms_cap,
                    struct builder *b)
{
    unsigned nparts = whole->nparts;
    struct store_query *either = node(q, STORE_HYPHENATED, 2);
    struct store_query **parts = arena_alloc(q, nparts * sizeof *parts);
    if (!either || !parts)
        return SLOVO_NOMEM;
    either->kids[0] = weighted_word(q, s, whole, title_only, terms_cap);
    if (!either->kids[0])
        return SLOVO_NOMEM;
    struct token part;
    size_t got = 0;
    int rc = SLOVO_OK;
    while (got < nparts && (rc = analyzer_next(a, &part)) == SLOVO_ROW) {
        parts[got] = word_node(q, s, &part, title_only ? STORE_PREFIX_TITLE : 0, terms_cap);
        if (!parts[got++])
            return SLOVO_NOMEM;
    }
    if (rc == SLOVO_NOMEM)
        return rc;
    either->kids[1] = got == 1 ? parts[0] : all_of(q, STORE_AND, parts, got);
    if (!either->kids[1])
        return SLOVO_NOMEM;
    either->nkids = 2;
    return push(b, either);
}

/* Free words: any may match, and an article that has all of them gains a share of its weight
 * again (STORE_ALL_WORDS_BONUS). On the judged dev queries (bench/relevance.sh) requiring
 * every word left a pasted headline without its article (all MRR@10 0.263); any word, ranked
 * by BM25, gave 0.590; the bonus for all, 0.595, most of it on names (entity/ru nDCG@10
 * 0.351 -> 0.382). When the free items are words, phrases or hyphenated words, their words
 * in the order typed are also the phrase the store favours among the best matches where
 * they stand close (store.cc). When the items are plain words, the store gives the bonus
 * there too: the query is their OR alone. Else the query adds it, as the AND of them all,
 * weighed by the bonus, for a phrase's words may all be there without the phrase, or a
 * hyphenated word's parts missing where it is written solid. A headline with a name in
 * quotes or a hyphenated word had no favour for closeness before: all MRR@10 0.6134 ->
 * 0.6181. */

/* Appends words[0..n) to phrase, unless it would hold more than max words; 0 then. */
static int append_words(struct store_query *phrase, struct store_query *const *words,
                        size_t n, size_t max)
{
    if (n > max - phrase->nkids)
        return 0;
    memcpy(phrase->kids + phrase->nkids, words, n * sizeof *words);
    phrase->nkids += n;
    return 1;
}

/* Appends the words of a free item to phrase, as typed: a free word's body terms
 * (weighted_word()), a word in the title only (word_node()), each word of a quoted phrase,
 * each part of a hyphenated word (an article that hyphenates it holds its parts too, one
 * after another). 0 for anything else (a prefix, an OR) or past max. */
static int append_typed(struct store_query *phrase, struct store_query *item, size_t max)
{
    switch (item->op) {
    case STORE_WORD:
        return append_words(phrase, item->kids, 1, max);
    case STORE_TERM:
    case STORE_SYNONYM:
        return append_words(phrase, &item, 1, max);
    case STORE_PHRASE:
        return append_words(phrase, item->kids, item->nkids, max);
    case STORE_HYPHENATED:
        return append_typed(phrase, item->kids[1], max);
    case STORE_AND: /* the parts of a hyphenated word or of a word analysis splits; AND */
        for (size_t i = 0; i < item->nkids; i++)
            if (!append_typed(phrase, item->kids[i], max))
                return 0;
        return 1;
    default:
        return 0;
    }
}

/* The free words as a phrase, q->phrase, which the store favours among the best matches
 * (store.cc: PHRASE_BONUS), for at most this many words. */
#define PHRASE_BONUS_MAX_WORDS 32

static struct store_query *ranked_or(struct query *q, struct store_query **items, size_t n,
                                     int excluded)
{
    /* words to exclude keep every word: an article with a common one is excluded too */
    struct store_query *any = node(q, excluded ? STORE_OR : STORE_WORDS, n);
    struct store_query *all = node(q, STORE_AND, n);
    struct store_query *bonus = node(q, STORE_SCALE, 1), *root = node(q, STORE_OR, 2);
    /* the query's first free words that are no words to exclude may be its phrase */
    int may_be_phrase = n <= PHRASE_BONUS_MAX_WORDS && !q->phrase && !excluded;
    struct store_query *phrase = NULL;
    if (!any || !all || !bonus || !root ||
        (may_be_phrase && !(phrase = node(q, STORE_PHRASE, PHRASE_BONUS_MAX_WORDS))))
        return NULL;
    memcpy(any->kids, items, n * sizeof *items);
    memcpy(all->kids, items, n * sizeof *items);
    any->nkids = all->nkids = n;
    bonus->factor = STORE_ALL_WORDS_BONUS;
    bonus->kids[0] = all;
    bonus->nkids = 1;
    root->kids[0] = any;
    root->kids[1] = bonus;
    root->nkids = 2;
    int plain = 1;
    for (size_t i = 0; phrase && i < n; i++) {
        plain &= items[i]->op == STORE_WORD;
        if (!append_typed(phrase, items[i], PHRASE_BONUS_MAX_WORDS))
            phrase = NULL;
    }
    if (phrase) {
        q->phrase = phrase;
        q->phrase_is_words = plain;
        if (plain)
            return any;
    }
    return root;
}

/* Mapping the syntax tree (qparse.h) to a store query. */
struct mapper {
    struct query *q;
    struct analyzer *a;
    struct stemmer *s;
    struct docdata_reader *fields;
    size_t terms_cap;
    char *err;                  /* the message of a SLOVO_SYNTAX, err_size bytes */
    size_t err_size;
    int excluded;               /* mapping what must not match: its words are no phrase */
};

static int map_fail(struct mapper *m, size_t pos, const char *msg)
{
    snprintf(m->err, m->err_size, "%s at %zu", msg, pos);
    return SLOVO_SYNTAX;
}

static struct store_query *group(struct mapper *m, enum store_op op, struct builder *b)
{
    if (b->n == 1 && op != STORE_PHRASE)
        return b->items[0];
    struct store_query *n = node(m->q, op, b->n);
    if (!n)
        return NULL;
    memcpy(n->kids, b->items, b->n * sizeof *b->items);
    n->nkids = b->n;
    return n;
}

/* The words of a span typed as one word (a hyphenated word is one, "bbc.com" two) into b. */
static int map_word(struct mapper *m, const struct qnode *w, struct builder *b)
{
    int rc = analyzer_reset(m->a, w->text, w->len);
    struct token tok;
    int title_only = w->field == QF_TITLE;
    while (rc == SLOVO_OK && (rc = analyzer_next(m->a, &tok)) == SLOVO_ROW) {
        if (tok.flags & TOKEN_WHOLE)
            rc = compound(m->q, m->a, m->s, &tok, title_only, &m->terms_cap, b);
        else
            rc = push(b, weighted_word(m->q, m->s, &tok, title_only, &m->terms_cap));
    }
    return rc == SLOVO_DONE ? SLOVO_OK : rc;
}

/* =word: each word analysis makes of it (a hyphenated word is one) as it would be searched,
 * in the articles whose text holds it in exactly this form (exact.h). */
static int map_exact(struct mapper *m, const struct qnode *w, struct builder *out)
{
    struct builder forms = {0};
    int title_only = w->field == QF_TITLE;
    int rc = analyzer_reset(m->a, w->text, w->len);
    struct token tok;
    unsigned parts = 0;
    while (rc == SLOVO_OK && (rc = analyzer_next(m->a, &tok)) == SLOVO_ROW) {
        rc = SLOVO_OK;
        if (parts) {            /* a part of the hyphenated word just taken whole */
            parts--;
            continue;
        }
        parts = tok.flags & TOKEN_WHOLE ? tok.nparts : 0;
        struct exact_form *e = arena_alloc(m->q, sizeof *e);
        char *form = arena_alloc(m->q, tok.len + 1);
        struct store_query *check = node(m->q, STORE_CHECK, 1);
        if (!e || !form || !check) {
            rc = SLOVO_NOMEM;
            break;
        }
        memcpy(form, tok.text, tok.len);
        form[tok.len] = '\0';
        *e = (struct exact_form){m->a, m->fields, form, tok.len, title_only};
        size_t known = m->q->nterms;
        check->kids[0] = weighted_word(m->q, m->s, &tok, title_only, &m->terms_cap);
        for (size_t i = known; i < m->q->nterms; i++)
            m->q->term_forms[i] = form;   /* highlighted in this form only */
        check->nkids = 1;
        check->check = exact_holds;
        check->check_ctx = e;
        rc = check->kids[0] ? push(&forms, check) : SLOVO_NOMEM;
    }
    if (rc == SLOVO_DONE)
        rc = SLOVO_OK;
    if (rc == SLOVO_OK && forms.n)
        rc = push(out, group(m, STORE_AND, &forms));
    free(forms.items);
    return rc;
}

/* A phrase: the words (the parts of hyphenated ones) in order, one position apart. */
static int map_phrase(struct mapper *m, const struct qnode *p, struct builder *out)
{
    struct builder parts = {0};
    char prefix = p->field == QF_TITLE ? STORE_PREFIX_TITLE : 0;
    int rc = SLOVO_OK;
    for (size_t i = 0; i < p->nkids && rc == SLOVO_OK; i++) {
        rc = analyzer_reset(m->a, p->kids[i]->text, p->kids[i]->len);
        struct token tok;
        while (rc == SLOVO_OK && (rc = analyzer_next(m->a, &tok)) == SLOVO_ROW)
            rc = tok.flags & TOKEN_WHOLE
                     ? SLOVO_OK /* its parts follow */
                     : push(&parts, word_node(m->q, m->s, &tok, prefix, &m->terms_cap));
        if (rc == SLOVO_DONE)
            rc = SLOVO_OK;
    }
    if (rc == SLOVO_OK && parts.n > 1)
        rc = push(out, all_of(m->q, STORE_PHRASE, parts.items, parts.n));
    else if (rc == SLOVO_OK && parts.n == 1) /* one word quoted is that word */
        rc = push(out, prefix ? parts.items[0] : titled_word(m->q, parts.items[0]));
    free(parts.items);
    return rc;
}

/* Pushes a wildcard on `prefix` + text[0..len) into any, unless it is there already. */
static int add_wildcard(struct query *q, struct store_query *any, char prefix, const char *text,
                        size_t len)
{
    struct store_query *w = term_node(q, prefix, text, len);
    if (!w)
        return SLOVO_NOMEM;
    w->op = STORE_WILDCARD;
    for (size_t i = 0; i < any->nkids; i++)
        if (any->kids[i]->len == w->len && memcmp(any->kids[i]->term, w->term, w->len) == 0)
            return SLOVO_OK;
    any->kids[any->nkids++] = w;
    return SLOVO_OK;
}

/* Words beginning with the typed prefix. Index terms are stems and lemmas, which may be
 * shorter than the prefix typed (выборы* must find the term выбор), so the prefix's own stems
 * are wildcards too. */
static int map_prefix(struct mapper *m, const struct qnode *w, struct builder *b)
{
    int rc = analyzer_reset(m->a, w->text, w->len);
    struct token tok;
    if (rc == SLOVO_OK && (rc = analyzer_next(m->a, &tok)) == SLOVO_ROW) {
        struct store_query *any = node(m->q, STORE_OR, 2 * (LANG_COUNT + 1));
        if (!any)
            return SLOVO_NOMEM;
        unsigned langs = terms_langs(&tok, -1);
        for (int l = -1; l < LANG_COUNT && rc == SLOVO_ROW; l++) {
            size_t len = tok.len;
            const char *text = tok.text;
            if (l >= 0 && !(langs & LANG_BIT(l)))
                continue;
            if (l >= 0 && !(text = terms_term(m->s, &tok, (enum lang)l, &len)))
                return SLOVO_NOMEM;
            if (w->field != QF_TITLE && add_wildcard(m->q, any, 0, text, len) != SLOVO_OK)
                return SLOVO_NOMEM;
            if (add_wildcard(m->q, any, STORE_PREFIX_TITLE, text, len) != SLOVO_OK)
                return SLOVO_NOMEM;
        }
        return push(b, any->nkids == 1 ? any->kids[0] : any);
    }
    return rc == SLOVO_DONE ? map_fail(m, w->pos, "no letters before '*'") : rc;
}

/* A filter: source:, lang:, date:. It adds no weight. */
static int map_filter(struct mapper *m, const struct qnode *f, struct builder *b)
{
    struct store_query *n = NULL;
    if (f->kind == Q_LANG) {
        n = term_node(m->q, STORE_PREFIX_LANG, f->text, f->len);
    } else if (f->kind == Q_DATE) {
        /* copied: the syntax tree goes before the query does */
        n = node(m->q, STORE_DATE_RANGE, 0);
        char *from = arena_alloc(m->q, sizeof f->from), *to = arena_alloc(m->q, sizeof f->to);
        if (!n || !from || !to)
            return SLOVO_NOMEM;
        memcpy(from, f->from, sizeof f->from);
        memcpy(to, f->to, sizeof f->to);
        n->from = from[0] ? from : NULL;
        n->to = to[0] ? to : NULL;
    } else {
        /* every word of the source name, as the indexer recorded them */
        struct builder words = {0};
        int rc = analyzer_reset(m->a, f->text, f->len);
        struct token tok;
        while (rc == SLOVO_OK && (rc = analyzer_next(m->a, &tok)) == SLOVO_ROW)
            rc = tok.flags & TOKEN_WHOLE
                     ? SLOVO_OK /* its parts follow */
                     : push(&words, term_node(m->q, STORE_PREFIX_SOURCE, tok.text, tok.len));
        if (rc == SLOVO_DONE)
            rc = words.n ? SLOVO_OK : map_fail(m, f->pos, "source: names no word");
        if (rc == SLOVO_OK)
            n = group(m, STORE_AND, &words);
        free(words.items);
        if (rc != SLOVO_OK)
            return rc;
    }
    struct store_query *weightless = node(m->q, STORE_SCALE, 1);
    if (!n || !weightless)
        return SLOVO_NOMEM;
    weightless->factor = 0;
    weightless->kids[0] = n;
    weightless->nkids = 1;
    return push(b, weightless);
}

static int is_filter(const struct qnode *n)
{
    if (n->kind == Q_SOURCE || n->kind == Q_LANG || n->kind == Q_DATE)
        return 1;
    if (n->kind != Q_OR && n->kind != Q_AND)
        return 0;
    for (size_t i = 0; i < n->nkids; i++)
        if (!is_filter(n->kids[i]))
            return 0;
    return 1;
}

static int map_node(struct mapper *m, const struct qnode *n, struct builder *out);

/* SEQ and AND: what must not match is cut out, filters must match; the other items must
 * all match (AND) or are ranked (SEQ: ranked_or). */
static int map_group(struct mapper *m, const struct qnode *g, struct builder *out)
{
    struct builder items = {0}, nots = {0}, filters = {0};
    int rc = SLOVO_OK;
    for (size_t i = 0; i < g->nkids && rc == SLOVO_OK; i++) {
        const struct qnode *k = g->kids[i];
        /* -(-x): x, not excluded twice */
        while (k->kind == Q_NOT && k->kids[0]->kind == Q_NOT)
            k = k->kids[0]->kids[0];
        if (k->kind == Q_NOT) {
            m->excluded++;
            rc = map_node(m, k->kids[0], &nots);
            m->excluded--;
        }
        else
            rc = map_node(m, k, is_filter(k) ? &filters : &items);
    }
    struct store_query *pos = NULL;
    if (rc == SLOVO_OK) {
        if (items.n == 0)
            pos = node(m->q, STORE_MATCH_ALL, 0);
        else if (g->kind == Q_AND || items.n == 1)
            pos = group(m, STORE_AND, &items);
        else
            pos = ranked_or(m->q, items.items, items.n, m->excluded);
        if (!pos)
            rc = SLOVO_NOMEM;
    }
    if (rc == SLOVO_OK && filters.n) {
        struct store_query *f = node(m->q, STORE_FILTER, filters.n + 1);
        if (!f) {
            rc = SLOVO_NOMEM;
        } else {
            f->kids[0] = pos;
            memcpy(f->kids + 1, filters.items, filters.n * sizeof *filters.items);
            f->nkids = filters.n + 1;
            pos = f;
        }
    }
    if (rc == SLOVO_OK && nots.n) {
        struct store_query *cut = node(m->q, STORE_AND_NOT, 2);
        struct store_query *any = group(m, STORE_OR, &nots);
        if (!cut || !any) {
            rc = SLOVO_NOMEM;
        } else {
            cut->kids[0] = pos;
            cut->kids[1] = any;
            cut->nkids = 2;
            pos = cut;
        }
    }
    if (rc == SLOVO_OK)
        rc = push(out, pos);
    free(items.items);
    free(nots.items);
    free(filters.items);
    return rc;
}

static int map_node(struct mapper *m, const struct qnode *n, struct builder *out)
{
    switch (n->kind) {
    case Q_WORD: {
        /* a word that analysis splits (bbc.com) needs all its pieces */
        struct builder words = {0};
        int rc = map_word(m, n, &words);
        if (rc == SLOVO_OK && words.n)
            rc = push(out, group(m, STORE_AND, &words));
        free(words.items);
        return rc;
    }
    case Q_EXACT:
        return map_exact(m, n, out);
    case Q_PREFIX:
        return map_prefix(m, n, out);
    case Q_PHRASE:
        return map_phrase(m, n, out);
    case Q_SOURCE:
    case Q_LANG:
    case Q_DATE:
        return map_filter(m, n, out);
    case Q_OR: {
        struct builder alts = {0};
        int rc = SLOVO_OK;
        for (size_t i = 0; i < n->nkids && rc == SLOVO_OK; i++)
            rc = map_node(m, n->kids[i], &alts);
        if (rc == SLOVO_OK && alts.n)
            rc = push(out, group(m, STORE_OR, &alts));
        free(alts.items);
        return rc;
    }
    case Q_SEQ:
    case Q_AND:
        return map_group(m, n, out);
    case Q_NOT:
        /* only under SEQ and AND, where map_group takes it (qparse.h) */
        return map_fail(m, n->pos, "nothing to search for besides what to exclude");
    }
    return SLOVO_MISUSE;
}

int query_build(struct analyzer *a, struct stemmer *s, struct docdata_reader *fields,
                const char *text, size_t len, struct query **out, char *err, size_t err_size)
{
    *out = NULL;
    err[0] = '\0';
    struct query *q = calloc(1, sizeof *q);
    if (!q)
        return SLOVO_NOMEM;
    struct qparse tree;
    int rc = qparse(text, len, &tree);
    if (rc == SLOVO_SYNTAX)
        snprintf(err, err_size, "%s", tree.err);
    struct mapper m = {q, a, s, fields, 0, err, err_size, 0};
    struct builder top = {0};
    /* A query of filters only (lang:uk date:2021) is every article they let through. */
    struct qnode *root = tree.root;
    struct qnode alone = {.kind = Q_SEQ, .kids = &root, .nkids = 1};
    if (rc == SLOVO_OK && root)
        rc = map_node(&m, is_filter(root) ? &alone : root, &top);
    if (rc == SLOVO_OK && top.n == 0)
        rc = map_fail(&m, 0, "no word to search for");
    if (rc == SLOVO_OK)
        q->root = top.items[0];
    free(top.items);
    qparse_free(&tree);
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
    free(q->term_forms);
    free(q);
}
