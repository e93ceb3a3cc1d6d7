/*
 * The console ring: every hypervisor log line is also kept here, so that
 * `xl dmesg` (Xen's sysctl readconsole) can read the log after the fact.
 *
 * Bytes are addressed by 64-bit positions counted since boot, which do not
 * wrap in practice; position p lives in buf[p & (size - 1)].
 *
 * Locking: none here. The caller holds the console lock around every call.
 *
 * Invariants, for a ring r:
 *  - size is a power of two >= CONRING_MIN_SIZE.
 *  - producer counts every byte ever written, including bytes of a long
 *    write that never reached buf; only [producer - size, producer) (or
 *    [0, producer) early on) is still in buf.
 *  - consumer_cleared <= producer: bytes before it were cleared (xl dmesg -c)
 *    and are never read again.
 */
#ifndef KEEL_CONRING_H
#define KEEL_CONRING_H

#include <stddef.h>
#include <stdint.h>

#define CONRING_MIN_SIZE 16u

struct conring {
    char *buf;
    uint32_t size;
    uint64_t producer;          /* position of the next byte written */
    uint64_t consumer_cleared;  /* reads start no earlier than this */
};

/* Use buf[0 .. size) as an empty ring. Returns 0 or -EINVAL (bad size). */
int conring_init(struct conring *r, char *buf, uint32_t size);

/*
 * Append s[0 .. len), overwriting the oldest bytes. A write longer than the
 * ring keeps only its last size bytes, but the producer still counts all
 * of them, so readers learn they were lost.
 */
void conring_write(struct conring *r, const char *s, size_t len);

/*
 * Incremental read from position *index, as xl dmesg does in a loop:
 * copies at most len bytes from max(*index, oldest) up to the producer
 * into out, sets *index just past the last byte copied, and returns the
 * count. *lost is set to how many bytes after *index were overwritten
 * before this read could copy them (0 if none; cleared bytes don't count).
 * An index past the producer is pulled back to it.
 */
size_t conring_read(const struct conring *r, uint64_t *index, char *out,
                    size_t len, uint64_t *lost);

/* Forget, for readers, everything before position upto (or before the
 * producer, if that is earlier): xl dmesg -c clears what it has read. */
void conring_clear(struct conring *r, uint64_t upto);

/* The position of the oldest byte a read can still return. */
uint64_t conring_oldest(const struct conring *r);

/*
 * Copy everything still readable, oldest first, into out; if it does not
 * fit in len bytes, only the newest len bytes. Returns the count.
 */
size_t conring_snapshot(const struct conring *r, char *out, size_t len);

#endif
