/*
 * console_io: a guest writes to Keel's console (dom0's kernel uses it for
 * everything before its own console driver runs). dom0's text goes out as
 * it is, as on Xen; other domains' lines carry "(dN) ". dom0 also reads
 * the serial input meant for it, from a ring filled by the UART's
 * interrupt, told of new input by VIRQ_CONSOLE.
 */
#include <keel/console.h>
#include <keel/console_io.h>
#include <keel/event_channel_op.h>
#include <keel/spinlock.h>
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/guest_access.h>
#include <keel/hypercall.h>
#include <public/xen.h>

#define CHUNK 128
#define RX_RING 1024 /* a power of two */

static spinlock_t rx_lock = SPINLOCK_INIT("console_rx");
static char rx_ring[RX_RING];
static unsigned int rx_prod, rx_cons;

void console_io_input(char c)
{
    struct domain *d0 = domain_by_id(0);
    unsigned long flags = spin_lock_irqsave(&rx_lock);

    if (rx_prod - rx_cons != RX_RING) /* full: drop, as a UART would */
        rx_ring[rx_prod++ % RX_RING] = c;
    spin_unlock_irqrestore(&rx_lock, flags);
    /* Always notify, so that a reader that missed one is not stuck. */
    if (d0)
        domain_send_global_virq(d0, VIRQ_CONSOLE);
}

static long read_input(hc_arg_t count, hc_arg_t buffer)
{
    char buf[CHUNK];
    unsigned long flags = spin_lock_irqsave(&rx_lock);
    unsigned int n = 0;

    while (n < count && n < CHUNK && rx_cons != rx_prod)
        buf[n++] = rx_ring[rx_cons++ % RX_RING];
    spin_unlock_irqrestore(&rx_lock, flags);
    return n && copy_to_guest(buffer, buf, n) ? -EFAULT : (long)n;
}

long do_console_io(hc_arg_t cmd, hc_arg_t count, hc_arg_t buffer)
{
    struct domain *d = current_vcpu()->domain;
    char buf[CHUNK];

    if (cmd == CONSOLEIO_read)
        return d->is_privileged ? read_input(count, buffer) : -EPERM;
    if (cmd != CONSOLEIO_write)
        return -ENOSYS;
    for (hc_arg_t done = 0; done < count;) {
        size_t n = count - done < CHUNK ? count - done : CHUNK;

        if (copy_from_guest(buf, buffer + done, n))
            return -EFAULT;
        console_guest_write(d->domid, &d->console_line, buf, n);
        done += n;
    }
    return 0;
}
