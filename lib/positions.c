/* positions.c: the packed word sequence of a document: see positions.h. */
#include "positions.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "slovo.h"
#include "varint.h"

#define CODE_SKIP 0
#define CODE_BACK 1
#define FIRST_RANK_CODE 2

uint32_t positions_hash(const char *term, size_t len)
{
    return (uint32_t)XXH3_64bits(term, len);
}

/* A term's 16-bit key in the table. */
static uint32_t key_of(uint32_t hash)
{
    return (hash ^ hash >> 16) & 0xffff;
}

static unsigned width_for(uint32_t nterms)
{
    uint64_t largest = (uint64_t)nterms + FIRST_RANK_CODE - 1;
    unsigned w = 2;
    while (w < 32 && largest >> w)
        w++;
    return w;
}

struct bit_writer {
    unsigned char *buf;
    size_t at; /* bits written */
};

/* Appends code (below 2^w) in w bits: ORed into the zeroed buffer a byte at a time. */
static void put(struct bit_writer *b, uint32_t code, unsigned w)
{
    unsigned shift = (unsigned)(b->at & 7);
    uint64_t bits = (uint64_t)code << shift;
    unsigned char *at = b->buf + (b->at >> 3);
    for (unsigned k = 0; 8 * k < w + shift; k++)
        at[k] |= (unsigned char)(bits >> (8 * k));
    b->at += w;
}

/* A term in the sort that makes the table: its place in the table's order (by key, then by
 * the whole hash: 48 bits) and its index among the document's terms. */
struct term_order {
    uint64_t order;
    size_t term;
};

/* Sorts w[0..n) by order, a byte at a time from the lowest (tmp: room for n). A radix sort:
 * qsort() and its comparisons were a third of the time to pack a document. */
static void sort_terms(struct term_order *w, struct term_order *tmp, size_t n)
{
    for (unsigned shift = 0; shift < 48; shift += 8) {
        size_t start[257] = {0};
        for (size_t i = 0; i < n; i++)
            start[(w[i].order >> shift & 0xff) + 1]++;
        for (unsigned d = 0; d < 256; d++)
            start[d + 1] += start[d];
        for (size_t i = 0; i < n; i++)
            tmp[start[w[i].order >> shift & 0xff]++] = w[i];
        struct term_order *sorted = tmp;
        tmp = w;
        w = sorted;
    }
    /* six passes: the last one wrote into the caller's w */
}

static int cmp_position(const void *a, const void *b)
{
    const struct position *x = a, *y = b;
    if (x->pos != y->pos)
        return (x->pos > y->pos) - (x->pos < y->pos);
    return (x->rank > y->rank) - (x->rank < y->rank);
}

/* Sorts seq[0..n) by position, then rank. The builder gives the words in the order of their
 * positions, with only the words that share a position to put in order: then an insertion
 * sort is linear. */
static void sort_positions(struct position *seq, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (seq[i].pos < seq[i - 1].pos) {
            qsort(seq, n, sizeof *seq, cmp_position);
            return;
        }
    for (size_t i = 1; i < n; i++) {
        struct position x = seq[i];
        size_t j = i;
        for (; j > 0 && cmp_position(&seq[j - 1], &x) > 0; j--)
            seq[j] = seq[j - 1];
        seq[j] = x;
    }
}

/* Whether rank i of table[0..n) shares its key with a neighbour. */
static int shared_key(const uint32_t *table, size_t n, size_t i)
{
    return (i > 0 && key_of(table[i - 1]) == key_of(table[i])) ||
           (i + 1 < n && key_of(table[i + 1]) == key_of(table[i]));
}

/* The codes of the sorted, distinct words seq[0..n) with width w, counted (b NULL) or
 * written; returns their number. */
static size_t encode(const struct position *seq, size_t n, unsigned w, struct bit_writer *b)
{
    uint32_t max_skip = w == 32 ? UINT32_MAX : (1u << w) - 1;
    size_t codes = 0;
    uint64_t cursor = 0;
    for (size_t i = 0; i < n; i++) {
        if (i && seq[i].pos == seq[i - 1].pos) {
            codes++;
            if (b)
                put(b, CODE_BACK, w);
        } else {
            for (uint64_t gap = seq[i].pos - cursor; gap;) {
                uint32_t k = gap < max_skip ? (uint32_t)gap : max_skip;
                codes += 2;
                if (b) {
                    put(b, CODE_SKIP, w);
                    put(b, k, w);
                }
                gap -= k;
            }
        }
        codes++;
        if (b)
            put(b, seq[i].rank + FIRST_RANK_CODE, w);
        cursor = (uint64_t)seq[i].pos + 1;
    }
    return codes;
}

static size_t put_le(unsigned char *out, uint32_t v, unsigned bytes)
{
    for (unsigned k = 0; k < bytes; k++)
        out[k] = (unsigned char)(v >> (8 * k));
    return bytes;
}

