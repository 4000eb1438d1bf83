/* article.c: an article into a document: see article.h. */
#include "article.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "docdata.h"
#include "dupkey.h"
#include "lang.h"
#include "pieces.h"
#include "terms.h"
#include "utf8.h"

void article_builder_init(struct article_builder *b, struct analyzer *a, struct stemmer *s)
{
    memset(b, 0, sizeof *b);
    b->analyzer = a;
    b->stemmer = s;
}

void article_builder_free(struct article_builder *b)
{
    free(b->term);
    free(b->id_term);
    docdata_writer_free(b->fields);
    b->fields = NULL;
    b->term = b->id_term = NULL;
    b->term_cap = b->id_cap = 0;
}

static int fail(struct article_builder *b, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static int fail(struct article_builder *b, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b->errmsg, sizeof b->errmsg, fmt, ap);
    va_end(ap);
    return code;
}

const char *article_prefixed(char **buf, size_t *cap, char prefix, const char *text,
                             size_t len)
{
    if (len + 2 > *cap) {
        size_t want = len + 64;
        char *p = realloc(*buf, want);
        if (!p)
            return NULL;
        *buf = p;
        *cap = want;
    }
    (*buf)[0] = prefix;
    memcpy(*buf + 1, text, len);
    (*buf)[len + 1] = '\0';
    return *buf;
}

/* An article's fields as valid UTF-8: the caller's own strings where they are valid,
 * repaired copies (owned here) where they are not, the id escaped (utf8_escape()) so that
 * it stays unique. */
struct clean_article {
    struct docdata d;
    char *owned[DOCDATA_FIELDS];
};

static int clean_field(struct clean_article *c, int field, const char *text, size_t len)
{
    if (!text || len == 0)
        return SLOVO_OK;
    if (!utf8_valid(text, len)) {
        c->owned[field] = field == SLOVO_FIELD_ID ? utf8_escape(text, len, &len)
                                                  : utf8_repair(text, len, &len);
        if (!c->owned[field])
            return SLOVO_NOMEM;
        text = c->owned[field];
    }
    c->d.field[field] = text;
    c->d.len[field] = len;
    return SLOVO_OK;
}

static void clean_free(struct clean_article *c)
{
    for (int i = 0; i < DOCDATA_FIELDS; i++)
        free(c->owned[i]);
}

static size_t opt_len(const char *s)
{
    return s ? strlen(s) : 0;
}

/* The length of the body: body_len, or strlen(body) when that is 0. */
static size_t body_length(const slovo_article *a)
{
    return a->body && a->body_len == 0 ? strlen(a->body) : a->body_len;
}

/* c gets a's fields, body_len bytes of its body (body_length()). */
static int clean_article(struct clean_article *c, const slovo_article *a, size_t body_len)
{
    memset(c, 0, sizeof *c);
    int rc = clean_field(c, SLOVO_FIELD_ID, a->id, opt_len(a->id));
    if (rc == SLOVO_OK)
        rc = clean_field(c, SLOVO_FIELD_TITLE, a->title, opt_len(a->title));
    if (rc == SLOVO_OK)
        rc = clean_field(c, SLOVO_FIELD_DATE, a->date, opt_len(a->date));
    if (rc == SLOVO_OK)
        rc = clean_field(c, SLOVO_FIELD_SOURCE, a->source, opt_len(a->source));
    if (rc == SLOVO_OK)
        rc = clean_field(c, SLOVO_FIELD_URL, a->url, opt_len(a->url));
    if (rc == SLOVO_OK)
        rc = clean_field(c, SLOVO_FIELD_PATH, a->path, opt_len(a->path));
    if (rc == SLOVO_OK)
        rc = clean_field(c, SLOVO_FIELD_BODY, a->body, body_len);
    return rc;
}

/* The position after a word: a hyphenated word's whole shares its first part's. */
static unsigned next_position(const struct token *tok, unsigned base, unsigned pos)
{
    return tok->flags & TOKEN_WHOLE ? pos : base + tok->pos + 1;
}

/* What is noted of the body's words beside its terms. */
struct body_notes {
    struct dupkey dup;              /* each word's term */
    struct pieces_writer pieces;    /* where each word stands */
};

/* Posts the terms of one field; *pos is the next free position, *words counts words; body
 * (if not NULL) gets notes of each word. */
