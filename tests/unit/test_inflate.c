/*
 * Unit tests for inflate (kernel/lib/inflate.c).
 *
 * Two sources of streams: zlib on the host (every level and strategy, over
 * random, text-like, repetitive and skewed data), and streams written bit
 * by bit here (a small deflate encoder with its own canonical-code
 * builder), for what zlib never emits: distances of exactly 32768, codes
 * of random shapes up to 15 bits, and every kind of malformed block.
 *
 * Whatever the input, a result is either an INFLATE_ERR_* with a message,
 * or output identical to what was compressed; ASan and UBSan check that no
 * input makes the decoder touch memory outside its buffers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zlib.h>

#include "keel/inflate.h"
#include "xorshift.h"

#define countof(a) (sizeof(a) / sizeof((a)[0]))

static uint64_t rng = 0x2545f4914f6cdd1dull;

static uint32_t rnd(void)
{
    return (uint32_t)(xorshift64(&rng) >> 16);
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);

    assert_non_null(p);
    return p;
}

/* ---- data to compress ---- */

enum data_kind { DATA_RANDOM, DATA_TEXT, DATA_REPEAT, DATA_SKEWED, DATA_KINDS };

static void fill_random(uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)rnd();
}

/* Words from a small vocabulary, with spaces, punctuation and newlines. */
static void fill_text(uint8_t *p, size_t n)
{
    static const char *const words[] = {
        "the", "hypervisor", "domain", "grant", "event", "channel", "page",
        "table", "of", "a", "to", "and", "keel", "xen", "memory", "vcpu",
        "interrupt", "is", "in", "for", "with", "kernel", "dom0", "ring",
    };
    size_t i = 0;

    while (i < n) {
        const char *w = words[rnd() % countof(words)];

        for (size_t k = 0; w[k] && i < n; k++)
            p[i++] = (uint8_t)w[k];
        if (i < n)
            p[i++] = rnd() % 13 == 0 ? '\n' : rnd() % 9 == 0 ? ',' : ' ';
    }
}

/* Runs of one byte, zeros, and short patterns repeated. */
static void fill_repeat(uint8_t *p, size_t n)
{
    size_t i = 0;

    while (i < n) {
        size_t run = 1 + rnd() % 3000, period = 1 + rnd() % 12;
        uint8_t pat[12];

        fill_random(pat, sizeof(pat));
        if (rnd() % 3 == 0)
            memset(pat, 0, sizeof(pat));
        for (size_t k = 0; k < run && i < n; k++)
            p[i++] = pat[k % period];
    }
}

/* Bytes with a steep distribution: Huffman codes up to 15 bits long. */
static void fill_skewed(uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t r = rnd();
        unsigned b = 0;

        while (b < 255 && (r & 1)) {
            b++;
            r = r >> 1 | (rnd() % 5 ? 1u << 31 : 0);
        }
        p[i] = (uint8_t)b;
    }
}

static uint8_t *make_data(enum data_kind kind, size_t n)
{
    uint8_t *p = xmalloc(n);

    if (kind == DATA_RANDOM)
        fill_random(p, n);
    else if (kind == DATA_TEXT)
        fill_text(p, n);
    else if (kind == DATA_REPEAT)
        fill_repeat(p, n);
    else
        fill_skewed(p, n);
    return p;
}

/* ---- compressing with zlib ---- */

enum wrap { WRAP_GZIP, WRAP_ZLIB, WRAP_RAW };

static const int strategies[] = {
    Z_DEFAULT_STRATEGY, Z_FILTERED, Z_HUFFMAN_ONLY, Z_RLE, Z_FIXED,
};

/* Compresses src with zlib; *len gets the size. The caller frees. */
static uint8_t *zcompress(const uint8_t *src, size_t n, int level,
                          int strategy, enum wrap wrap, gz_header *head,
                          size_t *len)
{
    static const int wbits[] = { [WRAP_GZIP] = 31, [WRAP_ZLIB] = 15, [WRAP_RAW] = -15 };
    z_stream z;
    size_t cap;
    uint8_t *out;

    memset(&z, 0, sizeof(z));
    assert_int_equal(deflateInit2(&z, level, Z_DEFLATED, wbits[wrap], 8, strategy), Z_OK);
    if (head)
        assert_int_equal(deflateSetHeader(&z, head), Z_OK);
    cap = deflateBound(&z, n) + 1024;
    out = xmalloc(cap);
    z.next_in = (Bytef *)src;
    z.avail_in = (uInt)n;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    *len = z.total_out;
    deflateEnd(&z);
    return out;
}

/* Runs the decoder for wrap; checks the message is set exactly on error. */
static int run(enum wrap wrap, const uint8_t *in, size_t in_len, uint8_t *out,
               size_t cap, size_t *out_len)
{
    char err[128];
    int r;

    memset(err, 'x', sizeof(err));
    if (wrap == WRAP_GZIP)
        r = inflate_gzip(in, in_len, out, cap, out_len, err, sizeof(err));
    else if (wrap == WRAP_ZLIB)
        r = inflate_zlib(in, in_len, out, cap, out_len, err, sizeof(err));
    else
        r = inflate_raw(in, in_len, NULL, out, cap, out_len, err, sizeof(err));
    assert_non_null(memchr(err, '\0', sizeof(err)));
    if (r == 0)
        assert_string_equal(err, "");
    else
        assert_true(strlen(err) > 10);
    assert_true(*out_len <= cap);
    return r;
}

/* Every error the decoder may return. */
static bool is_inflate_error(int r)
{
    static const int errs[] = {
        INFLATE_ERR_HEADER, INFLATE_ERR_BLOCK, INFLATE_ERR_TREE,
        INFLATE_ERR_SYMBOL, INFLATE_ERR_DISTANCE, INFLATE_ERR_OUTPUT,
        INFLATE_ERR_TRUNCATED, INFLATE_ERR_CHECKSUM, INFLATE_ERR_LENGTH,
    };

    for (size_t i = 0; i < countof(errs); i++)
        if (r == errs[i])
            return true;
    return false;
}

