/*
 * The console ring behind `xl dmesg`.
 *
 * Invariants (see include/keel/conring.h): size is a power of two >= 16;
 * producer counts every byte ever written; buf holds positions
 * [kept_from(r), producer) at buf[pos & (size - 1)];
 * consumer_cleared <= producer.
 *
 * Positions, not wrapped offsets, are what readers keep: comparing a
 * reader's position with the producer tells exactly how much it missed,
 * which a wrapped offset could not.
 */
#include <stddef.h>
#include <stdint.h>

#include "keel/conring.h"
#include "keel/errno.h"
#include "keel/string.h"

static uint64_t max_u64(uint64_t a, uint64_t b)
{
    return a > b ? a : b;
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
    return a < b ? a : b;
}

/* The first position still in buf (older ones were overwritten). */
static uint64_t kept_from(const struct conring *r)
{
    return r->producer - min_u64(r->producer, r->size);
}

int conring_init(struct conring *r, char *buf, uint32_t size)
{
    if (size < CONRING_MIN_SIZE || (size & (size - 1)))
        return -EINVAL;
    r->buf = buf;
    r->size = size;
    r->producer = 0;
    r->consumer_cleared = 0;
    return 0;
}

/* Copy n <= size bytes in at position pos, in two pieces if it wraps. */
static void copy_in(struct conring *r, uint64_t pos, const char *s, size_t n)
{
    size_t off = pos & (r->size - 1);
    size_t first = min_u64(n, r->size - off);

    memcpy(r->buf + off, s, first);
    memcpy(r->buf, s + first, n - first);
}

/* Copy n <= size bytes out from position pos, in two pieces if it wraps. */
static void copy_out(const struct conring *r, uint64_t pos, char *out, size_t n)
{
    size_t off = pos & (r->size - 1);
    size_t first = min_u64(n, r->size - off);

    memcpy(out, r->buf + off, first);
    memcpy(out + first, r->buf, n - first);
}

void conring_write(struct conring *r, const char *s, size_t len)
{
    /* Bytes that would be overwritten by this same write never land. */
    if (len > r->size) {
        r->producer += len - r->size;
        s += len - r->size;
        len = r->size;
    }
    copy_in(r, r->producer, s, len);
    r->producer += len;
}

uint64_t conring_oldest(const struct conring *r)
{
    return max_u64(kept_from(r), r->consumer_cleared);
}

size_t conring_read(const struct conring *r, uint64_t *index, char *out,
                    size_t len, uint64_t *lost)
{
    uint64_t from = min_u64(max_u64(*index, r->consumer_cleared), r->producer);
    uint64_t start = max_u64(from, kept_from(r));
    size_t n = min_u64(len, r->producer - start);

    *lost = start - from;
    copy_out(r, start, out, n);
    *index = start + n;
    return n;
}

void conring_clear(struct conring *r, uint64_t upto)
{
    r->consumer_cleared = max_u64(r->consumer_cleared, min_u64(upto, r->producer));
}

size_t conring_snapshot(const struct conring *r, char *out, size_t len)
{
    size_t n = min_u64(len, r->producer - conring_oldest(r));

    copy_out(r, r->producer - n, out, n);
    return n;
}
