/* date.h: the sortable key of an article's date ("20210616"), which date: queries, --from,
 * --to and --sort date use, from the forms news give their dates in. */
#ifndef SLOVO_DATE_H
#define SLOVO_DATE_H
#include <stddef.h>

/* The key of an ISO 8601 date, "2021-06-16", alone or followed by anything (a time:
 * "2021-06-16T10:00:00+03:00"), written to out with a NUL. 1 on success, 0 when text[0..len)
 * does not start with a real date (2021-02-30 is none). */
int date_iso_key(const char *text, size_t len, char out[9]);

/* Like date_iso_key(), taking also "16.06.2021" (as Russian and Ukrainian sites write it)
 * and RFC 2822's "Wed, 16 Jun 2021 10:00:00 +0300" (as RSS feeds do). */
int date_key(const char *text, size_t len, char out[9]);

#endif
