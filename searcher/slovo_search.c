/* slovo-search: ranked search of a Slovo index, as text for people or JSON for programs.
 * A thin client of libslovo: everything it does goes through slovo.h. */
#include <errno.h>
#include <getopt.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <unicode/ustring.h>

#include "slovo.h"

/* Exit codes, documented in --help and the README. */
enum {
    EXIT_HITS = 0,       /* at least one hit */
    EXIT_NO_HITS = 1,    /* the search ran and found nothing */
    EXIT_USAGE = 2,      /* bad options or arguments */
    EXIT_QUERY = 3,      /* the query has nothing to search for */
    EXIT_INDEX = 4,      /* the index cannot be opened */
    EXIT_SEARCH = 5      /* the search failed */
};

#define DEFAULT_INDEX "slovo.index"

static const char usage[] =
    "Usage: slovo-search [OPTIONS] QUERY...\n"
    "       slovo-search --batch [--format trec] [OPTIONS] < QUERIES\n"
    "       slovo-search --analyze [--lang L] [--morphology M] < LINES\n"
    "Search a Slovo index; the words of QUERY are joined with spaces.\n"
    "\n"
    "Words match in any inflected form: кибербезопасность finds кибербезопасности,\n"
    "кібербезпека finds кібербезпеці. A word that could be Russian or Ukrainian (вибори,\n"
    "закон) is looked up as both. Hits are ranked by BM25: an article needs only one of the\n"
    "words, so a pasted headline still finds its article, but the more of them it has (all\n"
    "of them earn a bonus, more again where they stand close, most where they stand\n"
    "together as typed) and the rarer they are, the higher it ranks; a match in the title\n"
    "counts more than one in the body.\n"
    "\n"
    "Query language:\n"
    "  выборы Москва          any of the words; the more of them, the higher\n"
    "  \"выборы в Москве\"      a phrase, in any inflection, in this order\n"
    "  =выборах               this form of the word only (reads the articles' text:\n"
    "                         slower on a common word)\n"
    "  -слово, NOT слово      articles without it\n"
    "  Москва OR Киев, |      either;  Москва AND Киев, &: both;  ( ) to group\n"
    "  выбор*                 words beginning with выбор\n"
    "  title:слово            in the title (also title:\"фраза\", title:(...))\n"
    "  source:bbc.com         articles of a source (source:\"Українська правда\")\n"
    "  lang:ru|uk|en|other    articles in a language\n"
    "  date:2021  date:2021-03  date:2021-03-01..2021-06-30  date:>2020-01-01  date:<=2021\n"
    "OR, AND and NOT are operators in capitals only; OR binds tighter than AND. An error\n"
    "names the byte where it is and what to do.\n"
    "\n"
    "Options:\n"
    "  -d, --index DIR     the index directory (default: $SLOVO_INDEX, else ./" DEFAULT_INDEX
    ")\n"
    "  -n, --limit N       show N hits (default 10)\n"
    "      --offset N      skip the first N hits (default 0)\n"
    "  -l, --lang L        only articles in language L: ru, uk, en or other\n"
    "      --from DATE     only articles dated on or after DATE (YYYY-MM-DD)\n"
    "      --to DATE       only articles dated on or before DATE (YYYY-MM-DD)\n"
    "      --sort ORDER    relevance (the default), or date: newest first\n"
    "      --recent        relevance with a bonus for freshness: of two equal matches the\n"
    "                      newer comes first\n"
    "      --all           show near-duplicates (reprints, updated versions of a story)\n"
    "                      as hits of their own; by default each group shows as its most\n"
    "                      relevant article with the number of the others\n"
    "  -j, --json          print one JSON document: query, total, took_ms, hits with\n"
    "                      rank, score, duplicates, id, title, date, source, url, path,\n"
    "                      lang and an HTML-escaped snippet with <b>matched</b> words\n"
    "      --batch         read queries on standard input, a line each: ID<TAB>QUERY\n"
    "                      (more tab-separated columns may come between: the query is\n"
    "                      the last); print the hits of each (default --limit 100),\n"
    "                      each article a hit of its own, near-duplicates included\n"
    "      --format F      with --batch: trec (the default), lines of\n"
    "                      'ID Q0 ARTICLE_ID RANK SCORE slovo' for trec_eval and the like\n"
    "      --analyze       read lines on standard input and print, for each, the index\n"
    "                      terms it becomes (space separated, one line out per line in):\n"
    "                      why a word did or did not match. With --lang L the lines are\n"
    "                      analyzed as articles in L, else their language is detected\n"
    "  -m, --morphology M  with --analyze: dict (default) or rules; a search uses the\n"
    "                      morphology its index was built with\n"
    "  -h, --help          show this help and exit\n"
    "  -V, --version       show the version and exit\n"
    "\n"
    "Exit status:\n"
    "  0  hits found        1  no hits           2  bad options or arguments\n"
    "  3  the query has an error or no word       4  the index cannot be opened\n"
    "  5  the search failed, or its results could not be written\n"
    "With --batch: 0 every query ran, 3 some query has an error or no word, 5 some query\n"
    "failed or some line is not ID<TAB>QUERY (each is reported on stderr, the others run).\n"
    "\n"
    "Example:\n"
    "  slovo-search -d news.index кибербезопасность\n";

