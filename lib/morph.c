/* morph.c: hunspell lemmas for Russian and Ukrainian, behind a bounded cache.
 *
 * How the term of a known word is chosen was measured on the dev gold sets
 * (../shared/stemgold, type-level B-cubed F, over-stemming OI):
 *   - the lemma itself, not the rule stem of the lemma: the rule stem keeps unknown and known
 *     forms together (uk recall 0.989) but merges what hunspell keeps apart (фізичний and
 *     фізично, зміна and змінити): uk b3F 0.964 and OI 10 ppm against 0.974 and 3.9 ppm;
 *   - of several lemmas, the one whose rule stem is the word's own rule stem (uk +0.004
 *     over hunspell's first), then adjective, adverb, noun, verb by the lemma's ending
 *     (uk +0.004: нове, друге are forms of новий, другий far more often than nouns);
 *   - when the lower-case word is unknown, its capitalized form (Києва → Київ): uk +0.002;
 *   - when the rule stems of the lower-case word's lemmas are all more than a letter away
 *     from its own, a proper noun of its rule stem whose lemma is, lower-case, also a form
 *     of words that far away: київ is the genitive plural of кий (cue), and the city (rule
 *     stem києв, as Києва); києві is кий's dative and the city's locative; киев too. But
 *     суми stays сума (сум), соколи сокіл (сокол), зайці заєць (заєц), though villages
 *     bear those names, and козакові stays козак: the surname Козаков is no common word's
 *     form. Only a word whose rule stem a proper noun of the dictionary has is looked up
 *     again (see PROPER_BITS). On the dev queries (bench/relevance.sh) the queries Київ
 *     and Киев found more: entity/uk R@100 0.8333 → 0.8346; the gold sets did not move.
 *     Hunspell does 0.5 % more work on Ukrainian articles, 0.15 % on Russian ones
 *     (callgrind), and reading the proper nouns, once for all the threads of a run, adds a
 *     fifth to a dictionary's load (0.04 s for Ukrainian): indexing the corpus took 1 % longer (15.41 → 15.55 s, means
 *     of 3 alternated pairs);
 *   - an adverb in -о is a word of its own, though hunspell gives it as a form of its
 *     adjective (серьезно → серьезный, фізично → фізичний): ru OI 7.1 → 5.0 ppm, uk b3F
 *     +0.003 and OI −0.8 ppm;
 *   - a Russian active past participle is a form of its verb (сделавший → сделать,
 *     находившийся → находиться), when the dictionary knows that verb: ru +0.003;
 *   - Ukrainian gerunds are words of their own (stem.c keeps them from the dictionary):
 *     uk b3F 0.974 → 0.979, OI 3.9 → 2.6 ppm.
 *   - a Russian past or future of a -йти verb that hunspell lists as a word of its own
 *     (пришла, придет) is a form of that verb: ru +0.0003;
 * A word the dictionary does not know gets its rule stem. Its rule stem may be a lemma, and
 * so join it, which is right for a form hunspell lacks (Нью-Йорке → йорк) but not for an
 * unknown verb whose stem is a noun: an unknown infinitive's stem that is a lemma is marked
 * with MORPH_STEM_MARK (годить → год~, not год). ru OI −0.1 ppm.
 *
 * The cache maps a word to its term in an open-addressing table over one byte arena. When
 * either is full the whole cache is emptied: news vocabulary is Zipfian, so the frequent
 * words are back after a few thousand words, and there is no eviction state to keep. */
#include "morph.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <hunspell/hunspell.h>
#include <pthread.h>
#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "slovo.h"

/* Longer words skip the dictionary and the cache: no Russian or Ukrainian word comes close,
 * and hunspell itself gives up at 100 characters. */
#define MORPH_MAX_WORD 256
/* A lemma or stem longer than this is not a candidate (the buffers below are this big). */
#define MORPH_MAX_TERM 1024
/* Hunspell gives a handful of lemmas at most; any beyond this are ignored. */
#define MORPH_MAX_CAND 16
/* The shared corpus has 295,000 Russian forms: a cache of 131,072 was emptied 4 times and
 * sent 653,000 words to hunspell, one of 524,288 none and 295,000 (indexing 10 % faster,
 * peak memory 17 MB more). Its slots and arena are touched only as they fill. */
#define MORPH_DEFAULT_ENTRIES 524288u
/* Arena bytes per cache entry: a 4-byte header, a word and its term average under 40. */
#define MORPH_ARENA_PER_ENTRY 48u
/* The rule stems of the dictionary's proper nouns are kept as bits of their hash: 55,000
 * Ukrainian ones set 4 % of 2^20 bits, so that 4 % of the words that share no stem with a
 * proper noun are looked up capitalized as well, for nothing. */
#define PROPER_BITS (1u << 20)
/* The longest dictionary line read whole; the rest of a longer one is skipped. */
#define DIC_LINE 4096

