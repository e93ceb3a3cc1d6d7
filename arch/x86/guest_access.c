/* Guest virtual address checks around the fault-safe copy (usercopy.S). */
#include <keel/errno.h>
#include <keel/guest_access.h>
#include <keel/layout.h>

unsigned long raw_copy_guest(void *dst, const void *src, unsigned long n);

/* The guest owns [0, 2^47) and [HYPERVISOR_HOLE_END, 2^64): canonical
 * addresses outside Keel's hole. */
bool guest_range_ok(uint64_t va, size_t len)
{
    uint64_t end = va + len;

    if (end < va)
        return false;
    if (va < 0x0000800000000000ull)
        return end <= 0x0000800000000000ull;
    return va >= HYPERVISOR_HOLE_END;
}

int copy_from_guest(void *dst, uint64_t guest_va, size_t len)
{
    if (!guest_range_ok(guest_va, len))
        return -EFAULT;
    return raw_copy_guest(dst, (const void *)guest_va, len) ? -EFAULT : 0;
}

int copy_to_guest(uint64_t guest_va, const void *src, size_t len)
{
    if (!guest_range_ok(guest_va, len))
        return -EFAULT;
    return raw_copy_guest((void *)guest_va, src, len) ? -EFAULT : 0;
}