/*
 * Decodes z (a compression of data[0 .. n)) into a buffer of exactly n
 * bytes, which must give data back; then, if short, into n - 1 bytes,
 * which must fail with INFLATE_ERR_OUTPUT.
 */
static void check_roundtrip(enum wrap wrap, const uint8_t *z, size_t zlen,
                            const uint8_t *data, size_t n, bool short_too)
{
    uint8_t *out = xmalloc(n);
    size_t out_len = 12345;

    assert_int_equal(run(wrap, z, zlen, n ? out : NULL, n, &out_len), 0);
    assert_int_equal(out_len, n);
    assert_memory_equal(out, data, n);
    if (n && short_too) {
        assert_int_equal(run(wrap, z, zlen, out, n - 1, &out_len), INFLATE_ERR_OUTPUT);
        assert_memory_equal(out, data, out_len);
    }
    free(out);
}

/* ---- checksums ---- */

static void test_crc32_matches_zlib(void **state)
{
    uint8_t *buf = make_data(DATA_RANDOM, 1 << 20);

    (void)state;
    assert_int_equal(crc32_update(0, NULL, 0), 0);
    for (size_t off = 0; off < 16; off++)
        for (size_t n = 0; n < 100; n++)
            assert_int_equal(crc32_update(0, buf + off, n),
                             crc32(0, buf + off, (uInt)n));
    assert_int_equal(crc32_update(0, buf, 1 << 20), crc32(0, buf, 1 << 20));
    /* Continuing from an earlier result, at an odd split. */
    assert_int_equal(crc32_update(crc32_update(0, buf, 1001), buf + 1001, 5000),
                     crc32(0, buf, 6001));
    free(buf);
}

static void test_adler32_matches_zlib(void **state)
{
    size_t n = 3u << 20;
    uint8_t *buf = xmalloc(n);

    (void)state;
    /* All 0xff is the worst case for the deferred reduction. */
    memset(buf, 0xff, n);
    assert_int_equal(adler32_update(1, buf, n), adler32(1, buf, (uInt)n));
    fill_random(buf, n);
    for (size_t k = 0; k < 300; k++)
        assert_int_equal(adler32_update(1, buf + k, k), adler32(1, buf + k, (uInt)k));
    assert_int_equal(adler32_update(adler32_update(1, buf, 77), buf + 77, n - 77),
                     adler32(1, buf, (uInt)n));
    free(buf);
}

/* ---- zlib round trips ---- */

static const size_t sizes[] = { 0, 1, 100, 65537, 1 << 20 };

#define BIG (1u << 20)

/*
 * gzip, every level and strategy, every data kind and size; but not the
 * skewed data at 1 MiB (slow for zlib at high levels; its long codes are
 * covered by the smaller sizes). Decoding into one byte less than the
 * output must fail cleanly; that is checked below 1 MiB, where it is
 * cheap (and covers both decoding paths).
 */
static void test_gzip_levels_strategies(void **state)
{
    (void)state;
    for (int kind = 0; kind < DATA_KINDS; kind++) {
        for (size_t si = 0; si < countof(sizes); si++) {
            size_t n = sizes[si];
            uint8_t *data = make_data(kind, n);

            for (int level = 0; level <= 9; level++) {
                for (size_t st = 0; st < countof(strategies); st++) {
                    size_t zlen;
                    uint8_t *z;

                    if (n == BIG && kind == DATA_SKEWED)
                        continue;
                    z = zcompress(data, n, level, strategies[st], WRAP_GZIP, NULL, &zlen);
                    check_roundtrip(WRAP_GZIP, z, zlen, data, n, n < BIG);
                    free(z);
                }
            }
            free(data);
        }
    }
}

/* The zlib and raw wrappers over the same data, a few levels. */
static void test_zlib_and_raw_wrappers(void **state)
{
    static const int levels[] = { 0, 1, 6, 9 };

    (void)state;
    for (int kind = 0; kind < DATA_KINDS; kind++) {
        for (size_t si = 0; si < countof(sizes); si++) {
            uint8_t *data = make_data(kind, sizes[si]);

            for (size_t li = 0; li < countof(levels); li++) {
                for (enum wrap w = WRAP_ZLIB; w <= WRAP_RAW; w++) {
                    size_t n = sizes[si], zlen;
                    uint8_t *z;

                    if (n == BIG && kind == DATA_SKEWED)
                        continue;
                    z = zcompress(data, n, levels[li], Z_DEFAULT_STRATEGY, w, NULL, &zlen);
                    check_roundtrip(w, z, zlen, data, n, n < BIG);
                    free(z);
                }
            }
            free(data);
        }
    }
}

/* in_used of inflate_raw stops at the end of the data, whatever follows. */
static void test_raw_in_used(void **state)
{
    uint8_t *data = make_data(DATA_TEXT, 5000), out[5000];
    size_t zlen, used, out_len;
    uint8_t *z = zcompress(data, 5000, 6, Z_DEFAULT_STRATEGY, WRAP_RAW, NULL, &zlen);
    uint8_t *padded = xmalloc(zlen + 50);

    (void)state;
    memcpy(padded, z, zlen);
    memset(padded + zlen, 0xa5, 50);
    assert_int_equal(inflate_raw(padded, zlen + 50, &used, out, sizeof(out),
                                 &out_len, NULL, 0), 0);
    assert_int_equal(used, zlen);
    assert_int_equal(out_len, 5000);
    assert_memory_equal(out, data, 5000);
    free(padded);
    free(z);
    free(data);
}

/* ---- gzip headers and trailers ---- */