/* A slot of the table: a lookup reads the one cache line that holds both. */
struct cache_slot {
    uint32_t entry;             /* arena offset + 1 of an entry, 0 = empty */
    uint32_t hash;              /* the hash of that entry's word */
};

struct cache {
    struct cache_slot *slot;    /* owned */
    size_t mask;                /* slots - 1 (a power of two, at least 2 × max_entries) */
    size_t max_entries;
    size_t entries;
    char *arena;                /* owned; entries: u16 word len, u16 term len, word, term */
    size_t used, cap;           /* bytes in arena */
};

struct morph {
    enum lang lang;
    Hunhandle *h;               /* owned; NULL until the first word that needs it */
    char *aff, *dic;            /* owned; the dictionary's files */
    UConverter *conv;           /* owned; NULL when the dictionary is UTF-8 */
    morph_rule_fn rule;
    void *rule_ctx;
    struct cache c;
    struct morph_shared *shared;        /* borrowed; NULL unless morph_share() */
    struct morph_stats st;
    char word[MORPH_MAX_WORD * 4 + 8];          /* the word in the dictionary's encoding */
    char wstem[MORPH_MAX_TERM];                 /* the word's own rule stem */
    size_t wstem_len;
    char cand[MORPH_MAX_TERM];                  /* a lemma being considered */
    char verb[MORPH_MAX_TERM];                  /* a participle's verb being looked up */
    char term[MORPH_MAX_TERM];                  /* the answer of a cache miss */
    char stem[MORPH_MAX_CAND][MORPH_MAX_TERM];  /* hunspell's stems of m->word (stems()) */
    char *stems[MORPH_MAX_CAND];                /* pointers to them */
    UChar u16[MORPH_MAX_TERM];                  /* conversions to and from the dictionary */
    uint64_t *proper;           /* PROPER_BITS bits (see there), NULL until load(); owned
                                   unless proper_shared */
    int proper_shared;          /* m->proper is m->shared's */
};

