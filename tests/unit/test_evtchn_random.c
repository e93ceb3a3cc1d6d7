/*
 * Randomized tests for event channels, fixed seeds:
 *
 *  - test_random_2l / test_random_fifo: three domains run long random
 *    sequences of every operation (alloc/bind of each kind, close, send,
 *    unmask, bind_vcpu, status, reset, VIRQ/PIRQ sends, domain death and
 *    rebirth) next to a small model of the port states; every result and
 *    every port must match the model, and after each step Xen's
 *    guarantees must hold: peers point at each other, a closed port is
 *    never pending, a pending unmasked port has raised an upcall
 *    (2-level: selector and upcall_pending; FIFO: it is LINKED), each
 *    0->1 of upcall_pending came with exactly one kick, and (FIFO) a full
 *    drain by the guest leaves nothing linked.
 *  - test_fifo_concurrent_guest: Keel's side sends (under a lock, as the
 *    hypercall handler will) while a guest thread consumes the queues,
 *    masks and unmasks as Linux does, touching only the shared words; at
 *    the end no event is lost.
 */
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "keel/errno.h"
#include "keel/evtchn.h"

#include "evtchn_fixture.h"
#include "xorshift.h"

#define NDOM   3
#define NPORTS 256
#define STEPS  40000

/* ------------------------------------------------------------------ */
/* The model                                                           */

struct mport {
    uint8_t state;
    uint8_t rslot;           /* interdomain: peer's slot */
    uint32_t rport;          /* interdomain: peer's port */
    domid_t udom;            /* unbound: who may bind */
    uint32_t virq, pirq;
    uint16_t vcpu;
};

struct mdom {
    bool alive;
    bool priv;
    unsigned int nvcpu;
    uint32_t max_port;
    uint32_t valid;
    struct mport p[NPORTS];
};

static struct mdom m[NDOM];
static struct evtchn_domain *dom[NDOM];
static bool fifo_mode;
static uint64_t rng;

static unsigned int rnd(unsigned int n)
{
    return (unsigned int)(xorshift64(&rng) % n);
}

static domid_t domid_of(unsigned int slot)
{
    return (domid_t)slot;   /* slot i is domain i */
}

/* Slot named by dom as seen from cur, or -1. */
static int m_lookup(unsigned int cur, domid_t d)
{
    if (d == DOMID_SELF)
        return (int)cur;
    if (d < NDOM && m[d].alive)
        return d;
    return -1;
}

static event_word_t *word_or_null(unsigned int s, uint32_t port)
{
    struct evtchn_domain *d = dom[s];

    if (d->abi != EVTCHN_ABI_FIFO || port >= d->fifo_nr_words)
        return NULL;
    return fx_word(d, port);
}

static bool busy(unsigned int s, uint32_t port)
{
    event_word_t *w = word_or_null(s, port);

    return w && (*w & FX_W(LINKED));
}

/* The lowest free port of slot s, making it valid; or -ENOSPC. */
static int m_alloc(unsigned int s)
{
    for (uint32_t p = 1; p <= m[s].max_port && p < NPORTS; p++) {
        if (p < m[s].valid && (m[s].p[p].state != ECS_FREE || busy(s, p)))
            continue;
        if (p >= m[s].valid)
            m[s].valid = (p / EVTCHN_BUCKET_PORTS + 1) * EVTCHN_BUCKET_PORTS;
        return (int)p;
    }
    return -ENOSPC;
}

static void m_free(unsigned int s, uint32_t port)
{
    struct mport *mp = &m[s].p[port];

    if (mp->state == ECS_INTERDOMAIN) {
        struct mport *peer = &m[mp->rslot].p[mp->rport];

        peer->state = ECS_UNBOUND;
        peer->udom = domid_of(s);
    }
    memset(mp, 0, sizeof(*mp));
}

static void m_new_dom(unsigned int s)
{
    memset(&m[s], 0, sizeof(m[s]));
    m[s].alive = true;
    m[s].priv = s == 0;
    m[s].nvcpu = s == 0 ? 3 : 2;
    m[s].max_port = s == 1 ? 150 : NPORTS - 1;
    m[s].valid = EVTCHN_BUCKET_PORTS;
    m[s].p[0].state = ECS_RESERVED;
}

