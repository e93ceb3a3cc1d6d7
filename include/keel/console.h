/*
 * Keel's log: every line goes to each registered console sink, prefixed
 * with "(KEEL) " and, once a clock exists, the time since boot.
 * Messages above the console log level are dropped from the sinks.
 */
#ifndef KEEL_CONSOLE_H
#define KEEL_CONSOLE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <keel/cmdline.h>

/* Something that can show characters: a UART, the VGA text screen. */
struct console_sink {
    void (*putc)(struct console_sink *sink, char c);
    void (*flush)(struct console_sink *sink); /* optional: send what is buffered */
    struct console_sink *next;
};

void console_register(struct console_sink *sink);
void console_set_loglvl(enum loglvl lvl);

/* Install the clock used for line timestamps (nanoseconds since boot). */
void console_set_clock(uint64_t (*now_ns)(void));

void vprintk(enum loglvl lvl, const char *fmt, va_list ap);
void printk(enum loglvl lvl, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The panic path may interrupt a CPU that holds the console lock. */
void console_force_unlock(void);

/* From now on every line is on the wire before printk returns (panic,
 * reboot, power-off). */
void console_force_sync(void);

/*
 * The console ring: every line, at every level. It starts in a 64 KiB
 * buffer; console_ring_resize moves it (contents kept) to buf, whose size
 * is a power of two.
 */
int console_ring_resize(char *buf, uint32_t size);
uint32_t console_ring_size(void);

/*
 * Reading it back, for xl dmesg (sysctl readconsole). Positions are the
 * ring's 64-bit byte counts; Xen's ABI carries their low 32 bits.
 * console_ring_start: where a read begins: the oldest byte still kept, or,
 * if incremental, the position whose low bits are `index` when that byte
 * is still kept. console_ring_read copies from *pos on (see conring_read)
 * and advances it; console_ring_clear forgets everything before upto.
 */
uint64_t console_ring_start(uint32_t index, bool incremental);
size_t console_ring_read(uint64_t *pos, char *out, size_t len);
void console_ring_clear(uint64_t upto);

/* A domU's console_io output not yet printed: the start of a line. */
struct console_line {
    char buf[120];
    uint32_t len;
};

/*
 * A guest's console_io output: dom0's as it is and only on the line (not
 * in the ring); another domain's collected in its line until a newline
 * (or a full line), then printed and logged whole as "(dN) ...". line is
 * NULL for dom0.
 */
void console_guest_write(uint16_t domid, struct console_line *line, const char *s, size_t len);

/* A character typed on the console (from the UART's interrupt). */
void console_input(char c);

#define kerr(...)   printk(LOGLVL_ERROR, __VA_ARGS__)
#define kwarn(...)  printk(LOGLVL_WARNING, __VA_ARGS__)
#define kinfo(...)  printk(LOGLVL_INFO, __VA_ARGS__)
#define kdebug(...) printk(LOGLVL_DEBUG, __VA_ARGS__)

#endif
