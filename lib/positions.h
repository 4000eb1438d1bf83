/* positions.h: where a document's words stand, packed into one value of the index.
 *
 * Xapian keeps the positions of each term of each document as an entry of its own in the
 * position table; with its key and overhead that table alone was as large as the input text
 * on the shared news corpus (155 MB compacted for 164 MB of articles), and writing it was a
 * third of the indexing time. Slovo keeps instead one value a document: the table of its
 * distinct terms, then the sequence of its words, each as the index ("rank") of its term in
 * that table, in as few bits as the table's size needs. A phrase is checked on this value
 * alone (store.cc), without reading the document's term list.
 *
 * The table gives each term a 16-bit key folded from its 32-bit hash, and the whole hash too
 * for the terms whose key another term of the document shares: within a document, a hash
 * names one term. A query term's hash may still meet another term of a document that does not
 * contain the query term itself, so the reader looks a term up only in the documents that
 * contain it (store.cc checks its posting list).
 *
 * Format:
 *   n              the number of terms in the table, a LEB128 varint
 *   n keys         2 bytes each, little-endian, ascending; terms with one key are ordered
 *                  by their hashes
 *   m              the number of terms whose key is shared, a varint
 *   m hashes       4 bytes each, little-endian: theirs, in rank order
 *   w              one byte: the code width, 2..32 bits, enough for the code n + 1
 *   codes          w bits each, least significant bit first, read with a cursor that
 *                  starts at position 0:
 *     rank + 2     a word of the term of this rank at the cursor, which moves on by one
 *     1            the cursor steps back by one (the next word shares the previous
 *                  position, as a title's "S" term or a hyphenated word's whole form do)
 *     0, k         the cursor skips k (1 .. 2^w - 1) positions, e.g. the gap after the title
 *   Trailing bits that hold no whole code, or a 0 followed by k = 0, end the sequence. */
#ifndef SLOVO_POSITIONS_H
#define SLOVO_POSITIONS_H
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The hash of a term. */
uint32_t positions_hash(const char *term, size_t len);

/* A word as the document builder gives it: its position and its term, an index into the
 * document's distinct terms. */
struct word_at {
    uint32_t pos;
    uint32_t term;
};

/* Packs the words w[0..n) (in any order) into a malloc'd buffer of *len bytes in *out. The
 * document's distinct terms, those the words name, have the hashes hashes[0..nterms) (two
 * terms of one hash become one). SLOVO_OK, SLOVO_MISUSE when a word names no term, or
 * SLOVO_NOMEM. */
int positions_pack(const uint32_t *hashes, size_t nterms, const struct word_at *w, size_t n,
                   unsigned char **out, size_t *len);

/* A packed value, opened for reading: borrowed pointers into it. */
struct positions {
    const unsigned char *keys;  /* nterms keys */
    uint32_t nterms;
    const unsigned char *full;  /* nfull whole hashes */
    uint32_t nfull;
    unsigned width;
    const unsigned char *codes;
    size_t codes_len;
};

/* Checks the header of blob[0..len) and opens it into p: SLOVO_OK or SLOVO_CORRUPT. */
int positions_open(const unsigned char *blob, size_t len, struct positions *p);

/* The rank of the term with this hash (from positions_hash()), or -1 when the document has
 * no term with it. Meaningful only for a term the document contains: see above. */
int64_t positions_rank(const struct positions *p, uint32_t hash);

/* A word met in the sequence. */
struct position {
    uint32_t pos;
    uint32_t rank;
};

/* An upper bound of the words positions_unpack() can find. */
size_t positions_max(const struct positions *p);

/* The words of the sequence whose rank r has wanted[r] != 0 (wanted: p->nterms entries), in
 * order, into out (room for positions_max() entries). Returns how many, or (size_t)-1 when
 * the sequence is damaged (it is never read out of bounds). */
size_t positions_unpack(const struct positions *p, const unsigned char *wanted,
                        struct position *out);

/* One word of a phrase: the ranks of the terms it may be (its stems in either language). */
struct phrase_word {
    const uint32_t *ranks;
    size_t n;
};

/* Whether the words w[0..nw) stand one after another somewhere in p[0..n) (sorted by pos). */
int positions_phrase(const struct position *p, size_t n, const struct phrase_word *w,
                     size_t nw);

/* The most words of w[0..nw), taken in order from any of them (w[i], w[i+1], ...), that
 * stand one after another somewhere in p[0..n) (sorted by pos): nw when the whole phrase
 * does, 1 when its words only stand apart, 0 when none is there. A word with no ranks
 * (n == 0) is in no run. */
size_t positions_longest_run(const struct position *p, size_t n, const struct phrase_word *w,
                             size_t nw);

/* The most weight of two or more distinct words of w[0..nw) that stand within width (>= 1)
 * consecutive positions somewhere in p[0..n) (sorted by pos), in any order: word k weighs
 * weight[k]; 0 where no two words stand so close. count is scratch room for nw counters. A
 * headline's words stand close in the sentence that its article's lead puts them in, though
 * rarely one after another. */
double positions_densest(const struct position *p, size_t n, const struct phrase_word *w,
                         size_t nw, uint32_t width, const double *weight, uint32_t *count);

#ifdef __cplusplus
}
#endif
#endif