struct options {
    const char *index;
    slovo_query_opts q;
    int json;
    int batch;
    int analyze;
    int morphology;      /* SLOVO_MORPH_* */
};

static int parse_count(const char *name, const char *s, size_t least, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || s[0] == '-' || v < least || v > 1000000) {
        fprintf(stderr, "slovo-search: %s: '%s' is not a number from %zu to 1000000\n", name,
                s, least);
        return 0;
    }
    *out = (size_t)v;
    return 1;
}

/* The words of argv joined by spaces, malloc'd. */
static char *join_words(int argc, char **argv)
{
    size_t len = 1;
    for (int i = 0; i < argc; i++)
        len += strlen(argv[i]) + 1;
    char *s = malloc(len);
    if (!s)
        return NULL;
    s[0] = '\0';
    for (int i = 0; i < argc; i++) {
        if (i)
            strcat(s, " ");
        strcat(s, argv[i]);
    }
    return s;
}

/* --analyze: the terms of each line of standard input, a line of output each. */
static int analyze_lines(const struct options *o)
{
    slovo_analyzer *a;
    int rc = slovo_analyzer_open(o->morphology, &a);
    if (rc != SLOVO_OK) {
        fprintf(stderr, "slovo-search: cannot start the analyzer: %s%s\n", slovo_errstr(rc),
                rc == SLOVO_NOTFOUND ? " (the hunspell dictionaries are not installed; "
                                       "try --morphology rules)" : "");
        return EXIT_SEARCH;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int status = EXIT_HITS;
    while (status == EXIT_HITS && (n = getline(&line, &cap, stdin)) >= 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        char *terms = NULL;
        rc = n ? slovo_analyze(a, line, (size_t)n, o->q.lang, &terms) : SLOVO_OK;
        if (rc != SLOVO_OK) {
            fprintf(stderr, "slovo-search: --analyze: %s\n",
                    rc == SLOVO_MISUSE ? "unknown --lang (expected ru, uk, en or other)"
                                       : slovo_errstr(rc));
            status = rc == SLOVO_MISUSE ? EXIT_USAGE : EXIT_SEARCH;
        } else {
            puts(terms ? terms : "");
        }
        slovo_free(terms);
    }
    free(line);
    slovo_analyzer_close(a);
    return status;
}

/* A field of the current hit; "" also when it cannot be read (deleted since the search). */
static const char *field(slovo_hits *h, int f)
{
    const char *v = slovo_hit_field(h, f, NULL);
    return v ? v : "";
}

/* --batch: each line "ID<TAB>...<TAB>QUERY" of standard input searched, its hits printed
 * as a TREC run. A query that fails or does not parse is reported with its id and gives no
 * lines, and the others go on; the exit status says the worst: EXIT_SEARCH for a failure or
 * a line that is not ID<TAB>QUERY (an ID is a word: TREC's fields are separated by spaces),
 * else EXIT_QUERY for a query with an error. */
static int batch(slovo_db *db, const slovo_query_opts *q)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    uint64_t lineno = 0, failed = 0, bad_queries = 0;
    while ((n = getline(&line, &cap, stdin)) >= 0) {
        lineno++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (n == 0)
            continue;
        char *tab = strchr(line, '\t');
        size_t id_len = tab ? (size_t)(tab - line) : 0;
        if (!tab || id_len == 0 || strcspn(line, " \v\f") < id_len) {
            fprintf(stderr,
                    "slovo-search: stdin:%llu: expected ID<TAB>QUERY, an ID of no spaces\n",
                    (unsigned long long)lineno);
            failed++;
            continue;
        }
        *tab = '\0';
        const char *query = strrchr(tab + 1, '\t');
        query = query ? query + 1 : tab + 1;
        slovo_hits *hits;
        int rc = slovo_search(db, query, 0, q, &hits);
        if (rc == SLOVO_OK) {
            while (slovo_hits_next(hits) == SLOVO_ROW)
                printf("%s Q0 %s %zu %.6f slovo\n", line,
                       field(hits, SLOVO_FIELD_ID), slovo_hit_rank(hits),
                       slovo_hit_score(hits));
        } else {
            /* A query that does not parse gives no lines; the others go on. */
            fprintf(stderr, "slovo-search: stdin:%llu: query %s: %s\n",
                    (unsigned long long)lineno, line, slovo_errmsg(db));
            if (rc == SLOVO_SYNTAX)
                bad_queries++;
            else
                failed++;
        }
        slovo_hits_free(hits);
    }
    free(line);
    return failed ? EXIT_SEARCH : bad_queries ? EXIT_QUERY : EXIT_HITS;
}