static void go_fifo(unsigned int s)
{
    struct evtchn_domain *d = dom[s];

    fx_fifo_guest_reset(d);
    for (unsigned int v = 0; v < d->nr_vcpus; v++) {
        memset(fx_frame(d, 10 + v), 0, 4096);
        assert_int_equal(fx_init_control(d, v, 10 + v, 0), 0);
    }
    memset(fx_frame(d, 30), 0, 4096);
    assert_int_equal(fx_expand(d, 30), 0);
}

static void new_dom(unsigned int s)
{
    m_new_dom(s);
    dom[s] = fx_dom(s, domid_of(s), m[s].priv, m[s].nvcpu, NPORTS,
                    m[s].max_port);
    if (fifo_mode)
        go_fifo(s);
}

/* ------------------------------------------------------------------ */
/* Invariants                                                          */

static bool pending(unsigned int s, uint32_t port)
{
    if (!fifo_mode)
        return fx_pending(dom[s], port);
    event_word_t *w = word_or_null(s, port);
    return w && (*w & FX_W(PENDING));
}

static void check_model(unsigned int s)
{
    struct evtchn_domain *d = dom[s];
    uint32_t active = 0, virqs = 0, pirqs = 0;

    assert_int_equal(d->valid_evtchns, m[s].valid);
    for (uint32_t p = 0; p < m[s].valid; p++) {
        const struct evtchn *c = &d->ports[p];
        const struct mport *mp = &m[s].p[p];

        assert_int_equal(c->state, mp->state);
        if (c->state > ECS_RESERVED)
            active++;
        switch (c->state) {
        case ECS_FREE:
            assert_int_equal(c->notify_vcpu, 0);
            /* Xen: a closed port is never left pending. */
            assert_false(pending(s, p));
            break;
        case ECS_UNBOUND:
            assert_int_equal(c->u.unbound.remote_domid, mp->udom);
            assert_int_equal(c->notify_vcpu, mp->vcpu);
            break;
        case ECS_INTERDOMAIN: {
            const struct evtchn_domain *r = c->u.interdomain.remote_dom;
            const struct evtchn *rc;

            assert_ptr_equal(r, dom[mp->rslot]);
            assert_int_equal(c->u.interdomain.remote_port, mp->rport);
            rc = &r->ports[mp->rport];
            assert_int_equal(rc->state, ECS_INTERDOMAIN);
            assert_ptr_equal(rc->u.interdomain.remote_dom, d);
            assert_int_equal(rc->u.interdomain.remote_port, p);
            assert_int_equal(c->notify_vcpu, mp->vcpu);
            break;
        }
        case ECS_VIRQ: {
            unsigned int v = evtchn_virq_is_global(c->u.virq) ? 0
                                                              : c->notify_vcpu;
            assert_int_equal(c->u.virq, mp->virq);
            assert_int_equal(d->virq_to_port[v][c->u.virq], p);
            assert_int_equal(c->notify_vcpu, mp->vcpu);
            virqs++;
            break;
        }
        case ECS_PIRQ:
            assert_int_equal(c->u.pirq.irq, mp->pirq);
            assert_int_equal(d->pirq_to_port[c->u.pirq.irq], p);
            assert_int_equal(c->notify_vcpu, mp->vcpu);
            pirqs++;
            break;
        case ECS_IPI:
            assert_int_equal(c->notify_vcpu, mp->vcpu);
            break;
        default:
            assert_true(c->state == ECS_RESERVED && p == 0);
        }
    }
    assert_int_equal(d->active_evtchns, active);
    for (unsigned int v = 0; v < EVTCHN_MAX_VCPUS; v++)
        for (unsigned int x = 0; x < NR_VIRQS; x++)
            if (d->virq_to_port[v][x])
                virqs--;
    assert_int_equal(virqs, 0);
    for (unsigned int x = 0; x < d->nr_pirqs; x++)
        if (d->pirq_to_port[x])
            pirqs--;
    assert_int_equal(pirqs, 0);
}

