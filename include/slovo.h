/* slovo.h: the public API of Slovo, a full-text search library for Cyrillic news.
 *
 * Everything the slovo-index and slovo-search programs do, a program can do through this
 * header. It is the only header an integrator needs; what is not declared here is not API.
 *
 * Conventions
 * - Text is UTF-8. Strings passed in are either NUL-terminated or given with a byte length,
 *   as each function says. Invalid UTF-8 is replaced by U+FFFD, never trusted; in an
 *   article's id each of its bytes becomes %XX instead (and a '%' %25), so that two ids
 *   stay two.
 * - Functions return an int status code: SLOVO_OK (0) or one of the codes below. Iteration
 *   returns SLOVO_ROW while there is a row and SLOVO_DONE at the end.
 * - slovo_errmsg(db) gives the detail of the last failure on a handle.
 * - Ownership: a `const char *` returned from a handle is borrowed, valid until the next call
 *   on that handle or until it is closed. A `char *` returned belongs to the caller, who frees
 *   it with slovo_free(). Whatever the caller passes in is copied if it is kept.
 * - A handle is used by one thread at a time; open one handle per thread.
 * - The library never prints, exits or aborts.
 *
 * A minimal session:
 *
 *     slovo_db *db;
 *     slovo_open("news.idx", SLOVO_OPEN_CREATE, &db);
 *     slovo_article a = {.id = "1", .title = "Выборы", .body = "Итоги выборов ..."};
 *     slovo_add(db, &a, NULL);
 *     slovo_commit(db);
 *     slovo_hits *h;
 *     slovo_search(db, "выборы", 0, NULL, &h);
 *     while (slovo_hits_next(h) == SLOVO_ROW)
 *         puts(slovo_hit_field(h, SLOVO_FIELD_TITLE, NULL));     -> Выборы
 *     slovo_hits_free(h);
 *     slovo_close(db);
 */
#ifndef SLOVO_H
#define SLOVO_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(SLOVO_BUILDING) && defined(__GNUC__)
#define SLOVO_API __attribute__((visibility("default")))
#else
#define SLOVO_API
#endif

/* ---- Version ------------------------------------------------------------------------- */

#define SLOVO_VERSION "0.1.0"
#define SLOVO_VERSION_NUMBER 1000 /* major * 1000000 + minor * 1000 + patch */

/* The version of the library actually linked, e.g. "0.1.0". Static text. */
SLOVO_API const char *slovo_version(void);

/* ---- Status codes (never renumbered) ------------------------------------------------- */

#define SLOVO_OK 0        /* success */
#define SLOVO_ERROR 1     /* a failure with no more specific code; see slovo_errmsg() */
#define SLOVO_NOMEM 2     /* out of memory */
#define SLOVO_IO 3        /* reading or writing a file or the index failed */
#define SLOVO_NOTFOUND 4  /* no such index, file or article */
#define SLOVO_LOCKED 5    /* another writer holds the index */
#define SLOVO_CORRUPT 6   /* the index is damaged or not a Slovo index */
#define SLOVO_MISUSE 7    /* a bad argument, or writing through a read-only handle */
#define SLOVO_SYNTAX 8    /* the query cannot be parsed */
#define SLOVO_FORMAT 9    /* input that cannot be read: binary data, a broken JSON line */
#define SLOVO_EMPTY 10    /* an article with no text to index */
#define SLOVO_INTERRUPTED 11 /* slovo_index_path() was asked to stop (opts->stop) */
#define SLOVO_ROW 100     /* slovo_hits_next(): a hit is ready */
#define SLOVO_DONE 101    /* slovo_hits_next(): no more hits */

/* A short static English description of a status code, e.g. "index is locked".
 * Unknown codes give "unknown error". Never NULL. */
SLOVO_API const char *slovo_errstr(int code);

/* Frees memory that the library handed to the caller as `char *`. NULL is a no-op. */
SLOVO_API void slovo_free(void *p);

/* ---- Opening an index ---------------------------------------------------------------- */

typedef struct slovo_db slovo_db; /* an open index */

#define SLOVO_OPEN_READONLY 0  /* search only; the index must exist */
#define SLOVO_OPEN_READWRITE 1 /* search and write; the index must exist */
#define SLOVO_OPEN_CREATE 2    /* search and write; the index is created when missing */

