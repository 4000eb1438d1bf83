/* tmpdir.h: a temporary directory for the tests that write files, made by the group
 * setup and removed, with all it holds, by the group teardown. */
#ifndef SLOVO_TEST_TMPDIR_H
#define SLOVO_TEST_TMPDIR_H
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>

/* Makes "/tmp/NAME.XXXXXX" into dir (size bytes); 0 on success, as cmocka's setup wants. */
static inline int tmpdir_make(char *dir, size_t size, const char *name)
{
    snprintf(dir, size, "/tmp/%s.XXXXXX", name);
    return mkdtemp(dir) != NULL ? 0 : -1;
}

static inline int tmpdir_remove_entry(const char *path, const struct stat *st, int flag,
                                      struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* Removes dir and what it holds: depth first, not following links, so only what the test
 * wrote goes. 0 on success. */
static inline int tmpdir_remove(const char *dir)
{
    return nftw(dir, tmpdir_remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

#endif
