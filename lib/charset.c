/* charset.c: finds the encoding of a file's bytes and converts them to UTF-8 with ICU.
 *
 * ICU's detector is weak on short Cyrillic text: a sentence in windows-1251 comes out as
 * ISO-8859-8 or windows-1252, and windows-1251, KOI8-R and ISO-8859-5 are confused with
 * each other. So text whose high bytes look like Cyrillic words is decoded with each
 * Cyrillic single-byte charset in turn and scored by how Russian or Ukrainian it reads:
 * frequent letter pairs, and words in natural case ("Москва", not "мОСКВА"). Measured on the
 * 274 sentences of corpus/ru-*, corpus/uk-* and the seed article, each encoded in
 * windows-1251, KOI8-R, ISO-8859-5 and IBM866, as they are and in capitals: every whole
 * sentence decodes right (ICU's detector alone: 96-99%, and never IBM866), the first two
 * words of each 91-99% (ICU: 47-69%). */
#include "charset.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucsdet.h>

#include "slovo.h"
#include "utf8.h"

static const char utf8_name[] = "UTF-8";
static const char utf16le_name[] = "UTF-16LE";
static const char utf16be_name[] = "UTF-16BE";

/* The Cyrillic single-byte charsets, the most common first: it wins a tie. KOI8-U rather than
 * KOI8-R: the same letters, plus і ї є ґ where KOI8-R has box-drawing characters. */
static const char *const cyrillic_charsets[] = {"windows-1251", "KOI8-U", "ISO-8859-5",
                                                "IBM866"};
#define N_CYRILLIC (sizeof cyrillic_charsets / sizeof cyrillic_charsets[0])

/* What ICU's detector may answer that sends the text to our own measure. */
static const char *const icu_cyrillic[] = {"windows-1251", "KOI8-R", "ISO-8859-5", "IBM866"};

/* Frequent letter pairs of Russian and Ukrainian news text, in small letters. */
static const char *const bigrams[] = {
    "ст", "но", "то", "на", "ен", "ов", "ни", "ра", "во", "ко", "ро", "ал", "пр", "по",
    "ре", "ла", "ер", "ос", "ва", "ор", "ол", "ет", "те", "не", "ан", "ел", "ли", "ть",
    "го", "од", "ит", "ка", "ин", "ес", "ри", "ом", "ле", "ые", "ый", "ой", "ны", "де",
    "от", "за", "ск", "ве", "ие", "ак", "ат", "ло", "ил", "ая", "ме", "ти", "ся", "ог",
    "ни", "ні", "ти", "ви", "ів", "ій", "ьк", "ці", "ми", "до", "ід", "ві", "ня", "нн",
    "ін", "ки", "ий", "ої", "ою", "ує", "пі", "ді", "лі", "ли", "сь", "ті", "ча", "єт",
};

/* ---- UTF-16 ------------------------------------------------------------------------- */

/* 1 when the code unit can stand in text: no control character but white space, no
 * non-character U+FFFE/U+FFFF (a byte-swapped BOM). */
static int text_unit(unsigned u)
{
    if (u < 0x20)
        return u == '\t' || u == '\n' || u == '\r' || u == '\f';
    return u != 0xFFFE && u != 0xFFFF;
}