static int post_field(struct article_builder *b, struct store_doc *doc, const char *text,
                      size_t len, enum lang lang, int with_title, unsigned *pos, size_t *words,
                      struct body_notes *body)
{
    struct token tok;
    unsigned base = *pos;
    int rc = analyzer_reset(b->analyzer, text, len);
    while (rc == SLOVO_OK && (rc = analyzer_next(b->analyzer, &tok)) == SLOVO_ROW) {
        if (body)
            pieces_token(&body->pieces, tok.start, tok.pos);
        size_t term_len;
        const char *term = terms_index_term(b->stemmer, &tok, lang, &term_len);
        if (!term)
            return SLOVO_NOMEM;
        rc = store_doc_posting(doc, term, term_len, base + tok.pos);
        if (rc == SLOVO_OK && with_title) {
            const char *t = article_prefixed(&b->term, &b->term_cap, STORE_PREFIX_TITLE,
                                             term, term_len);
            rc = t ? store_doc_posting(doc, t, term_len + 1, base + tok.pos) : SLOVO_NOMEM;
        }
        if (rc != SLOVO_OK)
            return rc;
        *pos = next_position(&tok, base, *pos);
        if (!(tok.flags & TOKEN_WHOLE)) {
            (*words)++;
            if (body)
                dupkey_add(&body->dup, term, term_len);
        }
    }
    return rc == SLOVO_DONE ? SLOVO_OK : rc;
}

/* The words of the source's name as boolean terms, normalized but not stemmed, for
 * source: in queries. */
static int post_source(struct article_builder *b, struct store_doc *doc, const char *text,
                       size_t len)
{
    struct token tok;
    int rc = analyzer_reset(b->analyzer, text, len);
    while (rc == SLOVO_OK && (rc = analyzer_next(b->analyzer, &tok)) == SLOVO_ROW) {
        const char *t = article_prefixed(&b->term, &b->term_cap, STORE_PREFIX_SOURCE,
                                         tok.text, tok.len);
        /* a hyphenated name gives its whole form and its parts: all are terms */
        rc = t ? store_doc_boolean(doc, t, tok.len + 1) : SLOVO_NOMEM;
    }
    return rc == SLOVO_DONE ? SLOVO_OK : rc;
}

static int build(struct article_builder *b, const struct docdata *d, enum lang lang,
                 const struct article_origin *origin, struct store_doc *doc)
{
    unsigned pos = 0;
    size_t words = 0;
    int rc = post_field(b, doc, d->field[SLOVO_FIELD_TITLE], d->len[SLOVO_FIELD_TITLE], lang,
                        1, &pos, &words, NULL);
    pos += STORE_TITLE_GAP;
    const char *text = d->field[SLOVO_FIELD_BODY];
    size_t len = d->len[SLOVO_FIELD_BODY], pieces_len;
    unsigned body_base = pos;
    struct body_notes body;
    dupkey_init(&body.dup);
    pieces_start(&body.pieces, text, len, body_base);
    if (rc == SLOVO_OK)
        rc = post_field(b, doc, text, len, lang, 0, &pos, &words, &body);
    unsigned char *pieces = pieces_finish(&body.pieces, pos - body_base, &pieces_len);
    if (rc == SLOVO_OK && !pieces)
        rc = SLOVO_NOMEM;
    if (rc == SLOVO_OK && len)
        rc = store_doc_value(doc, STORE_VALUE_PIECES, (const char *)pieces, pieces_len);
    free(pieces);
    unsigned char dup[DUPKEY_BYTES];
    if (rc == SLOVO_OK && dupkey_final(&body.dup, dup))
        rc = store_doc_value(doc, STORE_VALUE_DUP, (const char *)dup, DUPKEY_BYTES);
    if (rc == SLOVO_OK && words == 0)
        return fail(b, SLOVO_EMPTY, "article '%.*s' has no words to index",
                    (int)d->len[SLOVO_FIELD_ID], d->field[SLOVO_FIELD_ID]);
    if (rc == SLOVO_OK) {
        const char *code = lang_code(lang);
        const char *lang_term = article_prefixed(&b->term, &b->term_cap, STORE_PREFIX_LANG,
                                                 code, strlen(code));
        rc = lang_term ? store_doc_boolean(doc, lang_term, strlen(lang_term)) : SLOVO_NOMEM;
    }
    if (rc == SLOVO_OK && d->len[SLOVO_FIELD_SOURCE])
        rc = post_source(b, doc, d->field[SLOVO_FIELD_SOURCE], d->len[SLOVO_FIELD_SOURCE]);
    if (rc == SLOVO_OK && origin)
        rc = store_doc_boolean(doc, origin->file_term, strlen(origin->file_term));
    if (rc == SLOVO_OK && origin)
        rc = store_doc_value(doc, STORE_VALUE_HASH, origin->hash, strlen(origin->hash));
    char key[9];
    if (rc == SLOVO_OK && d->field[SLOVO_FIELD_DATE] &&
        date_key(d->field[SLOVO_FIELD_DATE], d->len[SLOVO_FIELD_DATE], key))
        rc = store_doc_value(doc, STORE_VALUE_DATE, key, 8);
    if (rc == SLOVO_OK) {
        size_t data_len;
        if (!b->fields)
            b->fields = docdata_writer_new();
        char *data = b->fields ? docdata_encode(b->fields, d, &data_len) : NULL;
        rc = data ? store_doc_value(doc, STORE_VALUE_FIELDS, data, data_len) : SLOVO_NOMEM;
        free(data);
    }
    if (rc == SLOVO_OK)
        rc = store_doc_value(doc, STORE_VALUE_ID, d->field[SLOVO_FIELD_ID],
                             d->len[SLOVO_FIELD_ID]);
    if (rc == SLOVO_OK && !article_prefixed(&b->id_term, &b->id_cap, STORE_PREFIX_ID,
                                            d->field[SLOVO_FIELD_ID], d->len[SLOVO_FIELD_ID]))
        rc = SLOVO_NOMEM;
    if (rc == SLOVO_OK)
        rc = store_doc_id(doc, b->id_term, d->len[SLOVO_FIELD_ID] + 1);
    return rc == SLOVO_NOMEM ? fail(b, rc, "out of memory") : rc;
}

