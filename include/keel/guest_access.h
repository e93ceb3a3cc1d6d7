/*
 * The only way Keel touches a guest's memory by the guest's virtual
 * addresses. A bad pointer (in Keel's part of the address space,
 * non-canonical, unmapped, read-only for a write) gives -EFAULT, never a
 * fault in Keel.
 */
#ifndef KEEL_GUEST_ACCESS_H
#define KEEL_GUEST_ACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Whether [va, va + len) is a range a guest may name. */
bool guest_range_ok(uint64_t va, size_t len);

int copy_from_guest(void *dst, uint64_t guest_va, size_t len);
int copy_to_guest(uint64_t guest_va, const void *src, size_t len);

#endif