static uint8_t *gzip_with_header(const uint8_t *data, size_t n, bool extra,
                                 bool name, bool comment, bool hcrc, size_t *len)
{
    static uint8_t xfield[] = { 'K', 'L', 4, 0, 1, 2, 3, 4 };
    gz_header h;

    memset(&h, 0, sizeof(h));
    h.text = 1;
    h.os = 3;
    h.time = 0x5eadbeef;
    if (extra) {
        h.extra = xfield;
        h.extra_len = sizeof(xfield);
    }
    h.name = name ? (Bytef *)"dom0-kernel.elf" : Z_NULL;
    h.comment = comment ? (Bytef *)"a comment, with\nlines" : Z_NULL;
    h.hcrc = hcrc;
    return zcompress(data, n, 6, Z_DEFAULT_STRATEGY, WRAP_GZIP, &h, len);
}

static void test_gzip_header_fields(void **state)
{
    uint8_t *data = make_data(DATA_TEXT, 10000);

    (void)state;
    for (unsigned flags = 0; flags < 16; flags++) {
        size_t zlen;
        uint8_t *z = gzip_with_header(data, 10000, flags & 1, flags & 2,
                                      flags & 4, flags & 8, &zlen);

        check_roundtrip(WRAP_GZIP, z, zlen, data, 10000, true);
        if (flags & 8) {
            /* The header CRC covers every header byte: break one. */
            uint8_t out[10000];
            size_t out_len;

            z[4] ^= 1;  /* MTIME */
            assert_int_equal(run(WRAP_GZIP, z, zlen, out, sizeof(out), &out_len),
                             INFLATE_ERR_HEADER);
        }
        free(z);
    }
    free(data);
}

static void test_gzip_bad_headers(void **state)
{
    uint8_t data[300], out[300];
    size_t zlen, out_len;
    uint8_t *z;

    (void)state;
    fill_text(data, sizeof(data));
    z = zcompress(data, sizeof(data), 6, Z_DEFAULT_STRATEGY, WRAP_GZIP, NULL, &zlen);
    check_roundtrip(WRAP_GZIP, z, zlen, data, sizeof(data), true);
    for (int i = 0; i < 6; i++) {
        uint8_t save[4];

        memcpy(save, z, 4);
        if (i == 0)
            z[0] = 0x1e;            /* magic */
        else if (i == 1)
            z[1] = 0x8c;
        else if (i == 2)
            z[2] = 7;               /* method */
        else
            z[3] |= (uint8_t)(0x20 << (i - 3)); /* reserved flags */
        assert_int_equal(run(WRAP_GZIP, z, zlen, out, sizeof(out), &out_len),
                         INFLATE_ERR_HEADER);
        memcpy(z, save, 4);
    }
    free(z);
}

static void test_gzip_trailer_checks(void **state)
{
    uint8_t data[5000], out[5000];
    size_t zlen, out_len;
    uint8_t *z, *padded;

    (void)state;
    fill_random(data, sizeof(data));
    z = zcompress(data, sizeof(data), 6, Z_DEFAULT_STRATEGY, WRAP_GZIP, NULL, &zlen);
    assert_int_equal(gzip_isize(z, zlen), sizeof(data));
    for (int byte = 0; byte < 8; byte++) {
        z[zlen - 8 + byte] ^= 0x40;
        assert_int_equal(run(WRAP_GZIP, z, zlen, out, sizeof(out), &out_len),
                         byte < 4 ? INFLATE_ERR_CHECKSUM : INFLATE_ERR_LENGTH);
        z[zlen - 8 + byte] ^= 0x40;
    }
    /* Linux appends the size once more; loaders may pad: both are ignored. */
    padded = xmalloc(zlen + 4);
    memcpy(padded, z, zlen);
    memcpy(padded + zlen, z + zlen - 4, 4);
    assert_int_equal(gzip_isize(padded, zlen + 4), sizeof(data));
    check_roundtrip(WRAP_GZIP, padded, zlen + 4, data, sizeof(data), true);
    free(padded);
    free(z);
}

static void test_gzip_isize(void **state)
{
    static const uint8_t tiny[20] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0,
                                      0, 0, 0, 0, 0x78, 0x56, 0x34, 0x12 };
    uint8_t out[1];
    size_t out_len;

    (void)state;
    assert_int_equal(gzip_isize(tiny, sizeof(tiny)), 0x12345678);
    assert_int_equal(gzip_isize(tiny, 19), 0);
    assert_int_equal(gzip_isize(NULL, 0), 0);
    assert_int_equal(gzip_isize(tiny + 1, 19), 0);
    /* It is a claim, not a fact: the decoder checks it. */
    assert_int_equal(run(WRAP_GZIP, tiny, sizeof(tiny), out, 1, &out_len),
                     INFLATE_ERR_LENGTH);
}

static void test_zlib_bad_headers(void **state)
{
    static const uint8_t bad[][2] = {
        { 0x77, 0x9c },     /* method 7 */
        { 0x88, 0x98 },     /* window 2^16 */
        { 0x78, 0x9d },     /* check bits */
        { 0x78, 0xbb },     /* preset dictionary */
    };
    uint8_t data[100], out[100], *z;
    size_t zlen, out_len;

    (void)state;
    fill_text(data, sizeof(data));
    z = zcompress(data, sizeof(data), 9, Z_DEFAULT_STRATEGY, WRAP_ZLIB, NULL, &zlen);
    for (size_t i = 0; i < countof(bad); i++) {
        memcpy(z, bad[i], 2);
        assert_int_equal(run(WRAP_ZLIB, z, zlen, out, sizeof(out), &out_len),
                         INFLATE_ERR_HEADER);
    }
    z[0] = 0x78;
    z[1] = 0xda;
    z[zlen - 1] ^= 1;
    assert_int_equal(run(WRAP_ZLIB, z, zlen, out, sizeof(out), &out_len),
                     INFLATE_ERR_CHECKSUM);
    free(z);
}