static void check_delivery(unsigned int s)
{
    struct evtchn_domain *d = dom[s];

    for (unsigned int v = 0; v < d->nr_vcpus; v++) {
        if (fifo_mode) {
            if (fx_cb(d, v)->ready)
                assert_int_equal(fx_upcall(d, v), 1);
        } else if (fx_sel(d, v)) {
            assert_int_equal(fx_upcall(d, v), 1);
        }
    }
    for (uint32_t p = 1; p < m[s].valid; p++) {
        if (d->ports[p].state <= ECS_RESERVED || !pending(s, p))
            continue;
        if (fifo_mode) {
            event_word_t w = *fx_word(d, p);

            if (!(w & FX_W(MASKED)))
                assert_true(w & FX_W(LINKED));
        } else if (!fx_masked(d, p)) {
            bool raised = false;

            for (unsigned int v = 0; v < d->nr_vcpus; v++)
                if ((fx_sel(d, v) >> (p / 64)) & 1)
                    raised = true;
            assert_true(raised);
        }
    }
}

static uint8_t upcall_before[NDOM][EVTCHN_MAX_VCPUS];
static unsigned int kicks_before[NDOM][EVTCHN_MAX_VCPUS];

static void snapshot(void)
{
    for (unsigned int s = 0; s < NDOM; s++) {
        /* A domain born in this step starts with no upcall, no kick. */
        memset(upcall_before[s], 0, sizeof(upcall_before[s]));
        memset(kicks_before[s], 0, sizeof(kicks_before[s]));
        if (!m[s].alive)
            continue;
        for (unsigned int v = 0; v < dom[s]->nr_vcpus; v++) {
            upcall_before[s][v] = fx_upcall(dom[s], v);
            kicks_before[s][v] = fx_kicks(dom[s], v);
        }
    }
}

/* Keel's side only ever sets upcall_pending, kicking as it does. */
static void check_kicks(void)
{
    for (unsigned int s = 0; s < NDOM; s++) {
        if (!m[s].alive)
            continue;
        for (unsigned int v = 0; v < dom[s]->nr_vcpus; v++) {
            unsigned int k = fx_kicks(dom[s], v) - kicks_before[s][v];

            if (!upcall_before[s][v] && fx_upcall(dom[s], v))
                assert_int_equal(k, 1);
            else
                assert_int_equal(k, 0);
        }
    }
}

static void check_all(void)
{
    for (unsigned int s = 0; s < NDOM; s++) {
        if (!m[s].alive)
            continue;
        check_model(s);
        check_delivery(s);
    }
}

/* ------------------------------------------------------------------ */
/* The guest's own actions                                             */

/* 2-level: Linux's upcall, on vCPU v: take the selector, handle words. */
static void guest_2l_ack(unsigned int s, unsigned int v)
{
    struct evtchn_domain *d = dom[s];
    struct shared_info *sh = d->shared;
    xen_ulong_t sel;

    d->vcpu_info[v]->evtchn_upcall_pending = 0;
    sel = __atomic_exchange_n(&d->vcpu_info[v]->evtchn_pending_sel, 0,
                              __ATOMIC_SEQ_CST);
    while (sel) {
        unsigned int w = (unsigned int)__builtin_ctzl(sel);

        sel &= sel - 1;
        __atomic_fetch_and(&sh->evtchn_pending[w], sh->evtchn_mask[w],
                           __ATOMIC_SEQ_CST);
    }
}

static void guest_consume_all(unsigned int s)
{
    evtchn_port_t got[NPORTS];

    for (unsigned int v = 0; v < dom[s]->nr_vcpus; v++)
        assert_true(fx_fifo_upcall(dom[s], v, got, NPORTS) >= 0);
}

static void guest_mask(unsigned int s, uint32_t port)
{
    if (fifo_mode) {
        event_word_t *w = word_or_null(s, port);

        if (w)
            __atomic_fetch_or(w, FX_W(MASKED), __ATOMIC_SEQ_CST);
    } else if (port < EVTCHN_2L_NR_CHANNELS) {
        fx_set_mask(dom[s], port, true);
    }
}

