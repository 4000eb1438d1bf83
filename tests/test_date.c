/* Unit tests for date.c: the sortable keys of the forms news give their dates in. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "date.h"

static const struct {
    const char *text;
    const char *key; /* NULL: not a date */
} rows[] = {
    {"2021-06-16", "20210616"},
    {"2021-06-16T10:00:00+03:00", "20210616"},
    {"2020-02-29", "20200229"},
    {"2000-02-29", "20000229"},
    {"1900-02-29", NULL},           /* not a leap year */
    {"2021-02-29", NULL},
    {"2021-02-30", NULL},
    {"2021-04-31", NULL},
    {"2021-13-01", NULL},
    {"2021-00-10", NULL},
    {"2021-6-16", NULL},
    {"16.06.2021", "20210616"},
    {"6.6.2021 14:05", "20210606"},
    {"31.12.1999", "19991231"},
    {"16.06.20211", NULL},
    {"16.06.21", NULL},
    {"31.06.2021", NULL},
    {"Wed, 16 Jun 2021 10:00:00 +0300", "20210616"},
    {"16 jun 2021", "20210616"},
    {"1 Dec 2020 08:00 GMT", "20201201"},
    {"Wed, 31 Jun 2021 10:00:00 +0300", NULL},
    {"Wed, 16 Juni 2021", NULL},
    {"yesterday", NULL},
    {"", NULL},
    {"2021", NULL},
};

static void test_keys(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char key[9] = "";
        print_message("%s\n", rows[i].text);
        int ok = date_key(rows[i].text, strlen(rows[i].text), key);
        assert_int_equal(ok, rows[i].key != NULL);
        if (ok)
            assert_string_equal(key, rows[i].key);
    }
}

/* --from and --to take ISO dates only: the other forms are for what articles carry. */
static void test_iso_only(void **state)
{
    char key[9];
    (void)state;
    assert_int_equal(date_iso_key("2021-06-16", 10, key), 1);
    assert_string_equal(key, "20210616");
    assert_int_equal(date_iso_key("16.06.2021", 10, key), 0);
    /* the length given is all there is: no reading past it */
    assert_int_equal(date_key("2021-06-1", 9, key), 0);
    assert_int_equal(date_key("16.06.202", 9, key), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_iso_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
