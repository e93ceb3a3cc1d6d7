/* Fake domains for the event-channel tests: see evtchn_fixture.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "keel/errno.h"
#include "evtchn_fixture.h"

struct fx_state fx;

static struct evtchn_domain *h_domain_by_id(void *ctx, domid_t domid)
{
    (void)ctx;
    for (unsigned int i = 0; i < FX_MAX_DOMS; i++)
        if (fx.dom[i].live && fx.dom[i].ed.domid == domid)
            return &fx.dom[i].ed;
    return NULL;
}

static void h_kick(void *ctx, struct evtchn_domain *d, unsigned int vcpu)
{
    (void)ctx;
    assert_true(vcpu < d->nr_vcpus);
    fx_of(d)->kicks[vcpu]++;
}

static void h_poll_wake(void *ctx, struct evtchn_domain *d, evtchn_port_t port)
{
    (void)ctx;
    (void)d;
    fx.polls++;
    fx.last_poll = port;
}

static int h_map(void *ctx, struct evtchn_domain *d, uint64_t gfn, void **va)
{
    struct fx_dom *f = fx_of(d);

    (void)ctx;
    if (fx.map_error) {
        int rc = fx.map_error;

        fx.map_error = 0;
        return rc;
    }
    if (gfn >= FX_FRAMES || f->frame_bad[gfn])
        return -EINVAL;
    *va = fx_frame(d, (unsigned int)gfn);
    f->frame_maps[gfn]++;
    return 0;
}

static void h_unmap(void *ctx, struct evtchn_domain *d, void *va)
{
    struct fx_dom *f = fx_of(d);

    (void)ctx;
    for (unsigned int i = 0; i < FX_FRAMES; i++) {
        if (f->frames[i] == va) {
            assert_true(f->frame_maps[i] > 0);
            f->frame_maps[i]--;
            return;
        }
    }
    fail_msg("unmap of an address that is no frame's: %p", va);
}

static void log_pirq(char what, struct evtchn_domain *d, uint32_t pirq,
                     unsigned int vcpu, bool will_share)
{
    if (fx.n_pirq_log < FX_MAX_LOG)
        fx.pirq_log[fx.n_pirq_log] = (struct fx_pirq_call){
            .what = what, .domid = d->domid, .pirq = pirq, .vcpu = vcpu,
            .will_share = will_share,
        };
    fx.n_pirq_log++;
}

static bool h_pirq_permitted(void *ctx, struct evtchn_domain *d, uint32_t pirq)
{
    (void)ctx;
    (void)d;
    (void)pirq;
    return fx.pirq_permit;
}

static int h_pirq_bind(void *ctx, struct evtchn_domain *d, uint32_t pirq,
                       unsigned int vcpu, bool will_share)
{
    (void)ctx;
    log_pirq('b', d, pirq, vcpu, will_share);
    return fx.pirq_bind_rc;
}

static void h_pirq_unbind(void *ctx, struct evtchn_domain *d, uint32_t pirq)
{
    (void)ctx;
    log_pirq('u', d, pirq, 0, false);
}

static void h_pirq_affinity(void *ctx, struct evtchn_domain *d, uint32_t pirq,
                            unsigned int vcpu)
{
    (void)ctx;
    log_pirq('a', d, pirq, vcpu, false);
}

static bool h_preempt(void *ctx)
{
    (void)ctx;
    if (!fx.preempt_every)
        return false;
    return ++fx.preempt_calls % fx.preempt_every == 0;
}

int fx_setup(void **state)
{
    (void)state;
    memset(&fx, 0, sizeof(fx));
    fx.hooks = (struct evtchn_hooks){
        .ctx = &fx,
        .domain_by_id = h_domain_by_id,
        .kick_vcpu = h_kick,
        .poll_wake = h_poll_wake,
        .map_guest_frame = h_map,
        .unmap_guest_frame = h_unmap,
        .pirq_bind = h_pirq_bind,
        .pirq_unbind = h_pirq_unbind,
        .pirq_set_affinity = h_pirq_affinity,
        .preempt_check = h_preempt,
    };
    return 0;
}

int fx_teardown(void **state)
{
    (void)state;
    for (unsigned int i = 0; i < FX_MAX_DOMS; i++) {
        struct fx_dom *f = &fx.dom[i];

        free(f->shared);
        free(f->ports);
        for (unsigned int g = 0; g < FX_FRAMES; g++)
            free(f->frames[g]);
    }
    memset(&fx, 0, sizeof(fx));
    return 0;
}

struct fx_dom *fx_of(const struct evtchn_domain *d)
{
    return (struct fx_dom *)((char *)d - offsetof(struct fx_dom, ed));
}

struct evtchn_domain *fx_dom(unsigned int slot, uint16_t domid, bool privileged,
                             unsigned int nr_vcpus, uint32_t nr_ports,
                             uint32_t max_evtchn_port)
{
    struct fx_dom *f = &fx.dom[slot];
    struct evtchn_domain *d = &f->ed;

    assert_true(slot < FX_MAX_DOMS);
    fx.hooks.pirq_permitted = fx.pirq_use_permit_hook ? h_pirq_permitted : NULL;
    if (!f->shared) {
        f->shared = aligned_alloc(4096, 4096);
        assert_non_null(f->shared);
    }
    memset(f->shared, 0, 4096);
    free(f->ports);
    f->ports = malloc(nr_ports * sizeof(*f->ports));
    assert_non_null(f->ports);
    memset(f->ports, 0xa5, nr_ports * sizeof(*f->ports));
    memset(f->pirq_map, 0xa5, sizeof(f->pirq_map));
    memset(f->kicks, 0, sizeof(f->kicks));
    memset(f->guest_head, 0, sizeof(f->guest_head));

    memset(d, 0xa5, sizeof(*d));    /* private part: init must set it */
    d->domid = domid;
    d->privileged = privileged;
    d->target = NULL;
    d->shared = f->shared;
    d->nr_vcpus = nr_vcpus;
    for (unsigned int v = 0; v < EVTCHN_MAX_VCPUS; v++)
        d->vcpu_info[v] = v < nr_vcpus ? &f->shared->vcpu_info[v] : NULL;
    d->ports = f->ports;
    d->nr_ports = nr_ports;
    d->max_evtchn_port = max_evtchn_port;
    d->pirq_to_port = f->pirq_map;
    d->nr_pirqs = FX_NR_PIRQS;
    d->hooks = &fx.hooks;
    d->controller_paused = false;
    assert_int_equal(evtchn_domain_init(d), 0);
    f->live = true;
    return d;
}

