/* walk.c: slovo_index_path(): walks files and directories, hands each file to its reader and
 * each article to the index, incrementally (what the index remembers of each file is laid
 * out in store.h), and counts and reports what it skips. */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#define XXH_STATIC_LINKING_ONLY /* for XXH3_state_t on the stack */
#include <xxhash.h>

#include "db.h"
#include "pipeline.h"
#include "reader.h"

#define MAX_DEPTH 64            /* deeper directories are not read */
/* Xapian merges what it holds into its tables at each commit, and looks up each term of
 * each article among the changes it holds until then: the more text since the last commit,
 * the longer those lookups. Fed the shared corpus, a build of Slovo took 16.3 / 16.7 s with a
 * commit every 1500 articles against 23.5 / 25.4 s every 10000. */
#define DEFAULT_COMMIT_EVERY 2000
/* Unless told how many articles to commit after, a run also commits after this much text.
 * On the shared corpus, whose long articles are 13 KB on average, 2000 articles took 19.1 s
 * on average and 8 MB 16.2 s, each pair faster (3 alternated pairs; 1000 articles 17.7 s,
 * 5 MB 16.5 s), peaking at 370 MB instead of 446 MB. 2000 short posts are less than that. */
#define DEFAULT_TEXT_PER_COMMIT (8ull << 20)
/* Memory: Xapian holds what is written until the commit, about TEXT_MEMORY_FACTOR times the
 * text (measured on ../shared/corpus: a commit of 130 MB of text peaked near 630 MB with the
 * dictionaries); FIXED_MEMORY is the rest (dictionaries of every thread, caches, ICU). */
#define DEFAULT_MAX_MEMORY (1024ull << 20)
#define FIXED_MEMORY (256ull << 20)
#define WORKER_MEMORY (64ull << 20)     /* each builder's own dictionaries and caches */
/* The dictionary answers the builders share (morph.h), both languages at their cap: a table
 * of 8 MB and 25 MB of words and terms each (morph.c). */
#define SHARED_MEMORY (66ull << 20)
#define ARTICLE_MEMORY (96ull << 10)    /* an article the pipeline holds, read and built */
#define MIN_TEXT_PER_COMMIT (4ull << 20)
#define TEXT_MEMORY_FACTOR 4
#define PROGRESS_EVERY 500      /* articles between progress calls */
#define HASH_HEX 17             /* 16 hex digits and a NUL */
#define FILE_KEY_PREFIX "file:"

/* What the index remembers of a file (metadata "file:" + hash of its path). */
struct signature {
    uint64_t size;
    int64_t mtime_ns;
    uint64_t hash;              /* XXH3 of the contents */
};

struct walk {
    struct slovo_db *db;
    const slovo_index_opts *opts;
    slovo_index_stats *stats;
    int scanning;               /* first pass: only add up bytes_total */
    const char *path;           /* the file being read, as given */
    char file_term[HASH_HEX + 1];   /* its "F" term */
    uint32_t *old_ids;          /* its documents before this run, ascending */
    size_t nold;
    uint32_t *seen;             /* its documents written or found unchanged in this run */
    size_t nseen, seen_cap;
    uint64_t since_commit, since_progress;
    uint64_t bytes_since_commit;    /* of text written */
    uint64_t text_per_commit;       /* commit when bytes_since_commit reaches it */
    int failed;                 /* why the index could not be written, or SLOVO_OK */
    struct pipeline *pipe;      /* with opts->jobs > 1: the threads that build articles */
};

static void tell(struct walk *w, int code, const char *path, uint64_t line, const char *msg)
{
    if (w->opts->notice)
        w->opts->notice(w->opts->ctx, code, path, line, msg);
}

static void progress(struct walk *w)
{
    w->since_progress = 0;
    if (w->opts->progress)
        w->opts->progress(w->opts->ctx, w->stats);
}

static int stopped(const struct walk *w)
{
    return w->opts->stop && *w->opts->stop;
}

static void hex64(uint64_t h, char out[HASH_HEX])
{
    snprintf(out, HASH_HEX, "%016" PRIx64, h);
}

/* The hash of an article as read: every field, each with its length, so that moving text
 * from one field to the next changes it. */
