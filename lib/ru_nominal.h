/* ru_nominal.h: Snowball's Russian stemmer with its verb readings left out, for the
 * Russian words that the dictionary does not know. Those are names, brands and new nouns
 * far more often than verbs, whose forms hunspell knows; yet Snowball reads an ending as a
 * verb's or a gerund's whenever it can, and then splits a name's forms: Минздрав loses its
 * в as a gerund (минздра) while Минздрава keeps it (минздрав), Скрипали loses -ли as a past
 * tense (скрипа) while Скрипалей keeps the л.
 *
 * Here a word only loses an adjective's ending (with a participle suffix before it) or a
 * noun's, then a last и or ь, each within Snowball's RV region. For a word that Snowball
 * reads as an adjective or a noun, that is Snowball's stem as stem.c repairs it. One noun
 * ending is left out: the genitive plural -ов/-ев, which an unknown word ends in mostly as
 * a surname (Салтыков and Салтыкова → салтыков, where Snowball splits салтык and
 * салтыков).
 *
 * Measured against Snowball for these words: the type-level b3F of the gold sets
 * (../shared/stemgold, dict) rose by 0.0001 to 0.0002; on the dev queries
 * (bench/relevance.sh) R@100 rose by 0.0007 and MRR@10 fell by 0.0004. Entity queries
 * such as Минздрав now find every form, but the judged articles are those of the NER
 * corpora only, so the articles about the same entity that now join them count as misses. */
#ifndef SLOVO_RU_NOMINAL_H
#define SLOVO_RU_NOMINAL_H
#include <stddef.h>

/* The length of the stem of word[0..len) (lower-case UTF-8, ё as е): the stem is always a
 * prefix of the word. */
size_t ru_nominal_stem_len(const char *word, size_t len);

#endif
