/*
 * Permissions, Xen's way. A node's list starts with its owner, whose
 * entry also says what everyone not listed may do; later entries give
 * named domains their access. The owner, privileged connections and a
 * domain acting for the owner (XS_SET_TARGET) may do everything. On the
 * wire each entry is a letter (n none, r read, w write, b both) and the
 * domid.
 */
#include <keel/string.h>

#include "xs_core.h"

#define ALL (XS_PERM_READ | XS_PERM_WRITE | XS_PERM_OWNER)

/* Is id c's domain, or the one c acts for? */
static bool is_me(const struct xs_conn *c, uint32_t id)
{
    return id == c->domid || (c->has_target && id == c->target);
}

unsigned int perm_for(const struct xs_conn *c, const struct xs_perm *p,
                      uint32_t n)
{
    if (!conn_unprivileged(c) || is_me(c, p[0].id))
        return ALL;
    for (uint32_t i = 1; i < n; i++)
        if (!(p[i].perms & XS_PERM_IGNORE) && is_me(c, p[i].id))
            return p[i].perms & ALL;
    return p[0].perms & ALL;
}

static bool is_space(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/*
 * The domid of a perm string as Xen reads it, with strtol(s, &end, 0)
 * cast to unsigned int: blanks, a sign, then hex ("0x"), octal ("0") or
 * decimal digits, to the very end. Out-of-range values clamp as strtol's
 * do on a 64-bit long.
 */
static bool parse_id(const char *s, uint32_t *id)
{
    const uint64_t long_max = UINT64_MAX >> 1;
    unsigned int base = 10;
    uint64_t v = 0;
    bool neg = false, any = false;

    while (is_space(*s))
        s++;
    if (*s == '+' || *s == '-')
        neg = *s++ == '-';
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && digit_value(s[2]) < 16) {
        base = 16;
        s += 2;
    } else if (s[0] == '0') {
        base = 8;
    }
    for (; digit_value(*s) < base; s++, any = true) {
        unsigned int d = digit_value(*s);

        v = v > (UINT64_MAX - d) / base ? UINT64_MAX : v * base + d;
    }
    if (!any || *s)
        return false;
    if (v > long_max)
        v = neg ? long_max + 1 : long_max;
    *id = (uint32_t)(neg ? 0 - v : v);
    return true;
}

int perms_parse(const char *s, size_t len, struct xs_perm *out, uint32_t n)
{
    const char *end = s + len;

    for (uint32_t i = 0; i < n; i++) {
        size_t l = strnlen(s, (size_t)(end - s));

        if (l == (size_t)(end - s))
            return -XEN_EINVAL;             /* no NUL: not a string */
        switch (*s) {
        case 'n': out[i].perms = XS_PERM_NONE; break;
        case 'r': out[i].perms = XS_PERM_READ; break;
        case 'w': out[i].perms = XS_PERM_WRITE; break;
        case 'b': out[i].perms = XS_PERM_READ | XS_PERM_WRITE; break;
        default: return -XEN_EINVAL;
        }
        if (!s[1] || !parse_id(s + 1, &out[i].id))
            return -XEN_EINVAL;
        s += l + 1;
    }
    return 0;
}

void perms_ignore(struct xs_perm *p, uint32_t n, uint32_t domid)
{
    for (uint32_t i = 1; i < n; i++)
        if (p[i].id == domid)
            p[i].perms |= XS_PERM_IGNORE;
}

size_t perms_format(const struct xs_perm *p, uint32_t n, char *buf)
{
    static const char letter[] = { 'n', 'r', 'w', 'b' };
    size_t len = 0;

    for (uint32_t i = 0; i < n; i++) {
        unsigned int rw = p[i].perms & (XS_PERM_READ | XS_PERM_WRITE);

        len += (size_t)snprintf(buf + len, XS_PERM_STR_MAX, "%c%d",
                                letter[rw], (int)p[i].id) + 1;
    }
    return len;
}
