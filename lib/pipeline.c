/* pipeline.c: see pipeline.h. A ring of batches: the caller fills one and hands it to the
 * workers, which build the batches handed over in order, while the caller reads ahead. It
 * writes the oldest batch only when no batch is left to fill, so that the workers have up
 * to BATCHES - 1 batches to build while it writes and commits. A worker takes the next
 * unbuilt article under the lock and builds it without the lock; the one that finishes a
 * batch wakes the caller. */
#include "pipeline.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BATCH 128               /* articles a batch holds */
/* Batches in the ring. With two, the workers stood idle while the writer committed. */
#define BATCHES (PIPELINE_ARTICLES / BATCH)

struct item {
    int is_mark;                /* a mark: its data is in text, none of the rest is used */
    slovo_article a;            /* its strings point into text */
    char *text;                 /* owned; the article's strings, one after another */
    size_t text_cap;
    int has_origin;
    char file_term[32];         /* origin, copied */
    char hash[32];
    uint64_t line;
    int rc;                     /* what building it gave */
    char errmsg[512];
    struct store_doc *doc;      /* owned; made at the first use of the slot */
    char *id_term;              /* owned */
    size_t id_cap;
};

struct batch {
    struct item items[BATCH];
    size_t n;                   /* items queued */
    size_t next;                /* the next item a worker takes */
    size_t built;               /* items built */
};

struct worker {
    struct pipeline *p;
    pthread_t thread;
    struct analyzer *analyzer;  /* owned */
    struct stemmer *stemmer;    /* owned */
    struct article_builder builder;
};

struct pipeline {
    pthread_mutex_t lock;
    pthread_cond_t work;        /* a batch was handed to the workers, or they must quit */
    pthread_cond_t done;        /* a batch handed over is built */
    struct batch batches[BATCHES];
    size_t oldest;              /* the oldest batch handed over and not yet written */
    size_t handed;              /* batches handed over and not yet written, from oldest on;
                                   the caller fills the one after them */
    int quit;
    struct worker *workers;
    unsigned nworkers;          /* started */
    struct worker helper;       /* the caller's: it builds too rather than wait */
    struct stem_shared *shared; /* borrowed; the dictionaries' answers, or NULL */
    pipeline_write_fn *write;
    void *ctx;
    int failed;                 /* the first code other than SLOVO_OK from write */
};

static struct batch *nth_handed(struct pipeline *p, size_t i)
{
    return &p->batches[(p->oldest + i) % BATCHES];
}

static struct batch *filling(struct pipeline *p)
{
    return nth_handed(p, p->handed);
}

static void build_item(struct worker *w, struct item *it)
{
    if (it->is_mark)
        return;
    struct article_origin origin = {it->file_term, it->hash};
    it->rc = article_build(&w->builder, &it->a, it->has_origin ? &origin : NULL, it->doc);
    if (it->rc != SLOVO_OK) {
        memcpy(it->errmsg, w->builder.errmsg, sizeof it->errmsg);
        return;
    }
    size_t len = strlen(w->builder.id_term) + 1;
    if (len > it->id_cap) {
        char *p = realloc(it->id_term, len);
        if (!p) {
            it->rc = SLOVO_NOMEM;
            strcpy(it->errmsg, "out of memory");
            return;
        }
        it->id_term = p;
        it->id_cap = len;
    }
    memcpy(it->id_term, w->builder.id_term, len);
}

/* The first batch handed over with an article no worker has taken, or NULL. */
static struct batch *to_build(struct pipeline *p)
{
    for (size_t i = 0; i < p->handed; i++) {
        struct batch *b = nth_handed(p, i);
        if (b->next < b->n)
            return b;
    }
    return NULL;
}

/* Builds the next article of batch b that no one has taken; called and returns with the
 * lock held. */
static void build_next(struct worker *w, struct batch *b)
{
    struct pipeline *p = w->p;
    struct item *it = &b->items[b->next++];
    pthread_mutex_unlock(&p->lock);
    build_item(w, it);
    pthread_mutex_lock(&p->lock);
    if (++b->built == b->n)
        pthread_cond_signal(&p->done);
}