/* Morphology: how words are reduced to the terms that their inflected forms share.
 * SLOVO_MORPH_DICT (the default) looks Russian and Ukrainian words up in Debian's hunspell
 * dictionaries (a known word maps to its lemma) and stems unknown words by rules;
 * SLOVO_MORPH_RULES uses only the rule stemmers (Snowball for Russian and English, Slovo's
 * own for Ukrainian). An index records the morphology that built it, and searches use it. */
#define SLOVO_MORPH_DICT 0
#define SLOVO_MORPH_RULES 1

/* OR'ed into the mode of slovo_open(): the morphology of an index being created. An
 * existing index keeps its own. */
#define SLOVO_OPEN_MORPH_RULES 0x100

/* Opens the index in the directory `path` (NUL-terminated) with one of the SLOVO_OPEN_*
 * modes, for a new index maybe OR'ed with SLOVO_OPEN_MORPH_RULES. Only one writer may hold
 * an index at a time: a second gets SLOVO_LOCKED at once.
 *
 * Returns SLOVO_OK, or SLOVO_NOTFOUND (no index; or the dictionaries it was built with are
 * not installed), SLOVO_LOCKED, SLOVO_CORRUPT, SLOVO_IO, SLOVO_MISUSE.
 * Like sqlite3_open(), *out is a handle even on failure (except SLOVO_NOMEM, where it is
 * NULL) so that slovo_errmsg() can tell why; close it with slovo_close() either way. */
SLOVO_API int slovo_open(const char *path, int mode, slovo_db **out);

/* Commits what is pending (on a writable handle) and closes the index. NULL is a no-op.
 * Returns SLOVO_OK, or the failure of the final commit (the handle is freed anyway). */
SLOVO_API int slovo_close(slovo_db *db);

/* The detail of the last failure on db, naming the file, line or query concerned, e.g.
 * "index 'news.idx' is locked by another writer". Borrowed, valid until the next call on
 * db. "not an error" when the last call succeeded; "out of memory" when db is NULL. */
SLOVO_API const char *slovo_errmsg(const slovo_db *db);

/* Number of articles in the index, committed or pending on this handle. */
SLOVO_API int slovo_count(slovo_db *db, uint64_t *out);

/* The morphology the index was built with: SLOVO_MORPH_DICT or SLOVO_MORPH_RULES. */
SLOVO_API int slovo_morphology(const slovo_db *db);

/* ---- Writing articles ---------------------------------------------------------------- */

/* An article to index. Every field is UTF-8, NUL-terminated, or NULL when unknown. */
typedef struct slovo_article {
    const char *id;     /* unique id; an article with the same id is replaced. Required. */
    const char *title;  /* headline */
    const char *body;   /* the text */
    size_t body_len;    /* bytes in body; 0 means body is NUL-terminated */
    const char *date;   /* publication date, ISO 8601: "2021-06-16" or "2021-06-16T10:00Z" */
    const char *source; /* publisher, e.g. "РБК-Україна" */
    const char *url;    /* address of the original */
    const char *path;   /* the file the article came from */
    const char *lang;   /* "ru", "uk", "en" or "other"; NULL: detected from the text */
} slovo_article;

/* Adds the article, or replaces the one with the same id. Title and body are analyzed
 * (Russian, Ukrainian and English morphology) and stored for snippets. The change is
 * visible to searches on this handle at once and to other handles after slovo_commit().
 * If `replaced` is not NULL it is set to 1 when an article with this id existed, else 0.
 *
 * Returns SLOVO_OK; SLOVO_MISUSE (no id, read-only handle, fields of more than 1 GiB in
 * all); SLOVO_EMPTY (neither title nor body has a word to index: nothing is written);
 * SLOVO_NOMEM; SLOVO_IO. */
SLOVO_API int slovo_add(slovo_db *db, const slovo_article *article, int *replaced);

/* Deletes the article with this id (id_len bytes; 0 means NUL-terminated).
 * Returns SLOVO_OK, SLOVO_NOTFOUND when there is none, SLOVO_MISUSE, SLOVO_IO. */
SLOVO_API int slovo_delete(slovo_db *db, const char *id, size_t id_len);

/* Makes every change so far durable and visible to other handles, atomically: after a
 * crash the index holds exactly what the last commit held. Returns SLOVO_OK or SLOVO_IO. */
SLOVO_API int slovo_commit(slovo_db *db);

