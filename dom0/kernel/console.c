/*
 * The console: output by CONSOLEIO_write, input by CONSOLEIO_read when
 * VIRQ_CONSOLE fires. Input is kept in a ring that the reading thread
 * drains; a full ring drops what does not fit (a human types slower than
 * this), never older bytes.
 */
#include <stdarg.h>
#include <stdint.h>
#include <keel/string.h>
#include <dom0/console.h>
#include <dom0/events.h>
#include <dom0/hypercall.h>
#include <dom0/sched.h>

#define INPUT_RING 256   /* a power of two */

static struct {
    char buf[INPUT_RING];
    unsigned int head, tail;   /* free-running; head - tail bytes queued */
    struct waitq readers;
} input;

/* Both hypervisors take any length and write all of it (Xen returns 0,
 * Keel the count); a failure has nowhere to be reported. */
void console_write(const char *s, size_t len)
{
    hyp_console_io(CONSOLEIO_write, len, (void *)s);
}

void printk(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    console_write(buf, n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

static void console_virq(unsigned int port, void *arg)
{
    char chunk[64];
    long n;

    (void)port;
    (void)arg;
    while ((n = hyp_console_io(CONSOLEIO_read, sizeof(chunk), chunk)) > 0) {
        for (long i = 0; i < n && input.head - input.tail < INPUT_RING; i++)
            input.buf[input.head++ % INPUT_RING] = chunk[i];
    }
    waitq_wake_all(&input.readers);
}

void console_input_init(void)
{
    int port = evtchn_bind_virq(VIRQ_CONSOLE, console_virq, NULL);

    if (port < 0)
        printk("dom0: console: no input (VIRQ_CONSOLE: error %d)\n", port);
    else
        console_virq(port, NULL);   /* anything typed before we listened */
}

int console_getc_unless(const bool *stop)
{
    while (input.head == input.tail) {
        if (stop && *stop)
            return -1;
        waitq_sleep(&input.readers);
    }
    return (unsigned char)input.buf[input.tail++ % INPUT_RING];
}

char console_getc(void)
{
    return (char)console_getc_unless(NULL);
}

void console_wake_readers(void)
{
    waitq_wake_all(&input.readers);
}