static void test_error_codes_distinct(void **state)
{
    static const int errs[] = {
        INFLATE_ERR_ARG, INFLATE_ERR_HEADER, INFLATE_ERR_BLOCK,
        INFLATE_ERR_TREE, INFLATE_ERR_SYMBOL, INFLATE_ERR_DISTANCE,
        INFLATE_ERR_OUTPUT, INFLATE_ERR_TRUNCATED, INFLATE_ERR_CHECKSUM,
        INFLATE_ERR_LENGTH,
    };

    (void)state;
    for (size_t i = 0; i < countof(errs); i++) {
        assert_true(errs[i] < 0);
        for (size_t j = 0; j < i; j++)
            assert_int_not_equal(errs[i], errs[j]);
    }
}

static void test_null_and_empty(void **state)
{
    uint8_t data[1] = { 0 }, out[8];
    size_t zlen, out_len = 99;
    char err[64];
    uint8_t *z = zcompress(data, 0, 6, Z_DEFAULT_STRATEGY, WRAP_GZIP, NULL, &zlen);

    (void)state;
    assert_int_equal(inflate_gzip(z, zlen, NULL, 0, &out_len, err, sizeof(err)), 0);
    assert_int_equal(out_len, 0);
    assert_int_equal(inflate_gzip(NULL, 5, out, 8, &out_len, err, sizeof(err)),
                     INFLATE_ERR_ARG);
    assert_int_equal(inflate_gzip(z, zlen, NULL, 8, &out_len, err, sizeof(err)),
                     INFLATE_ERR_ARG);
    assert_int_equal(inflate_gzip(NULL, 0, out, 8, &out_len, err, sizeof(err)),
                     INFLATE_ERR_TRUNCATED);
    assert_int_equal(inflate_raw(NULL, 0, NULL, NULL, 0, NULL, NULL, 0),
                     INFLATE_ERR_TRUNCATED);
    /* A tiny err buffer is filled and terminated, never overrun. */
    assert_int_equal(inflate_gzip(z, 3, out, 8, &out_len, err, 5), INFLATE_ERR_TRUNCATED);
    assert_int_equal(strlen(err), 4);
    free(z);
}

/* ---- streams written bit by bit ---- */

struct bitw {
    uint8_t buf[1 << 17];
    size_t len;
    uint32_t acc;
    unsigned n;
};

/* Appends the n low bits of v, first bit lowest, as deflate packs them. */
static void put(struct bitw *w, uint32_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        w->acc |= ((v >> i) & 1u) << w->n;
        if (++w->n == 8) {
            assert_true(w->len < sizeof(w->buf));
            w->buf[w->len++] = (uint8_t)w->acc;
            w->acc = 0;
            w->n = 0;
        }
    }
}

/* Appends a Huffman code, which deflate sends from its top bit down. */
static void put_code(struct bitw *w, uint32_t code, unsigned len)
{
    while (len--)
        put(w, code >> len, 1);
}

static void flush_bits(struct bitw *w)
{
    if (w->n)
        put(w, 0, 8 - w->n);
}

/* Canonical codes for lens[0 .. n), RFC 1951 3.2.2. */
static void canonical(const uint8_t *lens, unsigned n, uint16_t *codes)
{
    unsigned count[16] = { 0 }, next[16];
    unsigned code = 0;

    for (unsigned i = 0; i < n; i++)
        count[lens[i]]++;
    count[0] = 0;
    for (unsigned b = 1; b < 16; b++) {
        code = (code + count[b - 1]) << 1;
        next[b] = code;
    }
    for (unsigned i = 0; i < n; i++)
        if (lens[i])
            codes[i] = (uint16_t)next[lens[i]]++;
}

/* A code: lengths and canonical codes. */
struct code {
    uint8_t lens[288];
    uint16_t codes[288];
    unsigned n;
};

static void code_init(struct code *c, const uint8_t *lens, unsigned n)
{
    memset(c, 0, sizeof(*c));
    memcpy(c->lens, lens, n);
    c->n = n;
    canonical(c->lens, n, c->codes);
}

static void put_sym(struct bitw *w, const struct code *c, unsigned sym)
{
    assert_true(sym < c->n && c->lens[sym]);
    put_code(w, c->codes[sym], c->lens[sym]);
}

static const uint16_t t_len_base[29] = {
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
    35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
};
static const uint16_t t_dist_base[30] = {
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
    257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193,
    12289, 16385, 24577,
};

static unsigned len_extra_bits(unsigned i)
{
    return i < 8 || i == 28 ? 0 : (i - 4) / 4;
}

static unsigned dist_extra_bits(unsigned i)
{
    return i < 4 ? 0 : (i - 2) / 2;
}

/* A match with codes lit and dist. */
static void put_match(struct bitw *w, const struct code *lit,
                      const struct code *dist, unsigned len, unsigned d)
{
    unsigned li = 28, di = 29;

    while (t_len_base[li] > len)
        li--;
    while (t_dist_base[di] > d)
        di--;
    put_sym(w, lit, 257 + li);
    put(w, len - t_len_base[li], len_extra_bits(li));
    put_sym(w, dist, di);
    put(w, d - t_dist_base[di], dist_extra_bits(di));
}

static void fixed_codes(struct code *lit, struct code *dist)
{
    uint8_t l[288], d[32];

    for (unsigned i = 0; i < 288; i++)
        l[i] = i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8;
    memset(d, 5, sizeof(d));
    code_init(lit, l, 288);
    code_init(dist, d, 32);
}

/*
 * The code-length code these streams use: symbols 0..12 four bits, 13..18
 * five (13/16 + 6/32 = 1: complete).
 */
