/* stem.c: one stemmer per language behind one call. Russian and English go through
 * libstemmer (Snowball), Ukrainian through our ukstem; with MORPH_DICT, Russian and
 * Ukrainian go through the hunspell dictionaries first (morph.c), which call back here for
 * the words they do not know.
 *
 * Russian is Snowball's "russian" with a table before it and repairs after it, each a fact
 * of Russian that Snowball ignores. Measured on ../shared/stemgold/ru.dev.tsv (type-level
 * B-cubed F, over-stemming OI; Snowball alone 0.9230 and 30.1 ppm):
 *   - a reflexive verb keeps its particle (начался → нача+ся, not нача like начал):
 *     0.9285, 22.8 ppm;
 *   - the superlative -ейш-/-айш- stays (крупнейший is not крупный), the doubled н that
 *     Snowball undoubles stays (странный is not страна), and so does the -ость of abstract
 *     nouns (известность is not известный): 0.9323, 18.4 ppm;
 *   - an adverb in -но is a word of its own (серьезно, not серьезный): 0.9330, 16.8 ppm;
 *   - the pronoun and numeral paradigms whose stem changes (она/ее/ней, весь/всех): 0.9341.
 * The table comes first in both morphologies, before the dictionary too: hunspell lists many
 * of these forms as words of their own. A Russian word the dictionary does not know is read
 * as a noun or an adjective (ru_nominal.h) unless it ends in -ть or -ся. */
#include "stem.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>

#include "morph.h"
#include "ru_nominal.h"
#include "slovo.h"
#include "ukstem.h"

/* A Ukrainian word longer than this is not stemmed: no real word comes close, and it
 * caps the buffer below. */
#define UK_MAX_WORD 4096

/* Russian words whose forms no suffix rule joins, one paradigm a line: the term, then the
 * forms that take it. Personal, reflexive and possessive pronouns, весь, сам and the small
 * numerals change their stem (она/ее/ней, весь/всех, два/двух); Snowball leaves them apart
 * and hunspell lists many as words of their own. Left out: этот and тот, and forms that
 * are as often another word (тем/тема, том, чем, ком, самой/самый, это, ей as in ей-богу,
 * себе as in так себе). Text is normalized, so е stands for ё. */
static const char *const ru_paradigms[][2] = {
    {"я", "я меня мне мной мною"},
    {"ты", "ты тебя тебе тобой тобою"},
    {"мы", "мы нас нам нами"},
    {"вы", "вы вас вам вами"},
    {"он", "он его него ему нему нем"},
    {"она", "она ее нее ней ею нею"},
    {"они", "они их них им ним ими ними"},
    {"себя", "себя собой собою"},
    {"весь", "весь вся все всю всего всей всему всем всех всеми"},
    {"сам", "сам сама само сами саму самих самими самому самим"},
    {"мой", "мой моя мое мою мои моего моей моему моим моем моих моими"},
    {"твой", "твой твоя твое твою твои твоего твоей твоему твоим твоем твоих твоими"},
    {"свой", "свой своя свое свою свои своего своей своему своим своем своих своими"},
    {"наш", "наш наша наше нашу наши нашего нашей нашему нашим нашем наших нашими"},
    {"ваш", "ваш ваша ваше вашу ваши вашего вашей вашему вашим вашем ваших вашими"},
    {"кто", "кто кого кому кем"},
    {"что", "что чего чему"},
    {"один", "один одна одно одну одни одного одной одному одним одном одних одними"},
    {"два", "два две двух двум двумя"},
    {"три", "три трех трем тремя"},
    {"четыре", "четыре четырех четырем четырьмя"},
    {"оба", "оба обе обоих обеих обоим обеим обоими обеими"},
    /* большой has no short forms: велик, велика serve (the coat is too big, велико) */
    {"большой", "велик велика велико велики"},
};

/* One form of ru_paradigms, pointing into its strings. */
struct ru_form {
    const char *form;
    size_t len;
    const char *term;           /* NUL-terminated */
};

struct stemmer {
    struct sb_stemmer *ru;      /* owned; made in stem_new */
    struct sb_stemmer *en;      /* owned; made in stem_new */
    char *buf;                  /* owned; ukstem and Russian output, grown as needed */
    size_t cap;                 /* bytes in buf */
    struct ru_form *ru_forms;   /* owned; every form of ru_paradigms, in memcmp order */
    size_t ru_nforms;
    struct morph *uk_dict;      /* owned; NULL with MORPH_RULES */
    struct morph *ru_dict;      /* owned; NULL with MORPH_RULES */
};