static uint64_t article_hash(const slovo_article *a)
{
    const char *f[] = {a->id, a->title, a->body, a->date, a->source, a->url, a->lang};
    XXH3_state_t st;
    XXH3_64bits_reset(&st);
    for (size_t i = 0; i < sizeof f / sizeof *f; i++) {
        uint64_t len = !f[i] ? 0 : f[i] == a->body && a->body_len ? a->body_len : strlen(f[i]);
        XXH3_64bits_update(&st, &len, sizeof len);
        if (len)
            XXH3_64bits_update(&st, f[i], len);
    }
    return XXH3_64bits_digest(&st);
}

static int remember_seen(struct walk *w, uint32_t docid)
{
    if (w->nseen == w->seen_cap) {
        size_t cap = w->seen_cap ? w->seen_cap * 2 : 256;
        uint32_t *p = realloc(w->seen, cap * sizeof *p);
        if (!p)
            return SLOVO_NOMEM;
        w->seen = p;
        w->seen_cap = cap;
    }
    w->seen[w->nseen++] = docid;
    return SLOVO_OK;
}

static int is_old(const struct walk *w, uint32_t docid)
{
    size_t lo = 0, hi = w->nold;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (w->old_ids[mid] < docid)
            lo = mid + 1;
        else if (w->old_ids[mid] > docid)
            hi = mid;
        else
            return 1;
    }
    return 0;
}

static int commit(struct walk *w)
{
    w->since_commit = 0;
    w->bytes_since_commit = 0;
    int rc = store_commit(w->db->store);
    return rc == SLOVO_OK ? rc : db_store_fail(w->db, rc);
}

/* 1 when the article with a's id is this file's and unchanged since it was written. */
static int unchanged(struct walk *w, const slovo_article *a, const char *hash, int *rc)
{
    const char *id = db_prefixed(w->db, STORE_PREFIX_ID, a->id, strlen(a->id));
    uint32_t docid;
    char *value;
    if (!id) {
        *rc = SLOVO_NOMEM;
        return 0;
    }
    *rc = store_lookup(w->db->store, id, strlen(id), STORE_VALUE_HASH, &docid, &value);
    if (*rc == SLOVO_NOTFOUND) {
        *rc = SLOVO_OK;
        return 0;
    }
    int same = *rc == SLOVO_OK && strcmp(value, hash) == 0 && is_old(w, docid);
    free(value);
    if (same)
        *rc = remember_seen(w, docid);
    return same;
}

/* Counts an article of `bytes` of text that went to the index (rc SLOVO_OK) or was
 * refused; commits every opts->commit_every articles (by default, every
 * DEFAULT_COMMIT_EVERY articles or DEFAULT_TEXT_PER_COMMIT of text), or sooner to keep
 * within opts->max_memory. Returns SLOVO_OK to go on, or why the index cannot be written (the
 * message is on the db). */
static int added(struct walk *w, int rc, int replaced, uint32_t docid, const char *path,
                 uint64_t line, size_t bytes, const char *why)
{
    if (rc == SLOVO_OK) {
        if (replaced)
            w->stats->replaced++;
        else
            w->stats->added++;
        rc = remember_seen(w, docid);
        w->bytes_since_commit += bytes;
        if (rc == SLOVO_OK && (++w->since_commit >= (w->opts->commit_every
                                                          ? w->opts->commit_every
                                                          : DEFAULT_COMMIT_EVERY) ||
                               w->bytes_since_commit >= w->text_per_commit))
            rc = commit(w);
        if (++w->since_progress >= PROGRESS_EVERY)
            progress(w);
        return rc == SLOVO_OK ? rc : (w->failed = rc);
    }
    if (rc == SLOVO_EMPTY || rc == SLOVO_MISUSE) {
        if (rc == SLOVO_EMPTY)
            w->stats->skipped_empty++;
        else
            w->stats->skipped_invalid++;
        tell(w, rc, path, line, why);
        return SLOVO_OK;
    }
    return w->failed = rc; /* the index cannot be written: stop */
}

