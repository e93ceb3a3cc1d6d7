/*
 * The hypervisor log: line framing, timestamps, level filtering, and the
 * console ring. Every line goes into the ring, whatever its level: loglvl
 * decides only what reaches the sinks (the serial line, the screen). One
 * lock, taken with interrupts off, keeps lines from different CPUs whole.
 */
#include <stdbool.h>
#include <keel/conring.h>
#include <keel/console.h>
#include <keel/spinlock.h>
#include <keel/string.h>

#define EARLY_RING_SIZE (64u << 10)

static spinlock_t console_lock = SPINLOCK_INIT("console");
static struct console_sink *sinks;
static enum loglvl console_loglvl = LOGLVL_ALL;
static uint64_t (*clock_ns)(void);
static bool at_line_start = true;
static char early_ring_buf[EARLY_RING_SIZE];
static struct conring ring = { early_ring_buf, EARLY_RING_SIZE, 0, 0 };

void console_register(struct console_sink *sink)
{
    sink->next = sinks;
    sinks = sink;
}

void console_set_loglvl(enum loglvl lvl)
{
    console_loglvl = lvl;
}

void console_set_clock(uint64_t (*now_ns)(void))
{
    clock_ns = now_ns;
}

/* Whether the sinks' current line has text (a prompt, say): a new log
 * line then starts on a line of its own. */
static bool sink_line_open;

static void put_sinks(const char *s, size_t len)
{
    for (struct console_sink *k = sinks; k; k = k->next)
        for (size_t i = 0; i < len; i++)
            k->putc(k, s[i]);
    if (len)
        sink_line_open = s[len - 1] != '\n';
}

static void fresh_sink_line(void)
{
    if (sink_line_open)
        put_sinks("\n", 1);
}

/*
 * dom0's unfinished line (its prompt and what the user has typed so far),
 * as the bytes that drew it since its last CR or LF. When a log line
 * breaks into it, it is drawn again below, so the user (and a script
 * reading the line) still sees the prompt being typed at. A line too
 * long to keep is not redrawn.
 */
static char dom0_line[160];
static size_t dom0_line_len;
static bool dom0_line_lost;

static void dom0_line_note(char c)
{
    if (c == '\n' || c == '\r') {
        dom0_line_len = 0;
        dom0_line_lost = false;
    } else if (dom0_line_len < sizeof(dom0_line)) {
        dom0_line[dom0_line_len++] = c;
    } else {
        dom0_line_lost = true;
    }
}

/* After a log line: dom0's line again, if one was broken into. */
static void redraw_dom0_line(void)
{
    if (dom0_line_len && !dom0_line_lost && !sink_line_open)
        put_sinks(dom0_line, dom0_line_len);
}

static void emit(const char *s, size_t len, bool to_sinks)
{
    conring_write(&ring, s, len);
    if (to_sinks)
        put_sinks(s, len);
}

static void emit_prefix(bool to_sinks)
{
    char stamp[40];
    int n;

    if (to_sinks)
        fresh_sink_line();
    if (clock_ns) {
        uint64_t ns = clock_ns();

        n = snprintf(stamp, sizeof(stamp), "(KEEL) [%5lu.%06lu] ",
                     (unsigned long)(ns / 1000000000), (unsigned long)(ns / 1000 % 1000000));
    } else {
        n = snprintf(stamp, sizeof(stamp), "(KEEL) ");
    }
    emit(stamp, (size_t)n, to_sinks);
}

void vprintk(enum loglvl lvl, const char *fmt, va_list ap)
{
    char line[512];
    bool to_sinks = lvl <= console_loglvl;
    unsigned long flags;
    const char *p, *q;
    int n = vsnprintf(line, sizeof(line), fmt, ap);

    flags = spin_lock_irqsave(&console_lock);
    for (p = line; *p; p = q) {
        if (at_line_start)
            emit_prefix(to_sinks);
        for (q = p; *q && *q != '\n'; q++)
            ;
        if (*q == '\n')
            q++;
        emit(p, (size_t)(q - p), to_sinks);
        at_line_start = q[-1] == '\n';
        if (at_line_start && to_sinks)
            redraw_dom0_line();
    }
    if (n >= (int)sizeof(line)) { /* say that the message was cut */
        emit("...\n", 4, to_sinks);
        at_line_start = true;
    }
    spin_unlock_irqrestore(&console_lock, flags);
}

void printk(enum loglvl lvl, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintk(lvl, fmt, ap);
    va_end(ap);
}

/* A domU's finished line, whole, as "(dN) text\n". Console lock held. */
static void emit_guest_line(uint16_t domid, struct console_line *line)
{
    char prefix[16];
    int n = snprintf(prefix, sizeof(prefix), "(d%u) ", domid);

    fresh_sink_line();
    emit(prefix, (size_t)n, true);
    emit(line->buf, line->len, true);
    emit("\n", 1, true);
    at_line_start = true;
    line->len = 0;
    redraw_dom0_line();
}

void console_guest_write(uint16_t domid, struct console_line *line, const char *s, size_t len)
{
    unsigned long flags = spin_lock_irqsave(&console_lock);

    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\r')
            continue; /* the UART adds its own before each newline */
        /* As Xen (without console_to_ring): dom0 is interactive, so its
         * output goes to the line at once but not into the log it reads
         * back with xl dmesg. */
        if (domid == 0) {
            put_sinks(&s[i], 1);
            dom0_line_note(s[i]);
            continue;
        }
        /* Other domains' output is logged a whole line at a time, so
         * lines of different domains never mix. */
        if (s[i] != '\n')
            line->buf[line->len++] = s[i];
        if (s[i] == '\n' || line->len == sizeof(line->buf))
            emit_guest_line(domid, line);
    }
    spin_unlock_irqrestore(&console_lock, flags);
}

void console_force_unlock(void)
{
    console_lock = (spinlock_t)SPINLOCK_INIT("console");
}

void console_force_sync(void)
{
    for (struct console_sink *k = sinks; k; k = k->next)
        if (k->flush)
            k->flush(k);
}

int console_ring_resize(char *buf, uint32_t size)
{
    struct conring bigger;
    unsigned long flags;
    static char copy[EARLY_RING_SIZE];
    size_t n;

    if (conring_init(&bigger, buf, size))
        return -1;
    flags = spin_lock_irqsave(&console_lock);
    n = conring_snapshot(&ring, copy, sizeof(copy));
    conring_write(&bigger, copy, n);
    ring = bigger;
    spin_unlock_irqrestore(&console_lock, flags);
    return 0;
}

uint32_t console_ring_size(void)
{
    return ring.size;
}


uint64_t console_ring_start(uint32_t index, bool incremental)
{
    unsigned long flags = spin_lock_irqsave(&console_lock);
    uint64_t oldest = conring_oldest(&ring), producer = ring.producer;
    /* How far before the producer the latest position with these low
     * bits lies. */
    uint32_t back = (uint32_t)producer - index;

    spin_unlock_irqrestore(&console_lock, flags);
    return incremental && back <= producer - oldest ? producer - back : oldest;
}

size_t console_ring_read(uint64_t *pos, char *out, size_t len)
{
    unsigned long flags = spin_lock_irqsave(&console_lock);
    uint64_t lost;
    size_t n = conring_read(&ring, pos, out, len, &lost);

    spin_unlock_irqrestore(&console_lock, flags);
    return n;
}

void console_ring_clear(uint64_t upto)
{
    unsigned long flags = spin_lock_irqsave(&console_lock);

    conring_clear(&ring, upto);
    spin_unlock_irqrestore(&console_lock, flags);
}