int positions_pack(const uint32_t *hashes, size_t nhashes, const struct word_at *w, size_t n,
                   unsigned char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    for (size_t i = 0; i < n; i++)
        if (w[i].term >= nhashes)
            return SLOVO_MISUSE;
    size_t room = nhashes ? nhashes : 1;
    uint32_t *table = malloc(room * sizeof *table);
    uint32_t *rank = malloc(room * sizeof *rank);
    struct position *seq = malloc((n ? n : 1) * sizeof *seq);
    struct term_order *order = malloc(2 * room * sizeof *order);
    if (!table || !rank || !seq || !order) {
        free(table);
        free(rank);
        free(seq);
        free(order);
        return SLOVO_NOMEM;
    }
    for (size_t i = 0; i < nhashes; i++)
        order[i] = (struct term_order){(uint64_t)key_of(hashes[i]) << 32 | hashes[i], i};
    sort_terms(order, order + room, nhashes);
    /* the table: the distinct hashes in that order; each term gets its rank there */
    size_t nterms = 0;
    for (size_t i = 0; i < nhashes; i++) {
        if (nterms == 0 || order[i].order != order[i - 1].order)
            table[nterms++] = (uint32_t)order[i].order;
        rank[order[i].term] = (uint32_t)(nterms - 1);
    }
    free(order);
    for (size_t i = 0; i < n; i++)
        seq[i] = (struct position){w[i].pos, rank[w[i].term]};
    free(rank);
    size_t nfull = 0;
    for (size_t i = 0; i < nterms; i++)
        nfull += shared_key(table, nterms, i);
    sort_positions(seq, n);
    size_t nseq = 0;
    for (size_t i = 0; i < n; i++)
        if (nseq == 0 || cmp_position(&seq[nseq - 1], &seq[i]) != 0)
            seq[nseq++] = seq[i];

    unsigned width = width_for((uint32_t)nterms);
    size_t codes = encode(seq, nseq, width, NULL);
    size_t bytes = VARINT_MAX + 2 * nterms + VARINT_MAX + 4 * nfull + 1 + (codes * width + 7) / 8;
    struct bit_writer b = {calloc(bytes, 1), 0};
    if (!b.buf) {
        free(table);
        free(seq);
        return SLOVO_NOMEM;
    }
    size_t at = varint_put(b.buf, nterms);
    for (size_t i = 0; i < nterms; i++)
        at += put_le(b.buf + at, key_of(table[i]), 2);
    at += varint_put(b.buf + at, nfull);
    for (size_t i = 0; i < nterms; i++)
        if (shared_key(table, nterms, i))
            at += put_le(b.buf + at, table[i], 4);
    b.buf[at++] = (unsigned char)width;
    b.at = at * 8;
    encode(seq, nseq, width, &b);
    free(table);
    free(seq);
    *out = b.buf;
    *len = (b.at + 7) / 8;
    return SLOVO_OK;
}

/* A varint at blob[*at..len) into *v; 0 when it runs out or overflows 32 bits. */
static int get_varint(const unsigned char *blob, size_t len, size_t *at, uint32_t *v)
{
    uint64_t x;
    if (!varint_get(blob, len, at, UINT32_MAX, &x))
        return 0;
    *v = (uint32_t)x;
    return 1;
}

static uint32_t get_le(const unsigned char *p, unsigned bytes)
{
    uint32_t v = 0;
    for (unsigned k = 0; k < bytes; k++)
        v |= (uint32_t)p[k] << (8 * k);
    return v;
}

int positions_open(const unsigned char *blob, size_t len, struct positions *p)
{
    memset(p, 0, sizeof *p);
    size_t at = 0;
    if (!get_varint(blob, len, &at, &p->nterms) || (len - at) / 2 < p->nterms)
        return SLOVO_CORRUPT;
    p->keys = blob + at;
    at += (size_t)p->nterms * 2;
    if (!get_varint(blob, len, &at, &p->nfull) || p->nfull > p->nterms ||
        (len - at) / 4 < p->nfull)
        return SLOVO_CORRUPT;
    p->full = blob + at;
    at += (size_t)p->nfull * 4;
    if (at == len)
        return SLOVO_CORRUPT;
    p->width = blob[at++];
    if (p->width != width_for(p->nterms))
        return SLOVO_CORRUPT;
    p->codes = blob + at;
    p->codes_len = len - at;
    return SLOVO_OK;
}