/* Commits, then rewrites the index with its blocks full, about half the size of an index
 * written in one run, and puts it in place of the old one in one step: searchers on other
 * handles see it at their next search. Worth it after writing many articles (slovo-index
 * does it after a first or --full run); it takes about a second a 100 MB of index and as
 * much free disk again. Returns SLOVO_OK, or SLOVO_IO with the index as it was. */
SLOVO_API int slovo_compact(slovo_db *db);

/* ---- Indexing files ------------------------------------------------------------------ */

/* Counts of what slovo_index_path() did; it adds to them, so zero them first. */
typedef struct slovo_index_stats {
    uint64_t files;             /* files read */
    uint64_t bytes;             /* bytes read */
    uint64_t added;             /* articles new to the index */
    uint64_t replaced;          /* articles that replaced one with the same id */
    uint64_t unchanged;         /* articles read again but found unchanged (not rewritten) */
    uint64_t deleted;           /* articles deleted because their file, or their record in
                                   it, has gone */
    uint64_t files_unchanged;   /* files not read again: same size, time or contents */
    uint64_t skipped_empty;     /* articles with no words to index */
    uint64_t skipped_invalid;   /* broken records, e.g. a JSON line that does not parse */
    uint64_t skipped_files;     /* files not read: binary, unreadable, empty, or named
                                   explicitly but of an unsupported format */
    uint64_t unsupported;       /* files met in a directory whose format is not supported
                                   (images, markup...): counted, not reported */
    uint64_t bytes_total;       /* bytes of the supported files to look at, when a progress
                                   callback is given (found by a first pass), else 0 */
    uint64_t bytes_done;        /* bytes of the files looked at so far, read or not */
} slovo_index_stats;

/* Called by slovo_index_path() for what it meets in the input:
 *   code SLOVO_FORMAT, SLOVO_EMPTY, SLOVO_IO, SLOVO_MISUSE: the record or file was skipped;
 *   code SLOVO_OK with line > 0: the input was repaired and indexed (invalid UTF-8);
 *   code SLOVO_OK with line 0: a file was read ("read") or found unchanged ("unchanged"),
 *   or its articles were deleted because it has gone ("deleted").
 * `path` is the file, `line` the line in it (0 when the whole file is meant), `message` a
 * sentence such as "invalid JSON: unexpected end of data". All three are borrowed for the
 * duration of the call. */
typedef void slovo_notice_fn(void *ctx, int code, const char *path, uint64_t line,
                             const char *message);

/* Called now and then during slovo_index_path() (after each file, and every few hundred
 * articles) with the running counts, e.g. to draw a progress line. */
typedef void slovo_progress_fn(void *ctx, const slovo_index_stats *stats);

/* Options of slovo_index_path(); a zeroed struct gives the defaults. */
typedef struct slovo_index_opts {
    slovo_notice_fn *notice;     /* may be NULL */
    slovo_progress_fn *progress; /* may be NULL */
    void *ctx;                   /* passed to both */
    int full;                    /* read and rewrite every file and article again */
    uint64_t commit_every;       /* commit after this many articles written (default: 2000
                                    articles or 8 MB of text, whichever comes first) */
    volatile const int *stop;    /* when *stop becomes non-zero (e.g. set by a signal
                                    handler), commit and return SLOVO_INTERRUPTED */
    uint64_t max_memory;         /* bytes the run should stay within (default 1 GiB, at least
                                    some 300 MB): it commits before Xapian's buffers grow
                                    past it */
    unsigned jobs;               /* threads at work: 0 or 1, the caller's only; N > 1, the
                                    caller's reads and writes while N - 1 more analyze
                                    articles. The index is the same whatever the number. */
} slovo_index_opts;