static uint32_t fnv1a(const char *s, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

static int cache_init(struct cache *c, size_t max_entries)
{
    size_t slots = 2;
    while (slots < 2 * max_entries)
        slots *= 2;
    c->slot = calloc(slots, sizeof *c->slot);
    c->cap = max_entries * MORPH_ARENA_PER_ENTRY;
    c->arena = malloc(c->cap);
    if (c->slot == NULL || c->arena == NULL)
        return SLOVO_NOMEM;
    c->mask = slots - 1;
    c->max_entries = max_entries;
    return SLOVO_OK;
}

static void cache_free(struct cache *c)
{
    free(c->slot);
    free(c->arena);
}

static const char *cache_get(const struct cache *c, uint32_t h, const char *word, size_t len,
                             size_t *out_len)
{
    for (size_t i = h & c->mask; c->slot[i].entry != 0; i = (i + 1) & c->mask) {
        if (c->slot[i].hash != h)
            continue;
        const char *e = c->arena + (c->slot[i].entry - 1);
        uint16_t klen, vlen;
        memcpy(&klen, e, 2);
        memcpy(&vlen, e + 2, 2);
        if (klen == len && memcmp(e + 4, word, len) == 0) {
            *out_len = vlen;
            return e + 4 + klen;
        }
    }
    return NULL;
}

/* Returns 1 when the cache was emptied to make room. An entry bigger than the whole arena
 * is simply not kept. */
static int cache_put(struct cache *c, uint32_t h, const char *word, size_t len,
                     const char *term, size_t term_len)
{
    size_t need = 4 + len + term_len;
    if (need > c->cap)
        return 0;
    int reset = 0;
    if (c->entries >= c->max_entries || c->used + need > c->cap) {
        memset(c->slot, 0, (c->mask + 1) * sizeof *c->slot);
        c->entries = 0;
        c->used = 0;
        reset = 1;
    }
    char *e = c->arena + c->used;
    uint16_t klen = (uint16_t)len, vlen = (uint16_t)term_len;
    memcpy(e, &klen, 2);
    memcpy(e + 2, &vlen, 2);
    memcpy(e + 4, word, len);
    memcpy(e + 4 + len, term, term_len);
    size_t i = h & c->mask;
    while (c->slot[i].entry != 0)
        i = (i + 1) & c->mask;
    c->slot[i].entry = (uint32_t)(c->used + 1);
    c->slot[i].hash = h;
    c->used += need;
    c->entries++;
    return reset;
}

struct morph_shared {
    pthread_mutex_t lock;       /* guards c and proper */
    enum lang lang;
    struct cache c;
    uint64_t *proper;           /* owned; the first handle's proper-noun stems (read_propers) */
};

int morph_shared_new(struct morph_shared **out, enum lang lang)
{
    *out = NULL;
    if (lang != LANG_UK && lang != LANG_RU)
        return SLOVO_MISUSE;
    struct morph_shared *s = calloc(1, sizeof *s);
    if (s == NULL)
        return SLOVO_NOMEM;
    if (cache_init(&s->c, MORPH_DEFAULT_ENTRIES) != SLOVO_OK) {
        cache_free(&s->c);
        free(s);
        return SLOVO_NOMEM;
    }
    pthread_mutex_init(&s->lock, NULL);
    s->lang = lang;
    *out = s;
    return SLOVO_OK;
}

void morph_shared_free(struct morph_shared *s)
{
    if (s == NULL)
        return;
    pthread_mutex_destroy(&s->lock);
    cache_free(&s->c);
    free(s->proper);
    free(s);
}

/* The shared answer for word[0..len) (hash h) copied into m->term, its length in *tlen:
 * 1 when there is one. */
static int shared_get(struct morph *m, uint32_t h, const char *word, size_t len,
                      size_t *tlen)
{
    pthread_mutex_lock(&m->shared->lock);
    const char *t = cache_get(&m->shared->c, h, word, len, tlen);
    if (t != NULL)
        memcpy(m->term, t, *tlen);      /* it came from a handle's m->term: it fits */
    pthread_mutex_unlock(&m->shared->lock);
    return t != NULL;
}

/* Keeps m->term[0..tlen) as the shared answer for word[0..len), unless another handle
 * put it there meanwhile. */
static void shared_put(struct morph *m, uint32_t h, const char *word, size_t len, size_t tlen)
{
    size_t had;
    pthread_mutex_lock(&m->shared->lock);
    if (cache_get(&m->shared->c, h, word, len, &had) == NULL)
        cache_put(&m->shared->c, h, word, len, m->term, tlen);
    pthread_mutex_unlock(&m->shared->lock);
}

static int readable(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return 0;
    fclose(f);
    return 1;
}

int morph_new(struct morph **out, enum lang lang, const char *dict_dir,
              size_t cache_entries, morph_rule_fn rule, void *rule_ctx)
{
    *out = NULL;
    const char *name = lang == LANG_UK ? "uk_UA" : lang == LANG_RU ? "ru_RU" : NULL;
    if (name == NULL || rule == NULL)
        return SLOVO_MISUSE;
    if (dict_dir == NULL)
        dict_dir = MORPH_DICT_DIR;
    if (cache_entries == 0)
        cache_entries = MORPH_DEFAULT_ENTRIES;
    /* The cache stores offsets in 32 bits. */
    if (cache_entries > (UINT32_MAX - 1) / MORPH_ARENA_PER_ENTRY)
        return SLOVO_MISUSE;

    size_t n = strlen(dict_dir) + strlen(name) + 6;
    char *aff = malloc(n), *dic = malloc(n);
    struct morph *m = calloc(1, sizeof *m);
    int rc = aff == NULL || dic == NULL || m == NULL ? SLOVO_NOMEM : SLOVO_OK;
    if (rc == SLOVO_OK) {
        snprintf(aff, n, "%s/%s.aff", dict_dir, name);
        snprintf(dic, n, "%s/%s.dic", dict_dir, name);
        /* Hunspell_create cannot report a missing file (it prints and loads nothing). */
        if (!readable(aff) || !readable(dic))
            rc = SLOVO_NOTFOUND;
    }
    if (rc == SLOVO_OK) {
        m->lang = lang;
        m->rule = rule;
        m->rule_ctx = rule_ctx;
        m->aff = aff;
        m->dic = dic;
        aff = dic = NULL;
        rc = cache_init(&m->c, cache_entries);
    }
    free(aff);
    free(dic);
    if (rc != SLOVO_OK) {
        morph_free(m);
        return rc;
    }
    *out = m;
    return SLOVO_OK;
}

/* Hunspell keeps one table for all its handles, made by the first and freed by the last
 * with a counter that no lock guards: handles made or freed by several threads at once
 * (indexing workers) leaked it, as LeakSanitizer saw. Slovo makes and frees them one at a
 * time. */
static pthread_mutex_t hunspell_handles = PTHREAD_MUTEX_INITIALIZER;

static Hunhandle *hunspell_open(const char *aff, const char *dic)
{
    pthread_mutex_lock(&hunspell_handles);
    Hunhandle *h = Hunspell_create(aff, dic);
    pthread_mutex_unlock(&hunspell_handles);
    return h;
}

static void hunspell_close(Hunhandle *h)
{
    pthread_mutex_lock(&hunspell_handles);
    Hunspell_destroy(h);
    pthread_mutex_unlock(&hunspell_handles);
}

static size_t lemma_term(struct morph *m, const char *lemma, int *proper);

/* The bit of m->proper for rule stem s[0..len), and its mask in *mask. */
static uint64_t *proper_bit(const struct morph *m, const char *s, size_t len, uint64_t *mask)
{
    uint32_t b = fnv1a(s, len) & (PROPER_BITS - 1);
    *mask = (uint64_t)1 << (b % 64);
    return &m->proper[b / 64];
}

/* 1 when the NUL-terminated text, in the dictionary's encoding, starts with a capital. */
static int starts_upper(const struct morph *m, const char *text)
{
    UChar32 c = 0;
    if (m->conv == NULL) {
        int32_t i = 0;
        U8_NEXT(text, i, -1, c);
    } else {
        UChar u[4];
        UErrorCode err = U_ZERO_ERROR;
        size_t n = strnlen(text, 4);
        int32_t ulen = ucnv_toUChars(m->conv, u, 4, text, (int32_t)n, &err);
        if (U_FAILURE(err) || ulen == 0)
            return 0;
        int32_t i = 0;
        U16_NEXT(u, i, ulen, c);
    }
    return c > 0 && u_isupper(c);
}

/* Marks in m->proper the rule stems of the capitalized entries of m->dic, one a line after
 * the first (their count), each up to a '/' (its flags) or a blank. SLOVO_OK, also when the
 * file cannot be read (no word is looked up twice then), or SLOVO_NOMEM. */
static int mark_propers(struct morph *m)
{
    m->proper = calloc(PROPER_BITS / 64, sizeof *m->proper);
    if (m->proper == NULL)
        return SLOVO_NOMEM;
    FILE *f = fopen(m->dic, "rb");
    if (f == NULL)
        return SLOVO_OK;
    char line[DIC_LINE];
    int rc = SLOVO_OK, line_start = 1, first = 1;
    while (rc == SLOVO_OK && fgets(line, sizeof line, f) != NULL) {
        size_t n = strlen(line);
        int whole = line_start && !first;
        line_start = n > 0 && line[n - 1] == '\n';
        first = first && !line_start;
        if (!whole)
            continue;
        line[strcspn(line, "/ \t\r\n")] = '\0';
        size_t len = starts_upper(m, line) ? lemma_term(m, line, NULL) : 0;
        if (len == 0)
            continue;
        size_t slen;
        const char *stem = m->rule(m->rule_ctx, m->cand, len, &slen);
        uint64_t mask;
        if (stem == NULL)
            rc = SLOVO_NOMEM;
        else
            *proper_bit(m, stem, slen, &mask) |= mask;
    }
    fclose(f);
    return rc;
}

/* m->proper: the one of m->shared, or else marked here (mark_propers()) and given to
 * m->shared, so that the threads of a run read the dictionary's proper nouns once (a fifth
 * of the time to load the dictionary). SLOVO_OK or SLOVO_NOMEM. */
static int read_propers(struct morph *m)
{
    if (m->shared != NULL) {
        pthread_mutex_lock(&m->shared->lock);
        m->proper = m->shared->proper;
        pthread_mutex_unlock(&m->shared->lock);
        m->proper_shared = m->proper != NULL;
        if (m->proper_shared)
            return SLOVO_OK;
    }
    int rc = mark_propers(m);
    if (rc != SLOVO_OK || m->shared == NULL)
        return rc;
    pthread_mutex_lock(&m->shared->lock);
    if (m->shared->proper == NULL) {
        m->shared->proper = m->proper;
    } else {                            /* another handle marked them meanwhile */
        free(m->proper);
        m->proper = m->shared->proper;
    }
    pthread_mutex_unlock(&m->shared->lock);
    m->proper_shared = 1;
    return SLOVO_OK;
}

/* 1 when a proper noun of the dictionary has the word's rule stem (m->wstem), or another
 * stem of the same bit. */
static int proper_stem(const struct morph *m)
{
    uint64_t mask;
    return m->proper != NULL && (*proper_bit(m, m->wstem, m->wstem_len, &mask) & mask) != 0;
}

/* Loads the dictionary at the first word that needs it: loading takes a quarter of a second
 * or more, which a search for words of the other language need not pay. */
static int load(struct morph *m)
{
    if (m->h != NULL)
        return SLOVO_OK;
    m->h = hunspell_open(m->aff, m->dic);
    if (m->h == NULL)
        return SLOVO_NOMEM;
    const char *enc = Hunspell_get_dic_encoding(m->h);
    if (enc == NULL)
        enc = "ISO8859-1";              /* hunspell's own default when SET is absent */
    if (strcasecmp(enc, "UTF-8") == 0 || strcasecmp(enc, "UTF8") == 0)
        return read_propers(m);
    UErrorCode err = U_ZERO_ERROR;
    m->conv = ucnv_open(enc, &err);
    if (U_SUCCESS(err))
        return read_propers(m);
    /* An encoding ICU does not know: no word can be looked up, all go to the rules. */
    m->conv = NULL;
    hunspell_close(m->h);
    m->h = NULL;
    return err == U_MEMORY_ALLOCATION_ERROR ? SLOVO_NOMEM : SLOVO_ERROR;
}

void morph_free(struct morph *m)
{
    if (m == NULL)
        return;
    if (m->h != NULL)
        hunspell_close(m->h);
    if (m->conv != NULL)
        ucnv_close(m->conv);
    free(m->aff);
    free(m->dic);
    if (!m->proper_shared)
        free(m->proper);
    cache_free(&m->c);
    free(m);
}

int morph_share(struct morph *m, struct morph_shared *s)
{
    if (s != NULL && s->lang != m->lang)
        return SLOVO_MISUSE;
    m->shared = s;
    return SLOVO_OK;
}

void morph_stats(const struct morph *m, struct morph_stats *out)
{
    *out = m->st;
    out->entries = m->c.entries;
}

/* The UTF-8 word into m->word in the dictionary's encoding, NUL-terminated, with its first
 * letter upper-cased when `capital`. 0 when it cannot be spelled there (the dictionary
 * cannot know it then). */
static int to_dict(struct morph *m, const char *word, size_t len, int capital)
{
    UErrorCode err = U_ZERO_ERROR;
    int32_t ulen;
    u_strFromUTF8(m->u16, MORPH_MAX_TERM, &ulen, word, (int32_t)len, &err);
    if (U_FAILURE(err) || ulen >= MORPH_MAX_TERM)
        return 0;
    if (capital && ulen > 0) {
        UChar32 c;
        int32_t i = 0;
        U16_NEXT(m->u16, i, ulen, c);
        UChar32 up = u_toupper(c);
        if (U16_LENGTH(up) != i)
            return 0;                   /* never for Cyrillic; not worth a shift */
        int32_t j = 0;
        UBool bad = 0;
        U16_APPEND(m->u16, j, ulen, up, bad);
        (void)bad;
    }
    if (m->conv == NULL) {
        u_strToUTF8(m->word, (int32_t)sizeof m->word, NULL, m->u16, ulen, &err);
    } else {
        ucnv_setFromUCallBack(m->conv, UCNV_FROM_U_CALLBACK_STOP, NULL, NULL, NULL, &err);
        ucnv_fromUChars(m->conv, m->word, (int32_t)sizeof m->word, m->u16, ulen, &err);
    }
    /* sizeof m->word leaves room for the NUL; a warning means there was none. */
    return U_SUCCESS(err) && err != U_STRING_NOT_TERMINATED_WARNING;
}

/* A lemma from hunspell into m->cand as a term: UTF-8, lower-case, ё→е, apostrophes as the
 * analyzer spells them. Returns its length, or 0 when it does not fit or does not convert;
 * *proper (unless NULL) tells whether it was capitalized (a proper noun's). */
static size_t lemma_term(struct morph *m, const char *lemma, int *proper)
{
    UErrorCode err = U_ZERO_ERROR;
    int32_t ulen;
    if (m->conv == NULL)
        u_strFromUTF8(m->u16, MORPH_MAX_TERM, &ulen, lemma, -1, &err);
    else
        ulen = ucnv_toUChars(m->conv, m->u16, MORPH_MAX_TERM, lemma, -1, &err);
    if (U_FAILURE(err) || ulen >= MORPH_MAX_TERM)
        return 0;
    int32_t o = 0;
    if (proper != NULL)
        *proper = 0;
    for (int32_t i = 0; i < ulen;) {
        UChar32 c;
        U16_NEXT(m->u16, i, ulen, c);
        if (o == 0 && proper != NULL)
            *proper = u_isupper(c);
        c = u_tolower(c);
        if (c == 0x0451)                        /* ё */
            c = 0x0435;                         /* е */
        else if (c == 0x2019 || c == 0x02BC || c == 0x0060)
            c = 0x0027;
        UBool bad = 0;
        U8_APPEND(m->cand, o, MORPH_MAX_TERM, c, bad);
        if (bad)
            return 0;
    }
    return (size_t)o;
}

static int ends(const char *s, size_t len, const char *suffix)
{
    size_t n = strlen(suffix);
    return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

/* Rank of a lemma by the part of speech its ending suggests, lower first: adjective,
 * adverb, noun, verb. Measured order (see the top of the file). */
static int pos_rank(const char *t, size_t len)
{
    static const char *const adj[] = {"ий", "ій", "їй", "ый", "ой"};
    static const char *const verb[] = {"ти", "чи", "ть", "тися", "тись", "ться"};
    for (size_t i = 0; i < sizeof adj / sizeof *adj; i++)
        if (ends(t, len, adj[i]))
            return 0;
    for (size_t i = 0; i < sizeof verb / sizeof *verb; i++)
        if (ends(t, len, verb[i]))
            return 3;
    return ends(t, len, "о") ? 1 : 2;
}

/* The letters of UTF-8 s[0..len) into out (at most cap); their count, or -1 when there
 * are more or the text is not UTF-8. */
static int32_t letters(const char *s, size_t len, UChar32 *out, int32_t cap)
{
    int32_t n = 0;
    for (int32_t i = 0; i < (int32_t)len;) {
        UChar32 c;
        U8_NEXT(s, i, (int32_t)len, c);
        if (c < 0 || n == cap)
            return -1;
        out[n++] = c;
    }
    return n;
}

/* 1 when the rule stems a and b are at most one letter apart (one letter changed, added or
 * dropped): сокол and сокіл, зайц and заєц are one word's stems; ки and києв are not. */
static int near_stems(const char *a, size_t alen, const char *b, size_t blen)
{
    UChar32 x[64], y[64];
    int32_t n = letters(a, alen, x, 64), k = letters(b, blen, y, 64);
    if (n < 0 || k < 0 || n - k > 1 || k - n > 1)
        return n >= 0 && n == k && memcmp(x, y, (size_t)n * sizeof *x) == 0;
    int32_t i = 0;
    while (i < n && i < k && x[i] == y[i])
        i++;
    int32_t j = 0;
    while (j < n - i && j < k - i && x[n - 1 - j] == y[k - 1 - j])
        j++;
    return i + j >= (n > k ? n : k) - 1;
}

/* The best of n lemmas into m->term; its length, or 0 when none converts. *far tells
 * whether every lemma's rule stem is more than a letter away from the word's (near_stems).
 * *nomem is set when the rule stemmer runs out of memory. */
static size_t choose(struct morph *m, char **list, int n, int *far, int *nomem)
{
    size_t best_len = 0;
    int best_miss = 0, best_rank = 0;
    *far = 1;
    if (n > MORPH_MAX_CAND)
        n = MORPH_MAX_CAND;
    for (int i = 0; i < n && !*nomem; i++) {
        size_t len = lemma_term(m, list[i], NULL);
        if (len == 0)
            continue;
        size_t slen;
        const char *s = m->rule(m->rule_ctx, m->cand, len, &slen);
        if (s == NULL) {
            *nomem = 1;
            break;
        }
        int miss = !(slen == m->wstem_len && memcmp(s, m->wstem, slen) == 0);
        *far = *far && !near_stems(s, slen, m->wstem, m->wstem_len);
        int rank = pos_rank(m->cand, len);
        int better = best_len == 0;
        if (!better && miss != best_miss)
            better = miss < best_miss;
        else if (!better && rank != best_rank)
            better = rank < best_rank;
        else if (!better) {
            int c = memcmp(m->cand, m->term, len < best_len ? len : best_len);
            better = c < 0 || (c == 0 && len < best_len);
        }
        if (better) {
            memcpy(m->term, m->cand, len);
            best_len = len;
            best_miss = miss;
            best_rank = rank;
        }
    }
    return best_len;
}

/* 1 when the word is an adverb in -о or -ски whose lemma, as hunspell gives it, is its
 * adjective (серьезно → серьезный, фізично → фізичний, практически → практический). Not the genitive -ого/-его/-ього (нового),
 * nor a short passive participle, -но after а/я/е/є or -то after a vowel (создано, зроблено,
 * закрито), which is a form of its participle; -нно is an adverb (мгновенно). */
static int adverb(const char *w, size_t len, const char *lemma, size_t lemma_len)
{
    static const char *const part[] = {"ано", "яно", "ено", "єно", "ато", "ето", "ито",
                                       "іто", "ыто", "ото", "уто", "ято"};
    /* -ски: no form of a -ский adjective ends so (практически, по-українськи) */
    if ((ends(w, len, "ски") || ends(w, len, "ськи")) && pos_rank(lemma, lemma_len) == 0)
        return 1;
    if (!ends(w, len, "о") || ends(w, len, "ого") || ends(w, len, "его") ||
        ends(w, len, "ього"))
        return 0;
    if (!ends(w, len, "нно"))
        for (size_t i = 0; i < sizeof part / sizeof *part; i++)
            if (ends(w, len, part[i]))
                return 0;
    return pos_rank(lemma, lemma_len) == 0;
}

/* 1 when an analysis from Hunspell_analyze() is a stem and flags only, so that the stem
 * Hunspell_stem() would give is its "st:" field: no compound parts, derivations, surface
 * prefixes or alternatives, which Hunspell_stem() reads too (Debian's Russian and
 * Ukrainian dictionaries have none of them). */
static int plain_analysis(const char *a)
{
    static const char *const others[] = {"pa:", "ds:", "sp:", " | ", "\n", "\v"};
    if (strstr(a, "st:") == NULL)
        return 0;
    for (size_t i = 0; i < sizeof others / sizeof *others; i++)
        if (strstr(a, others[i]) != NULL)
            return 0;
    return 1;
}

/* Keeps stem[0..len) as the next of m->stems unless it is there already (hunspell's own
 * order, each once); n stems so far; returns the new count. A stem too long to keep is
 * left out: choose() could not take it either. */
static int keep_stem(struct morph *m, int n, const char *stem, size_t len)
{
    if (n == MORPH_MAX_CAND || len >= MORPH_MAX_TERM)
        return n;
    for (int i = 0; i < n; i++)
        if (strncmp(m->stems[i], stem, len) == 0 && m->stems[i][len] == '\0')
            return n;
    memcpy(m->stem[n], stem, len);
    m->stem[n][len] = '\0';
    m->stems[n] = m->stem[n];
    return n + 1;
}

/* Hunspell's stems of m->word into m->stems; returns how many (at most MORPH_MAX_CAND).
 * The same as Hunspell_stem(), which analyzes the word and then parses the analyses again
 * through C++ streams: that parsing was a fifth of its time, and is done here by reading
 * each analysis's "st:" field, unless one of them holds more than a stem. */
static int stems(struct morph *m)
{
    char **list = NULL;
    int n = Hunspell_analyze(m->h, &list, m->word), kept = 0, plain = 1;
    for (int i = 0; i < n && plain; i++)
        plain = plain_analysis(list[i]);
    for (int i = 0; i < n && plain; i++) {
        const char *st = strstr(list[i], "st:") + strlen("st:");
        kept = keep_stem(m, kept, st, strcspn(st, " \t\n"));
    }
    Hunspell_free_list(m->h, &list, n);
    if (plain)
        return kept;
    n = Hunspell_stem(m->h, &list, m->word);
    kept = 0;
    for (int i = 0; i < n; i++)
        kept = keep_stem(m, kept, list[i], strlen(list[i]));
    Hunspell_free_list(m->h, &list, n);
    return kept;
}

/* 1 when the dictionary gives t[0..len) as a lemma of itself: a word it knows as a lemma,
 * not only as a form. t must not be m->cand or m->word, which this uses. */
static int is_lemma(struct morph *m, const char *t, size_t len)
{
    if (m->h == NULL || !to_dict(m, t, len, 0))
        return 0;
    int n = stems(m), found = 0;
    for (int i = 0; i < n && !found; i++) {
        size_t l = lemma_term(m, m->stems[i], NULL);
        found = l == len && memcmp(m->cand, t, len) == 0;
    }
    return found;
}

/* 1 when every lemma that the dictionary gives the lower-case word[0..len) has a rule stem
 * more than a letter from stem[0..slen) (near_stems()), and there is one. *nomem is set
 * when the rule stemmer runs out of memory. Uses m->cand, m->word and m->stems. */
static int far_lemmas(struct morph *m, const char *word, size_t len, const char *stem,
                      size_t slen, int *nomem)
{
    if (!to_dict(m, word, len, 0))
        return 0;
    int n = stems(m), far = n > 0;
    for (int i = 0; i < n && far; i++) {
        size_t l = lemma_term(m, m->stems[i], NULL), rlen;
        const char *r = l > 0 ? m->rule(m->rule_ctx, m->cand, l, &rlen) : NULL;
        if (l > 0 && r == NULL)
            *nomem = 1;
        far = r != NULL && !near_stems(r, rlen, stem, slen);
    }
    return far;
}

/* The lemma of a proper noun that word[0..len) capitalized is a form of, into m->term; its
 * length, or 0. Only a proper noun of the word's rule stem whose own lemma, lower-case,
 * is also a form of words more than a letter away (far_lemmas()): the word is then read
 * as that noun like its lemma is (києві: Київ, as київ), which is not so for a surname
 * that a common noun's form looks like (козакові: козак, not Козаков). Uses m->cand,
 * m->word and m->stems. */
static size_t proper_lemma(struct morph *m, const char *word, size_t len, int *nomem)
{
    char lemma[MORPH_MAX_TERM], stem[MORPH_MAX_TERM];
    size_t llen = 0, slen = 0;
    if (!to_dict(m, word, len, 1))
        return 0;
    int n = stems(m), proper;
    for (int i = 0; i < n && llen == 0; i++) {
        size_t l = lemma_term(m, m->stems[i], &proper);
        const char *r = l > 0 && proper ? m->rule(m->rule_ctx, m->cand, l, &slen) : NULL;
        if (l > 0 && proper && r == NULL)
            *nomem = 1;
        if (r != NULL && slen == m->wstem_len && memcmp(r, m->wstem, slen) == 0) {
            memcpy(lemma, m->cand, l);
            memcpy(stem, r, slen);
            llen = l;
        }
    }
    if (llen == 0 || !far_lemmas(m, lemma, llen, stem, slen, nomem))
        return 0;
    memcpy(m->term, lemma, llen);
    return llen;
}

/* A Russian active past participle m->term[0..len) as its verb in m->term: сделавший →
 * сделать, находившийся → находиться, прошедший → пройти. Only when the dictionary knows
 * that verb; returns the new length, or len unchanged. The -ший after a consonant
 * (погибший) is left alone: as often it is an adjective (старший, not стареть). */
static size_t participle_verb(struct morph *m, size_t len)
{
    static const char *const forms[][2] = {
        {"вший", "ть"},         /* сделавший → сделать */
        {"шедший", "йти"},      /* прошедший → пройти */
    };
    size_t n = len;
    int refl = ends(m->term, n, "ся");  /* находившийся → находиться */
    if (refl)
        n -= strlen("ся");
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        size_t fl = strlen(forms[i][0]), vl = strlen(forms[i][1]);
        /* two letters at least before the suffix: not вший, not шедший themselves */
        if (!ends(m->term, n, forms[i][0]) || n < fl + 4)
            continue;
        size_t k = n - fl;
        if (k + vl + 4 > sizeof m->verb)
            return len;
        memcpy(m->verb, m->term, k);
        memcpy(m->verb + k, forms[i][1], vl);
        k += vl;
        if (refl) {
            memcpy(m->verb + k, "ся", 4);
            k += 4;
        }
        if (!is_lemma(m, m->verb, k))
            return len;
        memcpy(m->term, m->verb, k);
        return k;
    }
    return len;
}

/* 1 when word[0..len) ends like an infinitive (годить, нести, беречь, учиться, вчитися). */
static int infinitive(const char *w, size_t len)
{
    static const char *const inf[] = {"ть", "ти", "чь", "ться", "тись", "чься", "тися"};
    for (size_t i = 0; i < sizeof inf / sizeof *inf; i++)
        if (ends(w, len, inf[i]))
            return 1;
    return 0;
}

/* A Russian past or future of a verb in -йти, which hunspell lists as a word of its own
 * (пришла, прошел, придет, пойдет), as that verb in m->term when the dictionary knows it:
 * прийти, пройти, пойти. Two letters at least come before the ending (not шел, идет).
 * Returns the new length, or len unchanged. */
static size_t go_verb(struct morph *m, const char *word, size_t len)
{
    static const char *const ends_go[] = {"шел", "шла", "шло", "шли", "йду", "йдет", "йдут",
                                          "йдем", "йдешь", "йдете", "ду", "дет", "дут",
                                          "дем", "дешь", "дете"};
    for (size_t i = 0; i < sizeof ends_go / sizeof *ends_go; i++) {
        size_t el = strlen(ends_go[i]);
        if (!ends(word, len, ends_go[i]) || len < el + 4)
            continue;
        size_t k = len - el;
        memcpy(m->verb, word, k);
        memcpy(m->verb + k, "йти", strlen("йти"));
        k += strlen("йти");
        if (!is_lemma(m, m->verb, k))
            return len;
        memcpy(m->term, m->verb, k);
        return k;
    }
    return len;
}

/* Keeps m->term[0..tlen) in m's cache as the term of word[0..len) and returns it. */
static const char *keep(struct morph *m, uint32_t h, const char *word, size_t len,
                        size_t tlen, size_t *out_len)
{
    if (cache_put(&m->c, h, word, len, m->term, tlen))
        m->st.resets++;
    *out_len = tlen;
    return m->term;
}

const char *morph_term(struct morph *m, const char *word, size_t len, size_t *out_len)
{
    if (len > MORPH_MAX_WORD)
        return m->rule(m->rule_ctx, word, len, out_len);
    uint32_t h = fnv1a(word, len);
    const char *hit = cache_get(&m->c, h, word, len, out_len);
    if (hit != NULL) {
        m->st.hits++;
        return hit;
    }
    size_t tlen = 0;
    if (m->shared != NULL && shared_get(m, h, word, len, &tlen)) {
        m->st.shared++;
        return keep(m, h, word, len, tlen, out_len);
    }
    m->st.misses++;

    size_t slen;
    const char *s = m->rule(m->rule_ctx, word, len, &slen);
    if (s == NULL)
        return NULL;
    if (slen + strlen(MORPH_STEM_MARK) > sizeof m->wstem) {
        *out_len = slen;                /* cannot happen for a word this short */
        return s;
    }
    memcpy(m->wstem, s, slen);
    m->wstem_len = slen;

    int nomem = load(m) == SLOVO_NOMEM, lemmas = 0, far = 0;
    for (int capital = 0; m->h != NULL && capital < 2 && tlen == 0 && !nomem; capital++) {
        if (!to_dict(m, word, len, capital))
            continue;
        lemmas = stems(m);
        if (lemmas > 0)
            tlen = choose(m, m->stems, lemmas, &far, &nomem);
        size_t plen;
        if (tlen > 0 && !capital && far && proper_stem(m) &&
            (plen = proper_lemma(m, word, len, &nomem)) > 0)
            tlen = plen;
    }
    if (nomem)
        return NULL;
    if (tlen > 0) {
        m->st.known++;
        if (adverb(word, len, m->term, tlen)) {
            memcpy(m->term, word, len);
            tlen = len;
        } else if (m->lang == LANG_RU) {
            tlen = participle_verb(m, tlen);
            /* the word its own and only lemma: perhaps a form listed as a word */
            if (lemmas == 1 && tlen == len && memcmp(m->term, word, len) == 0)
                tlen = go_verb(m, word, len);
        }
    } else {
        memcpy(m->term, m->wstem, m->wstem_len);
        tlen = m->wstem_len;
        if (infinitive(word, len) && is_lemma(m, m->wstem, m->wstem_len)) {
            memcpy(m->term + tlen, MORPH_STEM_MARK, strlen(MORPH_STEM_MARK));
            tlen += strlen(MORPH_STEM_MARK);
        }
    }
    if (m->shared != NULL)
        shared_put(m, h, word, len, tlen);
    return keep(m, h, word, len, tlen, out_len);
}
