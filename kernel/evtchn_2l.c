/*
 * 2-level event delivery (Xen 4.17's xen/common/event_2l.c): one pending
 * and one mask bit per port in shared_info, and in each vCPU's vcpu_info
 * a selector with one bit per word of evtchn_pending plus the
 * upcall_pending flag.
 *
 * The guest writes these words at the same time (it clears pending and
 * selector bits as it scans, sets and clears mask bits), so every update
 * is an atomic read-modify-write, done in Xen's strict order:
 *   set_pending: pending bit; then, if the port is unmasked, selector bit;
 *                then, if that was clear, upcall_pending (and kick).
 *   unmask:      clear mask bit; then, if it was set and the port is
 *                pending, selector bit; then upcall_pending.
 * Each step stops when the bit was already set, because then whoever set
 * it is responsible for the steps after it.
 */
#include <stdbool.h>
#include <stdint.h>

#include "keel/evtchn.h"

#define BITS_PER_WORD (8 * sizeof(xen_ulong_t))

static bool test_bit(unsigned int nr, const xen_ulong_t *addr)
{
    return (__atomic_load_n(&addr[nr / BITS_PER_WORD], __ATOMIC_SEQ_CST) >>
            (nr % BITS_PER_WORD)) & 1;
}

static bool test_and_set_bit(unsigned int nr, xen_ulong_t *addr)
{
    xen_ulong_t m = (xen_ulong_t)1 << (nr % BITS_PER_WORD);

    return __atomic_fetch_or(&addr[nr / BITS_PER_WORD], m,
                             __ATOMIC_SEQ_CST) & m;
}

static bool test_and_clear_bit(unsigned int nr, xen_ulong_t *addr)
{
    xen_ulong_t m = (xen_ulong_t)1 << (nr % BITS_PER_WORD);

    return __atomic_fetch_and(&addr[nr / BITS_PER_WORD], ~m,
                              __ATOMIC_SEQ_CST) & m;
}

static void clear_bit(unsigned int nr, xen_ulong_t *addr)
{
    xen_ulong_t m = (xen_ulong_t)1 << (nr % BITS_PER_WORD);

    __atomic_fetch_and(&addr[nr / BITS_PER_WORD], ~m, __ATOMIC_SEQ_CST);
}

static struct vcpu_info *vcpu_info_of(struct evtchn_domain *d,
                                      unsigned int vcpu)
{
    return evtchn_vcpu_valid(d, vcpu) ? d->vcpu_info[vcpu] : NULL;
}

void evtchn_2l_set_pending(struct evtchn_domain *d, unsigned int vcpu,
                           evtchn_port_t port)
{
    struct shared_info *s = d->shared;
    struct vcpu_info *vi;

    if (port >= EVTCHN_2L_NR_CHANNELS)
        return;

    if (test_and_set_bit(port, s->evtchn_pending))
        return;

    vi = vcpu_info_of(d, vcpu);
    if (!test_bit(port, s->evtchn_mask) && vi &&
        !test_and_set_bit(port / BITS_PER_WORD, &vi->evtchn_pending_sel))
        evtchn_mark_events_pending(d, vcpu);

    evtchn_check_pollers(d, port);
}

void evtchn_2l_clear_pending(struct evtchn_domain *d, evtchn_port_t port)
{
    if (port < EVTCHN_2L_NR_CHANNELS)
        clear_bit(port, d->shared->evtchn_pending);
}

void evtchn_2l_unmask(struct evtchn_domain *d, unsigned int vcpu,
                      evtchn_port_t port)
{
    struct shared_info *s = d->shared;
    struct vcpu_info *vi = vcpu_info_of(d, vcpu);

    if (port >= EVTCHN_2L_NR_CHANNELS)
        return;

    if (test_and_clear_bit(port, s->evtchn_mask) &&
        test_bit(port, s->evtchn_pending) && vi &&
        !test_and_set_bit(port / BITS_PER_WORD, &vi->evtchn_pending_sel))
        evtchn_mark_events_pending(d, vcpu);
}

bool evtchn_2l_is_pending(const struct evtchn_domain *d, evtchn_port_t port)
{
    return port < EVTCHN_2L_NR_CHANNELS &&
           test_bit(port, d->shared->evtchn_pending);
}

bool evtchn_2l_is_masked(const struct evtchn_domain *d, evtchn_port_t port)
{
    return port >= EVTCHN_2L_NR_CHANNELS ||
           test_bit(port, d->shared->evtchn_mask);
}