void fx_three(struct evtchn_domain **d0, struct evtchn_domain **d1,
              struct evtchn_domain **d2)
{
    *d0 = fx_dom(0, 0, true, 2, 4096, INT32_MAX);
    *d1 = fx_dom(1, 1, false, 2, 4096, 1023);
    if (d2)
        *d2 = fx_dom(2, 2, false, 2, 4096, 1023);
}

void fx_remove(struct evtchn_domain *d)
{
    fx_of(d)->live = false;
}

int fx_frames_mapped(const struct evtchn_domain *d)
{
    const struct fx_dom *f = fx_of(d);
    int n = 0;

    for (unsigned int i = 0; i < FX_FRAMES; i++)
        n += f->frame_maps[i];
    return n;
}

void *fx_frame(struct evtchn_domain *d, unsigned int gfn)
{
    struct fx_dom *f = fx_of(d);

    assert_true(gfn < FX_FRAMES);
    if (!f->frames[gfn]) {
        f->frames[gfn] = aligned_alloc(4096, 4096);
        assert_non_null(f->frames[gfn]);
        memset(f->frames[gfn], 0, 4096);
    }
    return f->frames[gfn];
}

int fx_alloc_unbound(struct evtchn_domain *cur, domid_t dom, domid_t remote)
{
    struct evtchn_alloc_unbound a = { .dom = dom, .remote_dom = remote,
                                      .port = 0xdead };
    int rc = evtchn_alloc_unbound(cur, &a);

    if (rc)
        return rc;
    return (int)a.port;
}

int fx_bind_interdomain(struct evtchn_domain *cur, domid_t rdom,
                        evtchn_port_t rport)
{
    struct evtchn_bind_interdomain b = { .remote_dom = rdom,
                                         .remote_port = rport,
                                         .local_port = 0xdead };
    int rc = evtchn_bind_interdomain(cur, &b);

    return rc ? rc : (int)b.local_port;
}

int fx_bind_virq(struct evtchn_domain *cur, uint32_t virq, uint32_t vcpu)
{
    struct evtchn_bind_virq b = { .virq = virq, .vcpu = vcpu, .port = 0xdead };
    int rc = evtchn_bind_virq(cur, &b);

    return rc ? rc : (int)b.port;
}

int fx_bind_ipi(struct evtchn_domain *cur, uint32_t vcpu)
{
    struct evtchn_bind_ipi b = { .vcpu = vcpu, .port = 0xdead };
    int rc = evtchn_bind_ipi(cur, &b);

    return rc ? rc : (int)b.port;
}

int fx_bind_pirq(struct evtchn_domain *cur, uint32_t pirq, uint32_t flags)
{
    struct evtchn_bind_pirq b = { .pirq = pirq, .flags = flags,
                                  .port = 0xdead };
    int rc = evtchn_bind_pirq(cur, &b);

    return rc ? rc : (int)b.port;
}

int fx_status_rc(struct evtchn_domain *cur, domid_t dom, evtchn_port_t port)
{
    struct evtchn_status s = { .dom = dom, .port = port };

    return evtchn_status(cur, &s);
}

struct evtchn_status fx_status(struct evtchn_domain *cur, domid_t dom,
                               evtchn_port_t port)
{
    struct evtchn_status s;

    memset(&s, 0, sizeof(s));
    s.dom = dom;
    s.port = port;
    assert_int_equal(evtchn_status(cur, &s), 0);
    return s;
}

#define BPW (8 * sizeof(xen_ulong_t))

bool fx_pending(const struct evtchn_domain *d, evtchn_port_t port)
{
    return (d->shared->evtchn_pending[port / BPW] >> (port % BPW)) & 1;
}