static int on_article(void *ctx, const slovo_article *a, uint64_t line)
{
    struct walk *w = ctx;
    if (stopped(w))
        return SLOVO_INTERRUPTED;
    char hash[HASH_HEX];
    hex64(article_hash(a), hash);
    int rc = SLOVO_OK;
    if (a->id && *a->id && w->nold && !w->opts->full && unchanged(w, a, hash, &rc)) {
        w->stats->unchanged++;
        return SLOVO_OK;
    }
    if (rc != SLOVO_OK)
        return w->failed = rc;
    struct article_origin origin = {w->file_term, hash};
    /* A file read again is written in order, here: whether a record is unchanged depends on
     * the records before it in the same file, which the pipeline may not have written yet. */
    if (w->pipe && !w->nold) {
        rc = pipeline_add(w->pipe, a, &origin, line);
        return rc == SLOVO_OK ? rc : (w->failed = rc);
    }
    int replaced;
    uint32_t docid;
    rc = db_add(w->db, a, &origin, &replaced, &docid);
    size_t bytes = (a->body ? (a->body_len ? a->body_len : strlen(a->body)) : 0) +
                   (a->title ? strlen(a->title) : 0);
    return added(w, rc, replaced, docid, w->path, line, bytes, slovo_errmsg(w->db));
}

static int save_signature(struct walk *w, const char *key, const struct signature *sig,
                          const char *abspath)
{
    size_t len = strlen(abspath) + 80;
    char *value = malloc(len);
    if (!value)
        return SLOVO_NOMEM;
    snprintf(value, len, "%" PRIu64 " %" PRId64 " %016" PRIx64 " %s", sig->size, sig->mtime_ns,
             sig->hash, abspath);
    int rc = store_set_metadata(w->db->store, key, value);
    free(value);
    return rc;
}

/* A file read whole into the pipeline: its signature, saved once its articles are written
 * (a pipeline mark), followed by its path as given and its absolute path. */
struct file_read {
    char key[32];
    struct signature sig;
};

/* A file whose articles are all written: counted, its signature saved, reported. Returns
 * the store's code. */
static int file_done(struct walk *w, const char *key, const struct signature *sig,
                     const char *path, const char *abspath)
{
    w->stats->files++;
    int rc = save_signature(w, key, sig, abspath);
    if (rc == SLOVO_OK)
        tell(w, SLOVO_OK, path, 0, "read");
    return rc;
}

/* The mark of a file read whole into the pipeline, reached by the writer. */
static int file_written(struct walk *w, const void *mark)
{
    struct file_read f;
    memcpy(&f, mark, sizeof f);
    const char *path = (const char *)mark + sizeof f;
    int rc = file_done(w, f.key, &f.sig, path, path + strlen(path) + 1);
    return rc == SLOVO_OK ? rc : (w->failed = db_store_fail(w->db, rc));
}

/* Queues the mark of a file read whole into the pipeline (file_written()). */
static int mark_file(struct walk *w, const char *key, const struct signature *sig,
                     const char *path, const char *abspath)
{
    struct file_read f;
    memset(&f, 0, sizeof f);
    snprintf(f.key, sizeof f.key, "%s", key);
    f.sig = *sig;
    size_t plen = strlen(path) + 1, alen = strlen(abspath) + 1;
    char *mark = malloc(sizeof f + plen + alen);
    if (!mark)
        return SLOVO_NOMEM;
    memcpy(mark, &f, sizeof f);
    memcpy(mark + sizeof f, path, plen);
    memcpy(mark + sizeof f + plen, abspath, alen);
    int rc = pipeline_mark(w->pipe, mark, sizeof f + plen + alen);
    free(mark);
    return rc;
}

/* A built article written by the pipeline (see on_article), or a file's mark. */
static int write_built(void *ctx, const struct pipeline_doc *d)
{
    struct walk *w = ctx;
    if (d->mark)
        return file_written(w, d->mark);
    int replaced = 0;
    uint32_t docid = 0;
    int rc = d->rc == SLOVO_OK ? db_write(w->db, d->doc, d->id_term, &replaced, &docid)
                               : db_fail(w->db, d->rc, "%s", d->errmsg);
    return added(w, rc, replaced, docid, d->path, d->line, d->bytes, slovo_errmsg(w->db));
}

