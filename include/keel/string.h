/*
 * String and formatting helpers. In the hypervisor they come from
 * kernel/lib; host unit tests (KEEL_HOST_TEST) use the C library's, so the
 * same sources compile in both places.
 */
#ifndef KEEL_STRING_H
#define KEEL_STRING_H

#include <stdarg.h>
#include <stddef.h>

#ifdef KEEL_HOST_TEST
#include <string.h>
#else
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
void *memchr(const void *s, int c, size_t n);
#endif

/*
 * KEEL_HOST_OWN_PRINTF: a host build of kernel/lib/vsnprintf.c itself
 * (tests/unit/test_vsnprintf.c), which renames Keel's vsnprintf/snprintf
 * with -D so they do not clash with the C library's; <stdio.h> would be
 * renamed along with them, so it gets Keel's prototypes instead.
 */
#if defined(KEEL_HOST_TEST) && !defined(KEEL_HOST_OWN_PRINTF)
#include <stdio.h>
#else
/*
 * Formats as C99 does for the subset Keel uses: flags '-', '0' and '#', width,
 * precision for %s, length modifiers hh h l ll z, conversions
 * d i u x X o p s c %. Two differences, for readable logs: %#x of 0 is
 * "0x0", and %p is 0x and 16 zero-padded digits. Always NUL-terminates when
 * size > 0 and returns the length the full output would have had.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
#endif

/* The value of a digit in any base up to 16 (0-9, a-f, A-F); 16 for
 * anything else, so `digit_value(c) >= base` rejects it in every base. */
static inline unsigned int digit_value(int c)
{
    if (c >= '0' && c <= '9')
        return (unsigned int)(c - '0');
    if (c >= 'a' && c <= 'f')
        return (unsigned int)(c - 'a' + 10);
    if (c >= 'A' && c <= 'F')
        return (unsigned int)(c - 'A' + 10);
    return 16;
}

#endif
