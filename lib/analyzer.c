/* analyzer.c: words out of UTF-8 text, normalized once for documents, queries and snippets.
 *
 * analyzer_reset() decodes the whole input into UTF-16 (ICU's encoding) with a map from each
 * UTF-16 unit back to the byte offset of its character in the input, so that tokens can report
 * offsets in the original text for highlighting. Apostrophes between two letters are unified
 * to U+0027 in that buffer before ICU sees it: ICU breaks at ` and ‘, but keeps U+0027 inside a
 * word. analyzer_next() walks ICU's word boundaries and normalizes each word into `out`.
 *
 * A hyphenated compound is read part by part and queued: the whole first, then the parts. All
 * of their texts live in `out`, which is left alone until the queue is drained, so the text of
 * every queued token stays valid until it is handed out. */
#include "analyzer.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/utf16.h>

#include "slovo.h"

enum {
    MAX_TEXT = 256 << 20,   /* bytes of input to one analyzer_reset() */
    MAX_WORD = 16384,       /* UTF-16 units of one word; the rest of a longer word is dropped */
    MAX_PARTS = 16,         /* parts of one compound; a longer chain goes on as a new one */
    /* Normalizing one unit gives at most 18 (NFKC of U+FDFA), and the decomposition that strips
     * stress marks a few more per character: 80 is beyond any real input. */
    NORM_GROWTH = 80
};
/* The parts of a compound and their whole: at most 3 bytes of UTF-8 per normalized unit. */
#define MAX_OUT ((size_t)2 * MAX_PARTS * MAX_WORD * NORM_GROWTH * 3)

/* A token waiting in the queue; its text is out[off..off+len). */
struct span {
    size_t off, len;
    size_t start, end;
    unsigned pos, flags, nparts;
    enum script script;
};

struct analyzer {
    UBreakIterator *brk;            /* opened once, pointed at each new text */
    const UNormalizer2 *nfkc_cf, *nfd, *nfc; /* ICU singletons, never closed */

    UChar *u16;                     /* the input in UTF-16, n units */
    size_t u16_cap;
    uint32_t *map;                  /* map[i]: byte offset of unit i; map[n] = input length */
    size_t map_cap;
    int32_t n;
    int done;                       /* no more words in the text */

    UChar *buf1, *buf2;             /* normalization scratch, ping-ponged */
    size_t buf1_cap, buf2_cap;
    char *out;                      /* UTF-8 texts of the queued tokens */
    size_t out_len, out_cap;

    struct span queue[MAX_PARTS + 1];
    unsigned qhead, qlen;
    unsigned pos;                   /* position of the next part or word */
    size_t allocs;
};

/* ---- Buffers -------------------------------------------------------------------------- */

/* Returns p grown to hold at least `need` elements of `size` bytes (doubling, so that a
 * buffer reused across calls soon stops growing), or p unchanged with *rc set when `need`
 * passes `max` or memory runs out. *cap is updated only on success. */
static void *reserve(struct analyzer *a, void *p, size_t *cap, size_t need, size_t size,
                     size_t max, int *rc)
{
    if (*rc != SLOVO_OK || need <= *cap)
        return p;
    if (need > max) {
        *rc = SLOVO_NOMEM;
        return p;
    }
    size_t n = *cap ? *cap : 64;
    while (n < need)
        n *= 2;
    if (n > max)
        n = max;
    void *q = realloc(p, n * size);
    if (!q) {
        *rc = SLOVO_NOMEM;
        return p;
    }
    a->allocs++;
    *cap = n;
    return q;
}

/* ---- Decoding ------------------------------------------------------------------------- */

/* Decodes s[0..len) into a->u16 and a->map (both hold len + 1). Each maximal invalid
 * subsequence (W3C/Unicode practice) becomes one U+FFFD, which no ICU word contains.
 * Returns 1 when an apostrophe variant was seen, so the caller knows whether to unify them. */
