/* reader_html.c: a saved news page (*.html, *.htm) through libxml2's HTML parser, which
 * repairs broken markup and decodes entities. One page is one article:
 *
 *   title   <meta property="og:title">, else the first <h1> of the article (or of the page
 *           outside its menus), else <title>; a " | Site" / " — Site" suffix is cut when it
 *           is the site name
 *   body    the text of <article>, else of the element with itemprop="articleBody", else of
 *           <main>, else of <body>: without scripts, styles, navigation, page header and
 *           footer, asides, forms, embedded frames and elements whose class or id marks a
 *           menu, sidebar, advertisement, share buttons, comments, related links or a
 *           cookie banner. Block elements end lines (paragraphs: a blank line), white space
 *           is folded.
 *   date    <meta property="article:published_time">, else <meta name="date" | "pubdate" |
 *           "DC.date">, else itemprop="datePublished", else the first <time datetime>
 *   source  <meta property="og:site_name">
 *   url     <link rel="canonical">, else <meta property="og:url"> (absolute ones only); it is
 *           also the id, else the file's absolute path is
 *   lang    <html lang="ru" | "uk" | "en"> (region subtags allowed), else NULL: detected
 *
 * The parser gets UTF-8 (reader.c converts legacy encodings first) and is told so, so that it
 * ignores the page's own <meta charset>. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "reader_impl.h"

enum kind { K_OTHER, K_DROP, K_LINE, K_PARA, K_CELL };

/* Elements that matter to the text, sorted by name (bsearch). */
static const struct tag {
    const char *name;
    enum kind kind;
} tags[] = {
    {"address", K_LINE},   {"article", K_PARA},    {"aside", K_DROP},    {"blockquote", K_PARA},
    {"br", K_LINE},        {"button", K_DROP},     {"caption", K_LINE},  {"dd", K_LINE},
    {"div", K_LINE},       {"dl", K_PARA},         {"dt", K_LINE},       {"figcaption", K_LINE},
    {"figure", K_PARA},    {"footer", K_DROP},     {"form", K_DROP},     {"h1", K_PARA},
    {"h2", K_PARA},        {"h3", K_PARA},         {"h4", K_PARA},       {"h5", K_PARA},
    {"h6", K_PARA},        {"header", K_DROP},     {"hr", K_PARA},       {"iframe", K_DROP},
    {"li", K_LINE},        {"main", K_PARA},       {"menu", K_DROP},     {"nav", K_DROP},
    {"noscript", K_DROP},  {"object", K_DROP},     {"ol", K_PARA},       {"p", K_PARA},
    {"pre", K_PARA},       {"script", K_DROP},     {"section", K_PARA},  {"select", K_DROP},
    {"style", K_DROP},     {"svg", K_DROP},        {"table", K_PARA},    {"td", K_CELL},
    {"template", K_DROP},  {"th", K_CELL},         {"tr", K_LINE},       {"ul", K_PARA},
};

/* Words of a class or id that mark page furniture. A word of the attribute (split at
 * anything but ASCII letters and digits, compared in small letters) matches when it equals
 * the word, or, for `prefix` ones, starts with it ("sidebar-left", "shareButtons",
 * "advertisement"). "nav" is exact: "navalny" is a tag page, not a menu. */
static const struct furniture {
    const char *word;
    int prefix;
} furniture[] = {
    {"menu", 1},       {"nav", 0},     {"navbar", 0},  {"navigation", 1}, {"sidebar", 1},
    {"advert", 1},     {"ad", 0},      {"ads", 0},     {"banner", 1},     {"share", 1},
    {"social", 1},     {"comments", 1}, {"comment", 0}, {"breadcrumb", 1}, {"related", 1},
    {"footer", 1},     {"cookie", 1},
};

/* Marks set on elements in n->_private by the first pass (the document is ours). */
#define MARK_CHROME ((uintptr_t)1)  /* page furniture: no article, main or title inside */
#define MARK_CONTENT ((uintptr_t)2) /* an article or main: a header inside is the article's */