/* status, or EXIT_SEARCH when standard output did not take all that was printed to it
 * (a full disk): a cut run must not pass for a whole one. */
static int output_checked(int status)
{
    if (fflush(stdout) == 0 && !ferror(stdout))
        return status;
    fprintf(stderr, "slovo-search: writing the results: %s\n", strerror(errno));
    return EXIT_SEARCH;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Prints s with its control characters (C0, DEL, C1 such as the 8-bit CSI) as spaces: an
 * article's text must not drive the reader's terminal. The snippets come so already. */
static void print_shown(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 || *p == 0x7f) {
            putchar(' ');
        } else if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
            putchar(' ');
            p++;
        } else {
            putchar(*p);
        }
    }
}

static void print_text(slovo_hits *h, int tty, uint64_t *shown)
{
    const char *on = tty ? "\033[1m" : "", *off = tty ? "\033[0m" : "";
    while (slovo_hits_next(h) == SLOVO_ROW) {
        const char *title = field(h, SLOVO_FIELD_TITLE);
        const char *date = field(h, SLOVO_FIELD_DATE);
        const char *source = field(h, SLOVO_FIELD_SOURCE);
        const char *where = field(h, SLOVO_FIELD_URL);
        if (!*where)
            where = field(h, SLOVO_FIELD_PATH);
        if (!*where)
            where = field(h, SLOVO_FIELD_ID);
        unsigned dups = slovo_hit_duplicates(h);
        printf("%zu. %s", slovo_hit_rank(h), on);
        print_shown(*title ? title : "(no title)");
        printf("%s  [%.2f]", off, slovo_hit_score(h));
        if (dups)
            printf("  (+%u similar)", dups);
        fputs("\n   ", stdout);
        print_shown(date);
        fputs(*date && *source ? " · " : "", stdout);
        print_shown(source);
        fputs(*date || *source ? " · " : "", stdout);
        print_shown(where);
        putchar('\n');
        const char *snippet = slovo_hit_snippet(h, on, off, 0, NULL);
        if (snippet)
            printf("   %s\n", snippet);
        putchar('\n');
        (*shown)++;
    }
}

/* s as valid UTF-8, as JSON must be: each invalid sequence becomes U+FFFD. malloc'd; NULL
 * when out of memory. A query is searched as typed, bytes and all, but echoed so. */
static char *valid_utf8(const char *s)
{
    UErrorCode err = U_ZERO_ERROR;
    int32_t units = 0, bytes = 0;
    u_strFromUTF8WithSub(NULL, 0, &units, s, -1, 0xFFFD, NULL, &err);
    err = U_ZERO_ERROR;
    UChar *u = malloc(((size_t)units + 1) * sizeof *u);
    char *out = NULL;
    if (u) {
        u_strFromUTF8WithSub(u, units + 1, NULL, s, -1, 0xFFFD, NULL, &err);
        u_strToUTF8(NULL, 0, &bytes, u, units, &err);
        err = U_ZERO_ERROR;
        out = malloc((size_t)bytes + 1);
    }
    if (out)
        u_strToUTF8(out, bytes + 1, NULL, u, units, &err);
    free(u);
    return out;
}

static void add_string(json_object *o, const char *key, const char *value)
{
    json_object_object_add(o, key, *value ? json_object_new_string(value) : NULL);
}