static void *work(void *arg)
{
    struct worker *w = arg;
    struct pipeline *p = w->p;
    pthread_mutex_lock(&p->lock);
    for (;;) {
        struct batch *b = p->quit ? NULL : to_build(p);
        if (b) {
            build_next(w, b);
        } else if (p->quit) {
            break;
        } else {
            pthread_cond_wait(&p->work, &p->lock);
        }
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

/* Hands the batch being filled to the workers. */
static void hand_over(struct pipeline *p)
{
    pthread_mutex_lock(&p->lock);
    struct batch *b = filling(p);
    b->next = b->built = 0;
    p->handed++;
    pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->lock);
}

/* Writes a built batch in order. */
static void write_batch(struct pipeline *p, struct batch *b)
{
    for (size_t i = 0; i < b->n && p->failed == SLOVO_OK; i++) {
        struct item *it = &b->items[i];
        struct pipeline_doc mark = {.mark = it->text};
        struct pipeline_doc d = {it->rc, it->errmsg, it->doc, it->id_term, it->a.path,
                                 it->line,
                                 it->a.body_len + (it->a.title ? strlen(it->a.title) : 0),
                                 NULL};
        p->failed = p->write(p->ctx, it->is_mark ? &mark : &d);
    }
}

/* Writes the oldest batch handed over once it is built, helping to build it (or the next
 * ones, when the workers have taken the rest of it), and frees its place. */
static void write_oldest(struct pipeline *p)
{
    pthread_mutex_lock(&p->lock);
    struct batch *b = nth_handed(p, 0);
    while (b->built < b->n) {
        struct batch *todo = to_build(p);
        if (todo)
            build_next(&p->helper, todo);
        else
            pthread_cond_wait(&p->done, &p->lock);
    }
    pthread_mutex_unlock(&p->lock);
    write_batch(p, b);
    pthread_mutex_lock(&p->lock);
    b->n = 0;
    p->oldest = (p->oldest + 1) % BATCHES;
    p->handed--;
    pthread_mutex_unlock(&p->lock);
}

/* Frees what w holds; w may be zeroed, and is left so. */
static void free_worker(struct worker *w)
{
    article_builder_free(&w->builder);
    analyzer_free(w->analyzer);
    stem_free(w->stemmer);
    w->analyzer = NULL;
    w->stemmer = NULL;
}

/* An analyzer and a stemmer of `morphology` for w (its dictionaries load at its first word). */
static int init_worker(struct worker *w, struct pipeline *p, int morphology)
{
    w->p = p;
    int rc = analyzer_new(&w->analyzer);
    if (rc == SLOVO_OK)
        rc = stem_new_morph(&w->stemmer, (enum morphology)morphology, NULL);
    if (rc == SLOVO_OK) {
        if (p->shared != NULL)
            stem_share(w->stemmer, p->shared);
        article_builder_init(&w->builder, w->analyzer, w->stemmer);
    }
    else
        free_worker(w);
    return rc;
}

int pipeline_new(unsigned workers, int morphology, struct stem_shared *shared,
                 pipeline_write_fn *write, void *ctx, struct pipeline **out)
{
    *out = NULL;
    if (workers == 0)
        workers = 1;
    struct pipeline *p = calloc(1, sizeof *p);
    if (!p)
        return SLOVO_NOMEM;
    p->workers = calloc(workers, sizeof *p->workers);
    if (!p->workers) {
        free(p);
        return SLOVO_NOMEM;
    }
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->work, NULL);
    pthread_cond_init(&p->done, NULL);
    p->write = write;
    p->ctx = ctx;
    p->shared = shared;
    int rc = init_worker(&p->helper, p, morphology);
    for (unsigned i = 0; i < workers && rc == SLOVO_OK; i++) {
        struct worker *w = &p->workers[i];
        rc = init_worker(w, p, morphology);
        if (rc == SLOVO_OK && pthread_create(&w->thread, NULL, work, w) != 0) {
            free_worker(w);
            rc = SLOVO_ERROR;
        }
        if (rc == SLOVO_OK)
            p->nworkers++;
    }
    if (rc != SLOVO_OK) {
        pipeline_free(p);
        return rc;
    }
    *out = p;
    return SLOVO_OK;
}

