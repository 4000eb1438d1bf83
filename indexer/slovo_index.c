/* slovo-index: indexes articles from files and directories into a Slovo index. A thin client
 * of libslovo: everything it does goes through slovo.h. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "slovo.h"

/* Exit codes, documented in --help and the README. */
enum {
    EXIT_DONE = 0,        /* every path was indexed (skipped records are reported, not fatal) */
    EXIT_USAGE = 2,       /* bad options or arguments */
    EXIT_MISSING = 3,     /* a PATH does not exist; the others were indexed */
    EXIT_INDEX = 4,       /* the index cannot be opened: locked, damaged, not writable */
    EXIT_WRITE = 5,       /* writing the index failed; what was committed before is kept */
    EXIT_INTERRUPTED = 130 /* SIGINT or SIGTERM: what was done is committed */
};

#define DEFAULT_INDEX "slovo.index"

/* jemalloc's options, read at its start (it is the allocator of this program: slovo_allocator()
 * in CMakeLists.txt). Transparent huge pages for the heap: Xapian keeps the changes it has
 * not committed in maps that it walks for every term of every article, and the dictionary
 * caches are read at random, so misses of the TLB were much of that time. Indexing the
 * shared corpus took 22.6 s against 25.3 s without them (3 alternated pairs, each faster),
 * for 25 MB more at the peak. Where the kernel gives huge pages only on request (madvise),
 * this asks for them. Nor does it hand freed pages back to the kernel: between commits the
 * heap grows to much the same size again, and each page handed back was split out of its
 * huge page and had to be faulted in and zeroed anew. The shared corpus indexed in 15.3 to
 * 21.4 s against 16.6 to 25.7 s (7 alternated pairs, each faster, by 8 % in the quietest),
 * for 10 to 35 MB more at the peak. */
const char *malloc_conf = "thp:always,metadata_thp:auto,dirty_decay_ms:-1,muzzy_decay_ms:-1";

static const char usage[] =
    "Usage: slovo-index [OPTIONS] PATH...\n"
    "Index news articles from files and directories into a Slovo index.\n"
    "\n"
    "Directories are read recursively (hidden files are skipped). Formats:\n"
    "  *.jsonl, *.ndjson     one JSON object per line: id, title, text, date, source,\n"
    "                        url, lang\n"
    "  *.txt, no extension   plain text: the first meaningful line is the title, then\n"
    "                        optional 'date:', 'source:', 'url:', 'lang:' lines, the body\n"
    "  *.html, *.htm         a saved page: title, article body without menus and scripts,\n"
    "                        date, site name and canonical url from the markup\n"
    "Text and HTML may be UTF-8, UTF-16, windows-1251, KOI8-R...: the encoding is detected.\n"
    "An article whose id is already in the index replaces it. Unreadable files, broken JSON\n"
    "lines and empty articles are reported with their file and line, and skipped.\n"
    "\n"
    "Incremental: a run reads only new and changed files, rewrites only changed articles\n"
    "and deletes the articles of files (and JSON lines) that have gone. It commits every\n"
    "2000 articles or 8 MB of text; Ctrl-C commits what is done, and the next run\n"
    "completes the work.\n"
    "\n"
    "Options:\n"
    "  -d, --index DIR       the index directory, created if missing\n"
    "                        (default: $SLOVO_INDEX, else ./" DEFAULT_INDEX ")\n"
    "  -m, --morphology M    dict (default): hunspell dictionaries, rules for unknown\n"
    "                        words; rules: the rule stemmers only. Chosen when the index\n"
    "                        is created; an existing index keeps its own\n"
    "      --full            read and rewrite everything again, changed or not (after an\n"
    "                        upgrade of Slovo, say)\n"
    "      --compact         compact the index at the end, whatever the run wrote (by\n"
    "                        default only after a run that wrote every article in it: a\n"
    "                        first run, --full); a compacted index is half the size\n"
    "      --no-compact      never compact\n"
    "      --commit-every N  commit after every N articles written (default: 2000\n"
    "                        articles or 8 MB of text, whichever comes first)\n"
    "      --max-memory MB   memory the run should stay within (default 1024): it\n"
    "                        commits sooner when the text written since the last commit\n"
    "                        would take more\n"
    "  -j, --jobs N          threads at work (default: the number of cores): one reads\n"
    "                        and writes the index, the others analyze articles; the\n"
    "                        index is the same whatever N is\n"
    "  -q, --quiet           print only errors: no progress, summary nor skipped input\n"
    "  -v, --verbose         also print each file as it is read\n"
    "  -h, --help            show this help and exit\n"
    "  -V, --version         show the version and exit\n"
    "\n"
    "On a terminal a progress line shows files, articles, MB, articles/s, elapsed time and\n"
    "the time left.\n"
    "\n"
    "Exit status:\n"
    "  0    done (skipped input is reported, not an error)\n"
    "  2    bad options or arguments\n"
    "  3    a PATH does not exist (the others were indexed)\n"
    "  4    the index cannot be opened (locked by another indexer, damaged, not writable)\n"
    "  5    writing the index failed (what was committed before is kept)\n"
    "  130  interrupted by SIGINT or SIGTERM (what was done is committed)\n"
    "\n"
    "Example:\n"
    "  slovo-index -d news.index corpus/\n";

