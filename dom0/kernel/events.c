/*
 * Event channel demultiplexing, 2-level ABI: the hypervisor sets a port's
 * bit in shared_info's evtchn_pending and the word's bit in the vCPU's
 * evtchn_pending_sel, then upcalls. The upcall clears both and moves each
 * pending, unmasked port into `fired`; events_dispatch() runs handlers
 * from there.
 *
 * Invariants: the upcall only touches `fired` and the shared bits, with
 * atomic operations, so it may interrupt anything. Every port without a
 * handler stays masked, so nothing unexpected fires.
 */
#include <stddef.h>
#include <stdint.h>
#include <keel/string.h>
#include <dom0/console.h>
#include <dom0/events.h>
#include <dom0/hypercall.h>
#include <dom0/mm.h>
#include <dom0/traps.h>

#define NR_PORTS   4096   /* the 2-level ABI's limit on x86_64 */
#define WORD_BITS  64

void event_entry(void);

static unsigned long fired[NR_PORTS / WORD_BITS];
static struct {
    evtchn_handler_t fn;
    void *arg;
} handlers[NR_PORTS];

uint64_t events_upcalls, events_handled;

void events_init(void)
{
    shared_info_t *sh = shared_info();
    struct callback_register cb = { .type = CALLBACKTYPE_event,
                                    .address = (unsigned long)event_entry };
    long rc;

    vcpu0_info()->evtchn_upcall_mask = 1;
    for (unsigned int i = 0; i < NR_PORTS / WORD_BITS; i++)
        __atomic_store_n(&sh->evtchn_mask[i], ~0ul, __ATOMIC_SEQ_CST);
    rc = hyp_callback_op(CALLBACKOP_register, &cb);
    if (rc)
        panic("registering the event callback failed: %ld", rc);
}

void event_upcall(void)
{
    shared_info_t *sh = shared_info();
    vcpu_info_t *v = vcpu0_info();
    unsigned long sel;

    events_upcalls++;
    /* Clear upcall_pending before reading the selector: an event set
     * after this point sets it again and is seen on the next upcall. */
    __atomic_store_n(&v->evtchn_upcall_pending, 0, __ATOMIC_SEQ_CST);
    sel = __atomic_exchange_n(&v->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
    while (sel) {
        unsigned int w = __builtin_ctzl(sel);
        unsigned long bits;

        sel &= sel - 1;
        bits = __atomic_load_n(&sh->evtchn_pending[w], __ATOMIC_SEQ_CST) &
               ~__atomic_load_n(&sh->evtchn_mask[w], __ATOMIC_SEQ_CST);
        if (!bits)
            continue;
        __atomic_and_fetch(&sh->evtchn_pending[w], ~bits, __ATOMIC_SEQ_CST);
        __atomic_or_fetch(&fired[w], bits, __ATOMIC_SEQ_CST);
    }
}

unsigned int events_dispatch(void)
{
    unsigned int ran = 0;

    for (unsigned int w = 0; w < NR_PORTS / WORD_BITS; w++) {
        unsigned long bits;

        if (!__atomic_load_n(&fired[w], __ATOMIC_RELAXED))
            continue;
        bits = __atomic_exchange_n(&fired[w], 0, __ATOMIC_SEQ_CST);
        while (bits) {
            unsigned int port = w * WORD_BITS + __builtin_ctzl(bits);

            bits &= bits - 1;
            if (handlers[port].fn) {
                handlers[port].fn(port, handlers[port].arg);
                ran++;
            }
        }
    }
    events_handled += ran;
    return ran;
}

void evtchn_set_handler(unsigned int port, evtchn_handler_t fn, void *arg)
{
    struct evtchn_unmask unmask = { .port = port };

    if (port >= NR_PORTS)
        panic("event channel port %u beyond the 2-level limit", port);
    handlers[port].fn = fn;
    handlers[port].arg = arg;
    /* By hypercall: it re-raises an event that was pending while masked. */
    hyp_event_channel_op(EVTCHNOP_unmask, &unmask);
}

int evtchn_bind_virq(unsigned int virq, evtchn_handler_t fn, void *arg)
{
    struct evtchn_bind_virq bind = { .virq = virq, .vcpu = 0 };
    long rc = hyp_event_channel_op(EVTCHNOP_bind_virq, &bind);

    if (rc)
        return (int)rc;
    evtchn_set_handler(bind.port, fn, arg);
    return (int)bind.port;
}

int evtchn_bind_interdomain(domid_t dom, unsigned int remote_port, evtchn_handler_t fn,
                            void *arg)
{
    struct evtchn_bind_interdomain bind = { .remote_dom = dom, .remote_port = remote_port };
    long rc = hyp_event_channel_op(EVTCHNOP_bind_interdomain, &bind);

    if (rc)
        return (int)rc;
    evtchn_set_handler(bind.local_port, fn, arg);
    return (int)bind.local_port;
}

void evtchn_close(unsigned int port)
{
    struct evtchn_close close = { .port = port };
    /* Masked first, so nothing more is recorded for a port about to go;
     * what was recorded already finds no handler. */
    __atomic_or_fetch(&shared_info()->evtchn_mask[port / WORD_BITS], 1ul << (port % WORD_BITS),
                      __ATOMIC_SEQ_CST);
    __atomic_and_fetch(&fired[port / WORD_BITS], ~(1ul << (port % WORD_BITS)), __ATOMIC_SEQ_CST);
    handlers[port].fn = NULL;
    handlers[port].arg = NULL;
    hyp_event_channel_op(EVTCHNOP_close, &close);
}

long evtchn_notify(unsigned int port)
{
    struct evtchn_send send = { .port = port };

    return hyp_event_channel_op(EVTCHNOP_send, &send);
}
