/* walk.c: slovo_index_path(): walks files and directories, hands each file to its reader and
 * each article to slovo_add(), and counts and reports what it skips. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "db.h"
#include "reader.h"

#define MAX_DEPTH 64 /* deeper trees are almost surely a link loop */

struct walk {
    struct slovo_db *db;
    slovo_notice_fn *notice;
    void *ctx;
    slovo_index_stats *stats;
    const char *path;            /* the file being read */
    int failed;                  /* why the index could not be written, or SLOVO_OK */
};

static void tell(struct walk *w, int code, const char *path, uint64_t line, const char *msg)
{
    if (w->notice)
        w->notice(w->ctx, code, path, line, msg);
}

static int on_article(void *ctx, const slovo_article *a, uint64_t line)
{
    struct walk *w = ctx;
    int replaced;
    int rc = slovo_add(w->db, a, &replaced);
    if (rc == SLOVO_OK) {
        if (replaced)
            w->stats->replaced++;
        else
            w->stats->added++;
        return SLOVO_OK;
    }
    if (rc == SLOVO_EMPTY || rc == SLOVO_MISUSE) {
        if (rc == SLOVO_EMPTY)
            w->stats->skipped_empty++;
        else
            w->stats->skipped_invalid++;
        tell(w, rc, w->path, line, slovo_errmsg(w->db));
        return SLOVO_OK;
    }
    w->failed = rc; /* the index cannot be written: stop */
    return rc;
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

static int index_file(struct walk *w, const char *path, int named)
{
    if (!reader_supports(path)) {
        if (!named) {
            w->stats->unsupported++;
            return SLOVO_OK;
        }
        w->stats->skipped_files++;
        tell(w, SLOVO_FORMAT, path, 0,
             "not a supported format (expected .jsonl, .ndjson, .txt or no extension)");
        return SLOVO_OK;
    }
    uint64_t bytes = 0;
    w->path = path;
    int rc = reader_read_file(path, on_article, on_notice, w, &bytes);
    w->stats->bytes += bytes;
    if (w->failed != SLOVO_OK)
        return w->failed; /* slovo_add() left its message on the db */
    if (rc == SLOVO_NOMEM)
        return db_fail(w->db, rc, "out of memory reading '%s'", path);
    if (rc == SLOVO_FORMAT || rc == SLOVO_IO || rc == SLOVO_EMPTY)
        return SLOVO_OK; /* reported through on_notice; the walk goes on */
    if (rc != SLOVO_OK)
        return rc;
    w->stats->files++;
    tell(w, SLOVO_OK, path, 0, "read");
    return SLOVO_OK;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int index_any(struct walk *w, const char *path, int named, int depth);

/* Reads a directory's visible entries in name order, so every run sees the same order. */
static int index_dir(struct walk *w, const char *path, int depth)
{
    if (depth > MAX_DEPTH) {
        tell(w, SLOVO_FORMAT, path, 0, "directory nested too deep; skipped");
        return SLOVO_OK;
    }
    DIR *dir = opendir(path);
    if (!dir) {
        w->stats->skipped_files++;
        tell(w, SLOVO_IO, path, 0, strerror(errno));
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
            rc = index_any(w, names[i], 0, depth + 1);
        free(names[i]);
    }
    free(names);
    if (rc == SLOVO_NOMEM)
        db_fail(w->db, rc, "out of memory");
    return rc;
}

static int index_any(struct walk *w, const char *path, int named, int depth)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        if (named)
            return db_fail(w->db, SLOVO_NOTFOUND, "'%s': %s", path, strerror(errno));
        w->stats->skipped_files++;
        tell(w, SLOVO_IO, path, 0, strerror(errno));
        return SLOVO_OK;
    }
    if (S_ISDIR(st.st_mode))
        return index_dir(w, path, depth);
    if (!S_ISREG(st.st_mode)) {
        if (named) {
            w->stats->skipped_files++;
            tell(w, SLOVO_FORMAT, path, 0, "not a regular file");
        }
        return SLOVO_OK;
    }
    return index_file(w, path, named);
}

int slovo_index_path(slovo_db *db, const char *path, slovo_notice_fn *notice, void *ctx,
                     slovo_index_stats *stats)
{
    slovo_index_stats scratch = {0};
    struct walk w = {db, notice, ctx, stats ? stats : &scratch, NULL, SLOVO_OK};
    if (!path || !*path)
        return db_fail(db, SLOVO_MISUSE, "no path given");
    return index_any(&w, path, 1, 0);
}
