/* ifconfig's address arguments (dom0/ifconfig.h). */
#include <keel/errno.h>
#include <keel/string.h>
#include <dom0/ifconfig.h>
#include <dom0/inet.h>

#define WORD_MAX 32

/* The next blank-separated word into w; the rest after it. */
static const char *word(const char *s, char w[WORD_MAX])
{
    size_t n = 0;

    while (*s == ' ' || *s == '\t')
        s++;
    while (*s && *s != ' ' && *s != '\t') {
        if (n + 1 < WORD_MAX)
            w[n] = *s;
        n++;
        s++;
    }
    w[n < WORD_MAX ? n : WORD_MAX - 1] = '\0';
    return n < WORD_MAX ? s : NULL;
}

static int parse_mask(const char *s, uint32_t *mask)
{
    uint32_t v = 0;

    if (s[0] == '0' && s[1] == 'x') {
        s += 2;
        for (int i = 0; i < 8; i++, s++) {
            int d = *s >= '0' && *s <= '9' ? *s - '0'
                    : *s >= 'a' && *s <= 'f' ? *s - 'a' + 10 : -1;

            if (d < 0)
                return -EINVAL;
            v = v << 4 | (uint32_t)d;
        }
        if (*s)
            return -EINVAL;
    } else if (inet_parse_addr(s, &v)) {
        return -EINVAL;
    }
    if (v & (~v >> 1))   /* ones, then zeros: nothing else is a netmask */
        return -EINVAL;
    *mask = v;
    return 0;
}

static int fail(const char **why, const char *msg)
{
    *why = msg;
    return -EINVAL;
}

int ifconfig_parse(const char *args, uint32_t *ip, uint32_t *netmask, const char **why)
{
    char w[WORD_MAX], *slash;
    uint32_t mask = 0xffffff00u;

    if (!(args = word(args, w)) || strcmp(w, "inet"))
        return fail(why, "expected 'inet ADDRESS'");
    if (!(args = word(args, w)) || !w[0])
        return fail(why, "no address after 'inet'");
    if ((slash = strchr(w, '/'))) {
        unsigned int bits = 0;
        const char *d = slash + 1;

        *slash = '\0';
        if (!*d || strlen(d) > 2)
            return fail(why, "bad prefix length");
        for (; *d; d++) {
            if (*d < '0' || *d > '9')
                return fail(why, "bad prefix length");
            bits = bits * 10 + (unsigned int)(*d - '0');
        }
        if (bits == 0 || bits > 32)
            return fail(why, "bad prefix length");
        mask = bits == 32 ? 0xffffffffu : ~(0xffffffffu >> bits);
    }
    if (inet_parse_addr(w, ip) || *ip == 0)
        return fail(why, "bad address");
    if (!(args = word(args, w)))
        return fail(why, "a word too long");
    if (!strcmp(w, "netmask")) {
        if (!(args = word(args, w)) || parse_mask(w, &mask) || mask == 0)
            return fail(why, "bad netmask");
        if (!(args = word(args, w)))
            return fail(why, "a word too long");
    }
    if (w[0])
        return fail(why, "unexpected words after the address");
    *netmask = mask;
    return 0;
}
