/* bench/search.c: query latency of libslovo as an application sees it: each query searched
 * and its top 10 read with their fields and a snippet. Every query runs once cold, then
 * WARM_RUNS times round robin; the figures are the p50 and p95 over the queries of each
 * one's median warm time, the way ../shared/peers measures the other engines.
 * Usage: search INDEX QUERIES.txt [WARM_RUNS]  (one query a line) */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "slovo.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* One search as slovo-search does it; the time in ms, or -1 on failure. */
static double one(slovo_db *db, const char *q)
{
    double start = now_ms();
    slovo_hits *h;
    if (slovo_search(db, q, 0, &(slovo_query_opts){.limit = 10}, &h) != SLOVO_OK)
        return -1;
    while (slovo_hits_next(h) == SLOVO_ROW) {
        slovo_hit_field(h, SLOVO_FIELD_TITLE, NULL);
        slovo_hit_field(h, SLOVO_FIELD_URL, NULL);
        slovo_hit_snippet(h, "<b>", "</b>", SLOVO_SNIPPET_HTML, NULL);
    }
    slovo_hits_free(h);
    return now_ms() - start;
}

static double percentile(double *v, size_t n, double p)
{
    qsort(v, n, sizeof *v, cmp_double);
    return v[(size_t)(p * (double)(n - 1) + 0.5)];
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fputs("usage: search INDEX QUERIES.txt [WARM_RUNS]\n", stderr);
        return 2;
    }
    int warm = argc > 3 ? atoi(argv[3]) : 5;
    FILE *f = fopen(argv[2], "r");
    if (!f || warm < 1) {
        perror(argv[2]);
        return 2;
    }
    char **queries = NULL, *line = NULL;
    size_t n = 0, cap = 0, lcap = 0;
    ssize_t len;
    while ((len = getline(&line, &lcap, f)) > 0) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!*line)
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 512;
            queries = realloc(queries, cap * sizeof *queries);
        }
        queries[n++] = strdup(line);
    }
    fclose(f);
    free(line);
    if (n == 0) {
        fprintf(stderr, "search: no queries in %s\n", argv[2]);
        return 2;
    }
    slovo_db *db;
    if (slovo_open(argv[1], SLOVO_OPEN_READONLY, &db) != SLOVO_OK) {
        fprintf(stderr, "search: %s\n", slovo_errmsg(db));
        return 1;
    }
    double *cold = calloc(n, sizeof *cold), *median = calloc(n, sizeof *median);
    double *runs = calloc(n * (size_t)warm, sizeof *runs), *mine = calloc(warm, sizeof *mine);
    size_t failed = 0;
    for (size_t i = 0; i < n; i++)
        if ((cold[i] = one(db, queries[i])) < 0)
            failed++;
    for (int r = 0; r < warm; r++)
        for (size_t i = 0; i < n; i++)
            runs[i * (size_t)warm + (size_t)r] = one(db, queries[i]);
    for (size_t i = 0; i < n; i++) {
        memcpy(mine, runs + i * (size_t)warm, (size_t)warm * sizeof *mine);
        median[i] = percentile(mine, (size_t)warm, 0.5);
    }
    printf("%zu queries (%zu failed), top 10 with fields and snippets, %d warm runs\n", n,
           failed, warm);
    printf("warm p50 %.3f ms, p95 %.3f ms; cold p50 %.3f ms, p95 %.3f ms\n",
           percentile(median, n, 0.5), percentile(median, n, 0.95), percentile(cold, n, 0.5),
           percentile(cold, n, 0.95));
    slovo_close(db);
    for (size_t i = 0; i < n; i++)
        free(queries[i]);
    free(queries);
    free(cold);
    free(median);
    free(runs);
    free(mine);
    return failed ? 1 : 0;
}