/* A growing UTF-8 text with folded white space; at most `max` bytes are kept. */
struct text {
    char *s;
    size_t len, cap, max;
    int space;   /* white space seen since the last character */
    int brk;     /* line ends owed: 1 a line, 2 a paragraph */
    int oneline; /* line ends become spaces (titles, attribute values) */
    int rc;
};

static void text_init(struct text *t, size_t max, int oneline)
{
    memset(t, 0, sizeof *t);
    t->max = max;
    t->oneline = oneline;
}

static void put(struct text *t, const char *p, size_t n)
{
    if (t->rc != SLOVO_OK)
        return;
    if (t->len + n > t->max)
        n = t->max - t->len; /* capped: the rest is dropped */
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap != 0 ? t->cap : 256;
        char *bigger;
        while (cap < t->len + n + 1)
            cap *= 2;
        bigger = realloc(t->s, cap);
        if (bigger == NULL) {
            t->rc = SLOVO_NOMEM;
            return;
        }
        t->s = bigger;
        t->cap = cap;
    }
    memcpy(t->s + t->len, p, n);
    t->len += n;
    t->s[t->len] = '\0';
}

static void brk(struct text *t, int level)
{
    if (level > t->brk)
        t->brk = level;
}

/* What stands between the last character and the next one: owed line ends, else a space. */
static void separate(struct text *t)
{
    if (t->len > 0 && t->brk > 0 && !t->oneline)
        put(t, "\n\n", (size_t)t->brk);
    else if (t->len > 0 && (t->space || t->brk > 0))
        put(t, " ", 1);
    t->space = 0;
    t->brk = 0;
}

/* Bytes of white space at p (NUL-terminated): ASCII, or a no-break space; else 0. */
static size_t space_at(const unsigned char *p)
{
    if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f')
        return 1;
    return p[0] == 0xC2 && p[1] == 0xA0 ? 2 : 0;
}

/* Appends NUL-terminated UTF-8, folding white space. */
static void add_folded(struct text *t, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p != '\0') {
        size_t k = space_at(p);
        const unsigned char *word = p;
        if (k > 0) {
            t->space = 1;
            p += k;
            continue;
        }
        while (*p != '\0' && space_at(p) == 0)
            p++;
        separate(t);
        put(t, (const char *)word, (size_t)(p - word));
    }
}

static int tag_cmp(const void *key, const void *elem)
{
    return strcmp(key, ((const struct tag *)elem)->name);
}

static enum kind kind_of(const xmlNode *n)
{
    const struct tag *t = bsearch(n->name, tags, sizeof tags / sizeof tags[0], sizeof tags[0],
                                  tag_cmp);
    return t != NULL ? t->kind : K_OTHER;
}

static int is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* The value of attribute `name` (the parser gives names in small letters), "" when it has
 * none, NULL when it is absent. Borrowed from the document. */
static const char *attr(const xmlNode *n, const char *name)
{
    for (const xmlAttr *a = n->properties; a != NULL; a = a->next) {
        if (strcmp((const char *)a->name, name) != 0)
            continue;
        if (a->children != NULL && a->children->type == XML_TEXT_NODE &&
            a->children->next == NULL && a->children->content != NULL)
            return (const char *)a->children->content;
        return "";
    }
    return NULL;
}

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int ascii_ieq(const char *a, const char *b)
{
    while (*a != '\0' && lower((unsigned char)*a) == lower((unsigned char)*b)) {
        a++;
        b++;
    }
    return *a == '\0' && *b == '\0';
}