int64_t positions_rank(const struct positions *p, uint32_t hash)
{
    uint32_t key = key_of(hash);
    size_t lo = 0, hi = p->nterms;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (get_le(p->keys + mid * 2, 2) < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t end = lo;
    while (end < p->nterms && get_le(p->keys + end * 2, 2) == key)
        end++;
    if (end - lo <= 1)
        return end > lo ? (int64_t)lo : -1;
    /* terms that share the key: their whole hashes follow the keys, in rank order */
    size_t before = 0;
    for (size_t i = 0; i < lo; i++)
        before += (i > 0 && get_le(p->keys + i * 2, 2) == get_le(p->keys + (i - 1) * 2, 2)) ||
                  (i + 1 < p->nterms &&
                   get_le(p->keys + i * 2, 2) == get_le(p->keys + (i + 1) * 2, 2));
    for (size_t r = lo; r < end; r++)
        if (before + (r - lo) < p->nfull && get_le(p->full + (before + r - lo) * 4, 4) == hash)
            return (int64_t)r;
    return -1;
}

size_t positions_max(const struct positions *p)
{
    return p->width ? p->codes_len * 8 / p->width : 0;
}

/* Reads codes of w bits, least significant bit first, a byte at a time. */
struct bit_reader {
    const unsigned char *buf;
    size_t len, next; /* bytes; the next byte to load */
    uint64_t bits;    /* loaded bits not yet read */
    unsigned have;    /* how many */
};

/* The next code of w bits; *ok cleared when fewer than w bits are left. */
static uint32_t get(struct bit_reader *r, unsigned w, int *ok)
{
    while (r->have < w && r->next < r->len) {
        r->bits |= (uint64_t)r->buf[r->next++] << r->have;
        r->have += 8;
    }
    if (r->have < w) {
        *ok = 0;
        return 0;
    }
    uint32_t code = (uint32_t)(r->bits & (w == 32 ? UINT32_MAX : (1u << w) - 1));
    r->bits >>= w;
    r->have -= w;
    return code;
}

size_t positions_unpack(const struct positions *p, const unsigned char *wanted,
                        struct position *out)
{
    unsigned w = p->width;
    struct bit_reader r = {p->codes, p->codes_len, 0, 0, 0};
    size_t n = 0;
    uint64_t cursor = 0;
    for (int ok = 1;;) {
        uint32_t code = get(&r, w, &ok);
        if (!ok)
            break;
        if (code == CODE_SKIP) {
            uint32_t k = get(&r, w, &ok);
            if (!ok || k == 0)
                break;
            cursor += k;
        } else if (code == CODE_BACK) {
            if (cursor == 0)
                return (size_t)-1;
            cursor--;
        } else {
            uint32_t rank = code - FIRST_RANK_CODE;
            if (rank >= p->nterms || cursor > UINT32_MAX)
                return (size_t)-1;
            if (wanted[rank])
                out[n++] = (struct position){(uint32_t)cursor, rank};
            cursor++;
        }
    }
    return n;
}

static int is_word(const struct phrase_word *w, uint32_t rank)
{
    for (size_t i = 0; i < w->n; i++)
        if (w->ranks[i] == rank)
            return 1;
    return 0;
}

/* Whether word w stands at position pos: p is sorted by position. */
static int stands_at(const struct position *p, size_t n, uint32_t pos,
                     const struct phrase_word *w)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p[mid].pos < pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < n && p[lo].pos == pos; lo++)
        if (is_word(w, p[lo].rank))
            return 1;
    return 0;
}

/* How many of the words w[0..nw) stand one after another from p[i] on (0 when p[i] is not
 * w[0]). */
static size_t run_at(const struct position *p, size_t n, size_t i, const struct phrase_word *w,
                     size_t nw)
{
    if (nw == 0 || !is_word(&w[0], p[i].rank))
        return 0;
    size_t k = 1;
    while (k < nw && (uint64_t)p[i].pos + k <= UINT32_MAX &&
           stands_at(p, n, p[i].pos + (uint32_t)k, &w[k]))
        k++;
    return k;
}

size_t positions_longest_run(const struct position *p, size_t n, const struct phrase_word *w,
                             size_t nw)
{
    size_t best = 0;
    for (size_t i = 0; i < n && best < nw; i++)
        for (size_t first = 0; first + best < nw; first++) {
            size_t k = run_at(p, n, i, w + first, nw - first);
            if (k > best)
                best = k;
        }
    return best;
}

int positions_phrase(const struct position *p, size_t n, const struct phrase_word *w,
                     size_t nw)
{
    for (size_t i = 0; i < n; i++)
        if (nw > 0 && run_at(p, n, i, w, nw) == nw)
            return 1;
    return 0;
}

/* Adds step (+1 or -1) to the count of each word that p is, and to *distinct for each word
 * that this brings in or leaves out; returns their weight. */
static double count_word(const struct position *p, const struct phrase_word *w, size_t nw,
                         const double *weight, uint32_t *count, int step, size_t *distinct)
{
    double changed = 0;
    for (size_t k = 0; k < nw; k++) {
        if (!is_word(&w[k], p->rank))
            continue;
        if (step > 0 ? count[k]++ == 0 : --count[k] == 0) {
            changed += weight[k];
            *distinct += (size_t)step;
        }
    }
    return changed;
}

double positions_densest(const struct position *p, size_t n, const struct phrase_word *w,
                         size_t nw, uint32_t width, const double *weight, uint32_t *count)
{
    for (size_t k = 0; k < nw; k++)
        count[k] = 0;
    double best = 0, inside = 0;
    size_t first = 0, distinct = 0;
    for (size_t last = 0; last < n; last++) {
        inside += count_word(&p[last], w, nw, weight, count, +1, &distinct);
        while (first < last && p[last].pos - p[first].pos >= width)
            inside -= count_word(&p[first++], w, nw, weight, count, -1, &distinct);
        if (distinct >= 2 && inside > best)
            best = inside;
    }
    return best;
}