static const char *ukrainian(struct stemmer *s, const char *word, size_t len,
                             size_t *out_len);
static const char *russian_unknown(struct stemmer *s, const char *word, size_t len,
                                   size_t *out_len);

/* The rule stemmers as morph.c calls them back. */
static const char *uk_rule(void *ctx, const char *word, size_t len, size_t *out_len)
{
    return ukrainian(ctx, word, len, out_len);
}

static const char *ru_rule(void *ctx, const char *word, size_t len, size_t *out_len)
{
    return russian_unknown(ctx, word, len, out_len);
}

static int form_cmp(const void *pa, const void *pb)
{
    const struct ru_form *a = pa, *b = pb;
    int c = memcmp(a->form, b->form, a->len < b->len ? a->len : b->len);
    if (c != 0)
        return c;
    return a->len < b->len ? -1 : a->len > b->len;
}

/* s->ru_forms from ru_paradigms. SLOVO_OK or SLOVO_NOMEM. */
static int ru_forms_init(struct stemmer *s)
{
    size_t n = 0;
    for (size_t i = 0; i < sizeof ru_paradigms / sizeof ru_paradigms[0]; i++)
        for (const char *p = ru_paradigms[i][1]; *p != '\0'; p++)
            n += p == ru_paradigms[i][1] || p[-1] == ' ';
    s->ru_forms = malloc(n * sizeof *s->ru_forms);
    if (s->ru_forms == NULL)
        return SLOVO_NOMEM;
    for (size_t i = 0; i < sizeof ru_paradigms / sizeof ru_paradigms[0]; i++) {
        const char *p = ru_paradigms[i][1];
        while (*p != '\0') {
            size_t len = strcspn(p, " ");
            s->ru_forms[s->ru_nforms++] = (struct ru_form){p, len, ru_paradigms[i][0]};
            p += len;
            p += *p == ' ';
        }
    }
    qsort(s->ru_forms, s->ru_nforms, sizeof *s->ru_forms, form_cmp);
    return SLOVO_OK;
}

