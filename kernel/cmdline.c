/*
 * The hypervisor command line: one table of options and one loop that
 * splits the line into words, each word into name=value, finds the name in
 * the table and hands the value to that option's handler.
 *
 * Syntax follows Xen's: whitespace-separated words; '-' and '_' are the same
 * in option names; booleans may be given bare (true), as name=<bool> or as
 * no-name (false). Every handler parses into temporaries and commits only a
 * fully valid value, so a malformed option leaves its previous value alone.
 *
 * The line is read-only and words are not NUL-terminated, so everything
 * below works on (pointer, length) spans and never writes to the line.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keel/cmdline.h"
#include "keel/string.h"

#define countof(a) (sizeof(a) / sizeof((a)[0]))

#define QUOTE_MAX 40                 /* longest value quoted in a report */
#define QUOTE_BUF (QUOTE_MAX + 4)    /* room for "..." and the NUL */
#define MSG_MAX   160

/* A piece of the command line: not NUL-terminated. */
struct span {
    const char *p;
    size_t len;
};

struct option;

/* What a handler gets. */
struct opt_arg {
    struct span val;            /* after '='; never empty for a parse */
    struct span bad;            /* quoted in the report: val unless narrowed */
    struct keel_options *opts;
    const struct option *opt;
};

struct option {
    const char *name;
    /*
     * Parses a->val into a->opts. Returns NULL, or what is wrong with
     * a->bad, worded to precede the quoted value ("malformed size").
     * NULL parse: the option is a bool at `offset` (bare, =<bool>, no-).
     */
    const char *(*parse)(struct opt_arg *a);
    size_t offset;
};

struct reporter {
    cmdline_report_fn fn;
    int count;
};

/* Indexed by enum loglvl. */
static const char *const loglvl_names[] = {
    [LOGLVL_NONE] = "none",       [LOGLVL_ERROR] = "error",
    [LOGLVL_WARNING] = "warning", [LOGLVL_INFO] = "info",
    [LOGLVL_DEBUG] = "debug",     [LOGLVL_ALL] = "all",
};

/* ---- spans ---- */

static struct span span_of(const char *s)
{
    return (struct span){ s, strlen(s) };
}

static struct span span_skip(struct span s, size_t n)
{
    return (struct span){ s.p + n, s.len - n };
}

static bool span_is(struct span s, const char *lit)
{
    return s.len == strlen(lit) && memcmp(s.p, lit, s.len) == 0;
}

static bool span_starts(struct span s, const char *lit)
{
    size_t n = strlen(lit);

    return s.len >= n && memcmp(s.p, lit, n) == 0;
}

/* Splits s at its first sep. Returns whether there was one. */
static bool split_at(struct span s, char sep, struct span *head,
                     struct span *tail)
{
    size_t i = 0;

    while (i < s.len && s.p[i] != sep)
        i++;
    *head = (struct span){ s.p, i };
    *tail = i < s.len ? span_skip(s, i + 1) : span_skip(s, s.len);
    return i < s.len;
}

/* Iterates over comma-separated items; "a," has a second, empty item. */
struct items {
    struct span rest;
    bool done;
};

static bool next_item(struct items *it, struct span *item)
{
    if (it->done)
        return false;
    it->done = !split_at(it->rest, ',', item, &it->rest);
    return true;
}

/* Index of s in names[], or -1. */
static int find_name(const char *const *names, size_t n, struct span s)
{
    for (size_t i = 0; i < n; i++)
        if (span_is(s, names[i]))
            return (int)i;
    return -1;
}

/* ---- numbers, sizes, booleans ---- */

/* Reads the leading digits of s. Returns how many; 0 if none or overflow. */
static size_t read_digits(struct span s, unsigned int base, uint64_t *out)
{
    uint64_t v = 0;
    size_t i;

    for (i = 0; i < s.len; i++) {
        unsigned int d = digit_value(s.p[i]);

        if (d >= base)
            break;
        if (v > (UINT64_MAX - d) / base)
            return 0;
        v = v * base + d;
    }
    *out = v;
    return i;
}

/* The whole of s as a decimal or 0x-hex number in [min, max]. */
static bool parse_uint(struct span s, uint64_t min, uint64_t max,
                       uint64_t *out)
{
    unsigned int base = 10;
    uint64_t v;

    if (s.len > 2 && s.p[0] == '0' && (s.p[1] == 'x' || s.p[1] == 'X')) {
        base = 16;
        s = span_skip(s, 2);
    }
    if (s.len == 0 || read_digits(s, base, &v) != s.len)
        return false;
    if (v < min || v > max)
        return false;
    *out = v;
    return true;
}