/* Linux's unmask: clear MASKED itself if not pending, else ask Keel. */
static void guest_unmask(unsigned int s, uint32_t port)
{
    if (fifo_mode) {
        event_word_t *w = word_or_null(s, port);

        if (w && !(*w & FX_W(PENDING))) {
            __atomic_fetch_and(w, ~FX_W(MASKED), __ATOMIC_SEQ_CST);
            return;
        }
    }
    assert_int_equal(evtchn_unmask(dom[s], port),
                     port < m[s].valid ? 0 : -EINVAL);
}

/* Drain every queue; nothing may stay linked or pending-unmasked. */
static void fifo_full_drain(unsigned int s)
{
    struct evtchn_domain *d = dom[s];

    guest_consume_all(s);
    for (unsigned int v = 0; v < d->nr_vcpus; v++)
        assert_int_equal(fx_cb(d, v)->ready, 0);
    for (uint32_t p = 0; p < d->fifo_nr_words; p++) {
        event_word_t w = *fx_word(d, p);

        assert_false(w & FX_W(LINKED));
        if (w & FX_W(PENDING))
            assert_true(w & FX_W(MASKED));
    }
}

/* ------------------------------------------------------------------ */
/* One random step                                                     */

static domid_t pick_domid(void)
{
    static const domid_t ids[] = { DOMID_SELF, 0, 1, 2, 9 };

    return ids[rnd(5)];
}

static uint32_t pick_port(unsigned int s)
{
    return rnd(m[s].valid + 8);
}

static void check_sent(unsigned int s, uint32_t port)
{
    struct mport *mp = &m[s].p[port];

    if (mp->state == ECS_INTERDOMAIN)
        assert_true(pending(mp->rslot, mp->rport));
    else if (mp->state == ECS_IPI)
        assert_true(pending(s, port));
}