/* The bytes of an article's fields, as given, with body_len bytes of body. */
static size_t article_bytes(const slovo_article *a, size_t body_len)
{
    return body_len + opt_len(a->id) + opt_len(a->title) + opt_len(a->date) +
           opt_len(a->source) + opt_len(a->url) + opt_len(a->path);
}

/* The bytes of the fields to store. */
static size_t stored_bytes(const struct docdata *d)
{
    size_t n = 0;
    for (int i = 0; i < DOCDATA_FIELDS; i++)
        n += d->field[i] ? d->len[i] : 0;
    return n;
}

static int too_big(struct article_builder *b, const char *id)
{
    return fail(b, SLOVO_MISUSE, "article '%.200s' is larger than 1 GiB", id);
}

int article_build(struct article_builder *b, const slovo_article *a,
                  const struct article_origin *origin, struct store_doc *doc)
{
    if (store_doc_clear(doc) != SLOVO_OK)
        return fail(b, SLOVO_NOMEM, "out of memory");
    if (!a || !a->id || !*a->id)
        return fail(b, SLOVO_MISUSE, "an article needs an id");
    if (strlen(a->id) >= STORE_MAX_TERM)
        return fail(b, SLOVO_MISUSE, "article id '%.40s...' is longer than %d bytes", a->id,
                    STORE_MAX_TERM - 1);
    size_t body_len = body_length(a);
    if (article_bytes(a, body_len) > DOCDATA_MAX_TEXT) /* before it is checked or copied */
        return too_big(b, a->id);
    int lang = a->lang ? lang_parse(a->lang, strlen(a->lang)) : -1;
    if (a->lang && lang < 0)
        return fail(b, SLOVO_MISUSE,
                    "article '%.200s': unknown language '%.40s' (expected ru, uk, en or other)",
                    a->id, a->lang);
    struct clean_article c;
    int rc = clean_article(&c, a, body_len);
    if (rc == SLOVO_OK) {
        if (lang < 0) {
            const struct docdata *d = &c.d;
            lang = d->len[SLOVO_FIELD_BODY]
                       ? lang_detect(d->field[SLOVO_FIELD_BODY], d->len[SLOVO_FIELD_BODY])
                       : lang_detect(d->field[SLOVO_FIELD_TITLE], d->len[SLOVO_FIELD_TITLE]);
        }
        const char *code = lang_code((enum lang)lang);
        c.d.field[SLOVO_FIELD_LANG] = code;
        c.d.len[SLOVO_FIELD_LANG] = strlen(code);
        /* again as it will be stored: a repaired invalid byte takes three */
        if (stored_bytes(&c.d) > DOCDATA_MAX_TEXT)
            rc = too_big(b, a->id);
        else
            rc = build(b, &c.d, (enum lang)lang, origin, doc);
    } else {
        fail(b, rc, "out of memory");
    }
    clean_free(&c);
    return rc;
}