struct options {
    const char *index;
    int morphology;             /* SLOVO_MORPH_*, or -1 when not given */
    int quiet, verbose;
    int compact;                /* -1 never, 0 after a run that wrote the whole index, 1 always */
    slovo_index_opts run;
};

/* The progress line, drawn on standard error when it is a terminal. */
struct progress {
    int on;                     /* a line is drawn and must be cleared before other output */
    int tty;
    double start, last;
};

static struct progress bar;
static volatile int stop_signal; /* the signal that asked us to stop, or 0 */

static void on_signal(int sig)
{
    stop_signal = sig;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void clear_progress(void)
{
    if (bar.on)
        fputs("\r\033[K", stderr);
    bar.on = 0;
}

static void format_duration(double s, char *out, size_t cap)
{
    long t = (long)(s + 0.5);
    if (t >= 3600)
        snprintf(out, cap, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    else
        snprintf(out, cap, "%ld:%02ld", t / 60, t % 60);
}

static void on_progress(void *ctx, const slovo_index_stats *s)
{
    (void)ctx;
    double t = now();
    if (!bar.tty || t - bar.last < 0.25)
        return;
    bar.last = t;
    double elapsed = t - bar.start;
    uint64_t articles = s->added + s->replaced + s->unchanged;
    char took[32], left[32] = "?";
    format_duration(elapsed, took, sizeof took);
    if (s->bytes_done && s->bytes_total >= s->bytes_done)
        format_duration(elapsed * (double)(s->bytes_total - s->bytes_done) / s->bytes_done, left,
                        sizeof left);
    fprintf(stderr,
            "\r\033[K%llu files, %llu articles, %.1f/%.1f MB, %.0f articles/s, %s elapsed, "
            "%s left",
            (unsigned long long)(s->files + s->files_unchanged), (unsigned long long)articles,
            s->bytes_done / 1e6, s->bytes_total / 1e6, elapsed > 0 ? articles / elapsed : 0.0,
            took, left);
    bar.on = 1;
}

static void on_notice(void *ctx, int code, const char *path, uint64_t line, const char *msg)
{
    const struct options *o = ctx;
    if (o->quiet)
        return;
    if (code == SLOVO_OK && line == 0 && !o->verbose && strcmp(msg, "deleted") != 0)
        return;
    clear_progress();
    if (code == SLOVO_OK && line == 0)
        fprintf(stderr, "slovo-index: %s: %s\n", path, msg);
    else if (code == SLOVO_OK)
        fprintf(stderr, "slovo-index: %s:%llu: warning: %s\n", path, (unsigned long long)line,
                msg);
    else if (line)
        fprintf(stderr, "slovo-index: %s:%llu: skipped: %s\n", path, (unsigned long long)line,
                msg);
    else
        fprintf(stderr, "slovo-index: %s: skipped: %s\n", path, msg);
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
    if (s->files_unchanged || s->unchanged)
        printf("unchanged: %llu %s not read again, %llu %s not rewritten\n",
               (unsigned long long)s->files_unchanged, plural(s->files_unchanged, "file", "files"),
               (unsigned long long)s->unchanged, plural(s->unchanged, "article", "articles"));
    if (s->deleted)
        printf("deleted %llu %s whose files or records have gone\n",
               (unsigned long long)s->deleted, plural(s->deleted, "article", "articles"));
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

static int parse_morphology(const char *s, int *out)
{
    if (strcmp(s, "dict") == 0)
        *out = SLOVO_MORPH_DICT;
    else if (strcmp(s, "rules") == 0)
        *out = SLOVO_MORPH_RULES;
    else
        return 0;
    return 1;
}

/* Parses the command line into o; returns -1 to go on, or an exit status. */
static int parse_args(int argc, char **argv, struct options *o)
{
    enum { OPT_FULL = 256, OPT_COMMIT_EVERY, OPT_MAX_MEMORY, OPT_COMPACT, OPT_NO_COMPACT };
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    o->run.jobs = cores > 0 ? (unsigned)cores : 1;
    static const struct option longopts[] = {
        {"index", required_argument, NULL, 'd'},
        {"morphology", required_argument, NULL, 'm'},
        {"full", no_argument, NULL, OPT_FULL},
        {"compact", no_argument, NULL, OPT_COMPACT},
        {"no-compact", no_argument, NULL, OPT_NO_COMPACT},
        {"commit-every", required_argument, NULL, OPT_COMMIT_EVERY},
        {"jobs", required_argument, NULL, 'j'},
        {"max-memory", required_argument, NULL, OPT_MAX_MEMORY},
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}};
    int c;
    while ((c = getopt_long(argc, argv, "d:m:j:qvhV", longopts, NULL)) != -1) {
        char *end;
        switch (c) {
        case 'd': o->index = optarg; break;
        case 'm':
            if (!parse_morphology(optarg, &o->morphology)) {
                fprintf(stderr, "slovo-index: --morphology: '%s' is not dict or rules\n", optarg);
                return EXIT_USAGE;
            }
            break;
        case OPT_FULL: o->run.full = 1; break;
        case OPT_COMPACT: o->compact = 1; break;
        case OPT_NO_COMPACT: o->compact = -1; break;
        case OPT_COMMIT_EVERY:
            o->run.commit_every = strtoull(optarg, &end, 10);
            if (*end || end == optarg || optarg[0] == '-' || o->run.commit_every == 0) {
                fprintf(stderr, "slovo-index: --commit-every: '%s' is not a positive number\n",
                        optarg);
                return EXIT_USAGE;
            }
            break;
        case 'j': {
            unsigned long n = strtoul(optarg, &end, 10);
            if (*end || end == optarg || optarg[0] == '-' || n == 0 || n > 256) {
                fprintf(stderr, "slovo-index: --jobs: '%s' is not a number from 1 to 256\n",
                        optarg);
                return EXIT_USAGE;
            }
            o->run.jobs = (unsigned)n;
            break;
        }
        case OPT_MAX_MEMORY: {
            unsigned long long mb = strtoull(optarg, &end, 10);
            if (*end || end == optarg || optarg[0] == '-' || mb < 64 || mb > (1ull << 24)) {
                fprintf(stderr, "slovo-index: --max-memory: '%s' is not a number of MB from 64\n",
                        optarg);
                return EXIT_USAGE;
            }
            o->run.max_memory = mb << 20;
            break;
        }
        case 'q': o->quiet = 1; break;
        case 'v': o->verbose = 1; break;
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
    return -1;
}

/* Compacts the index after a run that wrote at least as many articles as it held before
 * (a first run, --full), where compaction halves it, or always with --compact. SLOVO_OK,
 * SLOVO_DONE when not due or when a compaction not asked for failed (a warning: the index
 * stays as it was, whole), or the failure of one asked for; failures are reported. */
static int compact_if_due(slovo_db *db, const struct options *o,
                          const slovo_index_stats *stats, uint64_t before)
{
    uint64_t written = stats->added + stats->replaced;
    int due = o->compact > 0 || (o->compact == 0 && written > 0 && written >= before);
    if (!due)
        return SLOVO_DONE;
    int rc = slovo_compact(db);
    if (rc == SLOVO_OK)
        return rc;
    fprintf(stderr, "slovo-index: %s%s\n", o->compact > 0 ? "" : "warning: ",
            slovo_errmsg(db));
    return o->compact > 0 ? rc : SLOVO_DONE;
}

/* Opens (or creates) the index; NULL after printing why. *status gets the exit status. */
static slovo_db *open_index(const struct options *o, int *status)
{
    slovo_db *db;
    int mode = SLOVO_OPEN_CREATE |
               (o->morphology == SLOVO_MORPH_RULES ? SLOVO_OPEN_MORPH_RULES : 0);
    int rc = slovo_open(o->index, mode, &db);
    if (rc != SLOVO_OK) {
        fprintf(stderr, "slovo-index: %s\n", slovo_errmsg(db));
        *status = EXIT_INDEX;
    } else if (o->morphology >= 0 && slovo_morphology(db) != o->morphology) {
        fprintf(stderr,
                "slovo-index: index '%s' was built with --morphology %s; remove it to rebuild "
                "with %s\n",
                o->index, slovo_morphology(db) == SLOVO_MORPH_DICT ? "dict" : "rules",
                o->morphology == SLOVO_MORPH_DICT ? "dict" : "rules");
        *status = EXIT_USAGE;
    } else {
        return db;
    }
    slovo_close(db);
    return NULL;
}

int main(int argc, char **argv)
{
    struct options o = {.index = getenv("SLOVO_INDEX"), .morphology = -1};
    if (!o.index || !*o.index)
        o.index = DEFAULT_INDEX;
    int status = parse_args(argc, argv, &o);
    if (status >= 0)
        return status;
    status = EXIT_DONE;
    struct sigaction sa = {.sa_handler = on_signal};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    slovo_db *db = open_index(&o, &status);
    if (!db)
        return status;
    bar.tty = !o.quiet && isatty(STDERR_FILENO);
    bar.start = now();
    o.run.notice = on_notice;
    o.run.progress = bar.tty ? on_progress : NULL;
    o.run.ctx = &o;
    o.run.stop = &stop_signal;

    slovo_index_stats stats = {0};
    uint64_t before = 0;
    slovo_count(db, &before);
    int missing = 0;
    for (int i = optind; i < argc && status == EXIT_DONE; i++) {
        int rc = slovo_index_path(db, argv[i], &o.run, &stats);
        clear_progress();
        if (rc == SLOVO_NOTFOUND) { /* reported; the other paths are still indexed */
            fprintf(stderr, "slovo-index: %s\n", slovo_errmsg(db));
            missing = 1;
        } else if (rc == SLOVO_INTERRUPTED) {
            fprintf(stderr, "slovo-index: %s; what was done is committed, run again to "
                            "complete it\n",
                    slovo_errmsg(db));
            status = EXIT_INTERRUPTED;
        } else if (rc != SLOVO_OK) {
            fprintf(stderr, "slovo-index: %s\n", slovo_errmsg(db));
            status = EXIT_WRITE;
        }
    }
    if (status == EXIT_DONE && missing)
        status = EXIT_MISSING;
    uint64_t total = 0;
    slovo_count(db, &total);
    double compacted = 0;
    if (status == EXIT_DONE || status == EXIT_MISSING) {
        double start = now();
        int rc = compact_if_due(db, &o, &stats, before);
        if (rc == SLOVO_OK)
            compacted = now() - start;
        else if (rc != SLOVO_DONE)
            status = EXIT_WRITE;
    }
    if (!o.quiet)
        print_summary(&stats, now() - bar.start, total);
    if (!o.quiet && compacted > 0)
        printf("compacted the index in %.2f s\n", compacted);
    if (slovo_close(db) != SLOVO_OK && status == EXIT_DONE)
        status = EXIT_WRITE;
    return status;
}