const char *charset_utf16(const char *s, size_t len)
{
    const unsigned char *b = (const unsigned char *)s;
    size_t zeros[2] = {0, 0}, common = 0;
    size_t n = len < CHARSET_UTF16_SNIFF ? len : CHARSET_UTF16_SNIFF;
    int hi; /* position of the high byte in a unit: 1 little-endian, 0 big-endian */

    if (len >= 2 && b[0] == 0xFF && b[1] == 0xFE)
        /* FF FE 00 00 is UTF-32LE, which we do not read. */
        return len >= 4 && b[2] == 0 && b[3] == 0 ? NULL : utf16le_name;
    if (len >= 2 && b[0] == 0xFE && b[1] == 0xFF)
        return utf16be_name;
    n &= ~(size_t)1;
    if (n < 4)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (b[i] == 0)
            zeros[i & 1]++;
    /* Text in UTF-16 has zero high bytes for every ASCII character (spaces, digits, line
     * ends), and almost never a zero low byte (U+0100, U+0400...). */
    if (zeros[1] > 0 && zeros[0] * 16 <= zeros[1])
        hi = 1;
    else if (zeros[0] > 0 && zeros[1] * 16 <= zeros[0])
        hi = 0;
    else
        return NULL;
    for (size_t i = 0; i < n; i += 2) {
        unsigned u = (unsigned)b[i + hi] << 8 | b[i + 1 - hi];
        if (!text_unit(u))
            return NULL;
        common += u < 0x600 || (u >= 0x2000 && u < 0x2300);
    }
    /* Most characters of text we read are Latin, Cyrillic or punctuation (U+0000..U+05FF,
     * U+2000..U+22FF); binary data with a stray NUL is not. Without a BOM, other scripts
     * (CJK) are not recognised: better refused than indexed as garbage. */
    if (common * 2 < n / 2)
        return NULL;
    return hi == 1 ? utf16le_name : utf16be_name;
}

/* ---- Declared charset --------------------------------------------------------------- */

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Case-insensitive search for the ASCII word w in s[0..len): its offset, or len. */
static size_t find_ci(const char *s, size_t len, const char *w)
{
    size_t k = strlen(w);
    for (size_t i = 0; i + k <= len; i++) {
        size_t j = 0;
        while (j < k && lower((unsigned char)s[i + j]) == w[j])
            j++;
        if (j == k)
            return i;
    }
    return len;
}

/* A character of a charset label such as "windows-1251" or "ISO_8859-5:1988". */
static int label_char(char c)
{
    int l = lower((unsigned char)c);
    return (l >= 'a' && l <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.' || c == ':';
}

const char *charset_html_declared(const char *s, size_t len, char *out, size_t cap)
{
    /* HTML requires the declaration in the first 1024 bytes; pages that put it later after
     * long scripts are common enough to look a little further. */
    size_t n = len < 4096 ? len : 4096, pos = 0;

    while (pos < n) {
        size_t meta = pos + find_ci(s + pos, n - pos, "<meta");
        size_t end, at, k = 0;
        if (meta >= n)
            break;
        end = meta;
        while (end < n && s[end] != '>')
            end++;
        /* charset=NAME covers both <meta charset=...> and content="...; charset=...". */
        at = meta + find_ci(s + meta, end - meta, "charset");
        pos = end;
        if (at >= end)
            continue;
        at += 7;
        while (at < end && (s[at] == ' ' || s[at] == '\t' || s[at] == '\n' || s[at] == '\r'))
            at++;
        if (at >= end || s[at] != '=')
            continue;
        at++;
        while (at < end && (s[at] == ' ' || s[at] == '"' || s[at] == '\''))
            at++;
        while (at < end && k + 1 < cap && label_char(s[at]))
            out[k++] = s[at++];
        if (k == 0 || k + 1 >= cap)
            continue;
        out[k] = '\0';
        return out;
    }
    return NULL;
}

/* ---- Detection ---------------------------------------------------------------------- */

/* ICU's name for `name` as a static string (the MIME name, else the IANA one, else ICU's
 * own), or NULL when ICU does not know it. As browsers do (HTML's encoding rules), Latin-1
 * and ASCII mean windows-1252, whose 0x80..0x9F are letters and quotes, not control codes. */
static const char *icu_name(const char *name)
{
    static const char *const standards[] = {"MIME", "IANA"};
    UErrorCode err;
    const char *std;

    for (size_t i = 0; i < sizeof standards / sizeof standards[0]; i++) {
        err = U_ZERO_ERROR;
        std = ucnv_getStandardName(name, standards[i], &err);
        if (U_SUCCESS(err) && std != NULL)
            break;
        std = NULL;
    }
    if (std == NULL) {
        err = U_ZERO_ERROR;
        std = ucnv_getAlias(name, 0, &err);
        if (U_FAILURE(err))
            return NULL;
    }
    if (std != NULL && (strcmp(std, "ISO-8859-1") == 0 || strcmp(std, "US-ASCII") == 0))
        return "windows-1252";
    return std;
}

static int ascii_ieq(const char *a, const char *b)
{
    while (*a != '\0' && lower((unsigned char)*a) == lower((unsigned char)*b)) {
        a++;
        b++;
    }
    return *a == '\0' && *b == '\0';
}

static int is_utf16_or_32(const char *name)
{
    return strncmp(name, "UTF-16", 6) == 0 || strncmp(name, "UTF-32", 6) == 0 ||
           strncmp(name, "ISO-10646-UCS", 13) == 0;
}

/* 1 when s[0..n) is UTF-8 with a few broken sequences: at least four valid multi-byte
 * characters for each invalid byte. Legacy Cyrillic text almost never forms valid UTF-8
 * sequences (a small letter in windows-1251 is a 3-byte lead that needs two continuation
 * bytes, which are punctuation there), so its ratio is the other way round. */
static int mostly_utf8(const char *s, size_t n)
{
    size_t ok = 0, bad = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        size_t k;
        if (c < 0x80) {
            i++;
            continue;
        }
        k = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        if (k > 1 && i + k <= n && utf8_valid(s + i, k)) {
            ok++;
            i += k;
        } else {
            bad++;
            i++;
        }
    }
    return ok > 0 && ok >= 4 * bad;
}

