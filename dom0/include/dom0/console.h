/*
 * dom0's own console: the hypervisor's console, through console_io (on
 * Keel and on Xen, dom0's writes go straight to the serial line, and
 * serial input reaches dom0 as VIRQ_CONSOLE + CONSOLEIO_read).
 */
#ifndef DOM0_CONSOLE_H
#define DOM0_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>

void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void console_write(const char *s, size_t len);

/* Bind VIRQ_CONSOLE; from then on console_getc works. */
void console_input_init(void);

/* The next byte typed on the console; the calling thread sleeps until one
 * comes. */
char console_getc(void);

/* The same, but -1 once *stop is true: whoever sets it calls
 * console_wake_readers, so a waiting reader looks again. */
int console_getc_unless(const bool *stop);
void console_wake_readers(void);

#endif
