/*
 * Fake domains for the event-channel tests (test_evtchn*.c): each has a
 * shared_info page, a port array (filled with garbage before init, so any
 * reliance on the caller zeroing it shows), a PIRQ table and a pool of
 * 4 KiB guest frames for the FIFO ABI; the hooks log kicks, poll wakes
 * and PIRQ calls, and count frame mappings so that leaks show.
 */
#ifndef KEEL_TEST_EVTCHN_FIXTURE_H
#define KEEL_TEST_EVTCHN_FIXTURE_H

#include <stdbool.h>
#include <stdint.h>

#include "keel/evtchn.h"

#define FX_MAX_DOMS  4
#define FX_FRAMES    160      /* guest frames per domain (gfn 0..159) */
#define FX_NR_PIRQS  32
#define FX_MAX_LOG   64

struct fx_dom {
    struct evtchn_domain ed;
    bool live;                   /* found by domain_by_id */
    struct shared_info *shared;  /* a 4 KiB page */
    struct evtchn *ports;
    uint32_t pirq_map[FX_NR_PIRQS];
    void *frames[FX_FRAMES];     /* allocated on first map */
    int frame_maps[FX_FRAMES];   /* mappings held */
    bool frame_bad[FX_FRAMES];   /* map gives -EINVAL */
    unsigned int kicks[EVTCHN_MAX_VCPUS];
    /* The FIFO guest's own copy of each queue's head (Linux's q->head). */
    evtchn_port_t guest_head[EVTCHN_MAX_VCPUS][EVTCHN_FIFO_MAX_QUEUES];
};

struct fx_pirq_call {
    char what;                   /* 'b'ind, 'u'nbind, 'a'ffinity */
    uint16_t domid;
    uint32_t pirq;
    unsigned int vcpu;
    bool will_share;
};

struct fx_state {
    struct fx_dom dom[FX_MAX_DOMS];
    struct evtchn_hooks hooks;
    unsigned int polls;          /* poll_wake calls */
    evtchn_port_t last_poll;
    int map_error;               /* if non-zero, the next map fails with it */
    unsigned int preempt_every;  /* preempt_check says yes every n-th call */
    unsigned int preempt_calls;
    bool pirq_use_permit_hook;   /* install pirq_permitted */
    bool pirq_permit;            /* its answer */
    int pirq_bind_rc;            /* what pirq_bind returns */
    struct fx_pirq_call pirq_log[FX_MAX_LOG];  /* the first FX_MAX_LOG */
    unsigned int n_pirq_log;                  /* calls, all counted */
};

extern struct fx_state fx;

/* Reset everything (cmocka setup) / free everything (teardown). */
int fx_setup(void **state);
int fx_teardown(void **state);

/*
 * A domain in slot `slot` with id domid, nr_vcpus vCPUs, an array of
 * nr_ports ports and Xen's max_evtchn_port; initialised and live.
 */
struct evtchn_domain *fx_dom(unsigned int slot, uint16_t domid, bool privileged,
                             unsigned int nr_vcpus, uint32_t nr_ports,
                             uint32_t max_evtchn_port);
/* The usual three: dom0 (privileged), dom1, dom2; 2 vCPUs, 4096 ports. */
void fx_three(struct evtchn_domain **d0, struct evtchn_domain **d1,
              struct evtchn_domain **d2);
struct fx_dom *fx_of(const struct evtchn_domain *d);
/* Domain d disappears from domain_by_id (after evtchn_destroy). */
void fx_remove(struct evtchn_domain *d);
/* Mappings d still holds on its frames. */
int fx_frames_mapped(const struct evtchn_domain *d);
/* Guest frame gfn of d (allocated if new). */
void *fx_frame(struct evtchn_domain *d, unsigned int gfn);

/* Ops with the port as result, or -E*. */
int fx_alloc_unbound(struct evtchn_domain *cur, domid_t dom, domid_t remote);
int fx_bind_interdomain(struct evtchn_domain *cur, domid_t rdom,
                        evtchn_port_t rport);
int fx_bind_virq(struct evtchn_domain *cur, uint32_t virq, uint32_t vcpu);
int fx_bind_ipi(struct evtchn_domain *cur, uint32_t vcpu);
int fx_bind_pirq(struct evtchn_domain *cur, uint32_t pirq, uint32_t flags);
/* Status of (dom, port) as seen by cur; asserts it succeeds. */
struct evtchn_status fx_status(struct evtchn_domain *cur, domid_t dom,
                               evtchn_port_t port);
int fx_status_rc(struct evtchn_domain *cur, domid_t dom, evtchn_port_t port);

/* 2-level words as the guest sees them. */
bool fx_pending(const struct evtchn_domain *d, evtchn_port_t port);
bool fx_masked(const struct evtchn_domain *d, evtchn_port_t port);
void fx_set_mask(struct evtchn_domain *d, evtchn_port_t port, bool on);
void fx_clear_pending(struct evtchn_domain *d, evtchn_port_t port);
xen_ulong_t fx_sel(const struct evtchn_domain *d, unsigned int vcpu);
uint8_t fx_upcall(const struct evtchn_domain *d, unsigned int vcpu);
/* The guest's acknowledgement of vCPU v's upcall: clear it and sel. */
void fx_ack(struct evtchn_domain *d, unsigned int vcpu);
unsigned int fx_kicks(const struct evtchn_domain *d, unsigned int vcpu);

/* FIFO: give vCPU vcpu a control block in frame gfn at offset; 0 or -E*. */
int fx_init_control(struct evtchn_domain *d, unsigned int vcpu,
                    unsigned int gfn, uint32_t offset);
int fx_expand(struct evtchn_domain *d, unsigned int gfn);
event_word_t *fx_word(struct evtchn_domain *d, evtchn_port_t port);
struct evtchn_fifo_control_block *fx_cb(struct evtchn_domain *d,
                                        unsigned int vcpu);
#define FX_W(bit) ((event_word_t)1 << EVTCHN_FIFO_##bit)
/*
 * The FIFO guest's upcall handler on vCPU vcpu, as Linux's
 * (__evtchn_fifo_handle_events): clear upcall_pending, take READY, and
 * consume queues, most urgent first, until READY stays clear. Each port
 * found PENDING and unmasked is handled (its PENDING cleared) and
 * appended to out (up to max); returns how many were, or -1 if the queue
 * structure was broken (a zero head with READY set, a loop).
 * Touches only the shared words, with atomics, so it may run on another
 * thread than Keel's side.
 */
int fx_fifo_upcall(struct evtchn_domain *d, unsigned int vcpu,
                   evtchn_port_t *out, int max);
/* The guest forgets its queue heads (after EVTCHNOP_reset). */
void fx_fifo_guest_reset(struct evtchn_domain *d);

#endif