/* The term ru_paradigms gives word[0..len), or NULL. */
static const char *ru_paradigm(const struct stemmer *s, const char *word, size_t len)
{
    if (len > 16)                       /* четырьмя, the longest form */
        return NULL;
    struct ru_form key = {word, len, NULL};
    const struct ru_form *f =
        bsearch(&key, s->ru_forms, s->ru_nforms, sizeof *s->ru_forms, form_cmp);
    return f != NULL ? f->term : NULL;
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
    if (rc == SLOVO_OK)
        rc = ru_forms_init(s);
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

struct stem_shared {
    struct morph_shared *uk, *ru;
};

int stem_shared_new(struct stem_shared **out)
{
    struct stem_shared *sh = calloc(1, sizeof *sh);
    int rc = sh == NULL ? SLOVO_NOMEM : morph_shared_new(&sh->uk, LANG_UK);
    if (rc == SLOVO_OK)
        rc = morph_shared_new(&sh->ru, LANG_RU);
    if (rc != SLOVO_OK) {
        stem_shared_free(sh);
        sh = NULL;
    }
    *out = sh;
    return rc;
}

void stem_shared_free(struct stem_shared *sh)
{
    if (sh == NULL)
        return;
    morph_shared_free(sh->uk);
    morph_shared_free(sh->ru);
    free(sh);
}

void stem_share(struct stemmer *s, struct stem_shared *sh)
{
    /* each handle is of its shared answers' language: morph_share() cannot refuse */
    if (s->uk_dict != NULL)
        morph_share(s->uk_dict, sh->uk);
    if (s->ru_dict != NULL)
        morph_share(s->ru_dict, sh->ru);
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
    free(s->ru_forms);
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

/* s->buf with room for need bytes; 0 when out of memory. */
static int reserve(struct stemmer *s, size_t need)
{
    if (need <= s->cap)
        return 1;
    size_t cap = s->cap ? s->cap : 64;
    while (cap < need)
        cap *= 2;
    char *nb = realloc(s->buf, cap);
    if (nb == NULL)
        return 0;
    s->buf = nb;
    s->cap = cap;
    return 1;
}

static const char *ukrainian(struct stemmer *s, const char *word, size_t len,
                             size_t *out_len)
{
    if (len > UK_MAX_WORD) {
        *out_len = len;
        return word;
    }
    if (!reserve(s, UKSTEM_MAX_OUT(len)))
        return NULL;
    *out_len = ukstem_stem(word, len, s->buf);
    return s->buf;
}

/* 1 when word[at..len) starts with the UTF-8 text t. */
static int has_at(const char *word, size_t len, size_t at, const char *t)
{
    size_t n = strlen(t);
    return at <= len && len - at >= n && memcmp(word + at, t, n) == 0;
}

/* The stem word[0..n) of word (Snowball's, or ru_nominal's) with the repairs below: they
 * put back letters of word that the stemmer took off. */
static const char *ru_repaired(const char *word, size_t len, size_t n, size_t *out_len)
{
    /* The superlative is a word of its own: крупнейший → крупнейш, not крупн. */
    if (has_at(word, len, n, "ейш") || has_at(word, len, n, "айш"))
        n += 6;
    /* Snowball undoubles нн, which joins странный with страна: the second н stays. */
    if (n >= 2 && has_at(word, len, n - 2, "н") && has_at(word, len, n, "н"))
        n += 2;
    /* An abstract noun in -ость is not its adjective: известность → известност. */
    if (has_at(word, len, n, "ост"))
        n += 6;
    /* An adverb in -но is not its adjective: серьезно stays серьезно, серьезный → серьезн. */
    if (n + 2 == len && n >= 2 && has_at(word, len, n - 2, "н") && has_at(word, len, n, "о"))
        n = len;
    *out_len = n;
    return word;
}

/* 1 when word ends with the reflexive particle. */
static int ru_reflexive(const char *word, size_t len)
{
    return len >= 4 && (has_at(word, len, len - 4, "ся") || has_at(word, len, len - 4, "сь"));
}

static const char *russian(struct stemmer *s, const char *word, size_t len,
                           size_t *out_len)
{
    const char *term = ru_paradigm(s, word, len);
    if (term != NULL) {
        *out_len = strlen(term);
        return term;
    }
    size_t n;
    const char *r = snowball(s->ru, word, len, &n);
    if (r == NULL)
        return NULL;
    /* Snowball's Russian only takes letters off the end (and нн → н, which leaves a prefix
     * too), so its stem is word[0..n) and the repairs put letters of word back. */
    if (n > len || memcmp(r, word, n) != 0) {
        *out_len = n;
        return r;
    }
    /* A reflexive verb is a word of its own (начаться, not начать): the particle Snowball
     * took off comes back as -ся (начался, началась → начася). */
    if (n + 4 <= len && ru_reflexive(word, len)) {
        if (!reserve(s, n + 4))
            return NULL;
        memcpy(s->buf, word, n);
        memcpy(s->buf + n, "ся", 4);
        *out_len = n + 4;
        return s->buf;
    }
    return ru_repaired(word, len, n, out_len);
}

/* A Russian word the dictionary does not know: a noun or an adjective (ru_nominal.h),
 * unless its reflexive particle or an infinitive's -ть makes it a verb (хайпануть). */
static const char *russian_unknown(struct stemmer *s, const char *word, size_t len,
                                   size_t *out_len)
{
    if (ru_reflexive(word, len) || (len >= 4 && has_at(word, len, len - 4, "ть")))
        return russian(s, word, len, out_len);
    return ru_repaired(word, len, ru_nominal_stem_len(word, len), out_len);
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
        if (s->ru_dict != NULL && ru_paradigm(s, word, len) == NULL)
            return morph_term(s->ru_dict, word, len, out_len);
        return russian(s, word, len, out_len);
    case LANG_EN:
        return snowball(s->en, word, len, out_len);
    case LANG_UK:
        /* A gerund is a word of its own (зробивши, not зробити): the rules keep it whole,
         * and the dictionary would give its verb. */
        if (s->uk_dict != NULL && !ukstem_gerund(word, len))
            return morph_term(s->uk_dict, word, len, out_len);
        return ukrainian(s, word, len, out_len);
    default:
        *out_len = len;
        return word;
    }
}
