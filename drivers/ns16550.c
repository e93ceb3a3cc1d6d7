/* NS16550 UART: programming from comN= and polled output. */
#include <asm/io.h>
#include "ns16550.h"

/* Register offsets from the I/O base. */
#define UART_THR 0 /* transmit holding (write) */
#define UART_RBR 0 /* receive buffer (read) */
#define UART_DLL 0 /* divisor latch low (DLAB=1) */
#define UART_IER 1 /* interrupt enable */
#define UART_DLM 1 /* divisor latch high (DLAB=1) */
#define UART_FCR 2 /* FIFO control */
#define UART_LCR 3 /* line control */
#define UART_MCR 4 /* modem control */
#define UART_LSR 5 /* line status */
#define UART_SCR 7 /* scratch */

#define LCR_DLAB     0x80
#define LSR_DR       0x01
#define LSR_THRE     0x20
#define IER_RX       0x01
#define FCR_ENABLE_CLEAR 0x07
#define MCR_DTR_RTS_OUT2 0x0b

/* The standard 1.8432 MHz crystal divided by 16. */
#define UART_BASE_BAUD 115200

/* Bounded so that a UART that stops answering cannot hang the log. */
#define TX_SPIN_LIMIT 100000

static uint8_t lcr_bits(const struct com_config *cfg)
{
    uint8_t lcr = (uint8_t)(cfg->data_bits - 5);

    if (cfg->stop_bits == 2)
        lcr |= 0x04;
    switch (cfg->parity) {
    case 'o': lcr |= 0x08; break;
    case 'e': lcr |= 0x18; break;
    case 'm': lcr |= 0x28; break;
    case 's': lcr |= 0x38; break;
    default: break;
    }
    return lcr;
}

static void ns16550_putc(struct console_sink *sink, char c)
{
    struct ns16550 *uart = (struct ns16550 *)sink;
    uint16_t base = uart->cfg.io_base;

    if (c == '\n')
        ns16550_putc(sink, '\r');
    for (int i = 0; i < TX_SPIN_LIMIT && !(inb(base + UART_LSR) & LSR_THRE); i++)
        ;
    outb(base + UART_THR, (uint8_t)c);
}

static bool uart_present(uint16_t base)
{
    outb(base + UART_SCR, 0x5a);
    if (inb(base + UART_SCR) != 0x5a)
        return false;
    outb(base + UART_SCR, 0xa5);
    return inb(base + UART_SCR) == 0xa5;
}

bool ns16550_setup(struct ns16550 *uart, const struct com_config *cfg)
{
    uint16_t base = cfg->io_base;
    uint32_t div;

    if (!uart_present(base))
        return false;
    uart->cfg = *cfg;
    div = (UART_BASE_BAUD + cfg->baud / 2) / cfg->baud;
    uart->divisor = (uint16_t)(div ? div : 1);

    outb(base + UART_IER, 0);
    outb(base + UART_LCR, LCR_DLAB);
    outb(base + UART_DLL, uart->divisor & 0xff);
    outb(base + UART_DLM, uart->divisor >> 8);
    outb(base + UART_LCR, lcr_bits(cfg));
    outb(base + UART_FCR, FCR_ENABLE_CLEAR);
    outb(base + UART_MCR, MCR_DTR_RTS_OUT2);
    uart->sink.putc = ns16550_putc;
    return true;
}

void ns16550_read_back(const struct ns16550 *uart, uint16_t *divisor,
                       uint8_t *lcr)
{
    uint16_t base = uart->cfg.io_base;
    uint8_t saved = inb(base + UART_LCR);

    outb(base + UART_LCR, saved | LCR_DLAB);
    *divisor = (uint16_t)(inb(base + UART_DLL) | inb(base + UART_DLM) << 8);
    outb(base + UART_LCR, saved);
    *lcr = saved;
}

void ns16550_enable_rx_irq(struct ns16550 *uart)
{
    outb(uart->cfg.io_base + UART_IER, IER_RX);
}

void ns16550_receive(struct ns16550 *uart)
{
    uint16_t base = uart->cfg.io_base;

    /* Bounded: a stuck "data ready" must not wedge the CPU. */
    for (int i = 0; i < 64 && (inb(base + UART_LSR) & LSR_DR); i++)
        console_input((char)inb(base + UART_RBR));
}
