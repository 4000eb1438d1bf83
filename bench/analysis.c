/* analysis.c: benchmark (not a test) of the whole analysis of a word — tokenize, normalize,
 * stem — over JSON Lines articles ({"title","text","lang"}), with the rules only and with
 * the dictionaries. Prints words/s for: rules; dict cold (a fresh stemmer, cache empty at the
 * start, dictionary load not counted); dict cached (the same text again, cache warm); and
 * the load time and resident memory of the dictionaries.
 * Usage: analysis MAX_MB FILE.jsonl...   (reads at most MAX_MB of article text) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "analyzer.h"
#include "lang.h"
#include "morph.h"
#include "slovo.h"
#include "stem.h"

struct doc {
    char *text;
    size_t len;
    enum lang lang;
};

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static long rss_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    while (f != NULL && fgets(line, sizeof line, f) != NULL)
        if (strncmp(line, "VmRSS:", 6) == 0)
            kb = strtol(line + 6, NULL, 10);
    if (f != NULL)
        fclose(f);
    return kb;
}

static size_t analyze_all(struct analyzer *a, struct stemmer *s, const struct doc *docs,
                          size_t ndocs, size_t *sink)
{
    size_t words = 0;
    for (size_t i = 0; i < ndocs; i++) {
        if (analyzer_reset(a, docs[i].text, docs[i].len) != SLOVO_OK)
            exit(2);
        struct token tok;
        int rc;
        while ((rc = analyzer_next(a, &tok)) == SLOVO_ROW) {
            size_t n;
            const char *t = stem_word(s, docs[i].lang, tok.text, tok.len, &n);
            if (t == NULL)
                exit(2);
            *sink += n;
            words++;
        }
        if (rc != SLOVO_DONE)
            exit(2);
    }
    return words;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: analysis MAX_MB FILE.jsonl...\n");
        return 2;
    }
    size_t max = (size_t)(atof(argv[1]) * 1e6), total = 0, ndocs = 0, cap = 0;
    struct doc *docs = NULL;
    char *line = NULL;
    size_t lcap = 0;
    for (int f = 2; f < argc && total < max; f++) {
        FILE *in = fopen(argv[f], "r");
        if (in == NULL) {
            perror(argv[f]);
            return 1;
        }
        while (total < max && getline(&line, &lcap, in) > 0) {
            json_object *o = json_tokener_parse(line), *v;
            if (o == NULL)
                continue;
            size_t tl = 0, bl = 0;
            const char *title = "", *body = "";
            if (json_object_object_get_ex(o, "title", &v) && json_object_is_type(v, json_type_string))
                title = json_object_get_string(v), tl = strlen(title);
            if (json_object_object_get_ex(o, "text", &v) && json_object_is_type(v, json_type_string))
                body = json_object_get_string(v), bl = strlen(body);
            if (ndocs == cap) {
                cap = cap ? 2 * cap : 1024;
                docs = realloc(docs, cap * sizeof *docs);
            }
            struct doc *d = &docs[ndocs++];
            d->len = tl + 1 + bl;
            d->text = malloc(d->len + 1);
            memcpy(d->text, title, tl);
            d->text[tl] = '\n';
            memcpy(d->text + tl + 1, body, bl);
            d->text[d->len] = '\0';
            d->lang = lang_detect(d->text, d->len);
            total += d->len;
            json_object_put(o);
        }
        fclose(in);
    }
    free(line);

    struct analyzer *a;
    struct stemmer *rules, *dict;
    size_t sink = 0;
    if (analyzer_new(&a) != SLOVO_OK || stem_new_morph(&rules, MORPH_RULES, NULL) != SLOVO_OK)
        return 1;
    analyze_all(a, rules, docs, ndocs < 50 ? ndocs : 50, &sink);   /* warm up ICU */

    double t0 = now();
    size_t words = analyze_all(a, rules, docs, ndocs, &sink);
    double t_rules = now() - t0;

    long kb0 = rss_kb();
    t0 = now();
    int rc = stem_new_morph(&dict, MORPH_DICT, NULL);
    /* The dictionaries load at the first word of their language that needs them. */
    size_t len;
    if (rc == SLOVO_OK && (!stem_word(dict, LANG_RU, "слово", strlen("слово"), &len) ||
                           !stem_word(dict, LANG_UK, "слово", strlen("слово"), &len)))
        rc = SLOVO_NOMEM;
    double t_load = now() - t0;
    long kb1 = rss_kb();
    if (rc != SLOVO_OK) {
        fprintf(stderr, "analysis: the dictionaries cannot be loaded: %s\n", slovo_errstr(rc));
        return 1;
    }
    t0 = now();
    analyze_all(a, dict, docs, ndocs, &sink);
    double t_cold = now() - t0;
    t0 = now();
    analyze_all(a, dict, docs, ndocs, &sink);
    double t_warm = now() - t0;

    printf("text            %.1f MB, %zu articles, %zu words\n", (double)total / 1e6, ndocs, words);
    printf("rules           %.0f words/s\n", (double)words / t_rules);
    printf("dict cold       %.0f words/s (cache empty at the start)\n", (double)words / t_cold);
    printf("dict cached     %.0f words/s (the same text again)\n", (double)words / t_warm);
    printf("dict load       %.2f s, %.1f MB resident\n", t_load, (double)(kb1 - kb0) / 1024);
    printf("(checksum %zu)\n", sink);

    stem_free(dict);
    stem_free(rules);
    analyzer_free(a);
    for (size_t i = 0; i < ndocs; i++)
        free(docs[i].text);
    free(docs);
    return 0;
}