static int decode(struct analyzer *a, const unsigned char *s, size_t len)
{
    UChar *u = a->u16;
    uint32_t *map = a->map;
    int32_t n = 0;
    int apos = 0;
    size_t i = 0;

    while (i < len) {
        unsigned c = s[i];
        if (c < 0x80) {
            /* The ASCII run is the common case: no table, no branches beyond this one. */
            map[n] = (uint32_t)i;
            u[n++] = (UChar)c;
            apos |= (c == 0x60);
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF && i + 1 < len && (s[i + 1] & 0xC0) == 0x80) {
            /* Two bytes, as Cyrillic letters are: the common case after ASCII. */
            unsigned cp2 = ((c & 0x1F) << 6) | (s[i + 1] & 0x3F);
            map[n] = (uint32_t)i;
            u[n++] = (UChar)cp2;
            apos |= (cp2 == 0x02BC);
            i += 2;
            continue;
        }
        size_t need;
        uint32_t cp;
        unsigned lo = 0x80, hi = 0xBF;      /* bounds of the second byte */
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            cp = c & 0x0F;
            if (c == 0xE0)
                lo = 0xA0;                  /* overlong */
            else if (c == 0xED)
                hi = 0x9F;                  /* surrogates */
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            cp = c & 0x07;
            if (c == 0xF0)
                lo = 0x90;                  /* overlong */
            else if (c == 0xF4)
                hi = 0x8F;                  /* above U+10FFFF */
        } else {
            need = 0;
            cp = 0;
        }
        size_t k = 0;                       /* continuation bytes accepted */
        if (need) {
            while (k < need && i + 1 + k < len) {
                unsigned b = s[i + 1 + k];
                if (k == 0 ? (b < lo || b > hi) : (b & 0xC0) != 0x80)
                    break;
                cp = (cp << 6) | (b & 0x3F);
                k++;
            }
        }
        map[n] = (uint32_t)i;
        if (need && k == need) {
            if (cp <= 0xFFFF) {
                u[n++] = (UChar)cp;
                apos |= (cp == 0x2018 || cp == 0x2019 || cp == 0x02BC);
            } else {
                u[n++] = U16_LEAD(cp);
                map[n] = (uint32_t)i;
                u[n++] = U16_TRAIL(cp);
            }
            i += 1 + need;
        } else {
            u[n++] = 0xFFFD;
            i += 1 + k;
        }
    }
    map[n] = (uint32_t)len;
    a->n = n;
    return apos;
}

static int is_apostrophe(UChar c)
{
    return c == 0x27 || c == 0x60 || c == 0x2018 || c == 0x2019 || c == 0x02BC;
}

/* п’ять, п`ять, пʼять → п'ять: only between two letters, so quotes around words stay quotes. */
static void unify_apostrophes(struct analyzer *a)
{
    UChar *u = a->u16;
    int32_t n = a->n;
    for (int32_t i = 1; i + 1 < n; i++) {
        if (!is_apostrophe(u[i]) || u[i] == 0x27)
            continue;
        UChar32 prev, next;
        int32_t j = i;
        U16_PREV(u, 0, j, prev);
        j = i + 1;
        U16_NEXT(u, j, n, next);
        if (u_isalpha(prev) && u_isalpha(next))
            u[i] = 0x27;
    }
}

/* ---- Normalizing one word ------------------------------------------------------------- */

/* Runs one ICU normalizer from src into *dst, growing *dst when ICU asks for more room.
 * Returns the length written. */
static int32_t icu_normalize(struct analyzer *a, const UNormalizer2 *nz, const UChar *src,
                             int32_t n, UChar **dst, size_t *cap, int *rc)
{
    for (int attempt = 0; *rc == SLOVO_OK && attempt < 2; attempt++) {
        UErrorCode err = U_ZERO_ERROR;
        int32_t m = unorm2_normalize(nz, src, n, *dst, (int32_t)*cap, &err);
        if (err == U_BUFFER_OVERFLOW_ERROR) {
            *dst = reserve(a, *dst, cap, (size_t)m, sizeof(UChar),
                           (size_t)MAX_WORD * NORM_GROWTH, rc);
            continue;
        }
        if (U_FAILURE(err)) {
            /* Only arguments ICU rejects or its own allocations can fail here. */
            *rc = SLOVO_NOMEM;
            return 0;
        }
        return m;
    }
    return 0;
}

