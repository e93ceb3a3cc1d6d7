/*
 * Long strings for the tests: see repeat.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "repeat.h"

char *repeat(const char *prefix, char c, size_t n)
{
    size_t plen = strlen(prefix);
    char *s = malloc(plen + n + 1);

    assert_non_null(s);
    memcpy(s, prefix, plen);
    memset(s + plen, c, n);
    s[plen + n] = '\0';
    return s;
}
