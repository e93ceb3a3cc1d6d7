/*
 * A fixed, portable pseudo-random sequence for the randomized tests: each
 * test keeps its own state, seeded with a constant, so every run (and every
 * machine) sees the same sequence and a failure replays.
 */
#ifndef KEEL_TEST_XORSHIFT_H
#define KEEL_TEST_XORSHIFT_H

#include <stdint.h>

/* xorshift64 (13, 7, 17). */
static inline uint64_t xorshift64(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

#endif