/* Lower-case letters only: the analyzer maps after case folding. Latin i is taken for the
 * Ukrainian і, the only Cyrillic letter it looks like. */
static UChar latin_to_cyrillic(UChar c)
{
    static const UChar ascii[26] = {
        /* a */ 0x0430, /* b */ 0x0432, /* c */ 0x0441, 0, /* e */ 0x0435, 0, 0,
        /* h */ 0x043D, /* i */ 0x0456, 0, /* k */ 0x043A, 0, /* m */ 0x043C, 0,
        /* o */ 0x043E, /* p */ 0x0440, 0, 0, 0, /* t */ 0x0442, 0, 0, 0,
        /* x */ 0x0445, /* y */ 0x0443, 0
    };
    if (c >= 'a' && c <= 'z')
        return ascii[c - 'a'];
    if (c == 0x00EF)
        return 0x0457;              /* ï → ї */
    if (c == 0x00EB)
        return 0x0435;              /* ë → ё → е */
    return 0;
}

/* The reverse, over U+0430..U+045F: for a Latin word with a stray Cyrillic letter. */
static UChar cyrillic_to_latin(UChar c)
{
    switch (c) {
    case 0x0430: return 'a';
    case 0x0432: return 'b';
    case 0x0435: return 'e';
    case 0x043A: return 'k';
    case 0x043C: return 'm';
    case 0x043D: return 'h';
    case 0x043E: return 'o';
    case 0x0440: return 'p';
    case 0x0441: return 'c';
    case 0x0442: return 't';
    case 0x0443: return 'y';
    case 0x0445: return 'x';
    case 0x0455: return 's';
    case 0x0456: return 'i';
    case 0x0458: return 'j';
    default: return 0;
    }
}

static int is_cyrillic_letter(UChar32 c)
{
    if (c >= 0x0400 && c <= 0x045F)
        return 1;
    if ((c >= 0x0460 && c <= 0x052F) || (c >= 0x1C80 && c <= 0x1C8F) ||
        (c >= 0x2DE0 && c <= 0x2DFF) || (c >= 0xA640 && c <= 0xA69F))
        return u_isalpha(c);
    return 0;
}

static int is_latin_letter(UChar32 c)
{
    if (c < 0x80)
        return (uint32_t)(c - 'a') < 26 || (uint32_t)(c - 'A') < 26;
    if (c < 0x0400 || (c >= 0x1D00 && c <= 0x1EFF) || (c >= 0xFF00 && c <= 0xFFEF)) {
        UErrorCode err = U_ZERO_ERROR;
        return u_isalpha(c) && uscript_getScript(c, &err) == USCRIPT_LATIN;
    }
    return 0;
}

/* Finishes the word in buf1[0..m): ё→е, look-alike letters, script; appends it to `out` as
 * UTF-8 and describes it in *sp. */
