/* xl's text conversions, see xl_text.h. */
#include <keel/errno.h>
#include <keel/string.h>
#include "xl_text.h"

#define CREDIT_MAX_WEIGHT 65535
#define CAP_PER_VCPU      100  /* percent of one CPU */

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* KiB per unit, as a shift: negative shifts divide (bytes). */
static bool unit_shift(char u, int *shift)
{
    switch (lower(u)) {
    case 'b': *shift = -10; return true;
    case 'k': *shift = 0; return true;
    case '\0':
    case 'm': *shift = 10; return true;
    case 'g': *shift = 20; return true;
    case 't': *shift = 30; return true;
    default:  return false;
    }
}

int xl_parse_mem_kb(const char *s, uint64_t *kb)
{
    uint64_t v = 0;
    int shift;

    if (!is_digit(*s))
        return -EINVAL;
    for (; is_digit(*s); s++) {
        if (v > (UINT64_MAX >> 1) / 10)
            return -EINVAL;
        v = v * 10 + (uint64_t)(*s - '0');
    }
    if ((*s && s[1]) || !unit_shift(*s, &shift))
        return -EINVAL;
    if (shift < 0) {
        *kb = v >> -shift;
        return 0;
    }
    if (v > (UINT64_MAX >> 1) >> shift)
        return -EINVAL;
    *kb = v << shift;
    return 0;
}

long xl_parse_long(const char *s)
{
    bool neg = false;
    long v = 0;

    while (*s == ' ' || *s == '\t')
        s++;
    if (*s == '+' || *s == '-')
        neg = *s++ == '-';
    for (; is_digit(*s); s++) {
        int d = *s - '0';

        if (v > (__LONG_MAX__ - d) / 10)
            return neg ? -__LONG_MAX__ - 1 : __LONG_MAX__;
        v = v * 10 + d;
    }
    return neg ? -v : v;
}

/* Appends "first" or "first-last" at buf + at, after a comma unless it
 * is the first run; the new end (the text is cut at len - 1). */
static size_t put_run(char *buf, size_t len, size_t at, unsigned int first, unsigned int last)
{
    const char *sep = at ? "," : "";
    int n;

    if (at + 1 >= len)
        return at;
    n = first == last ? snprintf(buf + at, len - at, "%s%u", sep, first)
                      : snprintf(buf + at, len - at, "%s%u-%u", sep, first, last);
    if (n < 0)
        return at;
    return at + (size_t)n < len ? at + (size_t)n : len - 1;
}

void xl_format_cpumap(uint64_t map, unsigned int nr_cpus, char *buf, size_t len)
{
    size_t at = 0;

    if (nr_cpus > 64)
        nr_cpus = 64;
    if (nr_cpus < 64)
        map &= (1ull << nr_cpus) - 1;
    if (!map || (nr_cpus && map == (nr_cpus < 64 ? (1ull << nr_cpus) - 1 : ~0ull))) {
        snprintf(buf, len, map ? "all" : "none");
        return;
    }
    buf[0] = '\0';
    for (unsigned int cpu = 0; cpu < nr_cpus; cpu++) {
        unsigned int first = cpu;

        if (!(map >> cpu & 1))
            continue;
        while (cpu + 1 < nr_cpus && (map >> (cpu + 1) & 1))
            cpu++;
        at = put_run(buf, len, at, first, cpu);
    }
}

void xl_format_uptime(uint64_t secs, bool short_mode, char *buf, size_t len)
{
    uint64_t day = secs / 86400;
    unsigned int hour = (unsigned int)(secs / 3600 % 24), min = (unsigned int)(secs / 60 % 60);
    unsigned int sec = (unsigned int)(secs % 60);
    char days[32] = "";

    if (day)
        snprintf(days, sizeof(days), "%lu day%s, ", (unsigned long)day, day > 1 ? "s" : "");
    if (short_mode)
        snprintf(buf, len, "%s%2u:%02u", days, hour, min);
    else
        snprintf(buf, len, "%s%2u:%02u:%02u", days, hour, min, sec);
}

int xl_credit_check(long weight, long cap, unsigned int nr_vcpus, char *why, size_t len)
{
    long max_cap = (long)nr_vcpus * CAP_PER_VCPU;

    if (weight != XL_SCHED_KEEP && (weight < 1 || weight > CREDIT_MAX_WEIGHT)) {
        snprintf(why, len, "Cpu weight out of range, valid values are within range "
                 "from 1 to %d", CREDIT_MAX_WEIGHT);
        return -EINVAL;
    }
    if (cap != XL_SCHED_KEEP && (cap < 0 || cap > max_cap)) {
        snprintf(why, len, "Cpu cap out of range, valid range is from 0 to %ld for "
                 "specified number of vcpus", max_cap);
        return -EINVAL;
    }
    return 0;
}

void xl_format_uuid(const uint8_t h[16], char out[37])
{
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
             h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], h[8], h[9], h[10], h[11],
             h[12], h[13], h[14], h[15]);
}
