/* stem.h: reduces a normalized word to the term that its inflected forms share, by
 * language. With MORPH_DICT, Russian and Ukrainian words go first to the hunspell
 * dictionaries (morph.h: a known word becomes its lemma); words the dictionary does not
 * know, and every word with MORPH_RULES, go to the rules: Russian and English through
 * libstemmer (Snowball), Ukrainian through ukstem. */
#ifndef SLOVO_STEM_H
#define SLOVO_STEM_H
#include <stddef.h>
#include "lang.h"

struct stemmer;                 /* one per thread */

/* The values of SLOVO_MORPH_DICT and SLOVO_MORPH_RULES in slovo.h. */
enum morphology { MORPH_DICT = 0, MORPH_RULES = 1 };

/* A stemmer with the rules only (MORPH_RULES). SLOVO_OK or SLOVO_NOMEM; *out is NULL on
 * failure. */
int stem_new(struct stemmer **out);

/* A stemmer with morphology m. MORPH_DICT loads the Russian and Ukrainian hunspell
 * dictionaries from dict_dir (NULL: /usr/share/hunspell, where Debian's hunspell-ru and
 * hunspell-uk put them), each at the first word of its language that needs it: about 0.5 s
 * and 65 MB for both, so make one stemmer per thread and keep it. Returns SLOVO_OK,
 * SLOVO_NOTFOUND when a dictionary is not installed, SLOVO_MISUSE for an unknown m, or
 * SLOVO_NOMEM; *out is NULL on failure. */
int stem_new_morph(struct stemmer **out, enum morphology m, const char *dict_dir);
void stem_free(struct stemmer *s);              /* NULL is a no-op */

/* The dictionaries' answers that the stemmers of several threads keep for one another
 * (morph_share() in morph.h), for stemmers of one morphology and dict_dir. */
struct stem_shared;
int stem_shared_new(struct stem_shared **out);  /* SLOVO_OK or SLOVO_NOMEM */
void stem_shared_free(struct stem_shared *sh);  /* NULL is a no-op; after its stemmers */

/* Makes s keep its dictionaries' answers in sh and look there first; sh must outlive s. A
 * stemmer with MORPH_RULES has nothing to share. */
void stem_share(struct stemmer *s, struct stem_shared *sh);

/* The stem of word[0..len) (normalized by the analyzer) in language `lang`; *out_len gets
 * its length. LANG_OTHER, and words that are not letters, come back unchanged. Borrowed
 * from s, valid until the next call. NULL only when out of memory. */
const char *stem_word(struct stemmer *s, enum lang lang, const char *word, size_t len,
                      size_t *out_len);

#endif
