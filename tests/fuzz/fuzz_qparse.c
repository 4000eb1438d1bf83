/* fuzz_qparse.c: libFuzzer target for the query parser (lib/qparse.c). Any bytes must give a
 * tree that keeps the promises of qparse.h, or a syntax error with its position, and never a
 * crash, a leak or undefined behaviour. Built and run by fuzz.sh. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "qparse.h"
#include "slovo.h"

#define CHECK(c)                                                                              \
    do {                                                                                      \
        if (!(c))                                                                             \
            __builtin_trap();                                                                 \
    } while (0)

static int is_day(const char *d)
{
    if (!d[0])
        return 1;
    for (int k = 0; k < 8; k++)
        if (d[k] < '0' || d[k] > '9')
            return 0;
    return d[8] == '\0' && memcmp(d, "0001", 4) >= 0;
}

/* Checks q and below; returns the number of leaves. */
static size_t walk(const struct qnode *q, const char *text, size_t len, size_t depth,
                   enum qkind parent)
{
    size_t leaves = 0;
    CHECK(depth < 4 * QPARSE_MAX_DEPTH + 8);
    CHECK(q->pos <= len);
    CHECK(q->field == QF_ANY || q->field == QF_TITLE);
    switch (q->kind) {
    case Q_WORD:
    case Q_EXACT:
    case Q_PREFIX:
    case Q_SOURCE:
        CHECK(q->len > 0 && q->text >= text && q->len <= len &&
              (size_t)(q->text - text) <= len - q->len);
        CHECK(q->nkids == 0);
        if (q->kind == Q_PREFIX)
            CHECK(q->len >= 2);
        if (q->kind == Q_SOURCE)
            CHECK(q->field == QF_ANY);
        if (parent == Q_PHRASE)
            CHECK(q->kind == Q_WORD);
        return 1;
    case Q_LANG:
        CHECK(strcmp(q->text, "ru") == 0 || strcmp(q->text, "uk") == 0 ||
              strcmp(q->text, "en") == 0 || strcmp(q->text, "other") == 0);
        CHECK(q->len == strlen(q->text));
        return 1;
    case Q_DATE:
        CHECK(is_day(q->from) && is_day(q->to) && (q->from[0] || q->to[0]));
        CHECK(!q->from[0] || !q->to[0] || strcmp(q->from, q->to) <= 0);
        return 1;
    case Q_NOT:
        CHECK(q->nkids == 1);
        CHECK(parent != Q_OR);
        break;
    case Q_PHRASE:
        CHECK(q->nkids >= 1);
        break;
    case Q_SEQ:
    case Q_AND:
    case Q_OR:
        CHECK(q->nkids >= 2 && q->kind != parent);
        if (q->kind != Q_OR) {              /* exclusions only: all must not match */
            size_t nots = 0;
            for (size_t k = 0; k < q->nkids; k++)
                nots += q->kids[k]->kind == Q_NOT;
            if (nots == q->nkids)
                CHECK(q->kind == Q_AND && parent == Q_NOT);
        }
        break;
    default:
        CHECK(0);
    }
    for (size_t k = 0; k < q->nkids; k++)
        leaves += walk(q->kids[k], text, len, depth + 1, q->kind);
    return leaves;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    struct qparse p;
    int rc = qparse(text, size, &p);
    if (rc == SLOVO_OK) {
        CHECK(p.err[0] == '\0');
        if (p.root) {
            CHECK(p.root->kind != Q_NOT);
            /* Q_DATE, a leaf, stands for no parent. */
            CHECK(walk(p.root, text, size, 0, Q_DATE) <= QPARSE_MAX_WORDS);
        }
    } else {
        CHECK(rc == SLOVO_SYNTAX);
        CHECK(p.root == NULL && p.arena == NULL);
        CHECK(p.err_pos <= size);
        size_t n = strnlen(p.err, sizeof p.err);
        CHECK(n > 0 && n < sizeof p.err);
        CHECK(strstr(p.err, " at ") != NULL);
    }
    /* The same input gives the same answer. */
    struct qparse again;
    CHECK(qparse(text, size, &again) == rc);
    CHECK(again.err_pos == p.err_pos && strcmp(again.err, p.err) == 0);
    CHECK((again.root == NULL) == (p.root == NULL));
    qparse_free(&again);
    qparse_free(&p);
    return 0;
}
