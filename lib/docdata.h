/* docdata.h: the stored fields of an article, packed into one value of the index
 * (store.h: value 5).
 *
 * Format: a Zstandard frame (with its content size) of, for each field in the order of
 * SLOVO_FIELD_ID .. SLOVO_FIELD_BODY, its byte length as a LEB128 varint, then its bytes.
 * The fields are compressed here, by the threads that build articles, rather than by Xapian,
 * which deflated the document data at zlib's default level on the one thread that writes the
 * index (a sixth of that thread's time). Decoding checks the frame and every length against
 * the data, so a damaged record gives SLOVO_CORRUPT, never a read out of bounds (the frame
 * carries no checksum: damage within the text itself may decode to other text). */
#ifndef SLOVO_DOCDATA_H
#define SLOVO_DOCDATA_H
#include <stddef.h>

#define DOCDATA_FIELDS 8 /* SLOVO_FIELD_ID .. SLOVO_FIELD_BODY */

/* Decoding refuses fields that unpack to more than DOCDATA_MAX_PACKED bytes (a damaged
 * frame may claim any size); with their lengths packed beside them, an article's fields
 * may add up to DOCDATA_MAX_TEXT bytes. */
#define DOCDATA_MAX_PACKED ((size_t)1 << 30)
#define DOCDATA_MAX_TEXT (DOCDATA_MAX_PACKED - 128)

struct docdata {
    const char *field[DOCDATA_FIELDS]; /* NULL or empty when absent */
    size_t len[DOCDATA_FIELDS];
};

/* A compression context, kept for the articles built one after another: making one for
 * each article was a quarter of the time to compress the shared corpus (1.95 against 1.49 s
 * for its bodies at the same level). */
struct docdata_writer;
struct docdata_writer *docdata_writer_new(void);    /* NULL when out of memory */
void docdata_writer_free(struct docdata_writer *w); /* w may be NULL */

/* Packs and compresses d with writer w into a malloc'd buffer, *out_len bytes; the caller
 * frees it. NULL when out of memory. */
char *docdata_encode(struct docdata_writer *w, const struct docdata *d, size_t *out_len);

/* A decompression context, kept for the articles read one after another: making one for
 * each article was a fifth of the time to decode it (5 of 22 µs on the shared corpus). */
struct docdata_reader;
struct docdata_reader *docdata_reader_new(void);    /* NULL when out of memory */
void docdata_reader_free(struct docdata_reader *r); /* r may be NULL */

/* Decompresses data[0..len) with reader r into a malloc'd buffer *plain and splits it into
 * d, whose fields point into *plain, each followed by a NUL; the caller frees *plain, which
 * is NULL on failure. SLOVO_OK, SLOVO_CORRUPT or SLOVO_NOMEM. */
int docdata_decode(struct docdata_reader *r, const char *data, size_t len, struct docdata *d,
                   char **plain);

#endif