bool fx_masked(const struct evtchn_domain *d, evtchn_port_t port)
{
    return (d->shared->evtchn_mask[port / BPW] >> (port % BPW)) & 1;
}

void fx_set_mask(struct evtchn_domain *d, evtchn_port_t port, bool on)
{
    xen_ulong_t m = (xen_ulong_t)1 << (port % BPW);

    if (on)
        d->shared->evtchn_mask[port / BPW] |= m;
    else
        d->shared->evtchn_mask[port / BPW] &= ~m;
}

void fx_clear_pending(struct evtchn_domain *d, evtchn_port_t port)
{
    d->shared->evtchn_pending[port / BPW] &= ~((xen_ulong_t)1 << (port % BPW));
}

xen_ulong_t fx_sel(const struct evtchn_domain *d, unsigned int vcpu)
{
    return d->vcpu_info[vcpu]->evtchn_pending_sel;
}

uint8_t fx_upcall(const struct evtchn_domain *d, unsigned int vcpu)
{
    return d->vcpu_info[vcpu]->evtchn_upcall_pending;
}

void fx_ack(struct evtchn_domain *d, unsigned int vcpu)
{
    d->vcpu_info[vcpu]->evtchn_upcall_pending = 0;
    d->vcpu_info[vcpu]->evtchn_pending_sel = 0;
}

unsigned int fx_kicks(const struct evtchn_domain *d, unsigned int vcpu)
{
    return fx_of(d)->kicks[vcpu];
}

int fx_init_control(struct evtchn_domain *d, unsigned int vcpu,
                    unsigned int gfn, uint32_t offset)
{
    struct evtchn_init_control ic = { .control_gfn = gfn, .offset = offset,
                                      .vcpu = vcpu };

    return evtchn_init_control(d, &ic);
}

int fx_expand(struct evtchn_domain *d, unsigned int gfn)
{
    struct evtchn_expand_array ea = { .array_gfn = gfn };

    return evtchn_expand_array(d, &ea);
}

event_word_t *fx_word(struct evtchn_domain *d, evtchn_port_t port)
{
    assert_true(port < d->fifo_nr_words);
    return d->fifo_array[port / EVTCHN_FIFO_WORDS_PER_PAGE] +
           port % EVTCHN_FIFO_WORDS_PER_PAGE;
}

struct evtchn_fifo_control_block *fx_cb(struct evtchn_domain *d,
                                        unsigned int vcpu)
{
    assert_non_null(d->fifo_vcpu[vcpu].control_block);
    return d->fifo_vcpu[vcpu].control_block;
}

/* Linux's clear_linked(): unlink word, giving the LINK it had. */
static uint32_t guest_clear_linked(event_word_t *word)
{
    event_word_t w = __atomic_load_n(word, __ATOMIC_SEQ_CST), new;

    do {
        new = w & ~(FX_W(LINKED) | EVTCHN_FIFO_LINK_MASK);
    } while (!__atomic_compare_exchange_n(word, &w, new, false,
                                          __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
    return w & EVTCHN_FIFO_LINK_MASK;
}

int fx_fifo_upcall(struct evtchn_domain *d, unsigned int vcpu,
                   evtchn_port_t *out, int max)
{
    struct fx_dom *f = fx_of(d);
    struct evtchn_fifo_control_block *cb = d->fifo_vcpu[vcpu].control_block;
    uint32_t ready;
    int n = 0, steps = 0;

    if (!cb)
        return 0;
    __atomic_store_n(&d->vcpu_info[vcpu]->evtchn_upcall_pending, 0,
                     __ATOMIC_SEQ_CST);
    ready = __atomic_exchange_n(&cb->ready, 0, __ATOMIC_SEQ_CST);
    while (ready) {
        unsigned int q = (unsigned int)__builtin_ctz(ready);
        evtchn_port_t head = f->guest_head[vcpu][q], port;
        event_word_t *word;

        if (head == 0)
            head = __atomic_load_n(&cb->head[q], __ATOMIC_SEQ_CST);
        port = head;
        if (port == 0 || port >= d->fifo_nr_words || ++steps > 1000000)
            return -1;
        word = d->fifo_array[port / EVTCHN_FIFO_WORDS_PER_PAGE] +
               port % EVTCHN_FIFO_WORDS_PER_PAGE;
        head = guest_clear_linked(word);
        if (head == 0)
            ready &= ~(1u << q);
        {
            event_word_t w = __atomic_load_n(word, __ATOMIC_SEQ_CST);

            if ((w & FX_W(PENDING)) && !(w & FX_W(MASKED))) {
                __atomic_fetch_and(word, ~FX_W(PENDING), __ATOMIC_SEQ_CST);
                if (n < max)
                    out[n] = port;
                n++;
            }
        }
        f->guest_head[vcpu][q] = head;
        ready |= __atomic_exchange_n(&cb->ready, 0, __ATOMIC_SEQ_CST);
    }
    return n;
}

void fx_fifo_guest_reset(struct evtchn_domain *d)
{
    memset(fx_of(d)->guest_head, 0, sizeof(fx_of(d)->guest_head));
}
