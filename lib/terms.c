#include "terms.h"

unsigned terms_langs(const struct token *tok, int doc_lang)
{
    switch (tok->script) {
    case SCRIPT_LATIN:
        return LANG_BIT(LANG_EN);
    case SCRIPT_CYRILLIC: {
        unsigned c = lang_word_candidates(tok->text, tok->len);
        if (c == LANG_BIT(LANG_RU) || c == LANG_BIT(LANG_UK))
            return c;
        if (doc_lang < 0)
            return LANG_BIT(LANG_RU) | LANG_BIT(LANG_UK);
        return doc_lang == LANG_UK ? LANG_BIT(LANG_UK) : LANG_BIT(LANG_RU);
    }
    default:
        return 0;
    }
}

const char *terms_term(struct stemmer *s, const struct token *tok, enum lang lang, size_t *len)
{
    return stem_word(s, lang, tok->text, tok->len, len);
}

const char *terms_index_term(struct stemmer *s, const struct token *tok, enum lang doc_lang,
                             size_t *len)
{
    unsigned langs = terms_langs(tok, (int)doc_lang);
    enum lang lang = LANG_OTHER;
    for (int l = 0; l < LANG_COUNT; l++)
        if (langs & LANG_BIT(l))
            lang = (enum lang)l;
    return terms_term(s, tok, lang, len);
}