static void on_notice(void *ctx, int code, uint64_t line, const char *msg)
{
    struct walk *w = ctx;
    if (code != SLOVO_OK) { /* SLOVO_OK: repaired, not skipped */
        if (line == 0)
            w->stats->skipped_files++;
        else if (code == SLOVO_EMPTY)
            w->stats->skipped_empty++;
        else
            w->stats->skipped_invalid++;
    }
    tell(w, code, w->path, line, msg);
}

/* XXH3 of the file's contents; SLOVO_IO when it cannot be read. */
static int hash_file(const char *path, uint64_t *out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return SLOVO_IO;
    XXH3_state_t st;
    XXH3_64bits_reset(&st);
    char buf[1 << 16];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        XXH3_64bits_update(&st, buf, n);
    int bad = ferror(f);
    fclose(f);
    *out = XXH3_64bits_digest(&st);
    return bad ? SLOVO_IO : SLOVO_OK;
}

static int64_t mtime_ns(const struct stat *st)
{
    return (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
}

/* The signature stored under key, if any: 1 when found. */
static int old_signature(struct walk *w, const char *key, struct signature *sig, int *rc)
{
    char *value;
    *rc = store_metadata(w->db->store, key, &value);
    if (*rc != SLOVO_OK)
        return 0;
    int n = sscanf(value, "%" SCNu64 " %" SCNd64 " %" SCNx64, &sig->size, &sig->mtime_ns,
                   &sig->hash);
    free(value);
    return n == 3;
}

static int cmp_ids(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Deletes this file's documents that this run neither wrote nor found unchanged: the
 * records that have gone from it. Both lists ascend, so one pass compares them. */
static int delete_unseen(struct walk *w)
{
    if (w->nseen) /* w->seen is NULL before the first article */
        qsort(w->seen, w->nseen, sizeof *w->seen, cmp_ids);
    int rc = SLOVO_OK;
    size_t j = 0;
    for (size_t i = 0; i < w->nold && rc == SLOVO_OK; i++) {
        while (j < w->nseen && w->seen[j] < w->old_ids[i])
            j++;
        if (j < w->nseen && w->seen[j] == w->old_ids[i])
            continue;
        rc = store_delete_docid(w->db->store, w->old_ids[i]);
        w->stats->deleted++;
    }
    return rc;
}

/* Deletes the articles of a file read before (w->old_ids) and its signature (key), now
 * that it gives none (w->nseen is 0); a message has said why. */
static int forget_file(struct walk *w, const char *key)
{
    int rc = delete_unseen(w);
    if (rc == SLOVO_OK)
        rc = store_set_metadata(w->db->store, key, "");
    return rc == SLOVO_OK ? rc : db_store_fail(w->db, rc);
}

static void file_key(const char *abspath, char term[HASH_HEX + 1], char key[32])
{
    char hex[HASH_HEX];
    hex64(XXH3_64bits(abspath, strlen(abspath)), hex);
    snprintf(term, HASH_HEX + 1, "%c%s", STORE_PREFIX_FILE, hex);
    snprintf(key, 32, FILE_KEY_PREFIX "%s", hex);
}

/* Reads one file (known to be of a supported format) into the index, unless the index
 * holds it as it is. */
static int read_into_index(struct walk *w, const char *path, const struct stat *st,
                           const char *abspath)
{
    char key[32];
    file_key(abspath, w->file_term, key);
    struct signature old, now = {(uint64_t)st->st_size, mtime_ns(st), 0};
    int rc;
    int known = old_signature(w, key, &old, &rc);
    if (rc != SLOVO_OK)
        return db_store_fail(w->db, rc);
    if (known && !w->opts->full && old.size == now.size && old.mtime_ns == now.mtime_ns) {
        w->stats->files_unchanged++;
        tell(w, SLOVO_OK, path, 0, "unchanged");
        return SLOVO_OK;
    }
    if (hash_file(path, &now.hash) != SLOVO_OK) {
        w->stats->skipped_files++;
        tell(w, SLOVO_IO, path, 0, strerror(errno));
        return SLOVO_OK;
    }
    if (known && !w->opts->full && old.hash == now.hash) {
        /* touched, not changed: remember the new time so that the next run is quick */
        w->stats->files_unchanged++;
        tell(w, SLOVO_OK, path, 0, "unchanged");
        rc = save_signature(w, key, &now, abspath);
        return rc == SLOVO_OK ? rc : db_store_fail(w->db, rc);
    }

    rc = store_postings(w->db->store, w->file_term, strlen(w->file_term), &w->old_ids, &w->nold);
    if (rc != SLOVO_OK)
        return db_store_fail(w->db, rc);
    /* A file read again is written here, in order (on_article): what the pipeline holds of
     * the files before goes first. */
    if (w->pipe && w->nold && pipeline_flush(w->pipe) != SLOVO_OK)
        return w->failed;
    w->nseen = 0;
    w->path = path;
    uint64_t bytes = 0;
    rc = reader_read_file(path, on_article, on_notice, w, &bytes);
    w->stats->bytes += bytes;
    int whole = w->failed == SLOVO_OK && rc == SLOVO_OK;
    if (w->pipe && whole && !w->nold) {
        /* a new file: its signature follows its articles through the pipeline, so that
         * reading the next file need not wait for them to be written */
        rc = mark_file(w, key, &now, path, abspath);
        if (rc == SLOVO_NOMEM)
            rc = db_fail(w->db, rc, "out of memory");
        else if (rc != SLOVO_OK)
            rc = w->failed;
    } else if (w->pipe && whole && pipeline_flush(w->pipe) != SLOVO_OK) {
        rc = w->failed; /* the pipeline's writer left its message on the db */
    } else if (whole) {
        rc = delete_unseen(w);
        if (rc == SLOVO_OK)
            rc = file_done(w, key, &now, path, abspath);
        if (rc != SLOVO_OK)
            rc = db_store_fail(w->db, rc);
    } else {
        /* The index cannot be written, or memory ran out: what is queued is dropped. Else
         * what is queued goes on to the index: the whole files before this one with their
         * marks, and any articles of this one, which has no mark, so that the next run reads
         * it again. */
        if (w->pipe && (w->failed != SLOVO_OK || rc == SLOVO_NOMEM))
            pipeline_discard(w->pipe);
        if (w->failed != SLOVO_OK)
            rc = w->failed; /* db_add() or the store left its message on the db */
        else if (rc == SLOVO_NOMEM)
            rc = db_fail(w->db, rc, "out of memory reading '%s'", path);
        else if (rc == SLOVO_INTERRUPTED)
            rc = db_fail(w->db, rc, "interrupted while reading '%s'", path);
        else if ((rc == SLOVO_EMPTY || rc == SLOVO_FORMAT) && w->nold && !w->nseen)
            rc = forget_file(w, key); /* emptied, or no longer text: as if it were gone */
        else
            rc = SLOVO_OK; /* the whole file was skipped, reported through on_notice */
    }
    free(w->old_ids);
    w->old_ids = NULL;
    w->nold = 0;
    return rc;
}

static int index_file(struct walk *w, const char *path, const struct stat *st, int named)
{
    if (!reader_supports(path)) {
        if (w->scanning)
            return SLOVO_OK;
        if (!named) {
            w->stats->unsupported++;
            return SLOVO_OK;
        }
        w->stats->skipped_files++;
        tell(w, SLOVO_FORMAT, path, 0,
             "not a supported format (expected .jsonl, .ndjson, .html, .htm, .txt or no extension)");
        return SLOVO_OK;
    }
    if (w->scanning) {
        w->stats->bytes_total += (uint64_t)st->st_size;
        return SLOVO_OK;
    }
    if (stopped(w))
        return db_fail(w->db, SLOVO_INTERRUPTED, "interrupted before '%s'", path);
    char abspath[PATH_MAX];
    if (!realpath(path, abspath)) {
        w->stats->skipped_files++;
        tell(w, SLOVO_IO, path, 0, strerror(errno));
        return SLOVO_OK;
    }
    int rc = read_into_index(w, path, st, abspath);
    w->stats->bytes_done += (uint64_t)st->st_size;
    progress(w);
    return rc;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A directory on the path being walked: the ones above the current one. */
struct above {
    dev_t dev;
    ino_t ino;
    const struct above *up;     /* NULL at the top */
};

static int index_any(struct walk *w, const char *path, int named, int depth,
                     const struct above *up);

/* Reads a directory's visible entries in name order, so every run sees the same order.
 * A directory already above it (reached again through a symbolic link) is not read again:
 * two such links would make the paths multiply. */
static int index_dir(struct walk *w, const char *path, const struct stat *st, int depth,
                     const struct above *up)
{
    for (const struct above *a = up; a; a = a->up) {
        if (a->dev == st->st_dev && a->ino == st->st_ino) {
            if (!w->scanning)
                tell(w, SLOVO_FORMAT, path, 0, "a link back to a directory above it");
            return SLOVO_OK;
        }
    }
    if (depth > MAX_DEPTH) {
        if (!w->scanning)
            tell(w, SLOVO_FORMAT, path, 0, "directory nested too deep");
        return SLOVO_OK;
    }
    if (store_is_index(path)) { /* this index, or another: no articles */
        if (!w->scanning)
            tell(w, SLOVO_OK, path, 0, "an index, not articles: skipped");
        return SLOVO_OK;
    }
    struct above here = {st->st_dev, st->st_ino, up};
    DIR *dir = opendir(path);
    if (!dir) {
        if (!w->scanning) {
            w->stats->skipped_files++;
            tell(w, SLOVO_IO, path, 0, strerror(errno));
        }
        return SLOVO_OK;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = SLOVO_OK;
    struct dirent *e;
    while (rc == SLOVO_OK && (e = readdir(dir)) != NULL) {
        if (e->d_name[0] == '.')
            continue; /* hidden, and . and .. */
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **p = realloc(names, cap * sizeof *names);
            if (!p) {
                rc = SLOVO_NOMEM;
                break;
            }
            names = p;
        }
        size_t len = strlen(path) + strlen(e->d_name) + 2;
        names[n] = malloc(len);
        if (!names[n]) {
            rc = SLOVO_NOMEM;
            break;
        }
        snprintf(names[n], len, "%s%s%s", path,
                 path[strlen(path) - 1] == '/' ? "" : "/", e->d_name);
        n++;
    }
    closedir(dir);
    if (rc == SLOVO_OK)
        qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n; i++) {
        if (rc == SLOVO_OK)
            rc = index_any(w, names[i], 0, depth + 1, &here);
        free(names[i]);
    }
    free(names);
    if (rc == SLOVO_NOMEM)
        db_fail(w->db, rc, "out of memory");
    return rc;
}

static int index_any(struct walk *w, const char *path, int named, int depth,
                     const struct above *up)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        if (named)
            return db_fail(w->db, SLOVO_NOTFOUND, "'%s': %s", path, strerror(errno));
        if (!w->scanning) {
            w->stats->skipped_files++;
            tell(w, SLOVO_IO, path, 0, strerror(errno));
        }
        return SLOVO_OK;
    }
    if (S_ISDIR(st.st_mode))
        return index_dir(w, path, &st, depth, up);
    if (!S_ISREG(st.st_mode)) {
        if (named && !w->scanning) {
            w->stats->skipped_files++;
            tell(w, SLOVO_FORMAT, path, 0, "not a regular file");
        }
        return SLOVO_OK;
    }
    return index_file(w, path, &st, named);
}

