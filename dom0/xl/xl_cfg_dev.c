/*
 * The small languages inside xl.cfg strings: numbers, virtual device names
 * (xen-vbd-interface(7)), CPU lists (xl.cfg(5) "cpus"), disk specs
 * (xl-disk-configuration(5)) and vif specs (xl-network-configuration(5)).
 */
#include <stdint.h>

#include <keel/errno.h>
#include <keel/string.h>

#include "xl_cfg_internal.h"

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_lower(char c)
{
    return c >= 'a' && c <= 'z';
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* Whether t[0..n) is the word w. */
static bool word_is(const char *t, size_t n, const char *w)
{
    return strlen(w) == n && !memcmp(t, w, n);
}

/* The first ch in t[0..n), or NULL (memchr, which Keel's library lacks). */
static const char *find_char(const char *t, char ch, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (t[k] == ch)
            return t + k;
    return NULL;
}

int xl_parse_u64(const char *s, size_t len, uint64_t *v)
{
    unsigned int base = 10;
    uint64_t x = 0;
    size_t k = 0;

    if (!len)
        return -EINVAL;
    if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        k = 2;
    } else if (s[0] == '0') {
        base = 8;
    }
    for (; k < len; k++) {
        unsigned int d = digit_value(s[k]);

        if (d >= base)
            return -EINVAL;
        if (x > (UINT64_MAX - d) / base)
            return -ERANGE;
        x = x * base + d;
    }
    *v = x;
    return 0;
}

bool xl_copy(char *dst, size_t size, const char *s, size_t len)
{
    if (len >= size)
        return false;
    memcpy(dst, s, len);
    dst[len] = '\0';
    return true;
}

/* --- Virtual device names ------------------------------------------------ */

/* Decimal digits at s[*k] (at least one, no leading zero but "0", value at
 * most max); advances *k. */
static bool decimal(const char *s, size_t *k, uint32_t max, uint32_t *v)
{
    size_t start = *k;
    uint32_t x = 0;

    while (is_digit(s[*k])) {
        x = x * 10 + (uint32_t)(s[*k] - '0');
        if (x > max)
            return false;
        (*k)++;
    }
    if (*k == start || (s[start] == '0' && *k - start > 1))
        return false;
    *v = x;
    return true;
}

/* Disk letters a..z, aa.. (bijective base 26: a is 0, z 25, aa 26) at
 * s[*k]; at most 2^20 - 1; advances *k. */
static bool letters(const char *s, size_t *k, uint32_t *disk)
{
    size_t start = *k;
    uint32_t x = 0;

    while (is_lower(s[*k])) {
        x = x * 26 + (uint32_t)(s[*k] - 'a' + 1);
        if (x > (1u << 20))
            return false;
        (*k)++;
    }
    if (*k == start)
        return false;
    *disk = x - 1;
    return true;
}

/* The xvd numbering: 202 << 8 for small disks, 1 << 28 beyond. */
static int xvd_number(uint32_t disk, uint32_t part, uint32_t *number)
{
    if (disk < 16 && part < 16)
        *number = (202u << 8) | (disk << 4) | part;
    else if (disk < (1u << 20) && part < 256)
        *number = (1u << 28) | (disk << 8) | part;
    else
        return -EINVAL;
    return 0;
}

int xl_vdev_to_number(const char *vdev, uint32_t *number)
{
    uint32_t disk, part = 0;
    size_t k;

    if (!vdev || !*vdev)
        return -EINVAL;

    if (is_digit(vdev[0])) {
        uint64_t x;

        if (xl_parse_u64(vdev, strlen(vdev), &x) || x > 0x7fffffff)
            return -EINVAL;
        *number = (uint32_t)x;
        return 0;
    }

    if (vdev[0] == 'd' && is_digit(vdev[1])) {             /* dD[pP] */
        k = 1;
        if (!decimal(vdev, &k, (1u << 20) - 1, &disk))
            return -EINVAL;
        if (vdev[k] == 'p') {
            k++;
            if (!decimal(vdev, &k, 255, &part))
                return -EINVAL;
        }
        return vdev[k] ? -EINVAL : xvd_number(disk, part, number);
    }

    if (!strncmp(vdev, "xvd", 3))
        k = 3;
    else if (!strncmp(vdev, "hd", 2) || !strncmp(vdev, "sd", 2))
        k = 2;
    else
        return -EINVAL;
    if (!letters(vdev, &k, &disk))
        return -EINVAL;
    if (vdev[k] && !decimal(vdev, &k, 255, &part))
        return -EINVAL;
    if (vdev[k])
        return -EINVAL;

    if (vdev[0] == 'x')
        return xvd_number(disk, part, number);
    if (vdev[0] == 'h') {                   /* IDE: 4 disks, 64 partitions */
        if (disk > 3 || part > 63)
            return -EINVAL;
        *number = disk < 2 ? (3u << 8) | (disk << 6) | part
                           : (22u << 8) | ((disk - 2) << 6) | part;
        return 0;
    }
    if (disk > 15 || part > 15)             /* SCSI: 16 disks, 16 parts */
        return -EINVAL;
    *number = (8u << 8) | (disk << 4) | part;
    return 0;
}