/* 1 when the high bytes of s[0..n) look like the letters of words in a Cyrillic single-byte
 * charset: at least half of them stand in runs of two or more. Accented letters of
 * Western text stand alone between ASCII letters ("café", "für"). */
static int looks_cyrillic(const char *s, size_t n)
{
    size_t high = 0, in_runs = 0, run = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && (unsigned char)s[i] >= 0x80) {
            run++;
            continue;
        }
        high += run;
        if (run >= 2)
            in_runs += run;
        run = 0;
    }
    return high > 0 && in_runs * 2 >= high;
}

/* The slot of a Cyrillic letter, 0..48 (а..я, ѐ..џ, ґ); -1 for anything else. *upper is set
 * for a capital. */
static int letter_slot(unsigned c, int *upper)
{
    *upper = (c >= 0x400 && c <= 0x42F) || c == 0x490;
    if (c >= 0x410 && c <= 0x42F)
        return (int)(c - 0x410);
    if (c >= 0x430 && c <= 0x44F)
        return (int)(c - 0x430);
    if (c >= 0x400 && c <= 0x40F)
        return (int)(c - 0x400 + 32);
    if (c >= 0x450 && c <= 0x45F)
        return (int)(c - 0x450 + 32);
    if (c == 0x490 || c == 0x491)
        return 48;
    return -1;
}

/* The code point of the first letter of a UTF-8 string of Cyrillic letters (2 bytes each). */
static unsigned cyr_at(const char *s)
{
    return ((unsigned)(s[0] & 0x1F) << 6) | (unsigned)(s[1] & 0x3F);
}

/* How Russian or Ukrainian s[0..n) reads when its high bytes mean table[b - 0x80]: 2 points
 * for each frequent letter pair; per word of two letters or more, 2 for a capital followed
 * by small letters ("Москва") and -2 for other mixed case ("мОСКВА", what windows-1251 gives
 * read as KOI8). Words all in small letters or all in capitals count nothing: windows-1251
 * and KOI8 swap the two, and headlines in capitals are common, so only mixed case tells.
 * (Counting small letters for and capitals against, the first try, got every sentence
 * in capitals wrong.) */
static long cyrillic_score(const char *s, size_t n, const UChar table[128],
                           const uint64_t pairs[49])
{
    long score = 0;
    size_t letters = 0, capitals = 0;
    int prev = -1, first_capital = 0;

    for (size_t i = 0; i <= n; i++) {
        unsigned char b = i < n ? (unsigned char)s[i] : ' ';
        int capital = 0, slot = b >= 0x80 ? letter_slot(table[b - 0x80], &capital) : -1;
        if (slot < 0) {
            if (letters >= 2 && capitals == 1 && first_capital)
                score += 2;
            else if (letters >= 2 && capitals > 0 && capitals < letters)
                score -= 2;
            letters = capitals = 0;
            prev = -1;
            continue;
        }
        if (letters++ == 0)
            first_capital = capital;
        capitals += (size_t)capital;
        if (prev >= 0 && (pairs[prev] >> slot & 1))
            score += 2;
        prev = slot;
    }
    return score;
}