static int alnum(int c)
{
    c = lower(c);
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* 1 when the class or id value names page furniture (see `furniture`). */
static int furniture_words(const char *v)
{
    while (v != NULL && *v != '\0') {
        char word[32];
        size_t n = 0;
        while (*v != '\0' && !alnum((unsigned char)*v))
            v++;
        while (alnum((unsigned char)*v)) {
            if (n + 1 < sizeof word)
                word[n++] = (char)lower((unsigned char)*v);
            v++;
        }
        word[n] = '\0';
        for (size_t i = 0; n > 0 && i < sizeof furniture / sizeof furniture[0]; i++) {
            size_t k = strlen(furniture[i].word);
            if (furniture[i].prefix ? strncmp(word, furniture[i].word, k) == 0
                                    : strcmp(word, furniture[i].word) == 0)
                return 1;
        }
    }
    return 0;
}

/* 1 for an element whose class or id marks page furniture. The page's frame (html, body,
 * main) is never furniture: <body class="has-sidebar"> holds the article too. */
static int is_furniture(const xmlNode *n)
{
    if (is(n, "html") || is(n, "body") || is(n, "main"))
        return 0;
    return furniture_words(attr(n, "class")) || furniture_words(attr(n, "id"));
}

/* Visits the nodes under root in document order: enter() returns 1 to go into the node's
 * children; leave() follows every enter(), after the children. Iterative, so that a deeply
 * nested page cannot exhaust the stack. */
static void walk(xmlNode *root, int (*enter)(void *, xmlNode *),
                 void (*leave)(void *, xmlNode *), void *ctx)
{
    xmlNode *n = root != NULL ? root->children : NULL;
    while (n != NULL) {
        if (enter(ctx, n) && n->children != NULL) {
            n = n->children;
            continue;
        }
        leave(ctx, n);
        while (n->next == NULL) {
            n = n->parent;
            if (n == NULL || n == root)
                return;
            leave(ctx, n);
        }
        n = n->next;
    }
}

/* ---- First pass: what the page says about itself, and where its parts are ------------ */

enum date_rank { D_META, D_NAME, D_ITEMPROP, D_TIME, D_NONE };

struct page {
    const char *lang, *og_title, *site_name, *og_url, *canonical, *date;
    enum date_rank date_rank;
    xmlNode *title, *h1, *article, *article_body, *main, *body;
    int chrome;  /* depth inside page furniture */
    int content; /* depth inside article or main */
};

/* <meta> names and properties we read, compared without regard to case. */
static const struct meta_key {
    const char *key;
    enum { M_TITLE, M_SITE, M_URL, M_DATE, M_NAME_DATE } what;
} meta_keys[] = {
    {"og:title", M_TITLE},       {"og:site_name", M_SITE}, {"og:url", M_URL},
    {"article:published_time", M_DATE}, {"date", M_NAME_DATE}, {"pubdate", M_NAME_DATE},
    {"dc.date", M_NAME_DATE},    {"dc.date.issued", M_NAME_DATE},
};

static void set_date(struct page *p, const char *value, enum date_rank rank)
{
    if (value != NULL && *value != '\0' && rank < p->date_rank) {
        p->date = value;
        p->date_rank = rank;
    }
}

static void read_meta(struct page *p, const xmlNode *n)
{
    const char *content = attr(n, "content");
    const char *keys[2] = {attr(n, "property"), attr(n, "name")};

    if (content == NULL)
        return;
    for (int k = 0; k < 2; k++) {
        for (size_t i = 0; keys[k] != NULL && i < sizeof meta_keys / sizeof meta_keys[0]; i++) {
            if (!ascii_ieq(keys[k], meta_keys[i].key))
                continue;
            switch (meta_keys[i].what) {
            case M_TITLE:
                if (p->og_title == NULL)
                    p->og_title = content;
                break;
            case M_SITE:
                if (p->site_name == NULL)
                    p->site_name = content;
                break;
            case M_URL:
                if (p->og_url == NULL)
                    p->og_url = content;
                break;
            case M_DATE:
                set_date(p, content, D_META);
                break;
            case M_NAME_DATE:
                set_date(p, content, D_NAME);
                break;
            }
        }
    }
}

/* 1 when the rel attribute lists "canonical". */
static int rel_canonical(const char *rel)
{
    while (rel != NULL && *rel != '\0') {
        size_t n = 0;
        while (*rel == ' ' || *rel == '\t' || *rel == '\n')
            rel++;
        while (rel[n] != '\0' && rel[n] != ' ' && rel[n] != '\t' && rel[n] != '\n')
            n++;
        if (n == 9 && lower((unsigned char)rel[0]) == 'c') {
            char word[10];
            for (size_t i = 0; i < 9; i++)
                word[i] = (char)lower((unsigned char)rel[i]);
            word[9] = '\0';
            if (strcmp(word, "canonical") == 0)
                return 1;
        }
        rel += n;
    }
    return 0;
}

static int page_enter(void *ctx, xmlNode *n)
{
    struct page *p = ctx;
    enum kind kind;
    const char *v;
    uintptr_t mark = 0;

    if (n->type != XML_ELEMENT_NODE)
        return 0;
    kind = kind_of(n);
    /* A <header> inside an article holds its headline and date, not the site's logo. */
    if ((kind == K_DROP && !(is(n, "header") && p->content > 0)) || is_furniture(n))
        mark |= MARK_CHROME;
    if (p->chrome == 0 && (is(n, "article") || is(n, "main")))
        mark |= MARK_CONTENT;

    if (is(n, "meta")) {
        read_meta(p, n);
    } else if (is(n, "link")) {
        if (p->canonical == NULL && rel_canonical(attr(n, "rel")))
            p->canonical = attr(n, "href");
    } else if (is(n, "title")) {
        if (p->title == NULL && p->body == NULL)
            p->title = n; /* not an <svg>'s title in the body */
    } else if (is(n, "html")) {
        if (p->lang == NULL)
            p->lang = attr(n, "lang");
    } else if (is(n, "body")) {
        if (p->body == NULL)
            p->body = n;
    } else if (is(n, "time")) {
        set_date(p, attr(n, "datetime"), D_TIME);
    } else if (p->chrome == 0 && !(mark & MARK_CHROME)) {
        if (is(n, "h1") && p->h1 == NULL)
            p->h1 = n;
        else if (is(n, "article") && p->article == NULL)
            p->article = n;
        else if (is(n, "main") && p->main == NULL)
            p->main = n;
    }
    if ((v = attr(n, "itemprop")) != NULL) {
        if (ascii_ieq(v, "datePublished")) {
            const char *value = attr(n, "content");
            set_date(p, value != NULL ? value : attr(n, "datetime"), D_ITEMPROP);
        } else if (ascii_ieq(v, "articleBody") && p->article_body == NULL && p->chrome == 0) {
            p->article_body = n;
        }
    }

    n->_private = (void *)mark;
    p->chrome += (mark & MARK_CHROME) != 0;
    p->content += (mark & MARK_CONTENT) != 0;
    /* Nothing of ours lives inside code or drawings. */
    return !(is(n, "script") || is(n, "style") || is(n, "svg") || is(n, "template"));
}

static void page_leave(void *ctx, xmlNode *n)
{
    struct page *p = ctx;
    uintptr_t mark = (uintptr_t)n->_private;

    if (n->type != XML_ELEMENT_NODE)
        return;
    p->chrome -= (mark & MARK_CHROME) != 0;
    p->content -= (mark & MARK_CONTENT) != 0;
}

/* ---- Second pass: the text of an element ---------------------------------------------- */

struct extract {
    struct text *t;
    int furniture;     /* drop elements whose class or id marks furniture */
    const xmlNode *skip; /* the <h1> that became the title, not repeated in the body */
};

static int extract_enter(void *ctx, xmlNode *n)
{
    struct extract *x = ctx;
    enum kind kind;

    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (n->content != NULL)
            add_folded(x->t, (const char *)n->content);
        return 0;
    }
    if (n->type != XML_ELEMENT_NODE)
        return 0; /* comments, processing instructions */
    kind = kind_of(n);
    if (kind == K_DROP || n == x->skip || (x->furniture && is_furniture(n))) {
        brk(x->t, 1);
        return 0;
    }
    if (kind == K_LINE || kind == K_PARA)
        brk(x->t, kind == K_PARA ? 2 : 1);
    else if (kind == K_CELL)
        x->t->space = 1;
    return 1;
}

