/* fail_malloc.h: allocations made to fail one by one, for a test linked with
 * -Wl,--wrap=malloc (tests/CMakeLists.txt): set fail_countdown to k > 0 and the k-th
 * allocation from then on fails. Included by one file of each such test. */
#ifndef SLOVO_TEST_FAIL_MALLOC_H
#define SLOVO_TEST_FAIL_MALLOC_H
#include <stddef.h>

void *__real_malloc(size_t size);
void *__wrap_malloc(size_t size);

static long fail_countdown = -1; /* > 0: fail the allocation that brings it to 0 */

void *__wrap_malloc(size_t size)
{
    if (fail_countdown > 0 && --fail_countdown == 0)
        return NULL;
    return __real_malloc(size);
}

#endif