/* The Cyrillic single-byte charset in which s[0..n) reads best. */
static const char *best_cyrillic(const char *s, size_t n)
{
    uint64_t pairs[49] = {0};
    const char *best = cyrillic_charsets[0];
    long best_score = 0;
    char high[128];

    for (size_t i = 0; i < sizeof bigrams / sizeof bigrams[0]; i++) {
        int up, a = letter_slot(cyr_at(bigrams[i]), &up);
        int b = letter_slot(cyr_at(bigrams[i] + 2), &up);
        if (a >= 0 && b >= 0)
            pairs[a] |= (uint64_t)1 << b;
    }
    for (int i = 0; i < 128; i++)
        high[i] = (char)(0x80 + i);
    for (size_t c = 0; c < N_CYRILLIC; c++) {
        UChar table[129];
        UErrorCode err = U_ZERO_ERROR;
        UConverter *cnv = ucnv_open(cyrillic_charsets[c], &err);
        long score;
        if (U_SUCCESS(err) && ucnv_toUChars(cnv, table, 129, high, 128, &err) == 128 &&
            U_SUCCESS(err)) {
            score = cyrillic_score(s, n, table, pairs);
            if (c == 0 || score > best_score) {
                best = cyrillic_charsets[c];
                best_score = score;
            }
        }
        ucnv_close(cnv);
    }
    return best;
}

/* ICU detector's best guess for s[0..n) as a static name, or NULL. */
static const char *icu_detect(const char *s, size_t n)
{
    UErrorCode err = U_ZERO_ERROR;
    UCharsetDetector *det = ucsdet_open(&err);
    const UCharsetMatch *m;
    const char *name = NULL;

    ucsdet_setText(det, s, (int32_t)n, &err);
    m = ucsdet_detect(det, &err);
    if (U_SUCCESS(err) && m != NULL) {
        const char *guess = ucsdet_getName(m, &err);
        if (U_SUCCESS(err) && guess != NULL)
            name = icu_name(guess);
    }
    ucsdet_close(det);
    return name;
}

const char *charset_detect(const char *s, size_t len, const char *declared)
{
    size_t n = len < CHARSET_SNIFF ? len : CHARSET_SNIFF;
    const char *name;

    if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        return utf8_name;
    if ((name = charset_utf16(s, len)) != NULL)
        return name;
    if (utf8_valid(s, len) || mostly_utf8(s, n))
        return utf8_name;
    if (declared != NULL && (name = icu_name(declared)) != NULL && !is_utf16_or_32(name) &&
        strcmp(name, utf8_name) != 0)
        return name;
    if (looks_cyrillic(s, n))
        return best_cyrillic(s, n);
    name = icu_detect(s, n);
    if (name != NULL) {
        for (size_t i = 0; i < sizeof icu_cyrillic / sizeof icu_cyrillic[0]; i++)
            if (ascii_ieq(name, icu_cyrillic[i]))
                return best_cyrillic(s, n);
        if (!is_utf16_or_32(name))
            return name;
    }
    return utf8_name;
}

/* ---- Conversion --------------------------------------------------------------------- */

struct bad_ctx {
    const char *base; /* the input, for offsets */
    size_t len;
    struct charset_bad *bad;
};

/* ICU's to-Unicode callback: each invalid or unmapped sequence becomes U+FFFD (ICU's own
 * substitute is U+001A for some single-byte charsets) and is counted. */
