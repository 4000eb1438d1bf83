/* slovo-index: indexes articles from files and directories into a Slovo index. A thin client
 * of libslovo: everything it does goes through slovo.h. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "slovo.h"

/* Exit codes, documented in --help and the README. */
enum {
    EXIT_DONE = 0,       /* every path was indexed (skipped records are reported, not fatal) */
    EXIT_USAGE = 2,      /* bad options or arguments */
    EXIT_MISSING = 3,    /* a PATH does not exist; the others were indexed */
    EXIT_INDEX = 4,      /* the index cannot be opened: locked, damaged, not writable */
    EXIT_WRITE = 5       /* writing the index failed; what was committed before is kept */
};

#define DEFAULT_INDEX "slovo.index"

static const char usage[] =
    "Usage: slovo-index [OPTIONS] PATH...\n"
    "Index news articles from files and directories into a Slovo index.\n"
    "\n"
    "Directories are read recursively (hidden files are skipped). Formats:\n"
    "  *.jsonl, *.ndjson     one JSON object per line: id, title, text, date, source,\n"
    "                        url, lang\n"
    "  *.txt, no extension   plain text: the first meaningful line is the title, then\n"
    "                        optional 'date:', 'source:', 'url:', 'lang:' lines, the body\n"
    "An article whose id is already in the index replaces it. Unreadable files, broken JSON\n"
    "lines and empty articles are reported with their file and line, and skipped.\n"
    "\n"
    "Options:\n"
    "  -d, --index DIR       the index directory, created if missing\n"
    "                        (default: $SLOVO_INDEX, else ./" DEFAULT_INDEX ")\n"
    "  -m, --morphology M    dict (default): hunspell dictionaries, rules for unknown\n"
    "                        words; rules: the rule stemmers only. Chosen when the index\n"
    "                        is created; an existing index keeps its own\n"
    "  -q, --quiet           print only errors, not the summary nor skipped input\n"
    "  -v, --verbose         also print each file as it is read\n"
    "  -h, --help            show this help and exit\n"
    "  -V, --version         show the version and exit\n"
    "\n"
    "Exit status:\n"
    "  0  done (skipped input is reported, not an error)\n"
    "  2  bad options or arguments\n"
    "  3  a PATH does not exist (the others were indexed)\n"
    "  4  the index cannot be opened (locked by another indexer, damaged, not writable)\n"
    "  5  writing the index failed (what was committed before is kept)\n"
    "\n"
    "Example:\n"
    "  slovo-index -d news.index corpus/\n";

struct options {
    const char *index;
    int morphology;             /* SLOVO_MORPH_*, or -1 when not given */
    int quiet, verbose;
};

