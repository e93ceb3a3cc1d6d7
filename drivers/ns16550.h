/* NS16550-compatible UART: polled output, interrupt-driven input. */
#ifndef DRIVERS_NS16550_H
#define DRIVERS_NS16550_H

#include <stdbool.h>
#include <stdint.h>
#include <keel/cmdline.h>
#include <keel/console.h>

struct ns16550 {
    struct console_sink sink; /* first: the sink is the UART */
    struct com_config cfg;
    uint16_t divisor;
};

/*
 * Program the UART from cfg. Returns false, touching nothing else, when no
 * UART answers at cfg->io_base.
 */
bool ns16550_setup(struct ns16550 *uart, const struct com_config *cfg);

/* What the UART's registers really hold: divisor latch and line control. */
void ns16550_read_back(const struct ns16550 *uart, uint16_t *divisor,
                       uint8_t *lcr);

/* Interrupt on received characters (the IRQ must be routed by the caller). */
void ns16550_enable_rx_irq(struct ns16550 *uart);

/* Hand every received character to console_input(); from the IRQ or a poll. */
void ns16550_receive(struct ns16550 *uart);

#endif
