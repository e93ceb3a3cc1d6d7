/* The hypervisor log: line framing, timestamps and level filtering. */
#include <stdbool.h>
#include <keel/console.h>
#include <keel/string.h>

static struct console_sink *sinks;
static enum loglvl console_loglvl = LOGLVL_ALL;
static uint64_t (*clock_ns)(void);
static bool at_line_start = true;

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

static void emit(char c)
{
    for (struct console_sink *s = sinks; s; s = s->next)
        s->putc(s, c);
}

static void emit_str(const char *s)
{
    while (*s)
        emit(*s++);
}

static void emit_prefix(void)
{
    char stamp[32];
    uint64_t ns;

    emit_str("(KEEL) ");
    if (!clock_ns)
        return;
    ns = clock_ns();
    snprintf(stamp, sizeof(stamp), "[%5lu.%06lu] ",
             (unsigned long)(ns / 1000000000), (unsigned long)(ns / 1000 % 1000000));
    emit_str(stamp);
}

void vprintk(enum loglvl lvl, const char *fmt, va_list ap)
{
    char line[512];
    int n;

    if (lvl > console_loglvl)
        return;
    n = vsnprintf(line, sizeof(line), fmt, ap);
    for (const char *p = line; *p; p++) {
        if (at_line_start)
            emit_prefix();
        emit(*p);
        at_line_start = *p == '\n';
    }
    if (n >= (int)sizeof(line)) { /* say that the message was cut */
        emit_str("...\n");
        at_line_start = true;
    }
}

void printk(enum loglvl lvl, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintk(lvl, fmt, ap);
    va_end(ap);
}