static void put_cl_code(struct bitw *w, struct code *cl)
{
    static const uint8_t order[19] = {
        16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
    };
    uint8_t lens[19];

    for (unsigned i = 0; i < 19; i++)
        lens[i] = i < 13 ? 4 : 5;
    code_init(cl, lens, 19);
    put(w, 15, 4);      /* HCLEN: all 19 */
    for (unsigned i = 0; i < 19; i++)
        put(w, lens[order[i]], 3);
}

/* A dynamic block header for nlit + ndist lengths, sent without repeats. */
static void put_dynamic(struct bitw *w, bool final, const uint8_t *lit_lens,
                        unsigned nlit, const uint8_t *dist_lens, unsigned ndist)
{
    struct code cl;

    put(w, final, 1);
    put(w, 2, 2);
    put(w, nlit - 257, 5);
    put(w, ndist - 1, 5);
    put_cl_code(w, &cl);
    for (unsigned i = 0; i < nlit; i++)
        put_sym(w, &cl, lit_lens[i]);
    for (unsigned i = 0; i < ndist; i++)
        put_sym(w, &cl, dist_lens[i]);
}

static void put_stored(struct bitw *w, bool final, const uint8_t *p, size_t n)
{
    put(w, final, 1);
    put(w, 0, 2);
    flush_bits(w);
    put(w, (uint32_t)n, 16);
    put(w, (uint32_t)~n & 0xffff, 16);
    for (size_t i = 0; i < n; i++)
        put(w, p[i], 8);
}

static struct bitw *bitw_new(void)
{
    struct bitw *w = xmalloc(sizeof(*w));

    memset(w, 0, sizeof(*w));
    return w;
}

/* Decodes w's raw stream into out (cap bytes); returns the result. */
static int run_raw(struct bitw *w, uint8_t *out, size_t cap, size_t *out_len)
{
    flush_bits(w);
    return run(WRAP_RAW, w->buf, w->len, out, cap, out_len);
}

/*
 * Matches at exactly 32768, the farthest deflate can express, through the
 * fast path (input and output to spare) and the careful path (an output
 * buffer that ends with the match); and 32768 + 1 bytes of history is
 * not needed: distance = bytes written is the limit.
 */
static void test_distance_32768(void **state)
{
    struct code lit, dist;
    size_t total = 32768 + 258 + 300 + 258, out_len;
    uint8_t *data = make_data(DATA_RANDOM, 32768), *out = xmalloc(total);
    struct bitw *w = bitw_new();

    (void)state;
    fixed_codes(&lit, &dist);
    put_stored(w, false, data, 32768);
    put(w, 1, 1);
    put(w, 1, 2);
    put_match(w, &lit, &dist, 258, 32768);      /* copies data[0 .. 258) */
    for (int i = 0; i < 300; i++)
        put_sym(w, &lit, 'a');
    put_match(w, &lit, &dist, 258, 32768);      /* data[558 .. 816) */
    put_sym(w, &lit, 256);
    assert_int_equal(run_raw(w, out, total, &out_len), 0);
    assert_int_equal(out_len, total);
    assert_memory_equal(out, data, 32768);
    assert_memory_equal(out + 32768, data, 258);
    assert_memory_equal(out + 32768 + 258 + 300, data + 558, 258);

    /* One further is an error, in either path. */
    for (int fast = 0; fast < 2; fast++) {
        memset(w, 0, sizeof(*w));
        put_stored(w, false, data, 32767);
        put(w, 1, 1);
        put(w, 1, 2);
        put_match(w, &lit, &dist, 3, 32768);
        for (int i = 0; fast && i < 100; i++)
            put_sym(w, &lit, 'a');
        put_sym(w, &lit, 256);
        assert_int_equal(run_raw(w, out, fast ? total : 32767 + 3, &out_len),
                         INFLATE_ERR_DISTANCE);
    }
    free(w);
    free(out);
    free(data);
}

/* Every short distance (the fast path's pattern copies), every length. */
static void test_short_distances(void **state)
{
    struct code lit, dist;
    struct bitw *w = bitw_new();
    uint8_t *expect = xmalloc(1 << 20), *out = xmalloc(1 << 20);
    size_t n = 0, out_len;

    (void)state;
    fixed_codes(&lit, &dist);
    put(w, 1, 1);
    put(w, 1, 2);
    for (unsigned i = 0; i < 20; i++) {
        expect[n++] = (uint8_t)(i * 37 + 1);
        put_sym(w, &lit, expect[n - 1]);
    }
    for (unsigned d = 1; d <= 20; d++) {
        for (unsigned len = 3; len <= 258; len += len < 20 ? 1 : 17) {
            for (unsigned k = 0; k < len; k++, n++)
                expect[n] = expect[n - d];
            put_match(w, &lit, &dist, len, d);
            expect[n++] = (uint8_t)len;
            put_sym(w, &lit, (uint8_t)len);
        }
    }
    put_sym(w, &lit, 256);
    assert_int_equal(run_raw(w, out, 1 << 20, &out_len), 0);
    assert_int_equal(out_len, n);
    assert_memory_equal(out, expect, n);
    /* Exactly sized: the last symbols go through the careful path. */
    assert_int_equal(run_raw(w, out, n, &out_len), 0);
    assert_memory_equal(out, expect, n);
    free(w);
    free(out);
    free(expect);
}

/* Random complete code lengths for n symbols, none above 15 bits. */
static void random_lengths(uint8_t *lens, unsigned n, bool deep)
{
    uint8_t depth[288];
    unsigned leaves = 1;

    depth[0] = 0;
    while (leaves < n) {
        unsigned pick = rnd() % leaves, tries = 0;

        /* Deep codes: keep splitting the deepest leaves. */
        if (deep && rnd() % 4)
            for (unsigned i = 0; i < leaves; i++)
                if (depth[i] > depth[pick])
                    pick = i;
        while (depth[pick] >= 15 && tries++ < 1000)
            pick = rnd() % leaves;
        if (depth[pick] >= 15)
            break;
        depth[pick]++;
        depth[leaves++] = depth[pick];
    }
    assert_int_equal(leaves, n);
    for (unsigned i = 0; i < n; i++)
        lens[i] = depth[i];
}