static int print_json(slovo_hits *h, const char *query, double took_ms, uint64_t *shown)
{
    static const struct { const char *key; int field; } fields[] = {
        {"id", SLOVO_FIELD_ID},         {"title", SLOVO_FIELD_TITLE},
        {"date", SLOVO_FIELD_DATE},     {"source", SLOVO_FIELD_SOURCE},
        {"url", SLOVO_FIELD_URL},       {"path", SLOVO_FIELD_PATH},
        {"lang", SLOVO_FIELD_LANG}};
    json_object *doc = json_object_new_object(), *hits = json_object_new_array();
    if (!doc || !hits)
        return 0;
    char *echo = valid_utf8(query);
    if (!echo) {
        json_object_put(doc);
        json_object_put(hits);
        return 0;
    }
    json_object_object_add(doc, "query", json_object_new_string(echo));
    free(echo);
    json_object_object_add(doc, "total", json_object_new_int64((int64_t)slovo_hits_total(h)));
    while (slovo_hits_next(h) == SLOVO_ROW) {
        json_object *hit = json_object_new_object();
        json_object_object_add(hit, "rank", json_object_new_int64((int64_t)slovo_hit_rank(h)));
        json_object_object_add(hit, "score", json_object_new_double(slovo_hit_score(h)));
        json_object_object_add(hit, "duplicates",
                               json_object_new_int64((int64_t)slovo_hit_duplicates(h)));
        for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
            add_string(hit, fields[i].key, field(h, fields[i].field));
        const char *snippet = slovo_hit_snippet(h, "<b>", "</b>", SLOVO_SNIPPET_HTML, NULL);
        json_object_object_add(hit, "snippet", json_object_new_string(snippet ? snippet : ""));
        json_object_array_add(hits, hit);
        (*shown)++;
    }
    json_object_object_add(doc, "took_ms", json_object_new_double(took_ms));
    json_object_object_add(doc, "hits", hits);
    puts(json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY |
                                                  JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(doc);
    return 1;
}

int main(int argc, char **argv)
{
    enum { OPT_OFFSET = 256, OPT_FROM, OPT_TO, OPT_ANALYZE, OPT_BATCH, OPT_FORMAT, OPT_SORT,
           OPT_RECENT, OPT_ALL };
    static const struct option longopts[] = {
        {"index", required_argument, NULL, 'd'}, {"limit", required_argument, NULL, 'n'},
        {"offset", required_argument, NULL, OPT_OFFSET},
        {"lang", required_argument, NULL, 'l'},  {"from", required_argument, NULL, OPT_FROM},
        {"to", required_argument, NULL, OPT_TO}, {"json", no_argument, NULL, 'j'},
        {"analyze", no_argument, NULL, OPT_ANALYZE},
        {"batch", no_argument, NULL, OPT_BATCH}, {"format", required_argument, NULL, OPT_FORMAT},
        {"sort", required_argument, NULL, OPT_SORT}, {"recent", no_argument, NULL, OPT_RECENT},
        {"all", no_argument, NULL, OPT_ALL},
        {"morphology", required_argument, NULL, 'm'},
        {"help", no_argument, NULL, 'h'},        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}};
    struct options o = {getenv("SLOVO_INDEX"), {0}, 0, 0, 0, SLOVO_MORPH_DICT};
    if (!o.index || !*o.index)
        o.index = DEFAULT_INDEX;
    /* -слово reads as options to getopt, which would complain of half a letter */
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (argv[i][0] == '-' && (unsigned char)argv[i][1] >= 0x80) {
            fprintf(stderr,
                    "slovo-search: '%s' is read as an option: put the query after '--' "
                    "(slovo-search -- %s), or write NOT %s\n",
                    argv[i], argv[i], argv[i] + 1);
            return EXIT_USAGE;
        }
    }
    int c;
    while ((c = getopt_long(argc, argv, "d:n:l:m:jhV", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': o.index = optarg; break;
        case 'n':
            if (!parse_count("--limit", optarg, 1, &o.q.limit))
                return EXIT_USAGE;
            break;
        case OPT_OFFSET:
            if (!parse_count("--offset", optarg, 0, &o.q.offset))
                return EXIT_USAGE;
            break;
        case 'l': o.q.lang = optarg; break;
        case OPT_FROM: o.q.date_from = optarg; break;
        case OPT_TO: o.q.date_to = optarg; break;
        case 'j': o.json = 1; break;
        case OPT_ANALYZE: o.analyze = 1; break;
        case OPT_BATCH: o.batch = 1; break;
        case OPT_SORT:
            if (strcmp(optarg, "date") == 0) {
                o.q.sort = SLOVO_SORT_DATE;
            } else if (strcmp(optarg, "relevance") == 0) {
                o.q.sort = SLOVO_SORT_RELEVANCE;
            } else {
                fprintf(stderr, "slovo-search: --sort: '%s' is not relevance or date\n", optarg);
                return EXIT_USAGE;
            }
            break;
        case OPT_RECENT: o.q.sort = SLOVO_SORT_RECENT; break;
        case OPT_ALL: o.q.all = 1; break;
        case OPT_FORMAT:
            if (strcmp(optarg, "trec") != 0) {
                fprintf(stderr, "slovo-search: --format: '%s' is not trec\n", optarg);
                return EXIT_USAGE;
            }
            break;
        case 'm':
            if (strcmp(optarg, "dict") == 0) {
                o.morphology = SLOVO_MORPH_DICT;
            } else if (strcmp(optarg, "rules") == 0) {
                o.morphology = SLOVO_MORPH_RULES;
            } else {
                fprintf(stderr, "slovo-search: --morphology: '%s' is not dict or rules\n",
                        optarg);
                return EXIT_USAGE;
            }
            break;
        case 'h': fputs(usage, stdout); return EXIT_HITS;
        case 'V': printf("slovo-search %s\n", slovo_version()); return EXIT_HITS;
        default:
            fputs("Try 'slovo-search --help'.\n", stderr);
            return EXIT_USAGE;
        }
    }
    if (o.analyze)
        return analyze_lines(&o);
    if (o.batch && optind < argc) {
        fputs("slovo-search: --batch reads its queries on standard input, not as arguments\n",
              stderr);
        return EXIT_USAGE;
    }
    if (!o.batch && optind == argc) {
        fputs("slovo-search: no QUERY given\nTry 'slovo-search --help'.\n", stderr);
        return EXIT_USAGE;
    }
    if (o.q.limit == 0)
        o.q.limit = o.batch ? 100 : 10;

    char *query = join_words(argc - optind, argv + optind);
    if (!query) {
        fputs("slovo-search: out of memory\n", stderr);
        return EXIT_SEARCH;
    }
    slovo_db *db;
    int rc = slovo_open(o.index, SLOVO_OPEN_READONLY, &db);
    if (rc != SLOVO_OK) {
        fprintf(stderr, "slovo-search: %s\n", slovo_errmsg(db));
        if (rc == SLOVO_NOTFOUND)
            fprintf(stderr, "slovo-search: build it first: slovo-index -d %s PATH...\n",
                    o.index);
        slovo_close(db);
        free(query);
        return EXIT_INDEX;
    }
    if (o.batch) {
        o.q.all = 1; /* a run ranks articles: a judged one folded into its story would be lost */
        int status = output_checked(batch(db, &o.q));
        slovo_close(db);
        free(query);
        return status;
    }
    double start = now_ms();
    slovo_hits *hits;
    rc = slovo_search(db, query, 0, &o.q, &hits);
    int status;
    uint64_t shown = 0;
    if (rc == SLOVO_OK && o.json && !print_json(hits, query, now_ms() - start, &shown)) {
        fputs("slovo-search: out of memory\n", stderr);
        status = EXIT_SEARCH;
    } else if (rc == SLOVO_OK) {
        if (!o.json)
            print_text(hits, isatty(STDOUT_FILENO), &shown);
        if (!o.json && !shown && o.q.offset && slovo_hits_total(hits))
            fprintf(stderr, "slovo-search: no articles past the first %zu (about %llu match)\n",
                    o.q.offset, (unsigned long long)slovo_hits_total(hits));
        else if (!o.json && !shown)
            fprintf(stderr, "slovo-search: no articles match '%s'\n", query);
        status = shown ? EXIT_HITS : EXIT_NO_HITS;
    } else {
        fprintf(stderr, "slovo-search: %s\n", slovo_errmsg(db));
        status = rc == SLOVO_SYNTAX ? EXIT_QUERY : rc == SLOVO_MISUSE ? EXIT_USAGE : EXIT_SEARCH;
    }
    slovo_hits_free(hits);
    slovo_close(db);
    free(query);
    return output_checked(status);
}