/* The files gone from a directory indexed before: their articles and signatures go too. */
struct vanished {
    struct walk *w;
    const char *root;           /* absolute, without a trailing slash */
};

static int delete_if_gone(void *ctx, const char *key, const char *value)
{
    struct vanished *v = ctx;
    struct walk *w = v->w;
    const char *path = value;
    for (int field = 0; field < 3 && path; field++) {
        path = strchr(path, ' ');
        path = path ? path + 1 : NULL;
    }
    size_t root_len = strlen(v->root);
    if (!path || strncmp(path, v->root, root_len) != 0 || path[root_len] != '/')
        return SLOVO_OK;
    struct stat st;
    if (stat(path, &st) == 0 || errno != ENOENT)
        return SLOVO_OK;
    char term[HASH_HEX + 1], k[32];
    file_key(path, term, k);
    uint32_t *ids;
    size_t n;
    int rc = store_postings(w->db->store, term, strlen(term), &ids, &n);
    for (size_t i = 0; i < n && rc == SLOVO_OK; i++)
        rc = store_delete_docid(w->db->store, ids[i]);
    free(ids);
    if (rc == SLOVO_OK)
        rc = store_set_metadata(w->db->store, key, "");
    if (rc != SLOVO_OK)
        return db_store_fail(w->db, rc);
    w->stats->deleted += n;
    tell(w, SLOVO_OK, path, 0, "deleted");
    return SLOVO_OK;
}