static void step(void)
{
    unsigned int c = rnd(NDOM);
    struct evtchn_domain *cur = dom[c];
    int rc, want, t, p;

    if (!m[c].alive) {
        if (rnd(4) == 0)
            new_dom(c);
        return;
    }

    switch (rnd(22)) {
    case 0:
    case 1: {               /* alloc_unbound */
        domid_t dd = pick_domid(), rd = pick_domid();

        t = m_lookup(c, dd);
        if (t < 0) {
            want = -ESRCH;
        } else if ((p = m_alloc((unsigned int)t)) < 0) {
            want = p;
        } else if (t != (int)c && !m[c].priv) {
            want = -EPERM;
        } else {
            struct mport *mp = &m[t].p[p];

            want = p;
            mp->state = ECS_UNBOUND;
            mp->udom = rd == DOMID_SELF ? domid_of(c) : rd;
        }
        rc = fx_alloc_unbound(cur, dd, rd);
        assert_int_equal(rc, want);
        break;
    }
    case 2:
    case 3: {               /* bind_interdomain */
        domid_t rd = pick_domid();
        uint32_t rport;
        int r = m_lookup(c, rd);

        rport = r >= 0 ? pick_port((unsigned int)r) : rnd(70);
        /* Prefer ports that are likely to work. */
        if (r >= 0 && rnd(2))
            for (uint32_t q = 1; q < m[r].valid; q++)
                if (m[r].p[q].state == ECS_UNBOUND &&
                    m[r].p[q].udom == domid_of(c)) {
                    rport = q;
                    break;
                }
        if (r < 0) {
            want = -ESRCH;
        } else if ((p = m_alloc(c)) < 0) {
            want = p;
        } else if (rport >= m[r].valid ||
                   m[r].p[rport].state != ECS_UNBOUND ||
                   m[r].p[rport].udom != domid_of(c)) {
            want = -EINVAL;
        } else {
            want = p;
            m[c].p[p] = (struct mport){ .state = ECS_INTERDOMAIN,
                                        .rslot = (uint8_t)r, .rport = rport };
            m[r].p[rport].state = ECS_INTERDOMAIN;
            m[r].p[rport].rslot = (uint8_t)c;
            m[r].p[rport].rport = (uint32_t)p;
        }
        rc = fx_bind_interdomain(cur, rd, rport);
        assert_int_equal(rc, want);
        if (rc > 0)
            assert_true(pending(c, (uint32_t)rc));
        break;
    }
    case 4: {               /* bind_virq */
        uint32_t virq = rnd(NR_VIRQS + 2), v = rnd(m[c].nvcpu + 1);
        bool global = evtchn_virq_is_global(virq);

        if (virq >= NR_VIRQS || (global && v != 0)) {
            want = -EINVAL;
        } else if (v >= m[c].nvcpu) {
            want = -ENOENT;
        } else {
            want = 0;
            for (uint32_t q = 1; q < m[c].valid; q++)
                if (m[c].p[q].state == ECS_VIRQ && m[c].p[q].virq == virq &&
                    (global || m[c].p[q].vcpu == v))
                    want = -EEXIST;
            if (!want) {
                want = m_alloc(c);
                if (want > 0)
                    m[c].p[want] = (struct mport){ .state = ECS_VIRQ,
                                                   .virq = virq,
                                                   .vcpu = (uint16_t)v };
            }
        }
        assert_int_equal(fx_bind_virq(cur, virq, v), want);
        break;
    }
    case 5: {               /* bind_ipi */
        uint32_t v = rnd(m[c].nvcpu + 1);

        if (v >= m[c].nvcpu) {
            want = -ENOENT;
        } else {
            want = m_alloc(c);
            if (want > 0)
                m[c].p[want] = (struct mport){ .state = ECS_IPI,
                                               .vcpu = (uint16_t)v };
        }
        assert_int_equal(fx_bind_ipi(cur, v), want);
        break;
    }
    case 6: {               /* bind_pirq */
        uint32_t pirq = rnd(FX_NR_PIRQS + 4);

        if (pirq >= FX_NR_PIRQS) {
            want = -EINVAL;
        } else if (!m[c].priv) {
            want = -EPERM;
        } else {
            want = 0;
            for (uint32_t q = 1; q < m[c].valid; q++)
                if (m[c].p[q].state == ECS_PIRQ && m[c].p[q].pirq == pirq)
                    want = -EEXIST;
            if (!want) {
                want = m_alloc(c);
                if (want > 0)
                    m[c].p[want] = (struct mport){ .state = ECS_PIRQ,
                                                   .pirq = pirq };
            }
        }
        assert_int_equal(fx_bind_pirq(cur, pirq, 0), want);
        break;
    }
    case 7:
    case 8: {               /* close */
        uint32_t port = pick_port(c);

        if (port >= m[c].valid || m[c].p[port].state <= ECS_RESERVED) {
            want = -EINVAL;
        } else {
            want = 0;
            m_free(c, port);
        }
        assert_int_equal(evtchn_close(cur, port), want);
        break;
    }
    case 9:
    case 10:
    case 11: {              /* send */
        uint32_t port = pick_port(c);
        uint8_t st = port < m[c].valid ? m[c].p[port].state : ECS_FREE;

        want = port < m[c].valid &&
               (st == ECS_INTERDOMAIN || st == ECS_IPI || st == ECS_UNBOUND)
                   ? 0 : -EINVAL;
        assert_int_equal(evtchn_send(cur, port), want);
        if (want == 0)
            check_sent(c, port);
        break;
    }
    case 12:                /* guest unmask */
        guest_unmask(c, pick_port(c));
        break;
    case 13:                /* guest mask */
        guest_mask(c, pick_port(c));
        break;
    case 14:
    case 15:                /* guest handles events */
        if (fifo_mode)
            guest_consume_all(c);
        else
            guest_2l_ack(c, rnd(m[c].nvcpu));
        break;
    case 16: {              /* bind_vcpu */
        uint32_t port = pick_port(c), v = rnd(m[c].nvcpu + 1);
        struct mport *mp = &m[c].p[port < NPORTS ? port : 0];

        if (v >= m[c].nvcpu) {
            want = -ENOENT;
        } else if (port >= m[c].valid) {
            want = -EINVAL;
        } else if ((mp->state == ECS_VIRQ && evtchn_virq_is_global(mp->virq)) ||
                   mp->state == ECS_UNBOUND || mp->state == ECS_INTERDOMAIN ||
                   mp->state == ECS_PIRQ) {
            want = 0;
            mp->vcpu = (uint16_t)v;
        } else {
            want = -EINVAL;
        }
        assert_int_equal(evtchn_bind_vcpu(cur, port, v), want);
        break;
    }
    case 17: {              /* status */
        domid_t dd = pick_domid();
        uint32_t port;
        struct evtchn_status st = { .dom = dd };

        t = m_lookup(c, dd);
        port = t >= 0 ? pick_port((unsigned int)t) : 1;
        st.port = port;
        if (t < 0)
            want = -ESRCH;
        else if (port >= m[t].valid)
            want = -EINVAL;
        else if (t != (int)c && !m[c].priv)
            want = -EPERM;
        else
            want = 0;
        assert_int_equal(evtchn_status(cur, &st), want);
        if (want == 0) {
            const struct mport *mp = &m[t].p[port];
            static const uint32_t stat[] = {
                [ECS_FREE] = EVTCHNSTAT_closed,
                [ECS_RESERVED] = EVTCHNSTAT_closed,
                [ECS_UNBOUND] = EVTCHNSTAT_unbound,
                [ECS_INTERDOMAIN] = EVTCHNSTAT_interdomain,
                [ECS_PIRQ] = EVTCHNSTAT_pirq,
                [ECS_VIRQ] = EVTCHNSTAT_virq,
                [ECS_IPI] = EVTCHNSTAT_ipi,
            };
            assert_int_equal(st.status, stat[mp->state]);
            assert_int_equal(st.vcpu, mp->vcpu);
            if (mp->state == ECS_UNBOUND)
                assert_int_equal(st.u.unbound.dom, mp->udom);
            if (mp->state == ECS_INTERDOMAIN) {
                assert_int_equal(st.u.interdomain.dom, domid_of(mp->rslot));
                assert_int_equal(st.u.interdomain.port, mp->rport);
            }
            if (mp->state == ECS_VIRQ)
                assert_int_equal(st.u.virq, mp->virq);
            if (mp->state == ECS_PIRQ)
                assert_int_equal(st.u.pirq, mp->pirq);
        }
        break;
    }
    case 18: {              /* Keel raises a VIRQ or PIRQ */
        uint32_t virq = rnd(NR_VIRQS), v = rnd(m[c].nvcpu);

        if (evtchn_virq_is_global(virq))
            evtchn_send_global_virq(cur, virq);
        else
            evtchn_send_vcpu_virq(cur, v, virq);
        for (uint32_t q = 1; q < m[c].valid; q++)
            if (m[c].p[q].state == ECS_VIRQ && m[c].p[q].virq == virq &&
                (evtchn_virq_is_global(virq) || m[c].p[q].vcpu == v))
                assert_true(pending(c, q));
        uint32_t pirq = rnd(FX_NR_PIRQS);
        evtchn_send_pirq(cur, pirq);
        for (uint32_t q = 1; q < m[c].valid; q++)
            if (m[c].p[q].state == ECS_PIRQ && m[c].p[q].pirq == pirq)
                assert_true(pending(c, q));
        break;
    }
    case 19:                /* reset, now and then */
        if (rnd(20))
            break;
        for (uint32_t q = 1; q < m[c].valid; q++)
            if (m[c].p[q].state > ECS_RESERVED)
                m_free(c, q);
        assert_int_equal(evtchn_reset(cur, DOMID_SELF, false), 0);
        if (fifo_mode) {
            assert_int_equal(cur->abi, EVTCHN_ABI_2L);
            assert_int_equal(fx_frames_mapped(cur), 0);
            go_fifo(c);
        }
        break;
    case 20:                /* death, now and then */
        if (rnd(40))
            break;
        for (uint32_t q = 1; q < m[c].valid; q++)
            if (m[c].p[q].state > ECS_RESERVED)
                m_free(c, q);
        assert_int_equal(evtchn_destroy(cur, false), 0);
        assert_int_equal(cur->active_evtchns, 0);
        assert_int_equal(fx_frames_mapped(cur), 0);
        fx_remove(cur);
        m[c].alive = false;
        break;
    case 21:                /* FIFO: the guest drains everything */
        if (fifo_mode) {
            /* Unmask all first, as Linux would before a full drain. */
            for (uint32_t q = 1; q < m[c].valid; q++)
                guest_unmask(c, q);
            /* (The drain then takes the upcalls those raised.) */
            check_kicks();
            check_all();
            snapshot();
            fifo_full_drain(c);
        }
        break;
    }
}