/* Shuffles k lengths over the m slots of lens (others 0), keeping `keep` coded. */
static void scatter(uint8_t *lens, unsigned m, const uint8_t *src, unsigned k, int keep)
{
    unsigned slot[288];

    memset(lens, 0, m);
    for (unsigned i = 0; i < m; i++)
        slot[i] = i;
    for (unsigned i = m - 1; i > 0; i--) {
        unsigned j = rnd() % (i + 1), t = slot[i];

        slot[i] = slot[j];
        slot[j] = t;
    }
    if (keep >= 0)
        for (unsigned i = 0; i < m; i++)
            if (slot[i] == (unsigned)keep) {
                slot[i] = slot[0];
                slot[0] = (unsigned)keep;
            }
    for (unsigned i = 0; i < k; i++)
        lens[slot[i]] = src[i];
}

/*
 * One dynamic block with these codes, nsyms random literals and matches,
 * decoded and compared with the output computed here.
 */
static void check_dynamic_block(const uint8_t *ll, unsigned nlit,
                                const uint8_t *dl, unsigned ndist, int nsyms)
{
    uint8_t *expect = xmalloc(1 << 20), *out = xmalloc(1 << 20);
    struct bitw *w = bitw_new();
    struct code lit, dist;
    size_t n = 0, out_len;

    code_init(&lit, ll, nlit);
    code_init(&dist, dl, ndist);
    put_dynamic(w, true, ll, nlit, dl, ndist);
    for (int s = 0; s < nsyms; s++) {
        unsigned sym = rnd() % nlit, li, di, len, d;

        if (!ll[sym] || sym == 256)
            continue;
        if (sym < 256) {
            expect[n++] = (uint8_t)sym;
            put_sym(w, &lit, sym);
            continue;
        }
        li = sym - 257;
        di = rnd() % ndist;
        len = li == 28 ? 258 : t_len_base[li] + rnd() % (1u << len_extra_bits(li));
        d = t_dist_base[di] + rnd() % (1u << dist_extra_bits(di));
        if (!dl[di] || d > n)
            continue;
        put_sym(w, &lit, sym);
        put(w, len - t_len_base[li], len_extra_bits(li));
        put_sym(w, &dist, di);
        put(w, d - t_dist_base[di], dist_extra_bits(di));
        for (unsigned k = 0; k < len; k++, n++)
            expect[n] = expect[n - d];
    }
    put_sym(w, &lit, 256);
    assert_int_equal(run_raw(w, out, 1 << 20, &out_len), 0);
    assert_int_equal(out_len, n);
    assert_memory_equal(out, expect, n);
    free(w);
    free(out);
    free(expect);
}

/* Dynamic blocks with codes of random shape: the decoder's subtables. */
static void test_random_dynamic_codes(void **state)
{
    (void)state;
    for (int round = 0; round < 300; round++) {
        uint8_t src[288], ll[286], dl[30];
        unsigned nlit = 257 + rnd() % 30, ndist = 1 + rnd() % 30;
        unsigned klit = 2 + rnd() % (nlit - 1), kdist = 1 + rnd() % ndist;

        random_lengths(src, klit, round % 2);
        scatter(ll, nlit, src, klit, 256);
        if (kdist == 1)
            src[0] = 1;     /* the one incomplete code allowed */
        else
            random_lengths(src, kdist, round % 3 == 0);
        scatter(dl, ndist, src, kdist, -1);
        check_dynamic_block(ll, nlit, dl, ndist, 2000);
    }
}

/* Lengths with count[len] codes of each length, in random symbols. */
static void lengths_from_counts(uint8_t *lens, unsigned n, const uint8_t *count)
{
    uint8_t src[288];
    unsigned k = 0;

    for (unsigned len = 1; len <= 15; len++)
        for (unsigned i = 0; i < count[len - 1]; i++)
            src[k++] = (uint8_t)len;
    assert_int_equal(k, n);
    scatter(lens, n, src, n, -1);
}

/*
 * The codes that need the largest decoding tables the decoder provides
 * (all 1332 literal/length and 400 distance entries, by the search the
 * table sizes came from): they must decode, for any symbol order.
 */
static void test_largest_tables(void **state)
{
    static const uint8_t lit_counts[15] = { 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 229, 49, 1, 2 };
    static const uint8_t dist_counts[15] = { 1, 1, 1, 1, 1, 1, 0, 0, 1, 9, 9, 1, 1, 1, 2 };
    uint8_t ll[286], dl[30];

    (void)state;
    for (int round = 0; round < 20; round++) {
        lengths_from_counts(ll, 286, lit_counts);
        lengths_from_counts(dl, 30, dist_counts);
        check_dynamic_block(ll, 286, dl, 30, 5000);
    }
}

/* ---- malformed streams, one error class at a time ---- */

static void expect_raw_error(struct bitw *w, int err)
{
    uint8_t out[4096];
    size_t out_len;

    assert_int_equal(run_raw(w, out, sizeof(out), &out_len), err);
}

static void test_bad_block_type(void **state)
{
    struct bitw *w = bitw_new();

    (void)state;
    put(w, 1, 1);
    put(w, 3, 2);
    expect_raw_error(w, INFLATE_ERR_BLOCK);
    /* A stored block whose NLEN is not LEN's complement. */
    memset(w, 0, sizeof(*w));
    put(w, 1, 1);
    put(w, 0, 2);
    flush_bits(w);
    put(w, 5, 16);
    put(w, 0xfffb, 16);
    put(w, 0x12345, 32);
    put(w, 0x12, 8);
    expect_raw_error(w, INFLATE_ERR_BLOCK);
    free(w);
}