void pipeline_free(struct pipeline *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    p->quit = 1;
    pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->lock);
    for (unsigned i = 0; i < p->nworkers; i++) {
        pthread_join(p->workers[i].thread, NULL);
        free_worker(&p->workers[i]);
    }
    free_worker(&p->helper);
    for (int b = 0; b < BATCHES; b++) {
        for (size_t i = 0; i < BATCH; i++) {
            struct item *it = &p->batches[b].items[i];
            free(it->text);
            free(it->id_term);
            store_doc_free(it->doc);
        }
    }
    pthread_cond_destroy(&p->work);
    pthread_cond_destroy(&p->done);
    pthread_mutex_destroy(&p->lock);
    free(p->workers);
    free(p);
}

/* Copies the strings of a into it->text, one after another, and points it->a at them. */
static int copy_article(struct item *it, const slovo_article *a)
{
    size_t body_len = a->body ? (a->body_len ? a->body_len : strlen(a->body)) : 0;
    const char *src[] = {a->id, a->title, a->date, a->source, a->url, a->path, a->lang};
    size_t need = body_len + 1;
    for (size_t i = 0; i < sizeof src / sizeof *src; i++)
        need += src[i] ? strlen(src[i]) + 1 : 0;
    if (need > it->text_cap) {
        char *p = realloc(it->text, need);
        if (!p)
            return SLOVO_NOMEM;
        it->text = p;
        it->text_cap = need;
    }
    char *at = it->text;
    const char *dst[sizeof src / sizeof *src];
    for (size_t i = 0; i < sizeof src / sizeof *src; i++) {
        dst[i] = NULL;
        if (src[i]) {
            size_t len = strlen(src[i]) + 1;
            memcpy(at, src[i], len);
            dst[i] = at;
            at += len;
        }
    }
    const char *body = NULL;
    if (a->body) {
        memcpy(at, a->body, body_len);
        at[body_len] = '\0';
        body = at;
    }
    it->a = (slovo_article){.id = dst[0], .title = dst[1], .body = body, .body_len = body_len,
                            .date = dst[2], .source = dst[3], .url = dst[4], .path = dst[5],
                            .lang = dst[6]};
    return SLOVO_OK;
}

/* Takes the item just filled into the queue. */
static int enqueue(struct pipeline *p)
{
    if (++filling(p)->n < BATCH)
        return SLOVO_OK;
    hand_over(p);
    if (p->handed == BATCHES) /* no batch left to fill */
        write_oldest(p);
    return p->failed;
}

int pipeline_add(struct pipeline *p, const slovo_article *a,
                 const struct article_origin *origin, uint64_t line)
{
    if (p->failed != SLOVO_OK)
        return p->failed;
    struct item *it = &filling(p)->items[filling(p)->n];
    if (!it->doc && store_doc_new(&it->doc) != SLOVO_OK)
        return SLOVO_NOMEM;
    if (copy_article(it, a) != SLOVO_OK)
        return SLOVO_NOMEM;
    it->is_mark = 0;
    it->has_origin = origin != NULL;
    if (origin) {
        snprintf(it->file_term, sizeof it->file_term, "%s", origin->file_term);
        snprintf(it->hash, sizeof it->hash, "%s", origin->hash);
    }
    it->line = line;
    return enqueue(p);
}

int pipeline_mark(struct pipeline *p, const void *data, size_t len)
{
    if (p->failed != SLOVO_OK)
        return p->failed;
    struct item *it = &filling(p)->items[filling(p)->n];
    if (len > it->text_cap) {
        char *t = realloc(it->text, len);
        if (!t)
            return SLOVO_NOMEM;
        it->text = t;
        it->text_cap = len;
    }
    memcpy(it->text, data, len);
    it->is_mark = 1;
    return enqueue(p);
}

int pipeline_flush(struct pipeline *p)
{
    if (filling(p)->n > 0)
        hand_over(p);
    while (p->handed > 0)
        write_oldest(p);
    return p->failed;
}

void pipeline_discard(struct pipeline *p)
{
    pthread_mutex_lock(&p->lock);
    for (size_t i = 0; i < p->handed; i++) {
        struct batch *b = nth_handed(p, i);
        b->n = b->next; /* no more is taken; what was taken is built */
    }
    for (size_t i = 0; i < p->handed; i++) {
        struct batch *b = nth_handed(p, i);
        while (b->built < b->n)
            pthread_cond_wait(&p->done, &p->lock);
    }
    for (size_t i = 0; i < BATCHES; i++)
        p->batches[i].n = 0;
    p->handed = 0;
    pthread_mutex_unlock(&p->lock);
    p->failed = SLOVO_OK;
}