static void run(uint64_t seed, bool fifo)
{
    fifo_mode = fifo;
    rng = seed;
    for (unsigned int s = 0; s < NDOM; s++)
        new_dom(s);
    for (unsigned int i = 0; i < STEPS; i++) {
        snapshot();
        step();
        check_kicks();
        check_all();
    }
    /* The end: everyone dies, in turn; nothing is left mapped. */
    for (unsigned int s = 0; s < NDOM; s++) {
        if (!m[s].alive)
            continue;
        for (uint32_t q = 1; q < m[s].valid; q++)
            if (m[s].p[q].state > ECS_RESERVED)
                m_free(s, q);
        assert_int_equal(evtchn_destroy(dom[s], true), 0);
        fx_remove(dom[s]);
        m[s].alive = false;
        assert_int_equal(fx_frames_mapped(dom[s]), 0);
        check_all();
    }
}

static void test_random_2l(void **state)
{
    (void)state;
    run(0x2121212121212121ull, false);
    fx_teardown(state);
    fx_setup(state);
    run(0x9e3779b97f4a7c15ull, false);
}

static void test_random_fifo(void **state)
{
    (void)state;
    run(0xf1f0f1f0deadbeefull, true);
    fx_teardown(state);
    fx_setup(state);
    run(0x123456789abcdefull, true);
}