static void on_notice(void *ctx, int code, const char *path, uint64_t line, const char *msg)
{
    const struct options *o = ctx;
    if (code == SLOVO_OK && line == 0) {
        if (o->verbose)
            fprintf(stderr, "slovo-index: %s: %s\n", path, msg);
        return;
    }
    if (o->quiet)
        return;
    if (code == SLOVO_OK) {
        fprintf(stderr, "slovo-index: %s:%llu: warning: %s\n", path, (unsigned long long)line,
                msg);
        return;
    }
    if (line)
        fprintf(stderr, "slovo-index: %s:%llu: skipped: %s\n", path, (unsigned long long)line,
                msg);
    else
        fprintf(stderr, "slovo-index: %s: skipped: %s\n", path, msg);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static const char *plural(uint64_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

static void print_summary(const slovo_index_stats *s, double seconds, uint64_t total)
{
    uint64_t articles = s->added + s->replaced;
    double mb = s->bytes / 1e6;
    double secs = seconds > 1e-6 ? seconds : 1e-6;
    printf("indexed %llu %s (%llu added, %llu replaced) from %llu %s, %.1f MB in %.2f s: "
           "%.0f articles/s, %.1f MB/s\n",
           (unsigned long long)articles, plural(articles, "article", "articles"),
           (unsigned long long)s->added, (unsigned long long)s->replaced,
           (unsigned long long)s->files, plural(s->files, "file", "files"), mb, seconds,
           articles / secs, mb / secs);
    uint64_t skipped = s->skipped_empty + s->skipped_invalid + s->skipped_files;
    if (skipped)
        printf("skipped: %llu empty %s, %llu invalid %s, %llu %s (binary, empty or "
               "unreadable)\n",
               (unsigned long long)s->skipped_empty,
               plural(s->skipped_empty, "article", "articles"),
               (unsigned long long)s->skipped_invalid,
               plural(s->skipped_invalid, "record", "records"),
               (unsigned long long)s->skipped_files,
               plural(s->skipped_files, "file", "files"));
    if (s->unsupported)
        printf("ignored %llu %s of unsupported formats\n", (unsigned long long)s->unsupported,
               plural(s->unsupported, "file", "files"));
    printf("the index now holds %llu %s\n", (unsigned long long)total,
           plural(total, "article", "articles"));
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"index", required_argument, NULL, 'd'}, {"quiet", no_argument, NULL, 'q'},
        {"morphology", required_argument, NULL, 'm'},
        {"verbose", no_argument, NULL, 'v'},     {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},     {NULL, 0, NULL, 0}};
    struct options o = {getenv("SLOVO_INDEX"), -1, 0, 0};
    if (!o.index || !*o.index)
        o.index = DEFAULT_INDEX;
    int c;
    while ((c = getopt_long(argc, argv, "d:m:qvhV", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': o.index = optarg; break;
        case 'm':
            if (strcmp(optarg, "dict") == 0) {
                o.morphology = SLOVO_MORPH_DICT;
            } else if (strcmp(optarg, "rules") == 0) {
                o.morphology = SLOVO_MORPH_RULES;
            } else {
                fprintf(stderr, "slovo-index: --morphology: '%s' is not dict or rules\n", optarg);
                return EXIT_USAGE;
            }
            break;
        case 'q': o.quiet = 1; break;
        case 'v': o.verbose = 1; break;
        case 'h': fputs(usage, stdout); return EXIT_DONE;
        case 'V': printf("slovo-index %s\n", slovo_version()); return EXIT_DONE;
        default:
            fputs("Try 'slovo-index --help'.\n", stderr);
            return EXIT_USAGE;
        }
    }
    if (optind == argc) {
        fputs("slovo-index: no PATH given\nTry 'slovo-index --help'.\n", stderr);
        return EXIT_USAGE;
    }

    slovo_db *db;
    int mode = SLOVO_OPEN_CREATE | (o.morphology == SLOVO_MORPH_RULES ? SLOVO_OPEN_MORPH_RULES : 0);
    int rc = slovo_open(o.index, mode, &db);
    if (rc == SLOVO_OK && o.morphology >= 0 && slovo_morphology(db) != o.morphology) {
        fprintf(stderr,
                "slovo-index: index '%s' was built with --morphology %s; remove it to rebuild "
                "with %s\n",
                o.index, slovo_morphology(db) == SLOVO_MORPH_DICT ? "dict" : "rules",
                o.morphology == SLOVO_MORPH_DICT ? "dict" : "rules");
        slovo_close(db);
        return EXIT_USAGE;
    }
    if (rc != SLOVO_OK) {
        fprintf(stderr, "slovo-index: %s\n", slovo_errmsg(db));
        slovo_close(db);
        return EXIT_INDEX;
    }
    double start = now();
    slovo_index_stats stats = {0};
    int status = EXIT_DONE;
    for (int i = optind; i < argc && status != EXIT_WRITE; i++) {
        rc = slovo_index_path(db, argv[i], on_notice, &o, &stats);
        if (rc == SLOVO_NOTFOUND) {
            fprintf(stderr, "slovo-index: %s\n", slovo_errmsg(db));
            status = EXIT_MISSING;
        } else if (rc != SLOVO_OK) {
            fprintf(stderr, "slovo-index: %s\n", slovo_errmsg(db));
            status = EXIT_WRITE;
        }
    }
    if (slovo_commit(db) != SLOVO_OK) {
        fprintf(stderr, "slovo-index: %s\n", slovo_errmsg(db));
        status = EXIT_WRITE;
    }
    uint64_t total = 0;
    slovo_count(db, &total);
    if (!o.quiet)
        print_summary(&stats, now() - start, total);
    if (slovo_close(db) != SLOVO_OK)
        status = EXIT_WRITE;
    return status;
}