/* Indexes a file or, recursively, a directory (hidden files and directories are skipped, the
 * rest is read in name order). Formats, chosen by the file name:
 *   *.jsonl, *.ndjson   one JSON object per line: {"id","title","text","date","source",
 *                       "url","lang"}; "id" defaults to PATH:LINE
 *   *.txt and names without an extension
 *                       plain text: the first meaningful line is the title (a line of
 *                       language links such as "ua en ru" is not), then optional header
 *                       lines "date: ...", "source: ...", "url: ...", "lang: ...", then
 *                       the body. The id is the file's absolute path.
 *   *.html, *.htm       a saved page, one article: title from og:title, <h1> or <title>;
 *                       the body of <article> (or <main>, or <body>) without menus,
 *                       scripts, styles, asides and comments; date from
 *                       article:published_time or <time datetime>; source from
 *                       og:site_name; the canonical url, which is also the id.
 * Text and HTML files may be UTF-8 (with or without a BOM), UTF-16, windows-1251, KOI8-R
 * or another encoding that ICU detects; they are converted. JSON Lines must be UTF-8.
 * Invalid sequences are replaced by U+FFFD and reported.
 * Other files met in a directory are counted in stats->unsupported; a file of another
 * format named as `path` itself is skipped with a notice. Bad input never stops the run: it
 * is reported through opts->notice and counted in `stats` (may be NULL).
 *
 * Incremental: the index remembers each file's size, modification time and content hash.
 * A file whose size and time, or else contents, are as before is not read again (unless
 * opts->full); in a changed file, an article whose id and text are as before is not
 * rewritten, and the articles of records that have gone are deleted; the articles of files
 * gone from a directory indexed before are deleted. A file's articles and its signature are
 * committed together, so after a crash or an interruption the next run completes the work.
 *
 * Commits every opts->commit_every articles (by default, every 2000 articles or 8 MB of
 * text) and at the end. Returns SLOVO_OK when the walk
 * completed (even if some input was skipped); SLOVO_INTERRUPTED (what was done is
 * committed); SLOVO_NOTFOUND when `path` does not exist; SLOVO_IO or SLOVO_NOMEM when the
 * index could not be written. `opts` may be NULL. */
SLOVO_API int slovo_index_path(slovo_db *db, const char *path, const slovo_index_opts *opts,
                               slovo_index_stats *stats);

/* ---- Searching ----------------------------------------------------------------------- */

typedef struct slovo_hits slovo_hits; /* the results of one search */

/* Options of slovo_search(); a zeroed struct gives the defaults. */
typedef struct slovo_query_opts {
    size_t offset;         /* hits to skip (default 0) */
    size_t limit;          /* hits to return (default 10, at most 10000) */
    const char *lang;      /* only articles in this language ("ru", "uk", "en", "other") */
    const char *date_from; /* only articles dated on or after "YYYY-MM-DD" */
    const char *date_to;   /* only articles dated on or before "YYYY-MM-DD" */
    int sort;              /* SLOVO_SORT_*: the order of the hits */
    int all;               /* 1: near-duplicates (reprints, updated versions of a story) are
                              hits of their own; 0 (default): each group shows as one hit,
                              the first in the sort order (the most relevant; with
                              SLOVO_SORT_DATE the newest), slovo_hit_duplicates() counting
                              the rest */
} slovo_query_opts;

#define SLOVO_SORT_RELEVANCE 0 /* BM25 (the default) */
#define SLOVO_SORT_DATE 1      /* newest first, undated articles last */
#define SLOVO_SORT_RECENT 2    /* relevance with a bonus for freshness: of two equal matches
                                  the newer first; one a month older than the newest match
                                  needs a third more relevance to stay ahead */

/* Searches for `query` (query_len bytes; 0 means NUL-terminated), written in the query
 * language of the README (phrases, -word, OR, AND, prefix*, title:, source:, lang:,
 * date:). Each word is analyzed as
 * the articles were, so every inflected form matches; hyphenated words match whole or by
 * all of their parts. An article needs one of the words; hits are ranked by BM25, the more
 * of the words the higher, an article with all of them earning a bonus and more where they
 * stand together as typed, a match in the title counting more than one in the body. `opts`
 * may be NULL.
 *
 * Returns SLOVO_OK with *out set (free it with slovo_hits_free()); SLOVO_SYNTAX when the
 * query does not parse or has no word (the message gives the byte offset and what to do);
 * SLOVO_MISUSE for a bad option (the message names it); SLOVO_NOMEM; SLOVO_IO or
 * SLOVO_CORRUPT when the index cannot be read. On failure *out is NULL. */
SLOVO_API int slovo_search(slovo_db *db, const char *query, size_t query_len,
                           const slovo_query_opts *opts, slovo_hits **out);

/* Moves to the next hit: SLOVO_ROW when there is one, SLOVO_DONE at the end, or an error
 * code (whose message is on the db handle). */
SLOVO_API int slovo_hits_next(slovo_hits *hits);