static void extract_leave(void *ctx, xmlNode *n)
{
    struct extract *x = ctx;
    enum kind kind;

    if (n->type != XML_ELEMENT_NODE)
        return;
    kind = kind_of(n);
    if (kind == K_LINE || kind == K_PARA)
        brk(x->t, kind == K_PARA ? 2 : 1);
    else if (kind == K_CELL)
        x->t->space = 1;
}

/* Appends the text under n (n itself excluded from the walk, its children included). */
static void extract(struct text *t, xmlNode *n, int furniture, const xmlNode *skip)
{
    struct extract x = {t, furniture, skip};
    walk(n, extract_enter, extract_leave, &x);
}

/* The first <h1> outside page furniture (as the first pass marked it). */
static int find_h1(void *ctx, xmlNode *n)
{
    xmlNode **found = ctx;
    if (*found != NULL || n->type != XML_ELEMENT_NODE ||
        ((uintptr_t)n->_private & MARK_CHROME))
        return 0;
    if (is(n, "h1"))
        *found = n;
    return *found == NULL;
}

static void no_leave(void *ctx, xmlNode *n)
{
    (void)ctx;
    (void)n;
}

/* ---- The article ---------------------------------------------------------------------- */

/* Bytes of the separators a title may put before the site name. */
static const char *const title_separators[] = {"|", "—", "–", "-", "·", "•", "::", ":", "/"};

