/* stem.c: one stemmer per language behind one call. Russian and English go through
 * libstemmer (Snowball), Ukrainian through our ukstem; with MORPH_DICT, Russian and
 * Ukrainian go through the hunspell dictionaries first (morph.c), which call back here for
 * the words they do not know. */
#include "stem.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>

#include "morph.h"
#include "slovo.h"
#include "ukstem.h"

/* A Ukrainian word longer than this is not stemmed: no real word comes close, and it
 * caps the buffer below. */
#define UK_MAX_WORD 4096

struct stemmer {
    struct sb_stemmer *ru;      /* owned; made in stem_new */
    struct sb_stemmer *en;      /* owned; made in stem_new */
    char *buf;                  /* owned; ukstem output, grown to the longest word seen */
    size_t cap;                 /* bytes in buf */
    struct morph *uk_dict;      /* owned; NULL with MORPH_RULES */
    struct morph *ru_dict;      /* owned; NULL with MORPH_RULES */
};

static const char *ukrainian(struct stemmer *s, const char *word, size_t len,
                             size_t *out_len);
static const char *snowball(struct sb_stemmer *sb, const char *word, size_t len,
                            size_t *out_len);

/* The rule stemmers as morph.c calls them back. */
static const char *uk_rule(void *ctx, const char *word, size_t len, size_t *out_len)
{
    return ukrainian(ctx, word, len, out_len);
}

static const char *ru_rule(void *ctx, const char *word, size_t len, size_t *out_len)
{
    return snowball(((struct stemmer *)ctx)->ru, word, len, out_len);
}

int stem_new_morph(struct stemmer **out, enum morphology m, const char *dict_dir)
{
    *out = NULL;
    if (m != MORPH_DICT && m != MORPH_RULES)
        return SLOVO_MISUSE;
    struct stemmer *s = calloc(1, sizeof *s);
    if (s == NULL)
        return SLOVO_NOMEM;
    int rc = SLOVO_OK;
    /* Both are made now so that stem_word fails only for lack of memory, never because a
     * language is missing from the libstemmer that was linked. */
    s->ru = sb_stemmer_new("russian", "UTF_8");
    s->en = sb_stemmer_new("english", "UTF_8");
    if (s->ru == NULL || s->en == NULL)
        rc = SLOVO_NOMEM;
    /* Loaded now, not at the first word, so that a missing dictionary is an error here,
     * where the caller can report it, rather than a silent fall back to the rules. */
    if (rc == SLOVO_OK && m == MORPH_DICT)
        rc = morph_new(&s->uk_dict, LANG_UK, dict_dir, 0, uk_rule, s);
    if (rc == SLOVO_OK && m == MORPH_DICT)
        rc = morph_new(&s->ru_dict, LANG_RU, dict_dir, 0, ru_rule, s);
    if (rc != SLOVO_OK) {
        stem_free(s);
        return rc;
    }
    *out = s;
    return SLOVO_OK;
}

int stem_new(struct stemmer **out)
{
    return stem_new_morph(out, MORPH_RULES, NULL);
}

void stem_free(struct stemmer *s)
{
    if (s == NULL)
        return;
    sb_stemmer_delete(s->ru);
    sb_stemmer_delete(s->en);
    morph_free(s->uk_dict);
    morph_free(s->ru_dict);
    free(s->buf);
    free(s);
}

/* 1 when word[0..len) has a letter: an ASCII letter or any non-ASCII character (the
 * analyzer passes only words, so a non-ASCII character there is a letter of some
 * script). Digits, punctuation and the empty word have none. */
static int has_letter(const char *word, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)word[i];
        if (c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
            return 1;
    }
    return 0;
}

static const char *snowball(struct sb_stemmer *sb, const char *word, size_t len,
                            size_t *out_len)
{
    /* libstemmer counts in int. */
    if (len > (size_t)INT_MAX) {
        *out_len = len;
        return word;
    }
    const sb_symbol *r = sb_stemmer_stem(sb, (const sb_symbol *)word, (int)len);
    if (r == NULL)
        return NULL;
    *out_len = (size_t)sb_stemmer_length(sb);
    return (const char *)r;
}

static const char *ukrainian(struct stemmer *s, const char *word, size_t len,
                             size_t *out_len)
{
    if (len > UK_MAX_WORD) {
        *out_len = len;
        return word;
    }
    size_t need = UKSTEM_MAX_OUT(len);
    if (need > s->cap) {
        size_t cap = s->cap ? s->cap : 64;
        while (cap < need)
            cap *= 2;
        char *nb = realloc(s->buf, cap);
        if (nb == NULL)
            return NULL;
        s->buf = nb;
        s->cap = cap;
    }
    *out_len = ukstem_stem(word, len, s->buf);
    return s->buf;
}

const char *stem_word(struct stemmer *s, enum lang lang, const char *word, size_t len,
                      size_t *out_len)
{
    if (!has_letter(word, len)) {
        *out_len = len;
        return word;
    }
    switch (lang) {
    case LANG_RU:
        if (s->ru_dict != NULL)
            return morph_term(s->ru_dict, word, len, out_len);
        return snowball(s->ru, word, len, out_len);
    case LANG_EN:
        return snowball(s->en, word, len, out_len);
    case LANG_UK:
        if (s->uk_dict != NULL)
            return morph_term(s->uk_dict, word, len, out_len);
        return ukrainian(s, word, len, out_len);
    default:
        *out_len = len;
        return word;
    }
}