/* A size suffix's power of two, or -1. */
static int unit_shift(char c)
{
    switch (c) {
    case 'b': case 'B': return 0;
    case 'k': case 'K': return 10;
    case 'm': case 'M': return 20;
    case 'g': case 'G': return 30;
    case 't': case 'T': return 40;
    default:            return -1;
    }
}

/* As Xen reads sizes: a bare number is KiB; B, K, M, G, T name the unit. */
static bool size_of_span(struct span s, uint64_t *out)
{
    uint64_t v;
    size_t n = read_digits(s, 10, &v);
    int shift = 10;

    if (n == 0)
        return false;
    if (n < s.len) {
        shift = unit_shift(s.p[n]);
        if (shift < 0 || n + 1 != s.len)
            return false;
    }
    if (v > (UINT64_MAX >> shift))
        return false;
    *out = v << shift;
    return true;
}

bool parse_size(const char *s, uint64_t *out)
{
    return s != NULL && size_of_span(span_of(s), out);
}

static bool parse_bool(struct span s, bool *out)
{
    /* Pairs of false, true: an odd index means true. */
    static const char *const names[] = {
        "0", "1", "no", "yes", "false", "true",
        "off", "on", "disable", "enable",
    };
    int i = find_name(names, countof(names), s);

    if (i < 0)
        return false;
    *out = i & 1;
    return true;
}

static bool parse_loglvl(struct span s, enum loglvl *out)
{
    int i = find_name(loglvl_names, countof(loglvl_names), s);

    if (i < 0)
        return false;
    *out = (enum loglvl)i;
    return true;
}

/* ---- option handlers ---- */

static const char *opt_console(struct opt_arg *a)
{
    static const char *const names[] = { "none", "com1", "com2", "vga" };
    static const unsigned int bits[] = {
        0, CONSOLE_COM1, CONSOLE_COM2, CONSOLE_VGA,
    };
    struct items it = { a->val, false };
    struct span item;
    unsigned int mask = 0;

    while (next_item(&it, &item)) {
        int i = find_name(names, countof(names), item);

        if (item.len == 0)
            return "empty entry in";
        if (i < 0) {
            a->bad = item;
            return "unknown console";
        }
        mask |= bits[i];
    }
    a->opts->console = mask;
    a->opts->console_set = true;
    return NULL;
}

static const char *com_baud(struct span s, struct com_config *c)
{
    uint64_t v;

    if (span_is(s, "auto"))     /* Xen autodetects; Keel keeps the rate */
        return NULL;
    if (!parse_uint(s, 50, 4000000, &v))
        return "bad baud rate (50-4000000)";
    c->baud = (uint32_t)v;
    return NULL;
}

static bool char_in(char c, const char *set)
{
    for (; *set; set++)
        if (*set == c)
            return true;
    return false;
}

/* <data><parity><stop>, e.g. 8n1. */
static const char *com_dps(struct span s, struct com_config *c)
{
    if (s.len != 3)
        return "malformed data/parity/stop";
    if (!char_in(s.p[0], "5678"))
        return "bad data bits (5-8)";
    if (!char_in(s.p[1], "noems"))
        return "bad parity (n/o/e/m/s)";
    if (!char_in(s.p[2], "12"))
        return "bad stop bits (1-2)";
    c->data_bits = (uint8_t)(s.p[0] - '0');
    c->parity = s.p[1];
    c->stop_bits = (uint8_t)(s.p[2] - '0');
    return NULL;
}

static const char *com_io_base(struct span s, struct com_config *c)
{
    uint64_t v;

    if (!parse_uint(s, 1, 0xffff, &v))
        return "bad I/O base (1-0xffff)";
    c->io_base = (uint16_t)v;
    return NULL;
}

static const char *com_irq(struct span s, struct com_config *c)
{
    uint64_t v;

    if (!parse_uint(s, 0, 15, &v))
        return "bad IRQ (0-15)";
    c->irq = (uint8_t)v;
    return NULL;
}

/* comN=<baud>[,<data><parity><stop>][,<io-base>[,<irq>]]; empty = keep. */
static const char *opt_com(struct opt_arg *a)
{
    static const char *(*const fields[])(struct span, struct com_config *) = {
        com_baud, com_dps, com_io_base, com_irq,
    };
    struct com_config *port =
        (struct com_config *)((char *)a->opts + a->opt->offset);
    struct com_config c = *port;
    struct items it = { a->val, false };
    struct span item;

    for (size_t i = 0; next_item(&it, &item); i++) {
        const char *why;

        if (i == countof(fields))
            return "too many fields in";
        if (item.len == 0)
            continue;
        why = fields[i](item, &c);
        if (why) {
            a->bad = item;
            return why;
        }
    }
    *port = c;
    return NULL;
}

