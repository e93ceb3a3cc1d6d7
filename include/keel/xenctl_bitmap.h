/*
 * The toolstack's CPU bitmaps (struct xenctl_bitmap, public/domctl.h) and
 * Keel's 64-CPU masks: the byte form is bit n of byte n / 8 for CPU n,
 * nr_bits long. Pure logic: the caller copies the bytes in and out.
 */
#ifndef KEEL_XENCTL_BITMAP_H
#define KEEL_XENCTL_BITMAP_H

#include <stdint.h>

#define XENCTL_MASK_BYTES 8 /* a uint64_t mask */

/* The bytes of a caller's nr_bits-bit map; of them, the first
 * xenctl_bitmap_shared_bytes() are the ones a mask has too. */
uint32_t xenctl_bitmap_bytes(uint32_t nr_bits);
uint32_t xenctl_bitmap_shared_bytes(uint32_t nr_bits);

/* The mask of the shared bytes at `bytes`; bits at nr_bits and past are
 * ignored, as Xen does. */
uint64_t xenctl_bitmap_to_mask(const uint8_t *bytes, uint32_t nr_bits);

/* The mask as XENCTL_MASK_BYTES bytes (the caller writes the shared ones
 * and zeroes the rest of the caller's map). */
void xenctl_bitmap_from_mask(uint64_t mask, uint8_t out[XENCTL_MASK_BYTES]);

#endif