/* The length of title t[0..len) without a " | Site" suffix naming the site. */
static size_t strip_site(const char *t, size_t len, const char *site, size_t site_len)
{
    size_t end;

    if (site_len == 0 || len <= site_len || memcmp(t + len - site_len, site, site_len) != 0)
        return len;
    end = len - site_len;
    while (end > 0 && t[end - 1] == ' ')
        end--;
    for (size_t i = 0; i < sizeof title_separators / sizeof title_separators[0]; i++) {
        size_t k = strlen(title_separators[i]);
        /* The separator must stand apart: "Агентство-РБК" is a name, not a suffix. */
        if (end > k && memcmp(t + end - k, title_separators[i], k) == 0 &&
            t[end - k - 1] == ' ') {
            end -= k;
            while (end > 0 && t[end - 1] == ' ')
                end--;
            return end > 0 ? end : len;
        }
    }
    return len;
}

static int absolute_url(const char *u)
{
    return u != NULL && strstr(u, "://") != NULL;
}

/* A folded one-line copy of s, empty when s is NULL. */
static void fold_field(struct text *t, const char *s, int *rc)
{
    text_init(t, 64 * 1024, 1);
    if (s != NULL && *rc == SLOVO_OK)
        add_folded(t, s);
    if (t->rc != SLOVO_OK)
        *rc = t->rc;
}

