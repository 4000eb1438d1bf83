/* analyze.c: slovo_analyze(), the terms a text becomes, for users who need to see why a word
 * did or did not match (and for scoring the stemmers against gold sets). */
#include <stdlib.h>
#include <string.h>

#include "analyzer.h"
#include "lang.h"
#include "slovo.h"
#include "stem.h"
#include "terms.h"

#define MAX_OUT (64u << 20) /* a text whose terms outgrow this is refused as too large */

struct slovo_analyzer {
    struct analyzer *analyzer;
    struct stemmer *stemmer;
};

int slovo_analyzer_open(int morphology, slovo_analyzer **out)
{
    *out = NULL;
    if (morphology != SLOVO_MORPH_DICT && morphology != SLOVO_MORPH_RULES)
        return SLOVO_MISUSE;
    struct slovo_analyzer *a = calloc(1, sizeof *a);
    if (!a)
        return SLOVO_NOMEM;
    int rc = analyzer_new(&a->analyzer);
    if (rc == SLOVO_OK)
        rc = stem_new_morph(&a->stemmer, (enum morphology)morphology, NULL);
    if (rc != SLOVO_OK) {
        slovo_analyzer_close(a);
        return rc;
    }
    *out = a;
    return SLOVO_OK;
}

void slovo_analyzer_close(slovo_analyzer *a)
{
    if (!a)
        return;
    analyzer_free(a->analyzer);
    stem_free(a->stemmer);
    free(a);
}

struct buf {
    char *p;
    size_t len, cap;
};

static int append(struct buf *b, const char *s, size_t n)
{
    if (b->len + n + 2 > b->cap) {
        size_t cap = (b->len + n + 2) * 2;
        if (cap > MAX_OUT)
            return SLOVO_NOMEM;
        char *p = realloc(b->p, cap);
        if (!p)
            return SLOVO_NOMEM;
        b->p = p;
        b->cap = cap;
    }
    if (b->len)
        b->p[b->len++] = ' ';
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
    return SLOVO_OK;
}

int slovo_analyze(slovo_analyzer *a, const char *text, size_t len, const char *lang,
                  char **out)
{
    *out = NULL;
    if (!text)
        return SLOVO_MISUSE;
    if (len == 0)
        len = strlen(text);
    int l = lang ? lang_parse(lang, strlen(lang)) : (int)lang_detect(text, len);
    if (l < 0)
        return SLOVO_MISUSE;
    struct buf b = {calloc(1, 1), 0, 1};
    int rc = b.p ? analyzer_reset(a->analyzer, text, len) : SLOVO_NOMEM;
    struct token tok;
    while (rc == SLOVO_OK && (rc = analyzer_next(a->analyzer, &tok)) == SLOVO_ROW) {
        size_t term_len;
        const char *term = terms_index_term(a->stemmer, &tok, (enum lang)l, &term_len);
        rc = term ? append(&b, term, term_len) : SLOVO_NOMEM;
    }
    if (rc != SLOVO_DONE) {
        free(b.p);
        return rc;
    }
    *out = b.p;
    return SLOVO_OK;
}
