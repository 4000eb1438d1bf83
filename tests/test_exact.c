/* test_exact.c: =word checked on an article's stored fields: the form in the body or the
 * title is found, another form of the word is not, title:=word looks at the title only,
 * stored fields that cannot be decoded are reported as damaged, and a failed allocation as
 * a lack of memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analyzer.h"
#include "docdata.h"
#include "exact.h"
#include "fail_malloc.h"
#include "slovo.h"
#include "store.h"

struct fixture {
    struct analyzer *a;
    struct docdata_reader *r;
    char *data;
    size_t len;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    assert_int_equal(analyzer_new(&f->a), SLOVO_OK);
    f->r = docdata_reader_new();
    assert_non_null(f->r);
    struct docdata d = {0};
    static const char title[] = "Кибербезопасность больниц";
    static const char body[] = "Атака на больницу: вопросы кибербезопасности снова в повестке.";
    d.field[SLOVO_FIELD_TITLE] = title;
    d.len[SLOVO_FIELD_TITLE] = strlen(title);
    d.field[SLOVO_FIELD_BODY] = body;
    d.len[SLOVO_FIELD_BODY] = strlen(body);
    struct docdata_writer *w = docdata_writer_new();
    assert_non_null(w);
    f->data = docdata_encode(w, &d, &f->len);
    docdata_writer_free(w);
    assert_non_null(f->data);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    free(f->data);
    docdata_reader_free(f->r);
    analyzer_free(f->a);
    free(f);
    return 0;
}

static int holds(struct fixture *f, const char *form, int title_only, const char *data,
                 size_t len)
{
    struct exact_form e = {f->a, f->r, form, strlen(form), title_only};
    return exact_holds(&e, data, len);
}

static void test_forms(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(holds(f, "кибербезопасности", 0, f->data, f->len), 1);
    assert_int_equal(holds(f, "кибербезопасность", 0, f->data, f->len), 1);
    assert_int_equal(holds(f, "кибербезопасностью", 0, f->data, f->len), 0);
    assert_int_equal(holds(f, "больницу", 0, f->data, f->len), 1);
    /* title:=word */
    assert_int_equal(holds(f, "больниц", 1, f->data, f->len), 1);
    assert_int_equal(holds(f, "больницу", 1, f->data, f->len), 0);
}

static void test_damaged(void **state)
{
    struct fixture *f = *state;
    static const char junk[] = "not a zstd frame at all";
    assert_int_equal(holds(f, "атака", 0, junk, sizeof junk - 1), STORE_CHECK_DAMAGED);
    /* a frame cut short */
    assert_int_equal(holds(f, "атака", 0, f->data, f->len / 2), STORE_CHECK_DAMAGED);
}

/* Each allocation of the check failing in turn: the check says out of memory, never that
 * the article is damaged, until it has room enough to find the word. */
static void test_out_of_memory(void **state)
{
    struct fixture *f = *state;
    int nomem = 0, found = 0;
    for (long k = 1; k < 200 && !found; k++) {
        fail_countdown = k;
        int r = holds(f, "кибербезопасности", 0, f->data, f->len);
        int failed = fail_countdown == 0;
        fail_countdown = -1;
        if (failed) {
            assert_int_equal(r, STORE_CHECK_NOMEM);
            nomem++;
        } else {
            assert_int_equal(r, 1);
            found = 1;
        }
    }
    assert_true(nomem > 0);
    assert_true(found);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forms),
        cmocka_unit_test(test_damaged),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