/* dom0_mem=<size>[,max:<size>], items in any order as in Xen. */
static const char *opt_dom0_mem(struct opt_arg *a)
{
    uint64_t amount = a->opts->dom0_mem, max = a->opts->dom0_mem_max;
    struct items it = { a->val, false };
    struct span item;

    while (next_item(&it, &item)) {
        uint64_t *dst = &amount;

        if (item.len == 0)
            return "empty entry in";
        if (span_starts(item, "max:")) {
            dst = &max;
            item = span_skip(item, 4);
        }
        if (!size_of_span(item, dst)) {
            a->bad = item;
            return "malformed size";
        }
    }
    a->opts->dom0_mem = amount;
    a->opts->dom0_mem_max = max;
    return NULL;
}

static const char *opt_dom0_max_vcpus(struct opt_arg *a)
{
    uint64_t n;

    if (!parse_uint(a->val, 1, 4096, &n))
        return "bad vCPU count (1-4096)";
    a->opts->dom0_max_vcpus = (unsigned int)n;
    return NULL;
}

/* loglvl=<level>[/<rate-limited level>], as Xen writes it. Keel does not
 * rate-limit yet, so the second level is kept but has no effect. */
static const char *opt_loglvl(struct opt_arg *a)
{
    enum loglvl host, rate = a->opts->loglvl_ratelimit;
    struct span host_s, rate_s;
    bool has_rate = split_at(a->val, '/', &host_s, &rate_s);

    if (!parse_loglvl(host_s, &host)) {
        a->bad = host_s;
        return "unknown log level";
    }
    if (has_rate && !parse_loglvl(rate_s, &rate)) {
        a->bad = rate_s;
        return "unknown log level";
    }
    a->opts->loglvl = host;
    a->opts->loglvl_ratelimit = rate;
    return NULL;
}

static const char *opt_selftest(struct opt_arg *a)
{
    static const char *const names[] = {
        [SELFTEST_NONE] = "none", [SELFTEST_PANIC] = "panic",
        [SELFTEST_FAULT] = "fault", [SELFTEST_STACK] = "stack",
        [SELFTEST_WX] = "wx", [SELFTEST_POWEROFF] = "poweroff",
    };
    int i = find_name(names, countof(names), a->val);

    if (i < 0)
        return "unknown self-test";
    a->opts->selftest = (enum keel_selftest)i;
    return NULL;
}

/* Any size in range is rounded up to a power of two (the ring's index mask). */
static const char *opt_conring_size(struct opt_arg *a)
{
    uint64_t size;
    uint32_t ring = CONRING_SIZE_MIN;

    if (!size_of_span(a->val, &size))
        return "malformed size";
    if (size < CONRING_SIZE_MIN || size > CONRING_SIZE_MAX)
        return "size out of range (4K-16M)";
    while (ring < size)
        ring <<= 1;
    a->opts->conring_size = ring;
    return NULL;
}

#define BOOL_OPTION(n) \
    { .name = #n, .offset = offsetof(struct keel_options, n) }

static const struct option options[] = {
    { .name = "console", .parse = opt_console },
    { .name = "com1", .parse = opt_com,
      .offset = offsetof(struct keel_options, com[0]) },
    { .name = "com2", .parse = opt_com,
      .offset = offsetof(struct keel_options, com[1]) },
    { .name = "conring_size", .parse = opt_conring_size },
    { .name = "dom0_mem", .parse = opt_dom0_mem },
    { .name = "dom0_max_vcpus", .parse = opt_dom0_max_vcpus },
    BOOL_OPTION(dom0_vcpus_pin),
    { .name = "loglvl", .parse = opt_loglvl },
    BOOL_OPTION(noreboot),
    BOOL_OPTION(sync_console),
    { .name = "keel_selftest", .parse = opt_selftest },
};

/* ---- lookup and reporting ---- */

/* Option names compare with '-' and '_' as the same character, as in Xen. */
static bool name_is(struct span s, const char *name)
{
    size_t i;

    for (i = 0; i < s.len && name[i]; i++) {
        char c = s.p[i] == '-' ? '_' : s.p[i];

        if (c != name[i])
            return false;
    }
    return i == s.len && name[i] == '\0';
}

static const struct option *lookup(struct span name)
{
    for (size_t i = 0; i < countof(options); i++)
        if (name_is(name, options[i].name))
            return &options[i];
    return NULL;
}

/* The entry for name, or for a boolean's no-name form (*negated set). */
static const struct option *find_option(struct span name, bool *negated)
{
    const struct option *opt = lookup(name);

    *negated = false;
    if (opt || !span_starts(name, "no-"))
        return opt;
    opt = lookup(span_skip(name, 3));
    if (!opt || opt->parse)
        return NULL;
    *negated = true;
    return opt;
}

/* Copies at most QUOTE_MAX chars of s, unprintables as '?', "..." if cut. */
static void quote(struct span s, char out[QUOTE_BUF])
{
    size_t n = s.len < QUOTE_MAX ? s.len : QUOTE_MAX;

    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s.p[i];

        out[i] = c >= 0x20 && c < 0x7f ? (char)c : '?';
    }
    out[n] = '\0';
    if (s.len > n)
        memcpy(out + n, "...", 4);
}