/* Dynamic header with the test's code-length code, then cl symbols. */
static void start_dynamic(struct bitw *w, struct code *cl, unsigned nlit, unsigned ndist)
{
    memset(w, 0, sizeof(*w));
    put(w, 1, 1);
    put(w, 2, 2);
    put(w, nlit - 257, 5);
    put(w, ndist - 1, 5);
    put_cl_code(w, cl);
}

static void test_bad_code_lengths(void **state)
{
    struct bitw *w = bitw_new();
    struct code cl;
    uint8_t lens[316];

    (void)state;
    /* Too many literal/length or distance codes. */
    start_dynamic(w, &cl, 287, 1);
    expect_raw_error(w, INFLATE_ERR_TREE);
    start_dynamic(w, &cl, 257, 31);
    expect_raw_error(w, INFLATE_ERR_TREE);

    /* Over-subscribed and incomplete code-length codes. */
    for (int over = 0; over < 2; over++) {
        memset(w, 0, sizeof(*w));
        put(w, 1, 1);
        put(w, 2, 2);
        put(w, 0, 5);
        put(w, 0, 5);
        put(w, 15, 4);
        for (int i = 0; i < 19; i++)
            put(w, over ? 1 : (i < 3 ? 2 : 0), 3);
        put(w, 0, 32);
        expect_raw_error(w, INFLATE_ERR_TREE);
    }

    /* Repeat (16) with no length before it. */
    start_dynamic(w, &cl, 257, 1);
    put_sym(w, &cl, 16);
    put(w, 0, 2);
    expect_raw_error(w, INFLATE_ERR_TREE);

    /* Repeats past the last length (17 and 18). */
    for (int sym = 17; sym <= 18; sym++) {
        start_dynamic(w, &cl, 257, 1);
        for (int i = 0; i < 256; i++)
            put_sym(w, &cl, 8);
        put_sym(w, &cl, sym);
        put(w, 0, sym == 17 ? 3 : 7);
        expect_raw_error(w, INFLATE_ERR_TREE);
    }

    /* No end-of-block code (the rest complete). */
    memset(lens, 0, sizeof(lens));
    memset(lens, 9, 256);
    lens[257] = 1;
    lens[258] = 1;
    start_dynamic(w, &cl, 258, 1);
    for (int i = 0; i < 259; i++)
        put_sym(w, &cl, lens[i]);
    expect_raw_error(w, INFLATE_ERR_TREE);

    /* Over-subscribed, then incomplete, literal/length code. */
    for (int over = 0; over < 2; over++) {
        memset(lens, 0, sizeof(lens));
        memset(lens, over ? 8 : 9, 256);
        lens[256] = 2;
        lens[257] = 2;          /* 1 + 1/2 (over), or 1/2 + 1/4 + 1/4... */
        if (!over)
            lens[0] = 0;        /* ... but for the one 9-bit code missing */
        lens[258] = 1;
        start_dynamic(w, &cl, 258, 1);
        for (int i = 0; i < 259; i++)
            put_sym(w, &cl, lens[i]);
        expect_raw_error(w, INFLATE_ERR_TREE);
    }

    /* An incomplete distance code of more than one code. */
    memset(lens, 0, sizeof(lens));
    memset(lens, 8, 256);
    lens[256] = 8;      /* 257 codes of 8 bits: over-subscribed... */
    lens[0] = 9;
    lens[1] = 9;        /* ... fixed with two 9-bit codes: complete */
    lens[257] = 2;
    lens[258] = 2;      /* two of four 2-bit distance codes */
    start_dynamic(w, &cl, 257, 2);
    for (int i = 0; i < 259; i++)
        put_sym(w, &cl, lens[i]);
    expect_raw_error(w, INFLATE_ERR_TREE);
    free(w);
}

static void test_bad_symbols(void **state)
{
    struct code lit, dist;
    struct bitw *w = bitw_new();

    (void)state;
    fixed_codes(&lit, &dist);
    /* Length symbols 286, 287 and distance symbols 30, 31, in both paths. */
    for (int tail = 0; tail < 2; tail++) {
        for (int bad = 0; bad < 4; bad++) {
            memset(w, 0, sizeof(*w));
            put(w, 1, 1);
            put(w, 1, 2);
            put_sym(w, &lit, 'x');
            if (bad < 2) {
                put_sym(w, &lit, 286 + bad);
            } else {
                put_sym(w, &lit, 257);
                put_sym(w, &dist, 28 + bad);
            }
            put(w, 0, 16);
            for (int i = 0; tail && i < 40; i++)
                put_sym(w, &lit, 'y');
            expect_raw_error(w, INFLATE_ERR_SYMBOL);
        }
    }

    /* The unused half of a one-code distance code. */
    uint8_t ll2[258], dl[1] = { 1 };

    free(w);

    memset(ll2, 9, 256);
    ll2[256] = 2;
    ll2[257] = 2;           /* 1/2 + 1/4 + 1/4 */
    code_init(&lit, ll2, 258);
    code_init(&dist, dl, 1);
    w = bitw_new();
    put_dynamic(w, true, ll2, 258, dl, 1);
    put_sym(w, &lit, 'q');
    put_sym(w, &lit, 257);
    put_code(w, 1, 1);      /* the code that was not assigned */
    put(w, 0, 32);
    expect_raw_error(w, INFLATE_ERR_SYMBOL);

    /* No distance codes at all: a block of literals only, or an error. */
    uint8_t none[1] = { 0 };

    memset(w, 0, sizeof(*w));
    put_dynamic(w, true, ll2, 258, none, 1);
    put_sym(w, &lit, 'q');
    put_sym(w, &lit, 256);
    {
        uint8_t out[16];
        size_t out_len;

        assert_int_equal(run_raw(w, out, sizeof(out), &out_len), 0);
        assert_int_equal(out_len, 1);
        assert_int_equal(out[0], 'q');
    }
    memset(w, 0, sizeof(*w));
    put_dynamic(w, true, ll2, 258, none, 1);
    put_sym(w, &lit, 'q');
    put_sym(w, &lit, 257);
    put(w, 0, 32);
    expect_raw_error(w, INFLATE_ERR_SYMBOL);
    free(w);
}