/* --- CPU lists ----------------------------------------------------------- */

static uint64_t cpu_range(uint32_t lo, uint32_t hi)
{
    uint64_t upto = hi >= 63 ? ~0ull : (1ull << (hi + 1)) - 1;

    return upto & ~((1ull << lo) - 1);
}

int xl_cpulist_parse(const char *s, uint64_t *map, size_t *err_offset,
                     const char **why)
{
    size_t n = strlen(s), k = 0;
    uint64_t m = 0;

    for (;;) {
        size_t a, b, end, p;
        uint32_t lo, hi;
        uint64_t bits;
        bool not = false;

        for (end = k; end < n && s[end] != ','; end++)
            ;
        for (a = k; a < end && is_space(s[a]); a++)
            ;
        for (b = end; b > a && is_space(s[b - 1]); b--)
            ;
        *err_offset = a;
        if (a < b && s[a] == '^') {
            not = true;
            a++;
        }
        if (a == b) {
            *why = "an empty item";
            return -EINVAL;
        }
        if (word_is(s + a, b - a, "all")) {
            bits = ~0ull;
        } else if (b - a >= 4 && !memcmp(s + a, "node", 4)) {
            *why = "NUMA node lists (node:, nodes:) are not supported";
            return -EINVAL;
        } else {
            p = a;
            if (!decimal(s, &p, 999999, &lo) || p > b) {
                *why = "not a CPU number or range";
                return -EINVAL;
            }
            hi = lo;
            if (p < b && s[p] == '-') {
                p++;
                if (!decimal(s, &p, 999999, &hi) || p > b) {
                    *why = "not a CPU number or range";
                    return -EINVAL;
                }
            }
            if (p != b) {
                *why = "not a CPU number or range";
                return -EINVAL;
            }
            if (lo >= XL_CFG_MAX_CPUS || hi >= XL_CFG_MAX_CPUS) {
                *why = "CPU number out of range (0-63)";
                return -EINVAL;
            }
            if (hi < lo) {
                *why = "a range that goes backwards";
                return -EINVAL;
            }
            bits = cpu_range(lo, hi);
        }
        m = not ? m & ~bits : m | bits;
        if (end == n)
            break;
        k = end + 1;
    }
    *map = m;
    return 0;
}

/* --- Disk specs ---------------------------------------------------------- */

enum slot { S_TARGET, S_FORMAT, S_VDEV, S_ACCESS, S_N };

static const char *const slot_name[S_N] = {
    "target", "format", "vdev", "access",
};

struct disk_state {
    struct xl_ctx *c;
    const struct xl_val *v;
    struct xl_disk_cfg *d;
    bool given[S_N];
    bool old_syntax;        /* a deprecated prefix: target,vdev,access */
    bool stop_prefixes;     /* after a script's prefix ("nbd:") */
    bool access_given;
};

static const struct {
    const char *name;
    enum xl_disk_format format;
} formats[] = {
    { "raw", XL_DISK_FORMAT_RAW },
    { "qcow", XL_DISK_FORMAT_QCOW },
    { "qcow2", XL_DISK_FORMAT_QCOW2 },
    { "vhd", XL_DISK_FORMAT_VHD },
    { "qed", XL_DISK_FORMAT_QED },
};

static int find_format(const char *t, size_t n)
{
    for (size_t k = 0; k < sizeof(formats) / sizeof(formats[0]); k++)
        if (word_is(t, n, formats[k].name))
            return (int)k;
    return -1;
}

