/* analyzer.h: splits UTF-8 text into normalized words. Documents, queries and snippets all
 * pass through here, so a word is spelled the same wherever it is met.
 *
 * Normalization of each word: ICU word boundaries; NFKC with case folding; stress marks
 * (combining acute and grave) and soft hyphens removed; ё→е; every apostrophe variant
 * (' ’ ʼ `) inside a word becomes U+0027; Latin look-alike letters inside a Cyrillic word
 * become Cyrillic (Pоссия → россия, with a Latin P); a word mostly of Latin letters whose
 * Cyrillic letters all have a Latin twin becomes Latin (Microsоft, with a Cyrillic о). Numbers
 * are words (25, 3.5). Punctuation, spaces and symbols (emoji) are not words. A word longer
 * than 16384 UTF-16 units is cut there (its offsets still cover all of it).
 *
 * Hyphenated compounds (Нью-Йорк, кибер-атака: words joined by one -, ‐ or ‑ and nothing
 * else) give the whole word first, spelled without the hyphens (ньюйорк), flagged TOKEN_WHOLE
 * with nparts > 1, then each part as an ordinary word. The whole has the position of its
 * first part, so phrases keep working. Numbers alone (2020-2021) have no whole. */
#ifndef SLOVO_ANALYZER_H
#define SLOVO_ANALYZER_H
#include <stddef.h>
#include <stdint.h>

struct analyzer;                /* one per thread */

enum script {
    SCRIPT_OTHER = 0,
    SCRIPT_CYRILLIC,            /* has a Cyrillic letter */
    SCRIPT_LATIN,               /* Latin letters (and maybe digits), no Cyrillic */
    SCRIPT_DIGIT                /* digits and number punctuation only */
};

#define TOKEN_WHOLE 1u          /* a hyphenated compound as one word; its parts follow */

struct token {
    const char *text;           /* normalized UTF-8, not NUL-terminated */
    size_t len;                 /* bytes in text */
    size_t start, end;          /* byte offsets of the word in the input */
    unsigned pos;               /* word position, counting from 0, for phrases */
    enum script script;
    unsigned flags;             /* TOKEN_* */
    unsigned nparts;            /* TOKEN_WHOLE: number of part tokens that follow */
};

/* SLOVO_OK, SLOVO_NOMEM, or SLOVO_ERROR when ICU's data cannot be loaded; *out is NULL on
 * failure. */
int analyzer_new(struct analyzer **out);
void analyzer_free(struct analyzer *a);         /* NULL is a no-op */

/* Starts on text[0..len). The text must outlive the iteration; it may hold invalid UTF-8,
 * which is read as U+FFFD (never a word character). Returns SLOVO_OK or SLOVO_NOMEM (also for
 * a text over 256 MiB). */
int analyzer_reset(struct analyzer *a, const char *text, size_t len);

/* SLOVO_ROW with *tok filled, SLOVO_DONE at the end, or SLOVO_NOMEM. tok->text is owned by
 * a, valid until the next call. */
int analyzer_next(struct analyzer *a, struct token *tok);

/* Moves on over the words before position pos of the text without normalizing them, so
 * that analyzer_next() gives next the first token at pos or after it, as it would have
 * without the skip: a hyphenated compound that reaches pos is left whole, to come with its
 * whole. A reader that needs only some positions (a snippet's) skips the words between
 * them. Does nothing while tokens of a compound are still to come. SLOVO_OK or SLOVO_NOMEM. */
int analyzer_skip_to(struct analyzer *a, unsigned pos);

/* How many positions the text has had so far: between words (no part of a compound still
 * to come), the position of the next word. */
unsigned analyzer_position(const struct analyzer *a);

/* Analysis prepares all the text it is given; a reader that may stop early gives it the text
 * in pieces of about ANALYZER_PIECE bytes. A piece meant to end at `at` ends after the first
 * white space from there on (or at len): no word spans white space, so the pieces of a text,
 * analyzed one after another, give the words of the whole (their positions counting from 0
 * in each piece). Checked on every article of ../shared/corpus with pieces of 2048 bytes
 * (same words, same offsets), and with 512 on the snippets of 15,003 hits of 1,504 queries,
 * the same byte for byte as those of whole texts. */
#define ANALYZER_PIECE 512
size_t analyzer_piece_end(const char *text, size_t len, size_t at);

/* A text read piece by piece, as a reader that may stop early reads it: its tokens come
 * with the positions and byte offsets of the whole text. */
struct analyzer_walk {
    struct analyzer *a;         /* borrowed */
    const char *text;
    size_t len;
    size_t from, to;            /* the piece being read: text[from..to) */
    uint64_t base;              /* the position of the piece's first word */
    int open;                   /* whether a holds the piece */
    const uint32_t *piece_words; /* borrowed: positions in each of the first npieces */
    size_t npieces, piece;       /* piece: the index of text[from..to) */
};

/* Starts a walk over text[0..len), whose first word takes position base. piece_words (may
 * be NULL) gives the number of positions in each of its first npieces pieces (pieces.h):
 * a piece wholly before the position wanted is then skipped without analysis. */
void analyzer_walk_start(struct analyzer_walk *w, struct analyzer *a, const char *text,
                         size_t len, uint64_t base, const uint32_t *piece_words,
                         size_t npieces);

/* The next token, skipping the words before position wanted (0: none), into *tok with
 * tok->start and tok->end in the whole text, and its position into *pos. SLOVO_ROW,
 * SLOVO_DONE at the end, or SLOVO_NOMEM. */
int analyzer_walk_next(struct analyzer_walk *w, uint64_t wanted, struct token *tok,
                       uint64_t *pos);

/* How many times a has allocated or grown a buffer since analyzer_new(). Buffers are kept
 * across analyzer_reset(), so analyzing a text no longer than one analyzed before adds
 * nothing: tests check that, and the figure shows whether buffers settle. */
size_t analyzer_allocs(const struct analyzer *a);

#endif