static void test_distance_too_far(void **state)
{
    struct code lit, dist;
    struct bitw *w = bitw_new();

    (void)state;
    fixed_codes(&lit, &dist);
    for (int tail = 0; tail < 2; tail++) {
        for (unsigned d = 1; d <= 3; d++) {
            memset(w, 0, sizeof(*w));
            put(w, 1, 1);
            put(w, 1, 2);
            for (unsigned i = 0; i + 1 < d; i++)
                put_sym(w, &lit, 'z');
            put_match(w, &lit, &dist, 10, d);   /* d - 1 bytes written */
            for (int i = 0; tail && i < 40; i++)
                put_sym(w, &lit, 'y');
            put_sym(w, &lit, 256);
            expect_raw_error(w, INFLATE_ERR_DISTANCE);
        }
    }
    free(w);
}

/* Every proper prefix of small streams ends in INFLATE_ERR_TRUNCATED. */
static void test_truncated_everywhere(void **state)
{
    uint8_t *data = make_data(DATA_TEXT, 3000), *out = xmalloc(3000);

    (void)state;
    for (int variant = 0; variant < 6; variant++) {
        enum wrap wrap = variant < 3 ? (enum wrap)variant : WRAP_GZIP;
        size_t zlen, out_len;
        uint8_t *z;

        if (variant == 3)
            z = gzip_with_header(data, 3000, true, true, true, true, &zlen);
        else
            z = zcompress(data, 3000, variant == 4 ? 0 : 6,
                          variant == 5 ? Z_FIXED : Z_DEFAULT_STRATEGY, wrap, NULL, &zlen);
        check_roundtrip(wrap, z, zlen, data, 3000, true);
        for (size_t n = 0; n < zlen; n++) {
            uint8_t *cut = xmalloc(n);     /* exactly n bytes, for ASan */

            memcpy(cut, z, n);
            assert_int_equal(run(wrap, cut, n, out, 3000, &out_len),
                             INFLATE_ERR_TRUNCATED);
            free(cut);
        }
        free(z);
    }
    free(out);
    free(data);
}

/*
 * Bits flipped at random in many streams: with a checksum, the result is
 * an error or the original data (a flip in MTIME, say); without, any
 * result but a crash. Either way, always one of the documented errors.
 */
static void test_bit_flips(void **state)
{
    (void)state;
    for (int s = 0; s < 40; s++) {
        enum wrap wrap = (enum wrap)(s % 3);
        size_t n = 100 + rnd() % 20000, zlen, out_len;
        uint8_t *data = make_data((enum data_kind)(s % DATA_KINDS), n);
        uint8_t *z = zcompress(data, n, 1 + s % 9, strategies[s % countof(strategies)],
                               wrap, NULL, &zlen);
        uint8_t *out = xmalloc(n + 100);

        for (int f = 0; f < 150; f++) {
            size_t flips = 1 + rnd() % 3, pos[3];
            uint8_t bit[3];
            int r;

            for (size_t k = 0; k < flips; k++) {
                pos[k] = rnd() % zlen;
                bit[k] = (uint8_t)(1u << (rnd() % 8));
                z[pos[k]] ^= bit[k];
            }
            r = run(wrap, z, zlen, out, n + 100, &out_len);
            if (r == 0 && wrap != WRAP_RAW) {
                assert_int_equal(out_len, n);
                assert_memory_equal(out, data, n);
            } else if (r) {
                assert_true(is_inflate_error(r));
            }
            for (size_t k = 0; k < flips; k++)
                z[pos[k]] ^= bit[k];
        }
        free(out);
        free(z);
        free(data);
    }
}

/* Random bytes after a valid header: errors, never a crash. */
static void test_garbage(void **state)
{
    uint8_t in[600], out[2000];
    size_t out_len;

    (void)state;
    for (int i = 0; i < 3000; i++) {
        size_t n = rnd() % sizeof(in);
        int r;

        fill_random(in, n);
        if (i % 2 && n >= 10) {
            in[0] = 0x1f;
            in[1] = 0x8b;
            in[2] = 8;
            in[3] &= 0x1f;
        }
        r = run(i % 2 ? WRAP_GZIP : WRAP_RAW, in, n, out, sizeof(out), &out_len);
        assert_true(r == 0 || is_inflate_error(r));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crc32_matches_zlib),
        cmocka_unit_test(test_adler32_matches_zlib),
        cmocka_unit_test(test_gzip_levels_strategies),
        cmocka_unit_test(test_zlib_and_raw_wrappers),
        cmocka_unit_test(test_raw_in_used),
        cmocka_unit_test(test_gzip_header_fields),
        cmocka_unit_test(test_gzip_bad_headers),
        cmocka_unit_test(test_gzip_trailer_checks),
        cmocka_unit_test(test_gzip_isize),
        cmocka_unit_test(test_zlib_bad_headers),
        cmocka_unit_test(test_error_codes_distinct),
        cmocka_unit_test(test_null_and_empty),
        cmocka_unit_test(test_distance_32768),
        cmocka_unit_test(test_short_distances),
        cmocka_unit_test(test_random_dynamic_codes),
        cmocka_unit_test(test_largest_tables),
        cmocka_unit_test(test_bad_block_type),
        cmocka_unit_test(test_bad_code_lengths),
        cmocka_unit_test(test_bad_symbols),
        cmocka_unit_test(test_distance_too_far),
        cmocka_unit_test(test_truncated_everywhere),
        cmocka_unit_test(test_bit_flips),
        cmocka_unit_test(test_garbage),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