/* An error at offset off of the spec; what has one %s: t[0..n) quoted. */
__attribute__((format(printf, 3, 0)))
static int disk_error(struct disk_state *st, size_t off, const char *what,
                      const char *t, size_t n)
{
    char q[XL_QUOTE_BUF];

    return xl_error(st->c, -EINVAL, xl_val_pos_at(st->v, off), what,
                    xl_quote(q, t, n));
}

static int set_format(struct disk_state *st, size_t off, const char *t,
                      size_t n)
{
    int f;

    if (!n) {
        st->d->format = XL_DISK_FORMAT_RAW;
        return 0;
    }
    f = find_format(t, n);
    if (f < 0)
        return disk_error(st, off, "unknown disk format '%s' (raw, qcow, "
                          "qcow2, vhd or qed)", t, n);
    st->d->format = formats[f].format;
    return 0;
}

/* "VDEV" or the deprecated "VDEV:cdrom" into vdev_name (not converted). */
static bool split_vdev(const char *t, size_t n, char name[XL_CFG_SHORT_MAX + 1],
                       size_t *name_len, bool *cdrom, bool *bad_suffix)
{
    const char *colon = find_char(t, ':', n);
    size_t vn = colon ? (size_t)(colon - t) : n;

    *cdrom = false;
    *bad_suffix = false;
    if (colon) {
        if (word_is(colon + 1, n - vn - 1, "cdrom"))
            *cdrom = true;
        else
            *bad_suffix = true;
    }
    *name_len = vn;
    return xl_copy(name, XL_CFG_SHORT_MAX + 1, t, vn);
}

static bool looks_like_vdev(const char *t, size_t n)
{
    char name[XL_CFG_SHORT_MAX + 1];
    size_t vn;
    bool cdrom, bad;
    uint32_t number;

    return split_vdev(t, n, name, &vn, &cdrom, &bad) && !bad &&
           !xl_vdev_to_number(name, &number);
}

static int set_vdev(struct disk_state *st, size_t off, const char *t,
                    size_t n)
{
    size_t vn;
    bool cdrom, bad;

    if (!split_vdev(t, n, st->d->vdev_name, &vn, &cdrom, &bad) ||
        (vn && xl_vdev_to_number(st->d->vdev_name, &st->d->vdev)))
        return disk_error(st, off, "'%s' is not a virtual device (xvda, "
                          "hda, sda, d0p1 or a number)", t, vn);
    if (bad)
        return disk_error(st, off + vn + 1, "unknown device type '%s' "
                          "after ':' (only cdrom)", t + vn + 1, n - vn - 1);
    if (cdrom)
        st->d->cdrom = true;
    return 0;
}

static int set_access(struct disk_state *st, size_t off, const char *t,
                      size_t n)
{
    if (!n)
        return 0;
    if (word_is(t, n, "r") || word_is(t, n, "ro"))
        st->d->readonly = true;
    else if (word_is(t, n, "w") || word_is(t, n, "rw"))
        st->d->readonly = false;
    else
        return disk_error(st, off, "unknown access '%s' (r, ro, w or rw)",
                          t, n);
    st->access_given = true;
    return 0;
}

static int set_target(struct disk_state *st, size_t off, const char *t,
                      size_t n)
{
    if (!xl_copy(st->d->target, sizeof(st->d->target), t, n))
        return xl_error(st->c, -EINVAL, xl_val_pos_at(st->v, off),
                        "disk target is longer than %d bytes",
                        XL_CFG_PATH_MAX);
    return 0;
}

/*
 * A positional target, after its deprecated prefixes ("file:", "phy:",
 * "tap:aio:", "qcow2:", "nbd:", ...), which select the old syntax
 * target,vdev,access.
 */