static void finish(struct analyzer *a, int32_t m, struct span *sp, int *rc)
{
    UChar *w = a->buf1;
    int32_t ncyr = 0, nlat = 0, nother = 0, ndigit = 0, cyr_mappable = 1;

    for (int32_t i = 0; i < m;) {
        UChar32 c;
        int32_t at = i;
        U16_NEXT(w, i, m, c);
        if (c == 0x0451) {
            w[at] = 0x0435;
            c = 0x0435;
        }
        if (is_cyrillic_letter(c)) {
            ncyr++;
            if (c > 0xFFFF || !cyrillic_to_latin((UChar)c))
                cyr_mappable = 0;
        } else if (is_latin_letter(c)) {
            nlat++;
        } else if (u_isdigit(c)) {
            ndigit++;
        } else if (u_isalpha(c)) {
            nother++;
        }
    }

    enum script script;
    if (ncyr && nlat) {
        /* Рoccия typed with a Latin o and c, or Microsоft with a Cyrillic о. A word mostly
         * of Latin letters becomes Latin when each of its Cyrillic letters has a Latin twin;
         * otherwise the Latin letters that have a Cyrillic twin become Cyrillic. */
        if (nlat > ncyr && cyr_mappable) {
            for (int32_t i = 0; i < m; i++)
                if (w[i] >= 0x0430 && w[i] <= 0x045F && cyrillic_to_latin(w[i]))
                    w[i] = cyrillic_to_latin(w[i]);
            script = SCRIPT_LATIN;
        } else {
            for (int32_t i = 0; i < m; i++)
                if (latin_to_cyrillic(w[i]))
                    w[i] = latin_to_cyrillic(w[i]);
            script = SCRIPT_CYRILLIC;
        }
    } else if (ncyr) {
        script = SCRIPT_CYRILLIC;
    } else if (nlat) {
        script = SCRIPT_LATIN;
    } else if (ndigit && !nother) {
        script = SCRIPT_DIGIT;
    } else {
        script = SCRIPT_OTHER;
    }

    /* At most 3 bytes of UTF-8 per UTF-16 unit (a surrogate pair gives 4 for 2). */
    a->out = reserve(a, a->out, &a->out_cap, a->out_len + 3 * (size_t)m, 1,
                     MAX_OUT, rc);
    if (*rc != SLOVO_OK)
        return;
    unsigned char *o = (unsigned char *)a->out + a->out_len;
    for (int32_t i = 0; i < m;) {
        UChar32 c;
        U16_NEXT(w, i, m, c);
        if (c < 0x80) {
            *o++ = (unsigned char)c;
        } else if (c < 0x800) {
            *o++ = (unsigned char)(0xC0 | (c >> 6));
            *o++ = (unsigned char)(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            *o++ = (unsigned char)(0xE0 | (c >> 12));
            *o++ = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
            *o++ = (unsigned char)(0x80 | (c & 0x3F));
        } else {
            *o++ = (unsigned char)(0xF0 | (c >> 18));
            *o++ = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
            *o++ = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
            *o++ = (unsigned char)(0x80 | (c & 0x3F));
        }
    }
    sp->off = a->out_len;
    sp->len = (size_t)((char *)o - (a->out + a->out_len));
    sp->script = script;
    a->out_len += sp->len;
}

/* Normalizes the word u16[s..e) into `out`: NFKC with case folding, stress marks removed,
 * ё→е, look-alike letters repaired. */
static void normalize(struct analyzer *a, int32_t s, int32_t e, struct span *sp, int *rc)
{
    sp->start = a->map[s];
    sp->end = a->map[e];
    sp->flags = 0;
    sp->nparts = 0;
    if (e - s > MAX_WORD) {
        e = s + MAX_WORD;
        if (U16_IS_TRAIL(a->u16[e]))
            e--;
    }
    int32_t n = e - s;
    const UChar *src = a->u16 + s;
    a->buf1 = reserve(a, a->buf1, &a->buf1_cap, (size_t)n, sizeof(UChar),
                      (size_t)MAX_WORD * NORM_GROWTH, rc);
    if (*rc != SLOVO_OK)
        return;

    /* Fast path: ASCII and the basic Cyrillic block, where NFKC_Casefold is exactly this
     * lower-casing, so ICU is not needed for nearly every word of Cyrillic news. The letters
     * there that decompose to a base and an accent (ѐ ѝ, and ѓ ќ, whose acute goes too) take
     * the slow path; ё й ї decompose as well but keep their marks, and NFC composes them. */
    int32_t m = 0;
    for (; m < n; m++) {
        UChar c = src[m];
        if (c < 0x80) {
            if ((UChar)(c - 'A') < 26)
                c += 0x20;
        } else if (c >= 0x0410 && c <= 0x042F) {
            c += 0x20;
        } else if (c >= 0x0400 && c <= 0x045F) {
            if (c < 0x0410)
                c += 0x50;
            if (c == 0x0450 || c == 0x0453 || c == 0x045C || c == 0x045D)
                break;
        } else if (c == 0x0490 || c == 0x0491) {
            c = 0x0491;
        } else {
            break;
        }
        a->buf1[m] = c;
    }

    if (m < n) {
        /* NFKC_Casefold also drops default ignorables (the soft hyphen). Stress marks are
         * removed from the canonical decomposition, then NFC puts й, ї (and é) back together,
         * so only U+0300/U+0301 are lost, never the breve of й or the diaeresis of ї. */
        m = icu_normalize(a, a->nfkc_cf, src, n, &a->buf1, &a->buf1_cap, rc);
        int32_t d = icu_normalize(a, a->nfd, a->buf1, m, &a->buf2, &a->buf2_cap, rc);
        int32_t k = 0;
        for (int32_t i = 0; i < d; i++)
            if (a->buf2[i] != 0x0300 && a->buf2[i] != 0x0301)
                a->buf2[k++] = a->buf2[i];
        m = icu_normalize(a, a->nfc, a->buf2, k, &a->buf1, &a->buf1_cap, rc);
        if (*rc != SLOVO_OK)
            return;
    }
    finish(a, m, sp, rc);
}

/* ---- Iteration ------------------------------------------------------------------------ */

static int is_word_status(int32_t status)
{
    return status >= UBRK_WORD_NONE_LIMIT;  /* number, letter, kana, ideograph */
}

static int is_hyphen(UChar c)
{
    return c == 0x002D || c == 0x2010 || c == 0x2011;
}

/* The next word segment [*s, *e) after the iterator's position; 0 at the end. */
static int next_word(struct analyzer *a, int32_t *s, int32_t *e)
{
    int32_t prev = ubrk_current(a->brk);
    for (;;) {
        int32_t b = ubrk_next(a->brk);
        if (b == UBRK_DONE)
            return 0;
        if (is_word_status(ubrk_getRuleStatus(a->brk))) {
            *s = prev;
            *e = b;
            return 1;
        }
        prev = b;
    }
}

static void emit(struct analyzer *a, const struct span *sp, struct token *tok)
{
    tok->text = a->out + sp->off;
    tok->len = sp->len;
    tok->start = sp->start;
    tok->end = sp->end;
    tok->pos = sp->pos;
    tok->script = sp->script;
    tok->flags = sp->flags;
    tok->nparts = sp->nparts;
}

int analyzer_new(struct analyzer **out)
{
    *out = NULL;
    struct analyzer *a = calloc(1, sizeof *a);
    if (!a)
        return SLOVO_NOMEM;
    UErrorCode err = U_ZERO_ERROR;
    a->nfkc_cf = unorm2_getNFKCCasefoldInstance(&err);
    a->nfd = unorm2_getNFDInstance(&err);
    a->nfc = unorm2_getNFCInstance(&err);
    /* "" is the root locale: word boundaries must not depend on the user's environment. */
    a->brk = ubrk_open(UBRK_WORD, "", NULL, 0, &err);
    if (U_FAILURE(err)) {
        analyzer_free(a);
        return err == U_MEMORY_ALLOCATION_ERROR ? SLOVO_NOMEM : SLOVO_ERROR;
    }
    a->done = 1;
    *out = a;
    return SLOVO_OK;
}

void analyzer_free(struct analyzer *a)
{
    if (!a)
        return;
    if (a->brk)
        ubrk_close(a->brk);
    free(a->u16);
    free(a->map);
    free(a->buf1);
    free(a->buf2);
    free(a->out);
    free(a);
}

size_t analyzer_piece_end(const char *text, size_t len, size_t at)
{
    while (at < len && text[at] != ' ' && text[at] != '\n' && text[at] != '\t' &&
           text[at] != '\r' && text[at] != '\f' && text[at] != '\v')
        at++;
    return at < len ? at + 1 : len;
}

int analyzer_reset(struct analyzer *a, const char *text, size_t len)
{
    int rc = SLOVO_OK;
    a->qhead = a->qlen = 0;
    a->out_len = 0;
    a->pos = 0;
    a->n = 0;
    a->done = 1;
    if (len == 0)
        return SLOVO_OK;
    /* Each byte gives at most one UTF-16 unit, so len + 1 bounds both buffers. */
    a->u16 = reserve(a, a->u16, &a->u16_cap, len + 1, sizeof(UChar), (size_t)MAX_TEXT + 1, &rc);
    a->map = reserve(a, a->map, &a->map_cap, len + 1, sizeof(uint32_t), (size_t)MAX_TEXT + 1,
                     &rc);
    if (rc != SLOVO_OK)
        return rc;
    if (decode(a, (const unsigned char *)text, len))
        unify_apostrophes(a);
    UErrorCode err = U_ZERO_ERROR;
    ubrk_setText(a->brk, a->u16, a->n, &err);
    if (U_FAILURE(err))
        return SLOVO_NOMEM;
    a->done = 0;
    return SLOVO_OK;
}

static int take_word(struct analyzer *a);

int analyzer_next(struct analyzer *a, struct token *tok)
{
    if (a->qhead < a->qlen) {
        emit(a, &a->queue[a->qhead++], tok);
        return SLOVO_ROW;
    }
    if (a->done)
        return SLOVO_DONE;
    a->qhead = a->qlen = 0;
    a->out_len = 0;
    int rc;
    while ((rc = take_word(a)) == SLOVO_DONE && !a->done)
        ; /* a word of ignorable characters only: none */
    if (rc != SLOVO_ROW)
        return rc;
    emit(a, &a->queue[0], tok);
    return SLOVO_ROW;
}

/* Queues the next word (its whole and parts) in a->queue: SLOVO_ROW; SLOVO_DONE with
 * a->done set at the end of the text, or with a->done clear for a word that normalizes to
 * nothing (U+115F alone: ignorable characters); or a failure. */
static int take_word(struct analyzer *a)
{
    int32_t ps[MAX_PARTS], pe[MAX_PARTS];
    if (!next_word(a, &ps[0], &pe[0])) {
        a->done = 1;
        return SLOVO_DONE;
    }
    /* Нью-Йорк: word, one hyphen, word, with nothing between. The hyphen is always a segment
     * of its own, so the part after it starts right behind it. When what follows is no word,
     * the iterator has only moved over segments that are no words either. */
    int k = 1;
    while (k < MAX_PARTS && pe[k - 1] + 1 < a->n && is_hyphen(a->u16[pe[k - 1]])) {
        int32_t e = ubrk_following(a->brk, pe[k - 1] + 1);
        if (e == UBRK_DONE || !is_word_status(ubrk_getRuleStatus(a->brk)))
            break;
        ps[k] = pe[k - 1] + 1;
        pe[k] = e;
        k++;
    }

    /* Parts go to queue[1..k], leaving queue[0] for the whole. */
    int rc = SLOVO_OK;
    struct span *q = a->queue;
    int whole = 0, kept = 0;
    for (int i = 0; i < k && rc == SLOVO_OK; i++) {
        normalize(a, ps[i], pe[i], &q[1 + kept], &rc);
        if (q[1 + kept].len == 0)
            continue; /* nothing left of it: no part */
        q[1 + kept].pos = a->pos++;
        whole |= q[1 + kept].script != SCRIPT_DIGIT;
        kept++;
    }
    if (rc != SLOVO_OK) {
        a->done = 1;
        return rc;
    }
    k = kept;
    if (k == 0)
        return SLOVO_DONE;
    /* 2020-2021 is a range, not one word: only a compound with letters has a whole. */
    if (k > 1 && whole) {
        size_t len = 0;
        int cyr = 0, lat = 0;
        for (int i = 1; i <= k; i++) {
            len += q[i].len;
            cyr |= q[i].script == SCRIPT_CYRILLIC;
            lat |= q[i].script == SCRIPT_LATIN;
        }
        a->out = reserve(a, a->out, &a->out_cap, a->out_len + len, 1, MAX_OUT, &rc);
        if (rc != SLOVO_OK) {
            a->done = 1;
            return rc;
        }
        q[0].off = a->out_len;
        for (int i = 1; i <= k; i++) {
            memcpy(a->out + a->out_len, a->out + q[i].off, q[i].len);
            a->out_len += q[i].len;
        }
        q[0].len = len;
        q[0].start = q[1].start;
        q[0].end = q[k].end;
        q[0].pos = q[1].pos;
        q[0].flags = TOKEN_WHOLE;
        q[0].nparts = (unsigned)k;
        q[0].script = cyr ? SCRIPT_CYRILLIC : lat ? SCRIPT_LATIN : SCRIPT_OTHER;
        whole = 1;
    } else {
        memmove(&q[0], &q[1], (size_t)k * sizeof *q);
        whole = 0;
    }
    a->qlen = (unsigned)(k + whole);
    a->qhead = 1;
    return SLOVO_ROW;
}

/* Whether normalize() leaves anything of the word u16[s..e): certainly when it has an ASCII
 * or basic Cyrillic character (within MAX_WORD), which normalizing never drops; otherwise
 * it is normalized to see. */
static int keeps_word(struct analyzer *a, int32_t s, int32_t e, int *rc)
{
    for (int32_t i = s; i < e && i - s < MAX_WORD; i++) {
        UChar c = a->u16[i];
        if (c < 0x80 || (c >= 0x0400 && c <= 0x045F) || c == 0x0490 || c == 0x0491)
            return 1;
    }
    struct span sp;
    size_t out_len = a->out_len;
    normalize(a, s, e, &sp, rc);
    a->out_len = out_len;   /* only its length was wanted */
    return *rc == SLOVO_OK && sp.len > 0;
}

int analyzer_skip_to(struct analyzer *a, unsigned pos)
{
    if (a->qhead < a->qlen || a->done)
        return SLOVO_OK;
    a->out_len = 0;
    int rc = SLOVO_OK;
    while (a->pos < pos) {
        int32_t first = ubrk_current(a->brk), s, e;
        if (!next_word(a, &s, &e)) {
            a->done = 1;
            return SLOVO_OK;
        }
        /* the word and, as take_word() reads them, the parts that follow it */
        unsigned positions = (unsigned)keeps_word(a, s, e, &rc);
        for (int k = 1; k < MAX_PARTS && e + 1 < a->n && is_hyphen(a->u16[e]); k++) {
            int32_t next = ubrk_following(a->brk, e + 1);
            if (next == UBRK_DONE || !is_word_status(ubrk_getRuleStatus(a->brk)))
                break;
            positions += (unsigned)keeps_word(a, e + 1, next, &rc);
            e = next;
        }
        if (rc != SLOVO_OK) {
            a->done = 1;
            return rc;
        }
        if (a->pos + positions > pos) {
            /* pos is within: back to where the word began, for take_word() */
            if (first == 0)
                ubrk_first(a->brk);
            else
                ubrk_following(a->brk, first - 1);
            return SLOVO_OK;
        }
        a->pos += positions;
    }
    return SLOVO_OK;
}

unsigned analyzer_position(const struct analyzer *a)
{
    return a->pos;
}

void analyzer_walk_start(struct analyzer_walk *w, struct analyzer *a, const char *text,
                         size_t len, uint64_t base, const uint32_t *piece_words,
                         size_t npieces)
{
    *w = (struct analyzer_walk){.a = a, .text = text, .len = len, .base = base,
                                .piece_words = piece_words,
                                .npieces = piece_words ? npieces : 0};
}

int analyzer_walk_next(struct analyzer_walk *w, uint64_t wanted, struct token *tok,
                       uint64_t *pos)
{
    for (;;) {
        if (!w->open) {
            if (w->to >= w->len)
                return SLOVO_DONE;
            if (w->to)
                w->piece++;
            w->from = w->to;
            w->to = analyzer_piece_end(w->text, w->len, w->from + ANALYZER_PIECE);
            if (wanted && w->piece < w->npieces && wanted >= w->base + w->piece_words[w->piece]) {
                w->base += w->piece_words[w->piece];
                continue;   /* all of its words come before the one wanted */
            }
            int rc = analyzer_reset(w->a, w->text + w->from, w->to - w->from);
            if (rc != SLOVO_OK)
                return rc;
            w->open = 1;
        }
        uint64_t at = wanted > w->base ? wanted - w->base : 0;
        int rc = analyzer_skip_to(w->a, at > UINT_MAX ? UINT_MAX : (unsigned)at);
        if (rc == SLOVO_OK)
            rc = analyzer_next(w->a, tok);
        if (rc == SLOVO_ROW) {
            *pos = w->base + tok->pos;
            tok->start += w->from;
            tok->end += w->from;
            return SLOVO_ROW;
        }
        if (rc != SLOVO_DONE)
            return rc;
        w->base += analyzer_position(w->a);
        w->open = 0;
    }
}

size_t analyzer_allocs(const struct analyzer *a)
{
    return a->allocs;
}