static int delete_vanished(struct walk *w, const char *dir)
{
    char root[PATH_MAX];
    if (!realpath(dir, root))
        return SLOVO_OK;
    size_t len = strlen(root);
    if (len > 1 && root[len - 1] == '/')
        root[len - 1] = '\0';
    struct vanished v = {w, strcmp(root, "/") == 0 ? "" : root};
    return store_metadata_each(w->db->store, FILE_KEY_PREFIX, delete_if_gone, &v);
}

int slovo_index_path(slovo_db *db, const char *path, const slovo_index_opts *opts,
                     slovo_index_stats *stats)
{
    static const slovo_index_opts defaults;
    slovo_index_stats scratch = {0};
    struct walk w = {.db = db, .opts = opts ? opts : &defaults, .stats = stats ? stats : &scratch};
    if (!path || !*path)
        return db_fail(db, SLOVO_MISUSE, "no path given");
    if (w.opts->progress) {
        w.scanning = 1;
        int rc = index_any(&w, path, 1, 0, NULL);
        w.scanning = 0;
        if (rc != SLOVO_OK)
            return rc;
    }
    uint64_t max_memory = w.opts->max_memory ? w.opts->max_memory : DEFAULT_MAX_MEMORY;
    /* with jobs > 1: jobs - 1 workers and the writer's thread build articles */
    uint64_t fixed = FIXED_MEMORY + (w.opts->jobs > 1 ? w.opts->jobs * WORKER_MEMORY +
                                                            SHARED_MEMORY +
                                                            PIPELINE_ARTICLES * ARTICLE_MEMORY
                                                      : 0);
    w.text_per_commit = max_memory > fixed + TEXT_MEMORY_FACTOR * MIN_TEXT_PER_COMMIT
                            ? (max_memory - fixed) / TEXT_MEMORY_FACTOR
                            : MIN_TEXT_PER_COMMIT;
    if (!w.opts->commit_every && w.text_per_commit > DEFAULT_TEXT_PER_COMMIT)
        w.text_per_commit = DEFAULT_TEXT_PER_COMMIT;
    int rc = SLOVO_OK;
    if (w.opts->jobs > 1) {
        rc = pipeline_new(w.opts->jobs - 1, db->morphology, db->shared, write_built, &w,
                          &w.pipe);
        if (rc != SLOVO_OK)
            return db_fail(db, rc, "cannot start %u threads: %s", w.opts->jobs,
                           slovo_errstr(rc));
    }
    rc = index_any(&w, path, 1, 0, NULL);
    /* stopped: what was read goes in before the commit, and the message still says where
     * it stopped, whatever writing it leaves in db->errmsg */
    char stop_msg[sizeof db->errmsg] = "";
    if (rc == SLOVO_INTERRUPTED)
        snprintf(stop_msg, sizeof stop_msg, "%s", db->errmsg);
    if ((rc == SLOVO_OK || rc == SLOVO_INTERRUPTED) && w.pipe &&
        pipeline_flush(w.pipe) != SLOVO_OK)
        rc = w.failed;
    if (rc == SLOVO_INTERRUPTED)
        db_fail(db, rc, "%s", stop_msg);
    struct stat st;
    if (rc == SLOVO_OK && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        rc = delete_vanished(&w, path);
    /* What was done is kept, also when stopped or failing on one file. */
    if (rc == SLOVO_OK || rc == SLOVO_INTERRUPTED) {
        int crc = commit(&w);
        if (crc != SLOVO_OK)
            rc = crc;
    }
    pipeline_free(w.pipe);
    free(w.seen);
    progress(&w);
    return rc;
}