int reader_html_parse(const struct reader *r, const char *text, size_t len)
{
    struct page p = {.date_rank = D_NONE};
    struct text title, body, date, source, url;
    slovo_article a = {0};
    xmlNode *container = NULL, *h1 = NULL;
    xmlNode *candidates[4];
    char *real = NULL;
    htmlDocPtr doc;
    int rc = SLOVO_OK, furniture;

    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        len -= 3;
    }
    text_init(&title, 64 * 1024, 1);
    text_init(&body, len * 2 + 1024, 0); /* decoded text is never much longer than markup */
    text_init(&date, 0, 1);
    text_init(&source, 0, 1);
    text_init(&url, 0, 1);
    /* IGNORE_ENC: the text is UTF-8 now, whatever its <meta charset> says. HUGE: without
     * it the parser gives up at 256 nested elements (broken pages leave thousands of <div>
     * or <font> open) and drops the rest of the page; the file size is capped anyway. */
    doc = htmlReadMemory(text, (int)len, NULL, "UTF-8",
                         HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                             HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC | HTML_PARSE_COMPACT |
                             XML_PARSE_HUGE);
    if (doc != NULL)
        walk((xmlNode *)doc, page_enter, page_leave, &p);

    /* The body: the first candidate with text, first without furniture. */
    candidates[0] = p.article;
    candidates[1] = p.article_body;
    candidates[2] = p.main;
    candidates[3] = p.body;
    for (furniture = 1; furniture >= 0 && rc == SLOVO_OK; furniture--) {
        for (int i = 0; i < 4 && body.len == 0; i++) {
            if (candidates[i] == NULL)
                continue;
            container = candidates[i];
            extract(&body, container, furniture, NULL);
            rc = body.rc;
        }
        if (body.len > 0)
            break;
    }
    if (container != NULL)
        walk(container, find_h1, no_leave, &h1);

    /* The title: og:title, the article's headline, the page's, <title>. */
    if (rc == SLOVO_OK && p.og_title != NULL)
        fold_field(&title, p.og_title, &rc);
    if (rc == SLOVO_OK && title.len == 0 && (h1 != NULL || p.h1 != NULL)) {
        extract(&title, h1 != NULL ? h1 : p.h1, 0, NULL);
        rc = title.rc;
    }
    if (rc == SLOVO_OK && title.len == 0 && p.title != NULL) {
        extract(&title, p.title, 0, NULL);
        rc = title.rc;
    }
    /* The headline need not open the body too: take the body again without it. */
    if (rc == SLOVO_OK && h1 != NULL && title.len > 0 && body.len > 0) {
        struct text h;
        text_init(&h, 64 * 1024, 1);
        extract(&h, h1, 0, NULL);
        if (h.rc == SLOVO_OK && h.len == title.len && memcmp(h.s, title.s, h.len) == 0) {
            struct text again;
            text_init(&again, body.max, 0);
            extract(&again, container, furniture, h1);
            if (again.rc == SLOVO_OK && again.len > 0) {
                free(body.s);
                body = again;
            } else {
                free(again.s);
            }
        }
        free(h.s);
    }

    fold_field(&source, p.site_name, &rc);
    if (rc == SLOVO_OK && title.len > 0) {
        title.len = strip_site(title.s, title.len, source.s, source.len);
        title.s[title.len] = '\0';
    }
    fold_field(&date, p.date, &rc);
    fold_field(&url, absolute_url(p.canonical) ? p.canonical
                     : absolute_url(p.og_url)  ? p.og_url
                                               : NULL,
               &rc);

    if (rc == SLOVO_OK && title.len == 0 && body.len == 0) {
        reader_notice(r, SLOVO_EMPTY, 0, "no title and no text");
        rc = SLOVO_EMPTY;
    } else if (rc == SLOVO_OK) {
        a.title = title.len > 0 ? title.s : NULL;
        a.body = body.len > 0 ? body.s : NULL;
        a.body_len = body.len;
        a.date = date.len > 0 ? date.s : NULL;
        a.source = source.len > 0 ? source.s : NULL;
        a.url = url.len > 0 ? url.s : NULL;
        a.lang = reader_lang(p.lang);
        a.path = r->path;
        a.id = a.url;
        if (a.id == NULL) {
            /* As for text files: the path as given changes with the working directory. */
            real = realpath(r->path, NULL);
            a.id = real != NULL ? real : r->path;
        }
        rc = reader_emit(r, &a, 1);
    }
    free(real);
    free(title.s);
    free(body.s);
    free(date.s);
    free(source.s);
    free(url.s);
    xmlFreeDoc(doc);
    return rc;
}