/* ------------------------------------------------------------------ */
/* A guest thread against Keel's side                                  */

#define CONC_PORTS 40
#define CONC_SENDS 200000

static pthread_mutex_t event_lock = PTHREAD_MUTEX_INITIALIZER;
static int keel_done;
static int guest_error;
static unsigned long handled;
static unsigned long guest_rounds;    /* the guest's loop count */

/* Linux's clear_masked_cond(): false if Keel must be asked (pending). */
static bool guest_clear_masked(event_word_t *word)
{
    event_word_t w = __atomic_load_n(word, __ATOMIC_SEQ_CST), old, new;

    for (;;) {
        if (!(w & FX_W(MASKED)))
            return true;
        if (w & FX_W(PENDING))
            return false;
        old = w & ~FX_W(BUSY);
        new = old & ~FX_W(MASKED);
        w = old;
        if (__atomic_compare_exchange_n(word, &w, new, false,
                                        __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
            return true;
    }
}

static void *guest_thread(void *arg)
{
    struct evtchn_domain *d = arg;
    uint64_t g = 0x51ed270b27f1a9c3ull;
    evtchn_port_t got[CONC_PORTS * 4];
    bool masked[CONC_PORTS + 1] = { false };

    for (;;) {
        bool done = __atomic_load_n(&keel_done, __ATOMIC_SEQ_CST);
        int total = 0;

        __atomic_fetch_add(&guest_rounds, 1, __ATOMIC_SEQ_CST);
        for (unsigned int v = 0; v < d->nr_vcpus; v++) {
            int n = fx_fifo_upcall(d, v, got, CONC_PORTS * 4);

            if (n < 0) {
                __atomic_store_n(&guest_error, 1, __ATOMIC_SEQ_CST);
                return NULL;
            }
            total += n;
        }
        handled += (unsigned long)total;

        /* Mask and unmask ports as a driver would; at the end, unmask all. */
        bool unmasked = false;

        for (unsigned int k = 0; k < (done ? CONC_PORTS : 1); k++) {
            unsigned int p = done ? k + 1 : 1 + (unsigned int)(xorshift64(&g) %
                                                              CONC_PORTS);
            event_word_t *w = d->fifo_array[0] + p;

            if (!done && !masked[p] && xorshift64(&g) % 8 == 0) {
                __atomic_fetch_or(w, FX_W(MASKED), __ATOMIC_SEQ_CST);
                masked[p] = true;
            } else if (masked[p] && (done || xorshift64(&g) % 2 == 0)) {
                if (!guest_clear_masked(w)) {
                    pthread_mutex_lock(&event_lock);
                    evtchn_unmask(d, p);
                    pthread_mutex_unlock(&event_lock);
                }
                masked[p] = false;
                unmasked = true;
            }
        }

        /* Keel is done, nothing was left to handle or to unmask: stop. */
        if (done && total == 0 && !unmasked)
            return NULL;
    }
}

static void test_fifo_concurrent_guest(void **state)
{
    (void)state;
    struct evtchn_domain *d = fx_dom(0, 0, true, 2, 256, 255);
    pthread_t guest;
    uint64_t r = 0xc0ffee;

    for (unsigned int v = 0; v < 2; v++)
        assert_int_equal(fx_init_control(d, v, 10 + v, 0), 0);
    assert_int_equal(fx_expand(d, 30), 0);
    /* IPIs on both vCPUs, and loopback pairs that can move. */
    for (unsigned int i = 1; i <= CONC_PORTS / 2; i++)
        assert_int_equal(fx_bind_ipi(d, i % 2), (int)i);
    for (unsigned int i = 0; i < CONC_PORTS / 4; i++) {
        int a = fx_alloc_unbound(d, DOMID_SELF, DOMID_SELF);
        assert_int_equal(fx_bind_interdomain(d, DOMID_SELF, (evtchn_port_t)a),
                         a + 1);
    }

    keel_done = 0;
    guest_error = 0;
    handled = 0;
    guest_rounds = 0;
    assert_int_equal(pthread_create(&guest, NULL, guest_thread, d), 0);
    for (unsigned int i = 0; i < CONC_SENDS; i++) {
        evtchn_port_t p = 1 + (evtchn_port_t)(xorshift64(&r) % CONC_PORTS);
        unsigned int what = (unsigned int)(xorshift64(&r) % 64);

        /* Let the guest run between bursts, whatever the scheduler does. */
        if (i % 32 == 0) {
            unsigned long seen = __atomic_load_n(&guest_rounds,
                                                 __ATOMIC_SEQ_CST);

            while (__atomic_load_n(&guest_rounds, __ATOMIC_SEQ_CST) == seen)
                sched_yield();
        }
        pthread_mutex_lock(&event_lock);
        if (what == 0) {
            struct evtchn_set_priority sp = {
                .port = p, .priority = (uint32_t)(xorshift64(&r) % 16) };
            assert_int_equal(evtchn_set_priority(d, &sp), 0);
        } else if (what == 1 && p > CONC_PORTS / 2) {
            uint32_t v = (uint32_t)(xorshift64(&r) % 2);

            assert_int_equal(evtchn_bind_vcpu(d, p, v), 0);
        } else {
            assert_int_equal(evtchn_send(d, p), 0);
        }
        pthread_mutex_unlock(&event_lock);
    }
    __atomic_store_n(&keel_done, 1, __ATOMIC_SEQ_CST);
    assert_int_equal(pthread_join(guest, NULL), 0);
    assert_int_equal(guest_error, 0);
    print_message("guest handled %lu events\n", handled);
    assert_true(handled > 1000);

    /* Nothing lost: no event is left pending, nothing linked. */
    for (unsigned int v = 0; v < 2; v++)
        assert_int_equal(fx_cb(d, v)->ready, 0);
    for (evtchn_port_t p = 0; p < 1024; p++) {
        event_word_t w = *fx_word(d, p);

        assert_int_equal(w & (FX_W(PENDING) | FX_W(LINKED) | FX_W(BUSY) |
                              FX_W(MASKED)), 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)
        T(test_random_2l),
        T(test_random_fifo),
        T(test_fifo_concurrent_guest),
#undef T
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
