/* fuzz_analyzer.c: libFuzzer target for the analyzer (lib/analyzer.c). Any bytes, valid
 * UTF-8 or not, must give tokens that keep the promises of analyzer.h: offsets inside the
 * input, normalized text that is valid UTF-8, positions that never go back, each hyphenated
 * whole followed by its parts. One analyzer serves every input, as in the library, so that
 * buffers kept across analyzer_reset() are exercised too. Built and run by fuzz.sh. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "analyzer.h"
#include "slovo.h"
#include "utf8.h"

#define CHECK(c)                                                                              \
    do {                                                                                      \
        if (!(c))                                                                             \
            __builtin_trap();                                                                 \
    } while (0)

static struct analyzer *an;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    CHECK(analyzer_new(&an) == SLOVO_OK);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct token t;
    int rc;
    unsigned last_pos = 0;
    size_t last_start = 0, parts_left = 0, nparts = 0;
    unsigned whole_pos = 0;
    int first = 1;

    CHECK(analyzer_reset(an, (const char *)data, size) == SLOVO_OK);
    while ((rc = analyzer_next(an, &t)) == SLOVO_ROW) {
        CHECK(t.text != NULL && t.len > 0);
        CHECK(utf8_valid(t.text, t.len));
        CHECK(t.start < t.end && t.end <= size);
        CHECK(t.script <= SCRIPT_DIGIT);
        if (!first) {
            CHECK(t.pos >= last_pos);
            CHECK(t.start >= last_start);
        }
        if (parts_left) {                   /* a part of the whole before it */
            CHECK(!(t.flags & TOKEN_WHOLE));
            if (parts_left == nparts)
                CHECK(t.pos == whole_pos);  /* the whole has the position of its first part */
            parts_left--;
        } else if (t.flags & TOKEN_WHOLE) {
            CHECK(t.nparts > 1);
            parts_left = nparts = t.nparts;
            whole_pos = t.pos;
        }
        first = 0;
        last_pos = t.pos;
        last_start = t.start;
    }
    CHECK(rc == SLOVO_DONE);
    CHECK(parts_left == 0);
    return 0;
}
