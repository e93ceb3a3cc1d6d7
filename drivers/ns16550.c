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
#define IER_THRE     0x02
#define UART_FIFO    16 /* characters the transmit FIFO holds */
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

static void put_polled(uint16_t base, char c)
{
    for (int i = 0; i < TX_SPIN_LIMIT && !(inb(base + UART_LSR) & LSR_THRE); i++)
        ;
    outb(base + UART_THR, (uint8_t)c);
}

/* Send what the ring holds, waiting for the line: tx_lock held. */
static void drain_polled(struct ns16550 *uart)
{
    while (uart->tx_tail != uart->tx_head)
        put_polled(uart->cfg.io_base, uart->tx_buf[uart->tx_tail++ % NS16550_TXBUF]);
}

/* Fill the FIFO from the ring; stop the interrupt when the ring is empty. */
static void send_buffered(struct ns16550 *uart)
{
    uint16_t base = uart->cfg.io_base;

    if (!(inb(base + UART_LSR) & LSR_THRE))
        return;
    for (int i = 0; i < UART_FIFO && uart->tx_tail != uart->tx_head; i++)
        outb(base + UART_THR, (uint8_t)uart->tx_buf[uart->tx_tail++ % NS16550_TXBUF]);
    outb(base + UART_IER, IER_RX | (uart->tx_tail != uart->tx_head ? IER_THRE : 0));
}

static void put_buffered(struct ns16550 *uart, char c)
{
    unsigned long flags = spin_lock_irqsave(&uart->tx_lock);

    if (uart->tx_head - uart->tx_tail == NS16550_TXBUF)
        drain_polled(uart); /* never drop a log line: wait for the line instead */
    uart->tx_buf[uart->tx_head++ % NS16550_TXBUF] = c;
    send_buffered(uart);
    spin_unlock_irqrestore(&uart->tx_lock, flags);
}

static void ns16550_putc(struct console_sink *sink, char c)
{
    struct ns16550 *uart = (struct ns16550 *)sink;

    if (c == '\n')
        ns16550_putc(sink, '\r');
    if (uart->tx_irq)
        put_buffered(uart, c);
    else
        put_polled(uart->cfg.io_base, c);
}

/* Back to polled output, after sending what is buffered (panic, reboot). */
static void ns16550_flush(struct console_sink *sink)
{
    struct ns16550 *uart = (struct ns16550 *)sink;

    if (!uart->tx_irq)
        return;
    uart->tx_irq = false;
    drain_polled(uart); /* no lock: the CPUs that could hold it are stopped */
    outb(uart->cfg.io_base + UART_IER, IER_RX);
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
    uart->sink.flush = ns16550_flush;
    uart->tx_lock = (spinlock_t)SPINLOCK_INIT("ns16550");
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

void ns16550_enable_irqs(struct ns16550 *uart, bool sync)
{
    uart->tx_irq = !sync;
    outb(uart->cfg.io_base + UART_IER, IER_RX);
}

void ns16550_interrupt(struct ns16550 *uart)
{
    unsigned long flags;

    ns16550_receive(uart);
    if (!uart->tx_irq)
        return;
    flags = spin_lock_irqsave(&uart->tx_lock);
    send_buffered(uart);
    spin_unlock_irqrestore(&uart->tx_lock, flags);
}

void ns16550_receive(struct ns16550 *uart)
{
    uint16_t base = uart->cfg.io_base;

    /* Bounded: a stuck "data ready" must not wedge the CPU. */
    for (int i = 0; i < 64 && (inb(base + UART_LSR) & LSR_DR); i++)
        console_input((char)inb(base + UART_RBR));
}
