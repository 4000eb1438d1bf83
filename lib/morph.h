/* morph.h: the dictionary layer of the stemmer for Russian and Ukrainian. A word that
 * Debian's hunspell dictionary knows maps to its lemma (книги → книга, Києва → київ); a
 * word it does not know goes to the rule stemmer that the caller hands in. Every answer is
 * kept in a bounded per-handle cache, because hunspell takes tens of microseconds a word.
 *
 * The term of a known word is its lemma, lower-cased, ё→е. When hunspell offers several
 * lemmas (стали → стати, станути), the one whose rule stem equals the word's own rule stem
 * wins; then adjectives before adverbs, nouns and verbs (нове → новий, not нове); then the
 * smallest in byte order, so that the choice never depends on hunspell's order. Two
 * corrections follow: an adverb in -о that hunspell gives as its adjective's form is its
 * own term (серьезно, фізично); a Russian active past participle becomes its verb when the
 * dictionary knows it (сделавший → сделать), and so does a past or future of a -йти verb
 * that hunspell lists on its own (пришла → прийти). The term of an unknown word is its rule
 * stem (Нью-Йорке → йорк, хайпануть → хайпанут), followed by MORPH_STEM_MARK when the word
 * is an infinitive and the stem a lemma (годить → год~, not год). */
#ifndef SLOVO_MORPH_H
#define SLOVO_MORPH_H
#include <stddef.h>
#include "lang.h"

struct morph;                   /* one language's dictionary and cache; one per thread */

/* A rule stemmer: the stem of word[0..len), *out_len its length. The result is borrowed
 * from ctx until its next call; NULL only when out of memory. */
typedef const char *(*morph_rule_fn)(void *ctx, const char *word, size_t len,
                                     size_t *out_len);

/* Ends the rule stem of an unknown infinitive when that stem is a lemma. */
#define MORPH_STEM_MARK "~"

/* Where Debian installs the dictionaries. */
#define MORPH_DICT_DIR "/usr/share/hunspell"

/* Loads the hunspell dictionary of `lang` (LANG_UK: uk_UA.aff/.dic, LANG_RU: ru_RU.aff/.dic)
 * from dict_dir (NUL-terminated; NULL means MORPH_DICT_DIR). cache_entries caps the cache
 * (0: the default, 524288 words); rule/rule_ctx stem the words the dictionary does not know,
 * and must outlive the handle. The dictionary itself is loaded at the first word that is
 * not in the cache (a quarter of a second or more); should its encoding be unknown to ICU,
 * every word goes to the rules. Returns SLOVO_OK, SLOVO_NOTFOUND when a dictionary file is
 * missing or unreadable, SLOVO_MISUSE for another language, or SLOVO_NOMEM; *out is NULL
 * on failure. */
int morph_new(struct morph **out, enum lang lang, const char *dict_dir,
              size_t cache_entries, morph_rule_fn rule, void *rule_ctx);
void morph_free(struct morph *m);               /* NULL is a no-op */

/* The term of the normalized (lower-case, ё→е, apostrophe U+0027) word word[0..len): its
 * lemma when the dictionary knows it, else its rule stem (and MORPH_STEM_MARK, see above;
 * a word longer than 256 bytes gets its bare rule stem). *out_len gets its length.
 * Borrowed from m, valid until the next call on m. NULL only when out of memory. */
const char *morph_term(struct morph *m, const char *word, size_t len, size_t *out_len);

/* The answers of several handles of one language and one dictionary, one a thread, kept
 * for one another: a word then goes to hunspell once, not once a thread. Indexing the
 * shared corpus on two threads sent 457,000 words to hunspell without it, 375,000 with it.
 * A handle looks here, under a lock, only for words its own cache lacks. */
struct morph_shared;

/* For handles of lang (LANG_UK or LANG_RU): SLOVO_OK, SLOVO_MISUSE or SLOVO_NOMEM. */
int morph_shared_new(struct morph_shared **out, enum lang lang);
void morph_shared_free(struct morph_shared *s); /* NULL is a no-op; after its handles */

/* Makes m keep its answers in s too, and look there before hunspell. s must outlive m and
 * serve handles of m's dictionary only. SLOVO_OK, or SLOVO_MISUSE for another language. */
int morph_share(struct morph *m, struct morph_shared *s);

/* Cache figures since morph_new(), for tests and benchmarks. */
struct morph_stats {
    size_t hits;                /* words answered from the cache */
    size_t shared;              /* words answered from the shared answers (morph_share) */
    size_t misses;              /* words that went to hunspell (or the rules) */
    size_t resets;              /* times the full cache was emptied */
    size_t entries;             /* words in the cache now */
    size_t known;               /* misses the dictionary knew */
};
void morph_stats(const struct morph *m, struct morph_stats *out);

#endif