static int positional_target(struct disk_state *st, size_t off,
                             const char *t, size_t n)
{
    struct xl_disk_cfg *d = st->d;
    size_t k = 0, plen = 0;

    for (;;) {
        size_t w = k;
        const char *word = t + k;
        int f;

        while (w < n && (is_lower(t[w]) || is_digit(t[w])))
            w++;
        if (w == k || !is_lower(t[k]) || w >= n || t[w] != ':')
            break;
        f = find_format(word, w - k);
        if (f >= 0) {
            d->format = formats[f].format;
            st->given[S_FORMAT] = true;
        } else if (word_is(word, w - k, "iscsi") ||
                   word_is(word, w - k, "nbd") ||
                   word_is(word, w - k, "enbd") ||
                   word_is(word, w - k, "drbd")) {
            memcpy(d->script, "block-", 6);
            memcpy(d->script + 6, word, w - k);
            d->script[6 + w - k] = '\0';
            st->stop_prefixes = true;  /* the rest is the script's */
        } else if (word_is(word, w - k, "tap") ||
                   word_is(word, w - k, "tap2") ||
                   word_is(word, w - k, "tapdisk")) {
            d->backend = XL_DISK_BACKEND_TAP;
        } else if (word_is(word, w - k, "phy")) {
            d->backend = XL_DISK_BACKEND_PHY;
        } else if (!word_is(word, w - k, "file") &&
                   !word_is(word, w - k, "aio") &&
                   !word_is(word, w - k, "ioemu")) {
            return disk_error(st, off + k, "unknown disk prefix '%s' "
                              "(file:, phy:, tap:aio:, raw:, qcow2:, ...)",
                              word, w - k + 1);
        }
        if (plen + (plen ? 1 : 0) + (w - k) > XL_CFG_SHORT_MAX)
            return disk_error(st, off, "too many disk prefixes in '%s'",
                              t, w);
        if (plen)
            d->prefix[plen++] = ':';
        memcpy(d->prefix + plen, word, w - k);
        plen += w - k;
        d->prefix[plen] = '\0';
        st->old_syntax = true;
        k = w + 1;
        if (st->stop_prefixes)
            break;
    }
    return set_target(st, off + k, t + k, n - k);
}

static int positional(struct disk_state *st, size_t off, const char *t,
                      size_t n)
{
    enum slot s;

    for (s = S_TARGET; s < S_N; s++)
        if (!st->given[s] && !(s == S_FORMAT && st->old_syntax))
            break;
    if (s == S_N)
        return disk_error(st, off, "'%s' is one field too many (target, "
                          "format, vdev, access)", t, n);

    /* The old syntax without a prefix: "/dev/wd0e,0x1,w", ",hdc:cdrom,r". */
    if (s == S_FORMAT && n && find_format(t, n) < 0 && !st->given[S_VDEV] &&
        looks_like_vdev(t, n)) {
        st->old_syntax = true;
        s = S_VDEV;
    }
    st->given[s] = true;
    switch (s) {
    case S_TARGET:
        return positional_target(st, off, t, n);
    case S_FORMAT:
        return set_format(st, off, t, n);
    case S_VDEV:
        return set_vdev(st, off, t, n);
    default:
        return set_access(st, off, t, n);
    }
}

static int named(struct disk_state *st, size_t off, const char *t, size_t n,
                 size_t eq)
{
    const char *val = t + eq + 1;
    size_t vlen = n - eq - 1, voff = off + eq + 1;
    struct xl_disk_cfg *d = st->d;

    for (enum slot s = S_FORMAT; s < S_N; s++) {
        if (!word_is(t, eq, slot_name[s]))
            continue;
        if (st->given[s])
            return disk_error(st, off, "'%s' is given twice", t, eq);
        st->given[s] = true;
        if (s == S_FORMAT)
            return set_format(st, voff, val, vlen);
        if (s == S_VDEV)
            return set_vdev(st, voff, val, vlen);
        return set_access(st, voff, val, vlen);
    }
    if (word_is(t, eq, "devtype")) {
        if (!word_is(val, vlen, "cdrom"))
            return disk_error(st, voff, "unknown devtype '%s' (only cdrom)",
                              val, vlen);
        d->cdrom = true;
    } else if (word_is(t, eq, "backendtype")) {
        if (word_is(val, vlen, "phy"))
            d->backend = XL_DISK_BACKEND_PHY;
        else if (word_is(val, vlen, "qdisk"))
            d->backend = XL_DISK_BACKEND_QDISK;
        else if (word_is(val, vlen, "tap"))
            d->backend = XL_DISK_BACKEND_TAP;
        else if (word_is(val, vlen, "standalone"))
            d->backend = XL_DISK_BACKEND_STANDALONE;
        else
            return disk_error(st, voff, "unknown backendtype '%s' (phy, "
                              "qdisk, tap or standalone)", val, vlen);
    } else if (word_is(t, eq, "script")) {
        if (!xl_copy(d->script, sizeof(d->script), val, vlen))
            return xl_error(st->c, -EINVAL, xl_val_pos_at(st->v, voff),
                            "disk script is longer than %d bytes",
                            XL_CFG_PATH_MAX);
    } else {
        char q[XL_QUOTE_BUF];
        bool known = word_is(t, eq, "backend") ||
                     word_is(t, eq, "specification") ||
                     word_is(t, eq, "grant_usage") ||
                     word_is(t, eq, "colo-host") ||
                     word_is(t, eq, "colo-port") ||
                     word_is(t, eq, "colo-export") ||
                     word_is(t, eq, "active-disk") ||
                     word_is(t, eq, "hidden-disk");

        xl_warn(st->c, xl_val_pos_at(st->v, off), known ?
                "disk key '%s' is not supported by Keel's xl; ignored" :
                "unknown disk key '%s' ignored", xl_quote(q, t, eq));
    }
    return 0;
}

