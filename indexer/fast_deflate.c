/* fast_deflate.c: zlib's fastest level for what slovo-index writes.
 *
 * Xapian compresses each article's term list with zlib as the article is added. It uses
 * zlib's default level (6), and it does this in the one thread that writes the index,
 * which sets the pace of the whole run. On the shared corpus, deflate was 15 % of that
 * thread's time. At level 1 it took 40 % less time (perf: 816 samples against 1367), and
 * the run took 18.0 s against 19.8 s (means of 4 alternated pairs). The term lists grow
 * from 44.0 to 46.1 MB, and the compacted index from 161.7 to 163.6 MB (164.1 MB of input).
 *
 * How: this program defines deflateInit2_(), zlib's entry point for a new compressor. The
 * dynamic linker finds a program's own symbols before a library's, so Xapian's calls land
 * here. They go on to libz's function unchanged, except that zlib's default level becomes
 * its fastest. What is written is ordinary zlib data, which any reader inflates. The library
 * itself is not changed: a program that adds articles through slovo.h keeps zlib's
 * default. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <string.h>
#include <zlib.h>

typedef int deflate_init_fn(z_streamp strm, int level, int method, int window_bits,
                            int mem_level, int strategy, const char *version, int stream_size);

int deflateInit2_(z_streamp strm, int level, int method, int window_bits, int mem_level,
                  int strategy, const char *version, int stream_size)
{
    /* Looked up at each call, which costs nothing beside a compressor's setup: Xapian sets
     * one up per table and resets it for each article. */
    void *symbol = dlsym(RTLD_NEXT, "deflateInit2_");
    if (symbol == NULL)
        return Z_VERSION_ERROR;
    deflate_init_fn *next;
    memcpy(&next, &symbol, sizeof next); /* POSIX: a data pointer may hold a function's */
    if (level == Z_DEFAULT_COMPRESSION)
        level = Z_BEST_SPEED;
    return next(strm, level, method, window_bits, mem_level, strategy, version, stream_size);
}
