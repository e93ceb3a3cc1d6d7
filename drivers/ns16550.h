/* NS16550-compatible UART: polled early, interrupt-driven once IRQs exist. */
#ifndef DRIVERS_NS16550_H
#define DRIVERS_NS16550_H

#include <stdbool.h>
#include <stdint.h>
#include <keel/cmdline.h>
#include <keel/console.h>
#include <keel/spinlock.h>

#define NS16550_TXBUF 16384 /* a power of two */

struct ns16550 {
    struct console_sink sink; /* first: the sink is the UART */
    struct com_config cfg;
    uint16_t divisor;
    bool tx_irq;              /* output drained by the THRE interrupt */
    spinlock_t tx_lock;       /* the ring below, between CPUs and the IRQ */
    uint32_t tx_head, tx_tail;
    char tx_buf[NS16550_TXBUF];
};

/*
 * Program the UART from cfg. Returns false, touching nothing else, when no
 * UART answers at cfg->io_base.
 */
bool ns16550_setup(struct ns16550 *uart, const struct com_config *cfg);

/* What the UART's registers really hold: divisor latch and line control. */
void ns16550_read_back(const struct ns16550 *uart, uint16_t *divisor,
                       uint8_t *lcr);

/*
 * Interrupt on received characters and, unless `sync`, buffer output and
 * send it from the transmitter-empty interrupt, so that a slow line never
 * stalls the CPU that logs. The IRQ must be routed by the caller.
 */
void ns16550_enable_irqs(struct ns16550 *uart, bool sync);

/* The UART's interrupt: received characters to console_input(), then output. */
void ns16550_interrupt(struct ns16550 *uart);

/* Hand every received character to console_input() (polled input). */
void ns16550_receive(struct ns16550 *uart);

#endif
