/* docdata.h: the stored fields of an article, packed into the document data of the index.
 *
 * Format: for each field in the order of SLOVO_FIELD_ID .. SLOVO_FIELD_BODY, its byte length
 * as a LEB128 varint, then its bytes. Decoding checks every length against the data, so a
 * damaged record gives SLOVO_CORRUPT, never a read out of bounds. */
#ifndef SLOVO_DOCDATA_H
#define SLOVO_DOCDATA_H
#include <stddef.h>

#define DOCDATA_FIELDS 8 /* SLOVO_FIELD_ID .. SLOVO_FIELD_BODY */

struct docdata {
    const char *field[DOCDATA_FIELDS]; /* NULL or empty when absent */
    size_t len[DOCDATA_FIELDS];
};

/* Packs d into a malloc'd buffer, *out_len bytes; the caller frees it. NULL when out of
 * memory. */
char *docdata_encode(const struct docdata *d, size_t *out_len);

/* Splits data[0..len) into d, whose fields point into data (not NUL-terminated).
 * SLOVO_OK or SLOVO_CORRUPT. */
int docdata_decode(const char *data, size_t len, struct docdata *d);

#endif
