/* reader_text.c: plain-text articles, as saved from news sites:
 *
 *     ua en ru                         <- site navigation: language links, skipped
 *
 *     Путин призвал США начать диалог  <- title: the first meaningful line
 *     date: 2021-06-16                 <- optional headers (date, source, url, lang, id)
 *     source: kremlin.ru
 *
 *     Президент России ...             <- body: everything else, trimmed
 *
 * Blank lines may stand between title, headers and body. One file is one article; its id is
 * the "id:" header or else the file's absolute path. */
#include <stdlib.h>
#include <string.h>

#include "reader_impl.h"

/* Language links of site navigation ("ua en ru", "UA | EN | RU"). */
static const char *const lang_codes[] = {"ua", "uk", "en", "ru", "de", "fr", "pl", "by", "be"};

/* What may stand between language links: ASCII and typographic separators. */
static const char *const separators[] = {"|", "/", "\\", ",", ";", "-", "·", "•", "–", "—"};

enum header { H_DATE, H_SOURCE, H_URL, H_LANG, H_ID, H_COUNT };

static const char *const header_keys[H_COUNT] = {"date", "source", "url", "lang", "id"};

struct span {
    char *s;
    size_t len;
};

static int ascii_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int ascii_letter(int c)
{
    c = ascii_lower(c);
    return c >= 'a' && c <= 'z';
}

/* Bytes of the white-space character at s[0..n): ASCII white space, or a no-break space
 * (U+00A0, common in pasted web text); 0 if there is none. */
static size_t space_at(const char *s, size_t n)
{
    if (n >= 1 && (s[0] == ' ' || (s[0] >= '\t' && s[0] <= '\r')))
        return 1;
    if (n >= 2 && s[0] == '\xC2' && s[1] == '\xA0')
        return 2;
    return 0;
}

static struct span trim(struct span x)
{
    size_t k;
    while ((k = space_at(x.s, x.len)) > 0) {
        x.s += k;
        x.len -= k;
    }
    for (;;) {
        if (x.len >= 1 && space_at(x.s + x.len - 1, 1))
            x.len--;
        else if (x.len >= 2 && space_at(x.s + x.len - 2, 2) == 2)
            x.len -= 2;
        else
            break;
    }
    return x;
}

/* Bytes of the separator at s[0..n), 0 if there is none. */
static size_t separator_at(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof separators / sizeof separators[0]; i++) {
        size_t k = strlen(separators[i]);
        if (k <= n && memcmp(s, separators[i], k) == 0)
            return k;
    }
    return 0;
}

static int is_lang_code(const char *s)
{
    for (size_t i = 0; i < sizeof lang_codes / sizeof lang_codes[0]; i++)
        if (ascii_lower((unsigned char)s[0]) == lang_codes[i][0] &&
            ascii_lower((unsigned char)s[1]) == lang_codes[i][1])
            return 1;
    return 0;
}

/* 1 when the (trimmed) line holds only language codes and separators, at least one code. */
static int is_nav_line(struct span x)
{
    size_t i = 0, codes = 0, k;

    while (i < x.len) {
        if ((k = space_at(x.s + i, x.len - i)) > 0 || (k = separator_at(x.s + i, x.len - i)) > 0) {
            i += k;
            continue;
        }
        if (i + 2 > x.len || !ascii_letter((unsigned char)x.s[i]) ||
            !ascii_letter((unsigned char)x.s[i + 1]) || !is_lang_code(x.s + i))
            return 0;
        i += 2;
        if (i < x.len && space_at(x.s + i, x.len - i) == 0 && separator_at(x.s + i, x.len - i) == 0)
            return 0; /* a longer word, such as "en" in "enter" */
        codes++;
    }
    return codes > 0;
}

/* A header line "key: value" with a known key: its index and *value (trimmed), else -1. */
static int parse_header(struct span x, struct span *value)
{
    size_t i = 0, key_len;

    while (i < x.len && ascii_letter((unsigned char)x.s[i]))
        i++;
    key_len = i;
    while (i < x.len && (x.s[i] == ' ' || x.s[i] == '\t'))
        i++;
    if (key_len == 0 || i >= x.len || x.s[i] != ':')
        return -1;
    for (int h = 0; h < H_COUNT; h++) {
        const char *key = header_keys[h];
        size_t j = 0;
        if (strlen(key) != key_len)
            continue;
        while (j < key_len && ascii_lower((unsigned char)x.s[j]) == key[j])
            j++;
        if (j == key_len) {
            value->s = x.s + i + 1;
            value->len = x.len - i - 1;
            *value = trim(*value);
            return h;
        }
    }
    return -1;
}

/* The line starting at *pos in text[0..len), without its '\n'; *pos moves past it. */
static struct span next_line(char *text, size_t len, size_t *pos)
{
    struct span line = {text + *pos, 0};
    const char *nl = memchr(text + *pos, '\n', len - *pos);
    line.len = nl != NULL ? (size_t)(nl - line.s) : len - *pos;
    *pos += line.len + (nl != NULL);
    return line;
}

/* "\r\n" and a lone "\r" become "\n", in place; returns the new length. */
static size_t unify_line_ends(char *text, size_t len)
{
    size_t i, o;
    char *cr = memchr(text, '\r', len);

    if (cr == NULL)
        return len;
    for (i = o = (size_t)(cr - text); i < len; i++) {
        if (text[i] == '\r') {
            text[o++] = '\n';
            if (i + 1 < len && text[i + 1] == '\n')
                i++;
        } else {
            text[o++] = text[i];
        }
    }
    return o;
}

/* NUL-terminates x in place; the byte after it is white space, a line end or text[len]. */
static const char *terminate(struct span x)
{
    x.s[x.len] = '\0';
    return x.s;
}

int reader_text_parse(const struct reader *r, char *text, size_t len)
{
    const char *fields[H_COUNT] = {NULL};
    slovo_article a = {0};
    struct span line, title = {NULL, 0}, body = {NULL, 0}, value;
    size_t pos = 0, body_start;
    char *real = NULL;
    int rc, h;

    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        len -= 3;
    }
    len = unify_line_ends(text, len);
    text[len] = '\0';

    while (pos < len && title.s == NULL) {
        line = trim(next_line(text, len, &pos));
        if (line.len > 0 && !is_nav_line(line))
            title = line;
    }
    body_start = pos;
    while (pos < len) {
        size_t line_start = pos;
        line = trim(next_line(text, len, &pos));
        if (line.len == 0)
            continue;
        h = parse_header(line, &value);
        if (h < 0) {
            body_start = line_start;
            break;
        }
        fields[h] = value.len > 0 ? terminate(value) : NULL;
        body_start = pos;
    }
    body.s = text + body_start;
    body.len = len - body_start;
    body = trim(body);

    if (title.s == NULL && body.len == 0) {
        reader_notice(r, SLOVO_EMPTY, 0, "no title and no text");
        return SLOVO_EMPTY;
    }
    a.title = title.s != NULL ? terminate(title) : NULL;
    if (body.len > 0) {
        a.body = terminate(body);
        a.body_len = body.len;
    }
    a.date = fields[H_DATE];
    a.source = fields[H_SOURCE];
    a.url = fields[H_URL];
    a.lang = reader_lang(fields[H_LANG]);
    a.path = r->path;
    a.id = fields[H_ID];
    if (a.id == NULL) {
        /* The path as given changes with the working directory; the article must not. */
        real = realpath(r->path, NULL);
        a.id = real != NULL ? real : r->path;
    }
    rc = reader_emit(r, &a, 1);
    free(real);
    return rc;
}
