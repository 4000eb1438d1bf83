/* positions.h: where a document's words stand, packed into one value of the index.
 *
 * Xapian keeps the positions of each term of each document as an entry of its own in the
 * position table; with its key and overhead that table alone was as large as the input text
 * on the shared news corpus (155 MB compacted for 164 MB of articles), and writing it was a
 * third of the indexing time. Slovo keeps instead, for each document, the sequence of its
 * words in one value: each word as the rank of its term in the document's term list (which
 * Xapian keeps sorted), in as few bits as the largest rank needs — about 1.3 bytes a word.
 * Phrases are checked on it (store.cc).
 *
 * Format: byte 0 is the code width w (2..32 bits); then codes of w bits, least significant
 * bit first, read with a cursor that starts at position 0:
 *   rank + 2   a word of the term of this rank at the cursor; the cursor moves on by one
 *   1          the cursor steps back by one (the next word shares the previous position,
 *              as a title's "S" term or a hyphenated word's whole form do)
 *   0, k       the cursor skips k (1 .. 2^w - 1) positions, e.g. the gap after the title
 * Trailing bits that hold no whole code, or a 0 followed by k = 0, end the sequence. */
#ifndef SLOVO_POSITIONS_H
#define SLOVO_POSITIONS_H
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct position {
    uint32_t pos;  /* word position in the document */
    uint32_t rank; /* the term's index in the document's sorted term list */
};

/* Packs p[0..n), sorted by pos then rank, of a document with nterms terms (each rank below
 * nterms), into a malloc'd buffer of *len bytes in *out. SLOVO_OK, SLOVO_MISUSE (unsorted
 * or a rank out of range) or SLOVO_NOMEM. */
int positions_pack(const struct position *p, size_t n, uint32_t nterms, unsigned char **out,
                   size_t *len);

/* An upper bound of the words that positions_unpack() can find in blob[0..len). */
size_t positions_max(const unsigned char *blob, size_t len);

/* The words of blob[0..len) whose rank r has wanted[r] != 0 (wanted: nterms entries), in
 * order, into out (room for positions_max() entries). Returns how many, or (size_t)-1 when
 * blob is not a packing for nterms terms (a damaged value never reads out of bounds). */
size_t positions_unpack(const unsigned char *blob, size_t len, uint32_t nterms,
                        const unsigned char *wanted, struct position *out);

/* One word of a phrase: the ranks of the terms it may be (its stems in either language). */
struct phrase_word {
    const uint32_t *ranks;
    size_t n;
};

/* Whether the words w[0..nw) stand one after another somewhere in p[0..n) (sorted by pos). */
int positions_phrase(const struct position *p, size_t n, const struct phrase_word *w,
                     size_t nw);

#ifdef __cplusplus
}
#endif
#endif