static bool flag(struct disk_state *st, size_t off, const char *t, size_t n)
{
    struct xl_disk_cfg *d = st->d;

    if (word_is(t, n, "cdrom"))
        d->cdrom = true;
    else if (word_is(t, n, "direct-io-safe"))
        d->direct_io_safe = true;
    else if (word_is(t, n, "discard"))
        d->no_discard = false;
    else if (word_is(t, n, "no-discard"))
        d->no_discard = true;
    else if (word_is(t, n, "trusted"))
        d->untrusted = false;
    else if (word_is(t, n, "untrusted"))
        d->untrusted = true;
    else if (word_is(t, n, "colo"))
        xl_warn(st->c, xl_val_pos_at(st->v, off), "disk flag 'colo' is not "
                "supported by Keel's xl; ignored");
    else
        return false;
    return true;
}

int xl_disk_parse(struct xl_ctx *c, const struct xl_val *v,
                  struct xl_disk_cfg *d)
{
    struct disk_state st = { .c = c, .v = v, .d = d };
    const char *s = v->text;
    size_t n = v->len, k = 0;
    int rc;

    memset(d, 0, sizeof(*d));
    for (;;) {
        size_t end, b;
        const char *eq;

        while (k < n && is_space(s[k]))
            k++;
        if (n - k >= 7 && !memcmp(s + k, "target=", 7)) {
            /* The rest of the spec, commas and all. */
            if (st.given[S_TARGET] && d->target[0])
                return disk_error(&st, k, "'%s' is given twice", "target",
                                  6);
            st.given[S_TARGET] = true;
            rc = set_target(&st, k + 7, s + k + 7, n - k - 7);
            if (rc)
                return rc;
            break;
        }
        for (end = k; end < n && s[end] != ','; end++)
            ;
        for (b = end; b > k && is_space(s[b - 1]); b--)
            ;
        eq = find_char(s + k, '=', b - k);
        if (eq)
            rc = named(&st, k, s + k, b - k, (size_t)(eq - (s + k)));
        else if (flag(&st, k, s + k, b - k))
            rc = 0;
        else
            rc = positional(&st, k, s + k, b - k);
        if (rc)
            return rc;
        if (end >= n)
            break;
        k = end + 1;
    }

    if (!d->vdev_name[0])
        return xl_error(c, -EINVAL, v->pos, "disk spec has no vdev (as in "
                        "'phy:/dev/wd0e,xvda,w')");
    if (!d->target[0] && !d->cdrom)
        return xl_error(c, -EINVAL, v->pos, "disk spec has no target (only "
                        "a cdrom drive may be empty)");
    if (d->target[0] && d->target[0] != '/' && !d->script[0]) {
        size_t tl = strlen(d->target);

        if (tl + 5 > XL_CFG_PATH_MAX)
            return xl_error(c, -EINVAL, v->pos, "disk target is longer than "
                            "%d bytes with /dev/ added", XL_CFG_PATH_MAX);
        memmove(d->target + 5, d->target, tl + 1);
        memcpy(d->target, "/dev/", 5);
    }
    if (d->cdrom && !st.access_given)
        d->readonly = true;
    return 0;
}

/* --- Vif specs ----------------------------------------------------------- */

