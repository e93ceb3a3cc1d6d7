/*
 * Path syntax, as Xen's xenstored checks it (docs/misc/xenstore.txt):
 * absolute paths of [A-Za-z0-9-/_@], no "//", no trailing '/' but for
 * "/" itself, at most XENSTORE_REL_PATH_MAX bytes after the
 * "/local/domain/<domid>/" prefix if there is one (so a domain's own
 * subtree gets the full relative length).
 */
#include <keel/string.h>

#include "xs_core.h"

#define LOCAL_DOMAIN "/local/domain/"
#define LOCAL_DOMAIN_LEN 14
#define DOMID_DIGITS 5          /* Xen reads the domid with %5u */

static bool valid_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '-' || c == '/' || c == '_' ||
           c == '@';
}

/* Bytes of a leading "/local/domain/<domid>/", else 0. */
static size_t local_prefix(const char *p, size_t len)
{
    size_t i = LOCAL_DOMAIN_LEN;

    if (len <= i || memcmp(p, LOCAL_DOMAIN, LOCAL_DOMAIN_LEN) != 0)
        return 0;
    while (i < len && i < LOCAL_DOMAIN_LEN + DOMID_DIGITS &&
           p[i] >= '0' && p[i] <= '9')
        i++;
    if (i == LOCAL_DOMAIN_LEN || i == len || p[i] != '/')
        return 0;
    return i + 1;
}

bool path_valid(const char *p, size_t len)
{
    if (len == 0 || p[0] != '/')
        return false;
    if (len > 1 && p[len - 1] == '/')
        return false;
    if (len > local_prefix(p, len) + XENSTORE_REL_PATH_MAX)
        return false;
    for (size_t i = 0; i < len; i++) {
        if (!valid_char(p[i]))
            return false;
        if (p[i] == '/' && i + 1 < len && p[i + 1] == '/')
            return false;
    }
    return true;
}

size_t path_parent_len(const char *p, size_t len)
{
    size_t i = len - 1;

    while (i > 0 && p[i] != '/')
        i--;
    return i ? i : 1;
}

const char *path_base(const char *p, size_t len, size_t *baselen)
{
    size_t i = len;

    while (i > 0 && p[i - 1] != '/')
        i--;
    *baselen = len - i;
    return p + i;
}

bool path_under(const char *p, size_t len, const char *w, size_t wlen)
{
    if (wlen == 1 && w[0] == '/')
        return true;
    return len >= wlen && memcmp(p, w, wlen) == 0 &&
           (len == wlen || p[wlen] == '/');
}

size_t path_domain(char *buf, unsigned int domid)
{
    return (size_t)snprintf(buf, XS_DOMAIN_PATH_MAX, LOCAL_DOMAIN "%u", domid);
}

size_t path_canonical(const struct xs_conn *c, const char *p, size_t len,
                      char *out)
{
    size_t plen = 0;

    if (len == 0 || (p[0] != '/' && p[0] != '@')) {
        plen = path_domain(out, c->domid);
        out[plen++] = '/';
    }
    memcpy(out + plen, p, len);
    out[plen + len] = '\0';
    return plen + len;
}

static bool is_space(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

int xs_atoi(const char *s)
{
    uint32_t v = 0;
    bool neg = false;

    while (is_space(*s))
        s++;
    if (*s == '+' || *s == '-')
        neg = *s++ == '-';
    while (*s >= '0' && *s <= '9')
        v = v * 10 + (uint32_t)(*s++ - '0');
    return (int)(neg ? 0u - v : v);
}
