/*
 * Inflate: deflate (RFC 1951) decoding, with the zlib (RFC 1950) and gzip
 * (RFC 1952) wrappers. See include/keel/inflate.h for the contract.
 *
 * How it decodes. Huffman codes are looked up in tables, never walked bit
 * by bit: the next LIT_ROOT (DIST_ROOT) input bits index a root table whose
 * entry either is the symbol, with its code length, or links to a subtable
 * indexed by the following bits, for codes longer than the root. Input is
 * read through a 64-bit bit buffer; while at least 8 input bytes and
 * FAST_OUT_ROOM output bytes remain, fast_run() decodes with one refill
 * per symbol and no other bounds checks, copying matches 8 bytes at a
 * time; near either end, slow_symbol() decodes one symbol at a time with
 * every check.
 *
 * Invariants:
 *  - in_start <= in <= in_end: input is read only from [in_start, in_end).
 *  - bits holds nbits (< 64) unconsumed input bits, first bit lowest, all
 *    from bytes before in. Outside fast_run the bits above nbits are zero;
 *    inside it they may hold bits of in[0..] (fast_run's refill explains
 *    why that is harmless) and fast_run clears them before it returns.
 *  - out_start <= out <= out_end: out_start[0 .. out) is the output so
 *    far and nothing is written at or past out_end. The output is the
 *    window: a distance is valid iff it is <= out - out_start.
 *  - Every table entry a lookup can reach was written for the current
 *    code: build_table fills the whole root table and every subtable it
 *    links to (complete codes fill them; the incomplete codes it accepts
 *    are prefilled with K_BAD).
 *  - Every loop is bounded by the input, the output, or a table size;
 *    every symbol consumes at least one real input bit.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keel/errno.h"
#include "keel/inflate.h"
#include "keel/string.h"

#define MAX_BITS   15   /* longest Huffman code deflate allows */
#define MAX_LITLEN 286  /* literal/length codes a dynamic block may define */
#define MAX_DIST   30   /* distance codes a dynamic block may define */
#define NUM_LITLEN 288  /* the fixed code also gives lengths to 286, 287 */
#define NUM_DIST   32   /* ... and to distances 30, 31 */
#define NUM_CL     19   /* code-length code symbols */
#define MAX_MATCH  258

#define LIT_ROOT   10
#define DIST_ROOT  8
#define CL_ROOT    7    /* code-length codes are at most 7 bits: one level */

/*
 * Table sizes: the root plus the most subtable space any complete code
 * can need, for 286 symbols with a 10-bit root and for 30 with an 8-bit
 * root (incomplete codes never need subtables). Found by a dynamic
 * program over complete codes filled in canonical order, as build_table
 * fills them (the same program reproduces the sizes zlib documents for
 * its own roots: 852 for 9 bits, 592 for 30 symbols and 6 bits);
 * test_inflate.c decodes the codes that need every entry. Should a code
 * ever need more, build_table refuses it rather than overflow.
 */
#define LIT_TABLE  1332
#define DIST_TABLE 400

/*
 * Output room fast_run needs for one step: the longest match plus the 7
 * bytes an 8-byte copy may write past its end (a step writes either one
 * match or at most two literals).
 */
#define FAST_OUT_ROOM (MAX_MATCH + 8)

/*
 * A table entry, 32 bits:
 *   bits 0-3   code length: input bits the symbol takes (not for K_LINK)
 *   bits 4-7   kind
 *   bits 8-15  extra bits after the code (K_BASE); subtable index bits (K_LINK)
 *   bits 16-31 literal byte or code-length symbol (K_LIT), base length or
 *              distance (K_BASE), subtable offset (K_LINK)
 */
enum { K_LIT, K_BASE, K_EOB, K_LINK, K_BAD };

#define E_BITS(e)  ((e) & 0x0fu)
#define E_KIND(e)  (((e) >> 4) & 0x0fu)
#define E_EXTRA(e) (((e) >> 8) & 0xffu)
#define E_VAL(e)   ((e) >> 16)

/* What the symbols of a code mean. */
enum code_kind { CODE_LENGTHS, CODE_LITLEN, CODE_DIST };

struct inflate_state {
    const uint8_t *in_start, *in, *in_end;
    uint64_t bits;
    unsigned nbits;
    uint8_t *out_start, *out, *out_end;
    char *err;
    size_t err_len;
    bool fixed_built;           /* lit and dist hold the fixed code */
    uint32_t lit[LIT_TABLE];    /* literal/length code */
    uint32_t dist[DIST_TABLE];  /* distance code; the code-length code too */
};

/* RFC 1951 3.2.5: base and extra bits of length symbols 257..285. */
static const uint16_t len_base[29] = {
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
    35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
};
static const uint8_t len_extra[29] = {
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
    3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
};
/* ... and of distance symbols 0..29. */
static const uint16_t dist_base[30] = {
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
    257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193,
    12289, 16385, 24577,
};
static const uint8_t dist_extra[30] = {
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
    7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
};

/* ---- small helpers ---- */

static uint64_t mask64(unsigned n)
{
    return ((uint64_t)1 << n) - 1;
}