static void on_bad(const void *context, UConverterToUnicodeArgs *args, const char *units,
                   int32_t length, UConverterCallbackReason reason, UErrorCode *err)
{
    static const UChar fffd = 0xFFFD;
    const struct bad_ctx *b = context;

    (void)units;
    if (reason != UCNV_UNASSIGNED && reason != UCNV_ILLEGAL && reason != UCNV_IRREGULAR)
        return; /* reset, close, clone */
    if (b->bad->count++ == 0) {
        /* args->source is past the bad bytes in the input handed to ucnv_convertEx(). */
        size_t end = args->source >= b->base && args->source <= b->base + b->len
                         ? (size_t)(args->source - b->base)
                         : 0;
        b->bad->at = end >= (size_t)length ? end - (size_t)length : 0;
    }
    *err = U_ZERO_ERROR;
    ucnv_cbToUWriteUChars(args, &fffd, 1, 0, err);
}

/* Line (from 1) of byte offset at in s, counting line feeds as the charset spells them. */
static size_t line_at(const char *s, size_t at, const char *charset)
{
    size_t line = 1;
    int le = strcmp(charset, utf16le_name) == 0, be = strcmp(charset, utf16be_name) == 0;

    if (le || be) {
        for (size_t i = 0; i + 2 <= at; i += 2)
            line += s[i + be] == '\n' && s[i + le] == '\0';
        return line;
    }
    for (size_t i = 0; i < at; i++)
        line += s[i] == '\n';
    return line;
}

int charset_to_utf8(const char *s, size_t len, const char *charset, char **out,
                    size_t *out_len, struct charset_bad *bad)
{
    /* Every input byte gives at most 3 bytes of UTF-8 (a U+FFFD, a BMP character); the cap
     * leaves room for the rare mapping of one byte to two characters. */
    size_t cap = len * 3 + 16, limit = len * 8 + 64;
    struct bad_ctx ctx = {s, len, bad};
    UErrorCode err = U_ZERO_ERROR;
    UConverter *from, *to;
    UChar pivot[1024], *pivot_source = pivot, *pivot_target = pivot;
    const char *src = s;
    char *buf, *target;
    UBool reset = 1;
    int rc = SLOVO_OK;

    *out = NULL;
    *out_len = 0;
    memset(bad, 0, sizeof *bad);
    from = ucnv_open(charset, &err);
    if (U_FAILURE(err))
        return err == U_MEMORY_ALLOCATION_ERROR ? SLOVO_NOMEM : SLOVO_FORMAT;
    to = ucnv_open(utf8_name, &err);
    ucnv_setToUCallBack(from, on_bad, &ctx, NULL, NULL, &err);
    buf = U_SUCCESS(err) ? malloc(cap + 1) : NULL;
    if (buf == NULL)
        rc = SLOVO_NOMEM;
    target = buf;
    while (rc == SLOVO_OK) {
        err = U_ZERO_ERROR;
        ucnv_convertEx(to, from, &target, buf + cap, &src, s + len, pivot, &pivot_source,
                       &pivot_target, pivot + sizeof pivot / sizeof pivot[0], reset, 1, &err);
        reset = 0;
        if (err == U_BUFFER_OVERFLOW_ERROR && cap < limit) {
            size_t used = (size_t)(target - buf);
            size_t bigger_cap = cap * 2 < limit ? cap * 2 : limit;
            char *bigger = realloc(buf, bigger_cap + 1);
            if (bigger == NULL) {
                rc = SLOVO_NOMEM;
                break;
            }
            buf = bigger;
            cap = bigger_cap;
            target = buf + used;
            continue;
        }
        if (U_FAILURE(err))
            rc = err == U_MEMORY_ALLOCATION_ERROR ? SLOVO_NOMEM : SLOVO_FORMAT;
        break;
    }
    ucnv_close(from);
    ucnv_close(to);
    if (rc != SLOVO_OK) {
        free(buf);
        return rc;
    }
    *out_len = (size_t)(target - buf);
    if (*out_len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
        memmove(buf, buf + 3, *out_len - 3);
        *out_len -= 3;
    }
    buf[*out_len] = '\0';
    *out = buf;
    if (bad->count > 0)
        bad->line = line_at(s, bad->at, charset);
    return SLOVO_OK;
}
