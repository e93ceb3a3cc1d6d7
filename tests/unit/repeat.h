/*
 * Long strings for the tests that feed parsers more than they keep.
 */
#ifndef KEEL_TEST_REPEAT_H
#define KEEL_TEST_REPEAT_H

#include <stddef.h>

/* prefix, then n copies of c; the caller frees it. Never NULL. */
char *repeat(const char *prefix, char c, size_t n);

#endif
