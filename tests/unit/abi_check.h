/*
 * Checks shared by the tests of include/public/ (test_public_abi_*.c):
 * Keel's copy of Xen's x86_64 guest ABI.
 *
 * Every structure's size and the offsets of its fields are pinned to the
 * numbers Xen's own headers give on x86_64 (LP64: long and pointers are 8
 * bytes, 8-aligned; guest handles are one pointer). Each expected number
 * was counted by hand from Xen's public headers (4.17, and the current tree
 * where a structure has grown since); the comment beside it shows the sum.
 * The same numbers were also cross-checked by compiling Xen's headers and
 * these side by side and comparing every record layout and every numeric
 * macro the two have in common.
 *
 * SIZE and OFF check at compile time (_Static_assert) and again at run time,
 * so a mismatch names itself in either place; VAL does the same for a
 * constant.
 */
#ifndef KEEL_TESTS_UNIT_ABI_CHECK_H
#define KEEL_TESTS_UNIT_ABI_CHECK_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#define SIZE(T, n) do {                                                 \
    _Static_assert(sizeof(T) == (n), "sizeof(" #T ") != " #n);          \
    assert_int_equal(sizeof(T), (n));                                   \
} while (0)

#define OFF(T, f, n) do {                                               \
    _Static_assert(offsetof(T, f) == (n),                               \
                   "offsetof(" #T ", " #f ") != " #n);                  \
    assert_int_equal(offsetof(T, f), (n));                              \
} while (0)

#define VAL(x, n) do {                                                  \
    _Static_assert((x) == (n), #x " != " #n);                           \
    assert_true((x) == (n));                                            \
} while (0)

#endif /* KEEL_TESTS_UNIT_ABI_CHECK_H */