/* An estimate of how many hits there are in all (not only the page returned): articles, or
 * stories when near-duplicates fold (opts->all 0), estimated from the share of stories among
 * the best matches. Exact when small. */
SLOVO_API uint64_t slovo_hits_total(const slovo_hits *hits);

/* The current hit's rank, counting from 1 + offset. */
SLOVO_API size_t slovo_hit_rank(const slovo_hits *hits);

/* The current hit's BM25 score: larger is better; comparable within one search only. */
SLOVO_API double slovo_hit_score(const slovo_hits *hits);

#define SLOVO_FIELD_ID 0
#define SLOVO_FIELD_TITLE 1
#define SLOVO_FIELD_DATE 2
#define SLOVO_FIELD_SOURCE 3
#define SLOVO_FIELD_URL 4
#define SLOVO_FIELD_PATH 5
#define SLOVO_FIELD_LANG 6
#define SLOVO_FIELD_BODY 7

/* A stored field of the current hit, NUL-terminated UTF-8; *len (if len is not NULL) gets
 * its byte length. An absent field gives "" (length 0). Borrowed from hits, valid until the
 * next slovo_hits_next() or slovo_hits_free(). The fields are read from the index at the
 * first call for a hit other than for its id, which costs nothing. NULL for an unknown
 * field, before the first slovo_hits_next(), or when the hit cannot be read (it was deleted
 * since the search, say): slovo_errmsg() tells why. */
SLOVO_API const char *slovo_hit_field(slovo_hits *hits, int field, size_t *len);

/* The number of near-duplicates of the current hit that the search folded into it, among
 * the best matches it looked at (so a later page may count fewer; 0 with opts->all, or when
 * it has none). */
SLOVO_API unsigned slovo_hit_duplicates(const slovo_hits *hits);

#define SLOVO_SNIPPET_HTML 1 /* escape & < > " in the text (not in the markers) */

/* A passage of the current hit's text around the query's words, about 200 characters (and
 * a second one when the first leaves some of the words out), cut at word boundaries, with
 * "…" where text was left out, white space folded to single spaces. Every word whose
 * analyzed form matched the query (кибербезопасности for the query кибербезопасность) is
 * wrapped in `open` and `close` (NUL-terminated, e.g. "<b>" and "</b>"; NULL means ""). `flags`: 0 or SLOVO_SNIPPET_HTML. *len (if not NULL) gets the
 * length. Borrowed like slovo_hit_field(); NULL when out of memory or when the hit cannot
 * be read.
 *
 *     slovo_hit_snippet(h, "[", "]", 0, NULL)
 *     -> "…о сотрудничестве в сфере [кибербезопасности] между Россией и…" */
SLOVO_API const char *slovo_hit_snippet(slovo_hits *hits, const char *open, const char *close,
                                        int flags, size_t *len);

/* Frees the results; do it before closing their db. NULL is a no-op. */
SLOVO_API void slovo_hits_free(slovo_hits *hits);

/* ---- Analysis without an index ------------------------------------------------------ */

typedef struct slovo_analyzer slovo_analyzer; /* the text analysis that indexing uses */

/* Makes an analyzer with a SLOVO_MORPH_* morphology. Returns SLOVO_OK; SLOVO_NOTFOUND when
 * the dictionaries are not installed; SLOVO_MISUSE; SLOVO_NOMEM. *out is NULL on failure. */
SLOVO_API int slovo_analyzer_open(int morphology, slovo_analyzer **out);

/* Frees it. NULL is a no-op. */
SLOVO_API void slovo_analyzer_close(slovo_analyzer *a);

/* The index terms that text (len bytes; 0 means NUL-terminated) becomes in an article of
 * language `lang` ("ru", "uk", "en", "other"; NULL: detected from the text), space
 * separated, in *out (NUL-terminated; the caller frees it with slovo_free()). Title and body
 * go through exactly this; it is how to see why a word did or did not match.
 *
 *     slovo_analyze(a, "Україні п’ять", 0, "uk", &terms)   -> terms "україн п'ят"
 *
 * Returns SLOVO_OK, SLOVO_MISUSE (unknown language) or SLOVO_NOMEM. */
SLOVO_API int slovo_analyze(slovo_analyzer *a, const char *text, size_t len, const char *lang,
                            char **out);

#ifdef __cplusplus
}
#endif
#endif
