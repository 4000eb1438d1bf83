/* qparse.h: the query language. Turns what a user typed into a syntax tree, or an error
 * that says where and what to do about it. Pure syntax: words stay as typed (byte spans of
 * the input); splitting them further, normalizing and stemming is the job of the layer that
 * maps the tree to index terms (it runs the analyzer on each word span).
 *
 * The query language
 *
 *   выборы Москва        words side by side form a group; the ranking decides how many of
 *                        them must match
 *   "выборы в Москве"    a phrase: its words in this order (inflected forms allowed).
 *                        An unclosed quote runs to the end of the query; "" is ignored.
 *                        Inside quotes everything that is not a word is a separator
 *                        (OR, -, *, = and : included)
 *   =слово               this exact form of the word, not its other inflections
 *   -слово  -"фраза"  -(группа)  NOT слово
 *                        exclusion: what must not match. A query of exclusions only is an
 *                        error, and so is an exclusion as one side of OR
 *   Москва OR Киев       either (also Москва | Киев)
 *   Москва AND Киев      both must match (also Москва & Киев, Москва + Киев)
 *   (  )                 grouping
 *   выбор*               words that begin with выбор (at least 2 characters before *);
 *                        a * right after » ” or “ is a footnote mark, not an operator
 *   title:слово  title:"фраза"  title:(группа)
 *                        in the title (title: applies to the one item after it)
 *   source:bbc.com  source:"Українська правда"
 *                        articles of a source (unquoted: up to the next space or parenthesis)
 *   lang:ru  lang:uk  lang:en  lang:other  lang:ru,uk  lang:ru|uk
 *                        articles in a language (several: any of them)
 *   date:2021  date:2021-03  date:2021-03-01
 *                        a year, a month, a day
 *   date:2021-03-01..2021-06-30  date:2020..  date:..2021-06
 *                        a range, both ends included; an end may be left open
 *   date:>2020-01-01  date:>=2020-01  date:<2021  date:<=2021-06
 *                        after, from, before, up to
 *
 * Precedence, tightest first: - and NOT (each applies to the one item after it), OR, AND,
 * then juxtaposition. So `выборы Москва OR Киев` is выборы with (Москва OR Киев), and
 * `a b AND c d` is a, (b AND c), d.
 *
 * Words. A word is a run of ASCII letters and digits and of bytes >= 0x80 (so every non-ASCII
 * letter, and invalid UTF-8 too, which never stops a word), with these inside it when a word
 * character follows: the apostrophes ' ` ’ ʼ, the hyphens - ‐ ‑ and the period (Нью-Йорк,
 * п’ять, bbc.com, 3.5 are one word each), and a comma between two digits (3,5). Separators:
 * white space, ASCII punctuation that is not an operator, and these non-ASCII characters:
 * no-break and other Unicode spaces (U+00A0, U+2000-U+200B, U+202F, U+205F, U+3000, U+FEFF),
 * « » ‘ “ ” „ – — ― … and U+2028, U+2029.
 *
 * Operators. OR, AND and NOT are operators only in upper case (or, and, not are words) and
 * only outside quotes; OR or AND with nothing on one side, and NOT with nothing after it,
 * are errors. The symbols | & + with nothing on one side are punctuation, ignored (C++).
 * - is an exclusion at the start of the query, after white space, after ( | & + or right
 * after title:, when a word, a quote, a ( or = follows; elsewhere it is punctuation
 * (Москва - столица is two words). = likewise makes an exact word only there. A * that does
 * not end a word is an error. =выбор* is the prefix выбор. Field names are lower case and
 * need their value right after the colon; any other `xyz:word` is plain words (10:30,
 * Covid-19:), and so is `title:` with nothing after it.
 *
 * Limits: at most QPARSE_MAX_WORDS words (words, exact words, prefixes, phrase words and
 * source:, lang:, date: filters count) and QPARSE_MAX_DEPTH nested parentheses, NOTs and
 * title:s. Beyond them the query is an error, found before the rest of it is read.
 *
 * Errors. Every error gives SLOVO_SYNTAX, the byte offset of the offending part and one line
 * "<what> at <offset>: <what to do>", e.g. "unbalanced ')' at 14: remove it or add '(' before
 * it". */
#ifndef SLOVO_QPARSE_H
#define SLOVO_QPARSE_H
#include <stddef.h>

#define QPARSE_MAX_WORDS 1024
#define QPARSE_MAX_DEPTH 64

enum qkind {
    Q_WORD,         /* text: the word as typed */
    Q_EXACT,        /* text: the word after =, as typed */
    Q_PREFIX,       /* text: the word before *, as typed */
    Q_PHRASE,       /* kids: its Q_WORDs in order (one or more) */
    Q_SEQ,          /* kids: items side by side (two or more) */
    Q_AND,          /* kids: all must match (two or more) */
    Q_OR,           /* kids: alternatives (two or more), none of them a Q_NOT */
    Q_NOT,          /* kids[0]: what must not match. A kid of SEQ, AND or NOT only: never
                       the root, never in OR. An AND may hold Q_NOTs only (all must not
                       match) under a Q_NOT: -(-a -b) */
    Q_SOURCE,       /* text: the source name, as typed, without quotes (not empty) */
    Q_LANG,         /* text: "ru", "uk", "en" or "other" (static text, not the input) */
    Q_DATE          /* from, to */
};

enum qfield {
    QF_ANY,         /* body or title */
    QF_TITLE        /* under title: (set on every node below it but SOURCE, LANG, DATE) */
};

struct qnode {
    enum qkind kind;
    enum qfield field;
    const char *text;           /* WORD, EXACT, PREFIX, SOURCE: a span of the input; LANG */
    size_t len;                 /* bytes in text */
    char from[9], to[9];        /* DATE: inclusive "YYYYMMDD"; "" is an open end */
    struct qnode **kids;        /* PHRASE, SEQ, AND, OR, NOT */
    size_t nkids;
    size_t pos;                 /* byte offset in the input where the item starts */
};

struct qarena;

struct qparse {
    struct qnode *root;         /* NULL when the query has nothing to search (empty, "") */
    size_t err_pos;             /* SLOVO_SYNTAX: byte offset of the error */
    char err[256];              /* SLOVO_SYNTAX: the message with its hint; else "" */
    struct qarena *arena;       /* owns every node */
};

/* Parses text[0..len) (any bytes; NULL is allowed when len is 0). Returns SLOVO_OK with
 * out->root set (NULL for an empty query), SLOVO_SYNTAX with out->err and out->err_pos set,
 * or SLOVO_NOMEM. The tree points into text, which must outlive it. Call qparse_free(out)
 * afterwards whatever the result. Example:
 *
 *     qparse("выборы Москва OR Киев", ...)
 *     -> (seq (word выборы) (or (word Москва) (word Киев)))  */
int qparse(const char *text, size_t len, struct qparse *out);

/* Frees the tree and resets *p to empty. NULL, and a *p already freed, are no-ops. */
void qparse_free(struct qparse *p);

#endif
