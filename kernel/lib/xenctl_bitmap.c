/* CPU bitmaps between the toolstack's bytes and Keel's masks
 * (keel/xenctl_bitmap.h). */
#include <keel/xenctl_bitmap.h>

uint32_t xenctl_bitmap_bytes(uint32_t nr_bits)
{
    return nr_bits / 8 + (nr_bits % 8 != 0);
}

uint32_t xenctl_bitmap_shared_bytes(uint32_t nr_bits)
{
    uint32_t n = xenctl_bitmap_bytes(nr_bits);

    return n < XENCTL_MASK_BYTES ? n : XENCTL_MASK_BYTES;
}

uint64_t xenctl_bitmap_to_mask(const uint8_t *bytes, uint32_t nr_bits)
{
    uint32_t n = xenctl_bitmap_shared_bytes(nr_bits);
    uint64_t mask = 0;

    for (uint32_t i = 0; i < n; i++)
        mask |= (uint64_t)bytes[i] << (8 * i);
    if (nr_bits < 64)
        mask &= (1ull << nr_bits) - 1;
    return mask;
}

void xenctl_bitmap_from_mask(uint64_t mask, uint8_t out[XENCTL_MASK_BYTES])
{
    for (int i = 0; i < XENCTL_MASK_BYTES; i++)
        out[i] = (uint8_t)(mask >> (8 * i));
}