static void deliver(struct reporter *r, const char *msg)
{
    r->count++;
    if (r->fn)
        r->fn(msg);
}

static void report_unknown(struct reporter *r, struct span word)
{
    char q[QUOTE_BUF], msg[MSG_MAX];

    quote(word, q);
    snprintf(msg, sizeof(msg), "unknown option '%s', ignored", q);
    deliver(r, msg);
}

static void report_bad(struct reporter *r, const struct option *opt,
                       const char *what, struct span bad)
{
    char q[QUOTE_BUF], msg[MSG_MAX];

    quote(bad, q);
    snprintf(msg, sizeof(msg), "%s: %s '%s', option ignored", opt->name,
             what, q);
    deliver(r, msg);
}

/* ---- the parser ---- */

static const char *set_bool(struct opt_arg *a, bool has_val, bool negated)
{
    bool v = true;

    if (has_val && !parse_bool(a->val, &v))
        return "malformed boolean";
    /* Like Xen, no-name=<bool> stores the inverse of <bool>. */
    *(bool *)((char *)a->opts + a->opt->offset) = v != negated;
    return NULL;
}

static void parse_word(struct span word, struct keel_options *opts,
                       struct reporter *r)
{
    struct span name;
    struct opt_arg a = { .opts = opts };
    bool has_val = split_at(word, '=', &name, &a.val);
    bool negated;
    const char *why;

    a.opt = find_option(name, &negated);
    if (!a.opt) {
        report_unknown(r, word);
        return;
    }
    a.bad = a.val;
    if (!a.opt->parse)
        why = set_bool(&a, has_val, negated);
    else if (a.val.len == 0) {
        why = "missing value in";
        a.bad = word;
    } else
        why = a.opt->parse(&a);
    if (why)
        report_bad(r, a.opt, why, a.bad);
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
           c == '\f';
}

int cmdline_parse(const char *line, struct keel_options *opts,
                  cmdline_report_fn report)
{
    struct reporter r = { report, 0 };
    const char *p = line ? line : "";

    for (;;) {
        const char *start;

        while (is_space(*p))
            p++;
        if (*p == '\0')
            return r.count;
        start = p;
        while (*p != '\0' && !is_space(*p))
            p++;
        parse_word((struct span){ start, (size_t)(p - start) }, opts, &r);
    }
}

bool cmdline_is_option(const char *word, unsigned int len)
{
    struct span name = { word, 0 };
    bool negated;

    if (!word)
        return false;
    while (name.len < len && word[name.len] != '\0' && word[name.len] != '=')
        name.len++;
    return find_option(name, &negated) != NULL;
}

const char *loglvl_name(enum loglvl lvl)
{
    return (unsigned int)lvl < countof(loglvl_names) ? loglvl_names[lvl]
                                                      : "unknown";
}

/*
 * Defaults. Console: com1 and vga, so boot output reaches both the serial
 * log the system tests read and the screen. Log levels: info for both the
 * hypervisor and guests (Xen defaults to warning; Keel prints boot
 * progress at info and wants it seen).
 */
void cmdline_defaults(struct keel_options *opts)
{
    *opts = (struct keel_options){
        .console = CONSOLE_COM1 | CONSOLE_VGA,
        .com = {
            { .baud = 115200, .data_bits = 8, .parity = 'n',
              .stop_bits = 1, .io_base = 0x3f8, .irq = 4 },
            { .baud = 115200, .data_bits = 8, .parity = 'n',
              .stop_bits = 1, .io_base = 0x2f8, .irq = 3 },
        },
        .loglvl = LOGLVL_INFO,
        .loglvl_ratelimit = LOGLVL_INFO,
        .conring_size = CONRING_SIZE_DEFAULT,
    };
}
