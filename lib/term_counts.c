/* term_counts.c: see term_counts.h. */
#include "term_counts.h"

#include <stdlib.h>
#include <string.h>

#include "slovo.h"

#define MIN_SLOTS 256

/* Where a term of this hash is, or should go, in slots[0..nslots). */
static size_t find_slot(const struct term_counts *c, const char *term, size_t len,
                        uint32_t hash)
{
    size_t mask = c->nslots - 1;
    for (size_t s = hash & mask;; s = (s + 1) & mask) {
        if (!c->slots[s])
            return s;
        const struct term_count *t = &c->terms[c->slots[s] - 1];
        if (t->hash == hash && t->len == len && memcmp(c->text + t->at, term, len) == 0)
            return s;
    }
}

/* Doubles the table (or makes its first one) and puts every term in it again. */
static int grow_slots(struct term_counts *c)
{
    size_t nslots = c->nslots ? 2 * c->nslots : MIN_SLOTS;
    size_t *slots = calloc(nslots, sizeof *slots);
    if (!slots)
        return SLOVO_NOMEM;
    free(c->slots);
    c->slots = slots;
    c->nslots = nslots;
    for (size_t i = 0; i < c->n; i++) {
        struct term_count *t = &c->terms[i];
        size_t s = t->hash & (nslots - 1);
        while (slots[s])
            s = (s + 1) & (nslots - 1);
        slots[s] = i + 1;
        t->slot = s;
    }
    return SLOVO_OK;
}

/* Room for one more term of len bytes. */
static int make_room(struct term_counts *c, size_t len)
{
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 64;
        struct term_count *terms = realloc(c->terms, cap * sizeof *terms);
        if (!terms)
            return SLOVO_NOMEM;
        c->terms = terms;
        c->cap = cap;
    }
    if (len > c->text_cap - c->text_len) {
        size_t cap = c->text_cap ? c->text_cap : 1024;
        while (len > cap - c->text_len)
            cap *= 2;
        char *text = realloc(c->text, cap);
        if (!text)
            return SLOVO_NOMEM;
        c->text = text;
        c->text_cap = cap;
    }
    return SLOVO_OK;
}

int term_counts_add(struct term_counts *c, const char *term, size_t len, uint32_t hash,
                    size_t *index)
{
    if (2 * (c->n + 1) > c->nslots && grow_slots(c) != SLOVO_OK)
        return SLOVO_NOMEM;
    size_t s = find_slot(c, term, len, hash);
    if (c->slots[s]) {
        *index = c->slots[s] - 1;
        c->terms[*index].words++;
        return SLOVO_OK;
    }
    if (make_room(c, len) != SLOVO_OK)
        return SLOVO_NOMEM;
    memcpy(c->text + c->text_len, term, len);
    c->terms[c->n] = (struct term_count){hash, 1, c->text_len, len, s};
    c->text_len += len;
    *index = c->n;
    c->slots[s] = ++c->n;
    return SLOVO_OK;
}

void term_counts_clear(struct term_counts *c)
{
    for (size_t i = 0; i < c->n; i++)
        c->slots[c->terms[i].slot] = 0;
    c->n = 0;
    c->text_len = 0;
}

void term_counts_free(struct term_counts *c)
{
    free(c->terms);
    free(c->slots);
    free(c->text);
    memset(c, 0, sizeof *c);
}