static bool parse_mac(const char *t, size_t n, uint8_t mac[6])
{
    if (n != 17)
        return false;
    for (int k = 0; k < 6; k++) {
        unsigned int hi = digit_value(t[3 * k]), lo = digit_value(t[3 * k + 1]);

        if (hi >= 16 || lo >= 16 || (k < 5 && t[3 * k + 2] != ':'))
            return false;
        mac[k] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

static int vif_string(struct xl_ctx *c, const struct xl_val *v, size_t off,
                      const char *key, char *dst, size_t size,
                      const char *val, size_t vlen)
{
    if (!xl_copy(dst, size, val, vlen))
        return xl_error(c, -EINVAL, xl_val_pos_at(v, off), "vif %s is "
                        "longer than %zu bytes", key, size - 1);
    return 0;
}

static int vif_item(struct xl_ctx *c, const struct xl_val *v,
                    struct xl_vif_cfg *vif, size_t off, const char *t,
                    size_t n)
{
    const char *eqp = find_char(t, '=', n);
    size_t eq = eqp ? (size_t)(eqp - t) : n;
    const char *val = eqp ? eqp + 1 : t + n;
    size_t vlen = eqp ? n - eq - 1 : 0, voff = off + eq + 1;
    char q[XL_QUOTE_BUF];

    if (eqp && word_is(t, eq, "mac")) {
        if (!parse_mac(val, vlen, vif->mac))
            return xl_error(c, -EINVAL, xl_val_pos_at(v, voff), "bad MAC "
                            "address '%s' (six hex pairs, as in "
                            "00:16:3e:01:02:03)", xl_quote(q, val, vlen));
        if (vif->mac[0] & 1)
            xl_warn(c, xl_val_pos_at(v, voff), "MAC address '%s' is a "
                    "multicast address", xl_quote(q, val, vlen));
        vif->mac_set = true;
        return 0;
    }
    if (eqp && word_is(t, eq, "bridge"))
        return vif_string(c, v, voff, "bridge", vif->bridge,
                          sizeof(vif->bridge), val, vlen);
    if (eqp && word_is(t, eq, "vifname"))
        return vif_string(c, v, voff, "vifname", vif->vifname,
                          sizeof(vif->vifname), val, vlen);
    if (eqp && word_is(t, eq, "ip"))
        return vif_string(c, v, voff, "ip", vif->ip, sizeof(vif->ip), val,
                          vlen);
    if (eqp && word_is(t, eq, "model"))
        return vif_string(c, v, voff, "model", vif->model,
                          sizeof(vif->model), val, vlen);
    if (eqp && word_is(t, eq, "script"))
        return vif_string(c, v, voff, "script", vif->script,
                          sizeof(vif->script), val, vlen);
    if (eqp && word_is(t, eq, "type")) {
        if (!word_is(val, vlen, "vif") && !word_is(val, vlen, "ioemu"))
            return xl_error(c, -EINVAL, xl_val_pos_at(v, voff), "unknown "
                            "vif type '%s' (vif or ioemu)",
                            xl_quote(q, val, vlen));
        memcpy(vif->type, val, vlen);
        vif->type[vlen] = '\0';
        return 0;
    }
    if (eqp && word_is(t, eq, "mtu")) {
        uint64_t mtu;

        if (xl_parse_u64(val, vlen, &mtu) || mtu < 68 || mtu > 65535)
            return xl_error(c, -EINVAL, xl_val_pos_at(v, voff), "bad vif "
                            "mtu '%s' (68 to 65535)", xl_quote(q, val, vlen));
        vif->mtu = (uint32_t)mtu;
        return 0;
    }
    if (word_is(t, eq, "backend") || word_is(t, eq, "rate") ||
        word_is(t, eq, "devid") || word_is(t, eq, "vlan") ||
        word_is(t, eq, "gatewaydev") || word_is(t, eq, "netdev") ||
        word_is(t, eq, "trusted") || word_is(t, eq, "untrusted") ||
        word_is(t, eq, "accel") || word_is(t, eq, "forwarddev"))
        xl_warn(c, xl_val_pos_at(v, off), "vif key '%s' is not supported "
                "by Keel's xl; ignored", xl_quote(q, t, eq));
    else
        xl_warn(c, xl_val_pos_at(v, off), "unknown vif key '%s' ignored",
                xl_quote(q, t, eq));
    return 0;
}

int xl_vif_parse(struct xl_ctx *c, const struct xl_val *v,
                 struct xl_vif_cfg *vif)
{
    const char *s = v->text;
    size_t n = v->len, k = 0;

    memset(vif, 0, sizeof(*vif));
    for (;;) {
        size_t end, b;
        int rc;

        while (k < n && is_space(s[k]))
            k++;
        for (end = k; end < n && s[end] != ','; end++)
            ;
        for (b = end; b > k && is_space(s[b - 1]); b--)
            ;
        if (b > k) {
            rc = vif_item(c, v, vif, k, s + k, b - k);
            if (rc)
                return rc;
        }
        if (end >= n)
            return 0;
        k = end + 1;
    }
}