/* Little-endian loads; compilers turn these into single loads. */
static inline uint64_t load_le64(const uint8_t *p)
{
    return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
           (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 |
           (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 |
           (uint64_t)p[7] << 56;
}

static uint32_t load_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static uint32_t load_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
           (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/*
 * 8-byte copy. The builtin is expanded inline even under -fno-builtin,
 * which a call to Keel's byte-at-a-time memcpy would not be.
 */
static inline void copy8(uint8_t *dst, const uint8_t *src)
{
    __builtin_memcpy(dst, src, 8);
}

/* Non-overlapping copy of n bytes, 8 at a time while it can. */
static void copy_bytes(uint8_t *dst, const uint8_t *src, size_t n)
{
    for (; n >= 8; n -= 8, dst += 8, src += 8)
        copy8(dst, src);
    while (n--)
        *dst++ = *src++;
}

/* Where decoding stands, in input bytes, for messages. */
static size_t input_pos(const struct inflate_state *s)
{
    return (size_t)(s->in - s->in_start) - s->nbits / 8;
}

/* Records "<what> at input byte <n>" in err and returns code. */
static int fail(struct inflate_state *s, int code, const char *what)
{
    if (s->err_len)
        snprintf(s->err, s->err_len, "%s at input byte %zu", what,
                 input_pos(s));
    return code;
}

/* ---- checksums ---- */

/*
 * CRC-32, 16 bytes at a time ("slicing by 16"): crc_table[k][b] is the
 * CRC (without the inversions) of byte b followed by k zero bytes, so a
 * 16-byte step is sixteen independent lookups instead of a chain of
 * sixteen. The CRC is linear over GF(2), so each entry is the XOR of the
 * entries for b's set bits: CRC_ROW(k) builds row k at compile time from
 * its 8 single-bit entries CRC_Bk (computed once by the bitwise
 * definition; tests/unit/test_inflate.c checks the result against zlib),
 * and no table is built or written at run time.
 */
#define CRC_LIN(n, b0, b1, b2, b3, b4, b5, b6, b7)                        \
    (((n) & 1 ? b0 : 0) ^ ((n) & 2 ? b1 : 0) ^ ((n) & 4 ? b2 : 0) ^       \
     ((n) & 8 ? b3 : 0) ^ ((n) & 16 ? b4 : 0) ^ ((n) & 32 ? b5 : 0) ^     \
     ((n) & 64 ? b6 : 0) ^ ((n) & 128 ? b7 : 0))
#define CRC_B0  0x77073096u, 0xee0e612cu, 0x076dc419u, 0x0edb8832u, \
                0x1db71064u, 0x3b6e20c8u, 0x76dc4190u, 0xedb88320u
#define CRC_B1  0x191b3141u, 0x32366282u, 0x646cc504u, 0xc8d98a08u, \
                0x4ac21251u, 0x958424a2u, 0xf0794f05u, 0x3b83984bu
#define CRC_B2  0x01c26a37u, 0x0384d46eu, 0x0709a8dcu, 0x0e1351b8u, \
                0x1c26a370u, 0x384d46e0u, 0x709a8dc0u, 0xe1351b80u
#define CRC_B3  0xb8bc6765u, 0xaa09c88bu, 0x8f629757u, 0xc5b428efu, \
                0x5019579fu, 0xa032af3eu, 0x9b14583du, 0xed59b63bu
#define CRC_B4  0x3d6029b0u, 0x7ac05360u, 0xf580a6c0u, 0x30704bc1u, \
                0x60e09782u, 0xc1c12f04u, 0x58f35849u, 0xb1e6b092u
#define CRC_B5  0xcb5cd3a5u, 0x4dc8a10bu, 0x9b914216u, 0xec53826du, \
                0x03d6029bu, 0x07ac0536u, 0x0f580a6cu, 0x1eb014d8u
#define CRC_B6  0xa6770bb4u, 0x979f1129u, 0xf44f2413u, 0x33ef4e67u, \
                0x67de9cceu, 0xcfbd399cu, 0x440b7579u, 0x8816eaf2u
#define CRC_B7  0xccaa009eu, 0x4225077du, 0x844a0efau, 0xd3e51bb5u, \
                0x7cbb312bu, 0xf9766256u, 0x299dc2edu, 0x533b85dau
#define CRC_B8  0x177b1443u, 0x2ef62886u, 0x5dec510cu, 0xbbd8a218u, \
                0xacc04271u, 0x82f182a3u, 0xde920307u, 0x6655004fu
#define CRC_B9  0xefc26b3eu, 0x04f5d03du, 0x09eba07au, 0x13d740f4u, \
                0x27ae81e8u, 0x4f5d03d0u, 0x9eba07a0u, 0xe6050901u
#define CRC_B10 0xc18edfc0u, 0x586cb9c1u, 0xb0d97382u, 0xbac3e145u, \
                0xaef6c4cbu, 0x869c8fd7u, 0xd64819efu, 0x77e1359fu
#define CRC_B11 0x9ba54c6fu, 0xec3b9e9fu, 0x03063b7fu, 0x060c76feu, \
                0x0c18edfcu, 0x1831dbf8u, 0x3063b7f0u, 0x60c76fe0u
#define CRC_B12 0xdd96d985u, 0x605cb54bu, 0xc0b96a96u, 0x5a03d36du, \
                0xb407a6dau, 0xb37e4bf5u, 0xbd8d91abu, 0xa06a2517u
#define CRC_B13 0x9d0fe176u, 0xe16ec4adu, 0x19ac8f1bu, 0x33591e36u, \
                0x66b23c6cu, 0xcd6478d8u, 0x41b9f7f1u, 0x8373efe2u
#define CRC_B14 0xb9fbdbe8u, 0xa886b191u, 0x8a7c6563u, 0xcf89cc87u, \
                0x44629f4fu, 0x88c53e9eu, 0xcafb7b7du, 0x4e87f0bbu
#define CRC_B15 0xae689191u, 0x87a02563u, 0xd4314c87u, 0x73139f4fu, \
                0xe6273e9eu, 0x173f7b7du, 0x2e7ef6fau, 0x5cfdedf4u
#define CRC_APPLY(f, ...) f(__VA_ARGS__)
#define CRC_E(k, n) CRC_APPLY(CRC_LIN, n, CRC_B##k)
#define CRC_4(k, n) CRC_E(k, n), CRC_E(k, n + 1), CRC_E(k, n + 2), CRC_E(k, n + 3)
#define CRC_16(k, n) CRC_4(k, n), CRC_4(k, n + 4), CRC_4(k, n + 8), CRC_4(k, n + 12)
#define CRC_64(k, n) CRC_16(k, n), CRC_16(k, n + 16), CRC_16(k, n + 32), CRC_16(k, n + 48)
#define CRC_ROW(k) { CRC_64(k, 0), CRC_64(k, 64), CRC_64(k, 128), CRC_64(k, 192) }

static const uint32_t crc_table[16][256] = {
    CRC_ROW(0), CRC_ROW(1), CRC_ROW(2), CRC_ROW(3),
    CRC_ROW(4), CRC_ROW(5), CRC_ROW(6), CRC_ROW(7),
    CRC_ROW(8), CRC_ROW(9), CRC_ROW(10), CRC_ROW(11),
    CRC_ROW(12), CRC_ROW(13), CRC_ROW(14), CRC_ROW(15),
};

/* The CRC of the 8 bytes in v followed by k zero bytes (k = 0 or 8). */
static inline uint32_t crc_word(uint64_t v, unsigned k)
{
    return crc_table[k + 7][v & 0xff] ^ crc_table[k + 6][(v >> 8) & 0xff] ^
           crc_table[k + 5][(v >> 16) & 0xff] ^ crc_table[k + 4][(v >> 24) & 0xff] ^
           crc_table[k + 3][(v >> 32) & 0xff] ^ crc_table[k + 2][(v >> 40) & 0xff] ^
           crc_table[k + 1][(v >> 48) & 0xff] ^ crc_table[k][v >> 56];
}

uint32_t crc32_update(uint32_t crc, const uint8_t *p, size_t n)
{
    crc = ~crc;
    for (; n >= 16; n -= 16, p += 16)
        crc = crc_word(load_le64(p) ^ crc, 8) ^ crc_word(load_le64(p + 8), 0);
    while (n--)
        crc = crc_table[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return ~crc;
}

#define ADLER_MOD 65521u
/*
 * Bytes summed before reducing: after n bytes a < 2^16 + 255 n and b grows
 * by a each byte, so after 2^20 bytes b < 2^48: no 64-bit overflow.
 */
#define ADLER_CHUNK (1u << 20)

uint32_t adler32_update(uint32_t adler, const uint8_t *p, size_t n)
{
    uint64_t a = adler & 0xffff, b = adler >> 16;

    while (n) {
        size_t k = n < ADLER_CHUNK ? n : ADLER_CHUNK;

        n -= k;
        while (k--) {
            a += *p++;
            b += a;
        }
        a %= ADLER_MOD;
        b %= ADLER_MOD;
    }
    return (uint32_t)(b << 16 | a);
}

/* ---- bit input (careful path) ---- */

/* Tops the bit buffer up to 56..63 bits, or with all input left. */
static void refill(struct inflate_state *s)
{
    while (s->nbits < 56 && s->in < s->in_end) {
        s->bits |= (uint64_t)*s->in++ << s->nbits;
        s->nbits += 8;
    }
}

static void consume(struct inflate_state *s, unsigned n)
{
    s->bits >>= n;
    s->nbits -= n;
}

/* The next n (<= 32) bits, first bit lowest. */
static int get_bits(struct inflate_state *s, unsigned n, uint32_t *v)
{
    if (s->nbits < n) {
        refill(s);
        if (s->nbits < n)
            return fail(s, INFLATE_ERR_TRUNCATED, "input ends inside the deflate data");
    }
    *v = (uint32_t)(s->bits & mask64(n));
    consume(s, n);
    return 0;
}

/*
 * Decodes one symbol with table t (root bits wide) into *e; what names
 * the code for messages. An undefined code with fewer than MAX_BITS bits
 * left is reported as truncation: the missing bits might have made it a
 * valid one.
 */
static int decode(struct inflate_state *s, const uint32_t *t, unsigned root,
                  uint32_t *e, const char *what)
{
    uint32_t x;

    if (s->nbits < MAX_BITS)
        refill(s);
    x = t[s->bits & mask64(root)];
    if (E_KIND(x) == K_LINK)
        x = t[E_VAL(x) + ((s->bits >> root) & mask64(E_EXTRA(x)))];
    if (E_KIND(x) == K_BAD || E_BITS(x) > s->nbits) {
        if (s->nbits < MAX_BITS)
            return fail(s, INFLATE_ERR_TRUNCATED, "input ends inside the deflate data");
        return fail(s, INFLATE_ERR_SYMBOL, what);
    }
    consume(s, E_BITS(x));
    *e = x;
    return 0;
}

/* ---- building decoding tables ---- */

static uint32_t make_entry(unsigned kind, unsigned bits, unsigned extra,
                           unsigned val)
{
    return bits | kind << 4 | extra << 8 | (uint32_t)val << 16;
}

/* The entry for symbol sym, whose code is bits long. */
static uint32_t symbol_entry(enum code_kind kind, unsigned sym, unsigned bits)
{
    if (kind == CODE_LENGTHS)
        return make_entry(K_LIT, bits, 0, sym);
    if (kind == CODE_DIST)
        return sym < MAX_DIST ?
            make_entry(K_BASE, bits, dist_extra[sym], dist_base[sym]) :
            make_entry(K_BAD, bits, 0, 0);
    if (sym < 256)
        return make_entry(K_LIT, bits, 0, sym);
    if (sym == 256)
        return make_entry(K_EOB, bits, 0, 0);
    if (sym < MAX_LITLEN)
        return make_entry(K_BASE, bits, len_extra[sym - 257], len_base[sym - 257]);
    return make_entry(K_BAD, bits, 0, 0);
}

static unsigned reverse_bits(unsigned code, unsigned len)
{
    unsigned r = 0;

    while (len--) {
        r = r << 1 | (code & 1);
        code >>= 1;
    }
    return r;
}

/*
 * Index bits of the subtable for a root prefix whose first code is the
 * used-th of length len. Canonical codes fill the prefix's subtree in
 * order, lengths rising, until it is full; room counts its free slots at
 * the current length, so the length at which room runs out is the
 * longest code under the prefix.
 */
static unsigned subtable_bits(const uint16_t *count, unsigned len,
                              unsigned used, unsigned root)
{
    int room = (1 << (len - root)) - (count[len] - (int)used);

    while (room > 0 && len < MAX_BITS) {
        len++;
        room = 2 * room - count[len];
    }
    return len - root;
}

/*
 * Checks the code lengths form a usable prefix code: never
 * over-subscribed, and complete except for a single one-bit code (the RFC
 * allows one distance code; a literal code of just end-of-block is
 * harmless) or, for distances, no code at all. Sets *complete.
 */
static int check_lengths(struct inflate_state *s, const uint16_t *count,
                         enum code_kind kind, bool *complete)
{
    int left = 1;
    unsigned ncodes = 0, len;

    for (len = 1; len <= MAX_BITS; len++) {
        left = 2 * left - count[len];
        if (left < 0)
            return fail(s, INFLATE_ERR_TREE, "over-subscribed Huffman code");
        ncodes += count[len];
    }
    *complete = left == 0;
    if (*complete)
        return 0;
    if (kind != CODE_LENGTHS && ncodes == 1 && count[1] == 1)
        return 0;
    if (kind == CODE_DIST && ncodes == 0)
        return 0;
    return fail(s, INFLATE_ERR_TREE, "incomplete Huffman code");
}

/* Where build_table is: the table, and the subtable being filled. */
struct table_fill {
    uint32_t *t;
    size_t cap;             /* entries in t */
    unsigned root;          /* root index bits */
    unsigned prefix;        /* root index of the current subtable (~0: none) */
    unsigned sub, sub_bits; /* its offset in t and index bits */
    unsigned next_sub;      /* where the next subtable goes */
};

/* A code of len <= root bits, reversed rev: every root entry it prefixes. */
static void fill_root(struct table_fill *f, unsigned rev, unsigned len, uint32_t e)
{
    for (unsigned k = rev; k < (1u << f->root); k += 1u << len)
        f->t[k] = e;
}

/*
 * A code of len > root bits, reversed rev, the used-th of its length: in
 * the subtable of its root prefix, opening that subtable at the prefix's
 * first code (canonical order keeps a prefix's codes together).
 */
static int fill_sub(struct inflate_state *s, struct table_fill *f,
                    const uint16_t *count, unsigned rev, unsigned len,
                    unsigned used, uint32_t e)
{
    unsigned prefix = rev & ((1u << f->root) - 1);

    if (prefix != f->prefix) {
        f->prefix = prefix;
        f->sub_bits = subtable_bits(count, len, used, f->root);
        if (f->next_sub + (1u << f->sub_bits) > f->cap)
            return fail(s, INFLATE_ERR_TREE, "Huffman code too large for the decoding table");
        f->sub = f->next_sub;
        f->next_sub += 1u << f->sub_bits;
        f->t[prefix] = make_entry(K_LINK, f->root, f->sub_bits, f->sub);
    }
    for (unsigned k = rev >> f->root; k < (1u << f->sub_bits); k += 1u << (len - f->root))
        f->t[f->sub + k] = e;
    return 0;
}

/*
 * Builds the decoding table for lens[0 .. n) (each <= MAX_BITS) in
 * t[0 .. cap), with a root of root bits.
 */
static int build_table(struct inflate_state *s, uint32_t *t, size_t cap,
                       unsigned root, const uint8_t *lens, unsigned n,
                       enum code_kind kind)
{
    struct table_fill f = { t, cap, root, ~0u, 0, 0, 1u << root };
    uint16_t count[MAX_BITS + 1] = { 0 }, next[MAX_BITS + 1];
    uint16_t sorted[NUM_LITLEN];
    unsigned code = 0, i = 0, len;
    bool complete;
    int r;

    for (unsigned sym = 0; sym < n; sym++)
        count[lens[sym]]++;
    count[0] = 0;
    r = check_lengths(s, count, kind, &complete);
    if (r)
        return r;
    if (!complete)
        for (unsigned k = 0; k < (1u << root); k++)
            t[k] = make_entry(K_BAD, 0, 0, 0);

    /* Symbols sorted by code length, then by value: canonical order. */
    next[1] = 0;
    for (len = 1; len < MAX_BITS; len++)
        next[len + 1] = next[len] + count[len];
    for (unsigned sym = 0; sym < n; sym++)
        if (lens[sym])
            sorted[next[lens[sym]]++] = (uint16_t)sym;

    /* Canonical codes, RFC 1951 3.2.2, sent first bit first: reversed. */
    for (len = 1; len <= MAX_BITS; len++, code <<= 1) {
        for (unsigned j = 0; j < count[len]; j++, i++, code++) {
            unsigned rev = reverse_bits(code, len);
            uint32_t e = symbol_entry(kind, sorted[i], len);

            if (len <= root)
                fill_root(&f, rev, len, e);
            else if ((r = fill_sub(s, &f, count, rev, len, j, e)))
                return r;
        }
    }
    return 0;
}

static int build_fixed(struct inflate_state *s)
{
    uint8_t lens[NUM_LITLEN + NUM_DIST];
    unsigned i = 0;
    int r;

    if (s->fixed_built)
        return 0;
    /* RFC 1951 3.2.6. */
    while (i < 144)
        lens[i++] = 8;
    while (i < 256)
        lens[i++] = 9;
    while (i < 280)
        lens[i++] = 7;
    while (i < NUM_LITLEN)
        lens[i++] = 8;
    while (i < NUM_LITLEN + NUM_DIST)
        lens[i++] = 5;
    r = build_table(s, s->lit, LIT_TABLE, LIT_ROOT, lens, NUM_LITLEN, CODE_LITLEN);
    if (!r)
        r = build_table(s, s->dist, DIST_TABLE, DIST_ROOT, lens + NUM_LITLEN,
                        NUM_DIST, CODE_DIST);
    s->fixed_built = r == 0;
    return r;
}

/* Reads the code-length code's lengths and builds its table in s->dist. */
static int read_cl_code(struct inflate_state *s, unsigned ncl)
{
    static const uint8_t order[NUM_CL] = {
        16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
    };
    uint8_t cl_lens[NUM_CL] = { 0 };
    uint32_t v;
    int r;

    for (unsigned i = 0; i < ncl; i++) {
        r = get_bits(s, 3, &v);
        if (r)
            return r;
        cl_lens[order[i]] = (uint8_t)v;
    }
    return build_table(s, s->dist, DIST_TABLE, CL_ROOT, cl_lens, NUM_CL, CODE_LENGTHS);
}

/*
 * Decodes n code lengths into lens with the code-length code. A repeat
 * (16, 17, 18) may cross from literal to distance lengths, as the RFC
 * allows, but not past the end.
 */
static int read_lengths(struct inflate_state *s, uint8_t *lens, unsigned n)
{
    unsigned i = 0;

    while (i < n) {
        uint32_t e, rep;
        unsigned sym, val = 0;
        int r = decode(s, s->dist, CL_ROOT, &e, "invalid code-length code");

        if (r)
            return r;
        sym = E_VAL(e);
        if (sym < 16) {
            lens[i++] = (uint8_t)sym;
            continue;
        }
        if (sym == 16) {
            if (i == 0)
                return fail(s, INFLATE_ERR_TREE, "repeat of a code length with none before it");
            val = lens[i - 1];
            r = get_bits(s, 2, &rep);
            rep += 3;
        } else if (sym == 17) {
            r = get_bits(s, 3, &rep);
            rep += 3;
        } else {
            r = get_bits(s, 7, &rep);
            rep += 11;
        }
        if (r)
            return r;
        if (rep > n - i)
            return fail(s, INFLATE_ERR_TREE, "code length repeat runs past the last code");
        while (rep--)
            lens[i++] = (uint8_t)val;
    }
    return 0;
}

/* A dynamic block's header: its codes, built into s->lit and s->dist. */
static int build_dynamic(struct inflate_state *s)
{
    uint8_t lens[MAX_LITLEN + MAX_DIST];
    uint32_t hlit, hdist, hclen;
    unsigned nlit, ndist;
    int r;

    s->fixed_built = false;
    r = get_bits(s, 5, &hlit);
    if (!r)
        r = get_bits(s, 5, &hdist);
    if (!r)
        r = get_bits(s, 4, &hclen);
    if (r)
        return r;
    nlit = hlit + 257;
    ndist = hdist + 1;
    if (nlit > MAX_LITLEN)
        return fail(s, INFLATE_ERR_TREE, "more than 286 literal/length codes");
    if (ndist > MAX_DIST)
        return fail(s, INFLATE_ERR_TREE, "more than 30 distance codes");
    r = read_cl_code(s, hclen + 4);
    if (!r)
        r = read_lengths(s, lens, nlit + ndist);
    if (r)
        return r;
    if (lens[256] == 0)
        return fail(s, INFLATE_ERR_TREE, "no end-of-block code");
    r = build_table(s, s->lit, LIT_TABLE, LIT_ROOT, lens, nlit, CODE_LITLEN);
    if (!r)
        r = build_table(s, s->dist, DIST_TABLE, DIST_ROOT, lens + nlit, ndist, CODE_DIST);
    return r;
}

/* ---- decoding Huffman blocks ---- */

/*
 * Copies a match of len bytes from dist back, writing up to 7 bytes past
 * its end (the caller guarantees the room). Sources are always bytes
 * already written: with dist >= 8 each 8-byte chunk lies wholly before
 * its destination. A shorter dist repeats a pattern of dist bytes, and so
 * also one of d2 = the first multiple of dist that is >= 8 bytes: after
 * the first d2 - dist bytes, copied one at a time, the rest can be copied
 * 8 at a time from d2 back.
 */
static inline void copy_match_fast(uint8_t *out, size_t dist, size_t len)
{
    uint8_t *end = out + len;

    if (dist < 8) {
        size_t d2 = dist * ((8 + dist - 1) / dist);
        const uint8_t *src = out - dist;
        uint8_t *head_end = out + (d2 - dist < len ? d2 - dist : len);

        while (out < head_end)
            *out++ = *src++;
        dist = d2;
    }
    for (; out < end; out += 8)
        copy8(out, out - dist);
}

/*
 * Decodes symbols while at least 8 input bytes (one refill) and
 * FAST_OUT_ROOM output bytes remain. Returns 0 when it stops for lack of
 * room, 1 at the end of the block, or an error.
 */
static int fast_run(struct inflate_state *s)
{
    const uint8_t *in = s->in;
    uint8_t *out = s->out;
    uint64_t bits = s->bits;
    unsigned nbits = s->nbits;
    const uint32_t *lit = s->lit, *dist = s->dist;
    const char *what = "";
    int ret = 0;

    while ((size_t)(s->in_end - in) >= 8 &&
           (size_t)(s->out_end - out) >= FAST_OUT_ROOM) {
        uint32_t e, len, d;

        /*
         * Branch-free refill to 56..63 bits: load 8 bytes at nbits and
         * advance over the whole ones that fit. The bits above nbits now
         * hold part of in[0], which the next refill ORs in again at the
         * same place, so the stray copies are harmless.
         */
        bits |= load_le64(in) << nbits;
        in += (63 - nbits) >> 3;
        nbits |= 56;

        /* A literal/length (<= 20 bits) and a distance (<= 28): 48 <= 56. */
        e = lit[bits & mask64(LIT_ROOT)];
        if (E_KIND(e) == K_LINK)
            e = lit[E_VAL(e) + ((bits >> LIT_ROOT) & mask64(E_EXTRA(e)))];
        bits >>= E_BITS(e);
        nbits -= E_BITS(e);
        if (E_KIND(e) == K_LIT) {
            *out++ = (uint8_t)E_VAL(e);
            /* Room for a second literal without a refill: 56 - 15 >= 15. */
            e = lit[bits & mask64(LIT_ROOT)];
            if (E_KIND(e) != K_LIT)
                continue;
            bits >>= E_BITS(e);
            nbits -= E_BITS(e);
            *out++ = (uint8_t)E_VAL(e);
            continue;
        }
        if (E_KIND(e) != K_BASE) {
            ret = E_KIND(e) == K_EOB ? 1 : INFLATE_ERR_SYMBOL;
            what = "invalid literal/length code";
            break;
        }
        len = E_VAL(e) + (uint32_t)(bits & mask64(E_EXTRA(e)));
        bits >>= E_EXTRA(e);
        nbits -= E_EXTRA(e);

        e = dist[bits & mask64(DIST_ROOT)];
        if (E_KIND(e) == K_LINK)
            e = dist[E_VAL(e) + ((bits >> DIST_ROOT) & mask64(E_EXTRA(e)))];
        if (E_KIND(e) != K_BASE) {
            ret = INFLATE_ERR_SYMBOL;
            what = "invalid distance code";
            break;
        }
        bits >>= E_BITS(e);
        nbits -= E_BITS(e);
        d = E_VAL(e) + (uint32_t)(bits & mask64(E_EXTRA(e)));
        bits >>= E_EXTRA(e);
        nbits -= E_EXTRA(e);
        if (d > (size_t)(out - s->out_start)) {
            ret = INFLATE_ERR_DISTANCE;
            what = "distance reaches before the start of the output";
            break;
        }
        copy_match_fast(out, d, len);
        out += len;
    }
    s->in = in;
    s->bits = bits & mask64(nbits);
    s->nbits = nbits;
    s->out = out;
    return ret < 0 ? fail(s, ret, what) : ret;
}

/* Decodes one literal or match with every check. Returns 0, 1 at the end of the block, or an error. */
static int slow_symbol(struct inflate_state *s)
{
    uint32_t e, extra, len, d;
    int r = decode(s, s->lit, LIT_ROOT, &e, "invalid literal/length code");

    if (r)
        return r;
    if (E_KIND(e) == K_LIT) {
        if (s->out == s->out_end)
            return fail(s, INFLATE_ERR_OUTPUT, "output buffer full");
        *s->out++ = (uint8_t)E_VAL(e);
        return 0;
    }
    if (E_KIND(e) == K_EOB)
        return 1;
    r = get_bits(s, E_EXTRA(e), &extra);
    if (r)
        return r;
    len = E_VAL(e) + extra;
    r = decode(s, s->dist, DIST_ROOT, &e, "invalid distance code");
    if (r)
        return r;
    if (E_KIND(e) != K_BASE)    /* cannot happen: a distance table holds no other */
        return fail(s, INFLATE_ERR_SYMBOL, "invalid distance code");
    r = get_bits(s, E_EXTRA(e), &extra);
    if (r)
        return r;
    d = E_VAL(e) + extra;
    if (d > (size_t)(s->out - s->out_start))
        return fail(s, INFLATE_ERR_DISTANCE, "distance reaches before the start of the output");
    if (len > (size_t)(s->out_end - s->out))
        return fail(s, INFLATE_ERR_OUTPUT, "output buffer full");
    for (const uint8_t *src = s->out - d; len; len--)
        *s->out++ = *src++;
    return 0;
}

static int huffman_block(struct inflate_state *s)
{
    for (;;) {
        int r = fast_run(s);

        if (r == 0)
            r = slow_symbol(s);
        if (r)
            return r < 0 ? r : 0;
    }
}

static int stored_block(struct inflate_state *s)
{
    uint32_t len, nlen;
    int r;

    consume(s, s->nbits & 7);
    r = get_bits(s, 16, &len);
    if (!r)
        r = get_bits(s, 16, &nlen);
    if (r)
        return r;
    if (len != (~nlen & 0xffff))
        return fail(s, INFLATE_ERR_BLOCK, "stored block length does not match its complement");
    if (len > (size_t)(s->out_end - s->out))
        return fail(s, INFLATE_ERR_OUTPUT, "output buffer full");
    /* Whole bytes already in the bit buffer come first. */
    for (; len && s->nbits; len--) {
        *s->out++ = (uint8_t)s->bits;
        consume(s, 8);
    }
    if (len > (size_t)(s->in_end - s->in))
        return fail(s, INFLATE_ERR_TRUNCATED, "input ends inside a stored block");
    copy_bytes(s->out, s->in, len);
    s->out += len;
    s->in += len;
    return 0;
}

enum check { CHECK_NONE, CHECK_CRC32, CHECK_ADLER32 };

/*
 * Decodes blocks up to the final one, then gives back the whole bytes
 * left in the bit buffer, so s->in is just past the data. The checksum is
 * updated after every block, while its output is still in the cache.
 */
static int inflate_blocks(struct inflate_state *s, enum check check, uint32_t *sum)
{
    uint32_t final, type;

    do {
        uint8_t *start = s->out;
        int r = get_bits(s, 1, &final);

        if (!r)
            r = get_bits(s, 2, &type);
        if (r)
            return r;
        if (type == 0)
            r = stored_block(s);
        else if (type == 1)
            r = build_fixed(s);
        else if (type == 2)
            r = build_dynamic(s);
        else
            return fail(s, INFLATE_ERR_BLOCK, "reserved block type 3");
        if (!r && type != 0)
            r = huffman_block(s);
        if (r)
            return r;
        if (check == CHECK_CRC32)
            *sum = crc32_update(*sum, start, (size_t)(s->out - start));
        else if (check == CHECK_ADLER32)
            *sum = adler32_update(*sum, start, (size_t)(s->out - start));
    } while (!final);
    consume(s, s->nbits & 7);
    s->in -= s->nbits / 8;
    s->bits = 0;
    s->nbits = 0;
    return 0;
}

/* ---- the wrappers ---- */

/*
 * Sets up s, or returns INFLATE_ERR_ARG. A NULL buffer of length 0 is
 * replaced by a dummy so that pointer arithmetic stays defined.
 */
static int start(struct inflate_state *s, const uint8_t *in, size_t in_len,
                 uint8_t *out, size_t out_cap, uint8_t *dummy_out,
                 char *err, size_t err_len)
{
    static const uint8_t dummy_in[1];

    s->err = err;
    s->err_len = err ? err_len : 0;
    if (s->err_len)
        err[0] = '\0';
    s->bits = 0;
    s->nbits = 0;
    s->fixed_built = false;
    s->in_start = s->in = s->in_end = dummy_in;
    s->out_start = s->out = s->out_end = dummy_out;
    if ((!in && in_len) || (!out && out_cap))
        return fail(s, INFLATE_ERR_ARG, "NULL buffer");
    if (in) {
        s->in_start = s->in = in;
        s->in_end = in + in_len;
    }
    if (out) {
        s->out_start = s->out = out;
        s->out_end = out + out_cap;
    }
    return 0;
}

static void finish(const struct inflate_state *s, size_t *out_len)
{
    if (out_len)
        *out_len = (size_t)(s->out - s->out_start);
}

int inflate_raw(const uint8_t *in, size_t in_len, size_t *in_used,
                uint8_t *out, size_t out_cap, size_t *out_len,
                char *err, size_t err_len)
{
    struct inflate_state s;
    uint8_t dummy_out[1];
    int r = start(&s, in, in_len, out, out_cap, dummy_out, err, err_len);

    if (!r)
        r = inflate_blocks(&s, CHECK_NONE, NULL);
    if (in_used)
        *in_used = input_pos(&s);
    finish(&s, out_len);
    return r;
}

/* The gzip header's optional zero-terminated field (FNAME, FCOMMENT). */
static int skip_string(struct inflate_state *s)
{
    while (s->in < s->in_end)
        if (*s->in++ == 0)
            return 0;
    return fail(s, INFLATE_ERR_TRUNCATED, "input ends inside the gzip header");
}

static bool have(const struct inflate_state *s, size_t n)
{
    return (size_t)(s->in_end - s->in) >= n;
}

#define GZ_FTEXT    0x01
#define GZ_FHCRC    0x02
#define GZ_FEXTRA   0x04
#define GZ_FNAME    0x08
#define GZ_FCOMMENT 0x10
#define GZ_RESERVED 0xe0

/* RFC 1952 2.3: the member header, leaving s->in at the deflate data. */
static int gzip_header(struct inflate_state *s)
{
    const char *trunc = "input ends inside the gzip header";
    uint8_t flags;
    int r = 0;

    if (!have(s, 10))
        return fail(s, INFLATE_ERR_TRUNCATED, trunc);
    if (s->in[0] != 0x1f || s->in[1] != 0x8b)
        return fail(s, INFLATE_ERR_HEADER, "not gzip data (no 1f 8b magic)");
    if (s->in[2] != 8)
        return fail(s, INFLATE_ERR_HEADER, "gzip compression method is not deflate");
    flags = s->in[3];
    if (flags & GZ_RESERVED)
        return fail(s, INFLATE_ERR_HEADER, "reserved gzip header flags set");
    s->in += 10;    /* magic, method, flags, mtime, xfl, os */
    if (flags & GZ_FEXTRA) {
        size_t xlen;

        if (!have(s, 2))
            return fail(s, INFLATE_ERR_TRUNCATED, trunc);
        xlen = (size_t)s->in[0] | (size_t)s->in[1] << 8;
        s->in += 2;
        if (!have(s, xlen))
            return fail(s, INFLATE_ERR_TRUNCATED, trunc);
        s->in += xlen;
    }
    if (flags & GZ_FNAME)
        r = skip_string(s);
    if (!r && (flags & GZ_FCOMMENT))
        r = skip_string(s);
    if (r || !(flags & GZ_FHCRC))
        return r;
    if (!have(s, 2))
        return fail(s, INFLATE_ERR_TRUNCATED, trunc);
    if ((crc32_update(0, s->in_start, (size_t)(s->in - s->in_start)) & 0xffff) !=
        ((unsigned)s->in[0] | (unsigned)s->in[1] << 8))
        return fail(s, INFLATE_ERR_HEADER, "gzip header CRC mismatch");
    s->in += 2;
    return 0;
}

int inflate_gzip(const uint8_t *in, size_t in_len, uint8_t *out,
                 size_t out_cap, size_t *out_len, char *err, size_t err_len)
{
    struct inflate_state s;
    uint8_t dummy_out[1];
    uint32_t crc = 0;
    int r = start(&s, in, in_len, out, out_cap, dummy_out, err, err_len);

    if (!r)
        r = gzip_header(&s);
    if (!r)
        r = inflate_blocks(&s, CHECK_CRC32, &crc);
    finish(&s, out_len);
    if (r)
        return r;
    if (!have(&s, 8))
        return fail(&s, INFLATE_ERR_TRUNCATED, "input ends inside the gzip trailer");
    if (load_le32(s.in) != crc)
        return fail(&s, INFLATE_ERR_CHECKSUM, "gzip CRC-32 mismatch");
    if (load_le32(s.in + 4) != (uint32_t)(s.out - s.out_start))
        return fail(&s, INFLATE_ERR_LENGTH, "gzip ISIZE differs from the output size");
    return 0;
}

/* RFC 1950 2.2: CMF and FLG. */
static int zlib_header(struct inflate_state *s)
{
    unsigned cmf, flg;

    if (!have(s, 2))
        return fail(s, INFLATE_ERR_TRUNCATED, "input ends inside the zlib header");
    cmf = s->in[0];
    flg = s->in[1];
    if ((cmf & 0x0f) != 8 || (cmf >> 4) > 7)
        return fail(s, INFLATE_ERR_HEADER, "zlib method is not deflate with a 32K window");
    if ((cmf << 8 | flg) % 31)
        return fail(s, INFLATE_ERR_HEADER, "zlib header check bits wrong");
    if (flg & 0x20)
        return fail(s, INFLATE_ERR_HEADER, "zlib stream needs a preset dictionary");
    s->in += 2;
    return 0;
}

int inflate_zlib(const uint8_t *in, size_t in_len, uint8_t *out,
                 size_t out_cap, size_t *out_len, char *err, size_t err_len)
{
    struct inflate_state s;
    uint8_t dummy_out[1];
    uint32_t adler = 1;
    int r = start(&s, in, in_len, out, out_cap, dummy_out, err, err_len);

    if (!r)
        r = zlib_header(&s);
    if (!r)
        r = inflate_blocks(&s, CHECK_ADLER32, &adler);
    finish(&s, out_len);
    if (r)
        return r;
    if (!have(&s, 4))
        return fail(&s, INFLATE_ERR_TRUNCATED, "input ends inside the zlib trailer");
    if (load_be32(s.in) != adler)
        return fail(&s, INFLATE_ERR_CHECKSUM, "zlib Adler-32 mismatch");
    return 0;
}

size_t gzip_isize(const uint8_t *in, size_t len)
{
    /* The smallest member: 10-byte header, 2-byte empty block, trailer. */
    if (!in || len < 20 || in[0] != 0x1f || in[1] != 0x8b)
        return 0;
    return load_le32(in + len - 4);
}
