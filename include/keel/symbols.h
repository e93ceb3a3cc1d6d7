/* Keel's own text symbols, embedded at link time for stack traces. */
#ifndef KEEL_SYMBOLS_H
#define KEEL_SYMBOLS_H

#include <stdint.h>

/*
 * Name of the function containing addr, with the offset into it and its
 * size; NULL when addr is not in Keel's text.
 */
const char *symbols_lookup(uint64_t addr, uint64_t *offset, uint64_t *size);

#endif
