/* pieces.h: how many word positions each piece of an article's body holds (value 6 of the
 * index, store.h), so that a reader after a word far into the body skips the pieces before
 * it unanalyzed (analyzer_walk). A snippet's passage can lie anywhere in an article;
 * counting the words before it with ICU's word breaks was half of a snippet's time.
 *
 * The pieces are those of analyzer_piece_end(): from the body's start, each ending after the
 * first white space at or past ANALYZER_PIECE bytes from its own start. Their counts come
 * from the analysis of the whole body that indexing does, the same as piece by piece.
 *
 * Format: LEB128 varints: the piece size in bytes (ANALYZER_PIECE when written; a reader
 * with another size takes no counts from it); the position of the body's first word; then
 * the count of each piece in order, up to the one with the body's last word. */
#ifndef SLOVO_PIECES_H
#define SLOVO_PIECES_H
#include <stddef.h>
#include <stdint.h>

/* The counts being taken of a body text[0..len) as its tokens come, in order. */
struct pieces_writer {
    const char *text;
    size_t len;
    size_t end;                 /* where the current piece ends */
    unsigned first;             /* the position of its first word, relative to the body's */
    unsigned char *buf;         /* the value so far */
    size_t buf_len, buf_cap;
    int nomem;
};

/* Starts the counts of text[0..len), a body whose first word takes position base. */
void pieces_start(struct pieces_writer *w, const char *text, size_t len, unsigned base);

/* A token of the body: its byte offset in the text and its position from the body's first
 * word (as analyzer tokens give them), in the order of the analysis. */
void pieces_token(struct pieces_writer *w, size_t start, unsigned pos);

/* Ends the counts at next, the position after the body's last word: the value in a
 * malloc'd buffer of *len bytes, which the caller frees; NULL when out of memory. */
unsigned char *pieces_finish(struct pieces_writer *w, unsigned next, size_t *len);

/* A value read: the body's first position and the counts of its first n pieces. */
struct pieces {
    uint64_t base;
    uint32_t *words;            /* malloc'd; NULL when n is 0 */
    size_t n;
};

/* Reads blob[0..len) into p (n = 0 when it counts pieces of another size): SLOVO_OK,
 * SLOVO_CORRUPT or SLOVO_NOMEM. The caller frees p->words. */
int pieces_read(const unsigned char *blob, size_t len, struct pieces *p);

#endif
