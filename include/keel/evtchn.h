/*
 * Event channels: the port table, its state machine, and the two ways of
 * delivering an event to a guest (the 2-level bitmaps in shared_info and
 * the FIFO queues in guest pages). Pure logic, with Xen 4.17's semantics
 * and error returns (xen/common/event_channel.c, event_2l.c,
 * event_fifo.c): no hardware, no locks, no scheduler. What needs those is
 * a callback in struct evtchn_hooks.
 *
 * The caller (the EVTCHNOP hypercall handler, the VIRQ/PIRQ senders,
 * domain destruction) owns struct evtchn_domain, fills in the part marked
 * "caller" and calls evtchn_domain_init() once.
 *
 * Locking is the caller's: every call that touches a domain's ports must
 * hold that domain's event lock; one that touches two domains
 * (bind_interdomain, close or send of an interdomain port, reset and
 * destroy, which close such ports) must hold both, taken in a fixed order
 * (lower domid first). Only the words the guest shares with Keel
 * (evtchn_pending/evtchn_mask, the vcpu_info upcall and selector fields,
 * the FIFO event words and control blocks) are written concurrently by
 * the guest; they are updated here with atomic operations, in Xen's order.
 *
 * Ports: a port p of domain d is "valid" when p < d->valid_evtchns. As in
 * Xen, ports become valid in buckets of EVTCHN_BUCKET_PORTS as they are
 * first allocated and stay valid; a valid free port reads as closed, an
 * invalid one gives -EINVAL. Port 0 is reserved (never bound). Every
 * EVTCHNOP fails with Xen's error for the same request, checked in Xen's
 * order (the few deliberate differences are listed in kernel/evtchn.c).
 *
 * Privilege follows Xen's default (dummy XSM) policy: a domain may act on
 * itself; on another domain only if it is privileged (the control domain)
 * or that domain is its device-model target.
 */
#ifndef KEEL_EVTCHN_H
#define KEEL_EVTCHN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <public/event_channel.h>
#include <public/xen.h>

/* vCPUs per domain: Keel's MAX_VIRT_CPUS (keel/domain.h). */
#define EVTCHN_MAX_VCPUS 32

/* Xen's struct evtchn is 64 bytes, so a 4 KiB bucket holds 64 ports. */
#define EVTCHN_BUCKET_PORTS 64

/* "Call me again": a preempted reset or destroy (Xen's value). */
#ifndef ERESTART
#define ERESTART 85
#endif

/* The hypervisor's continuation of EVTCHNOP_reset (Xen's number). */
#define EVTCHNOP_reset_cont 14

/* FIFO: event words per guest page, and pages for EVTCHN_FIFO_NR_CHANNELS. */
#define EVTCHN_FIFO_WORDS_PER_PAGE (4096 / sizeof(event_word_t))
#define EVTCHN_FIFO_MAX_PAGES \
    (EVTCHN_FIFO_NR_CHANNELS / EVTCHN_FIFO_WORDS_PER_PAGE)

/* Port states: Xen's ECS_*. */
#define ECS_FREE        0  /* available */
#define ECS_RESERVED    1  /* never allocated (port 0) */
#define ECS_UNBOUND     2  /* waiting for a remote domain to bind */
#define ECS_INTERDOMAIN 3  /* connected to a remote port */
#define ECS_PIRQ        4  /* bound to a physical IRQ */
#define ECS_VIRQ        5  /* bound to a virtual IRQ */
#define ECS_IPI         6  /* bound for IPIs within the domain */

/* Delivery ABIs. */
#define EVTCHN_ABI_2L   0
#define EVTCHN_ABI_FIFO 1

struct evtchn_domain;

/* One port. The caller provides the array; everything here is private. */
struct evtchn {
    uint8_t state;              /* ECS_* */
    uint8_t priority;           /* FIFO: queue its next event goes on */
    bool pending;               /* FIFO: raised while it had no event word */
    uint8_t last_priority;      /* FIFO: queue it was last linked on: */
    uint16_t last_vcpu;         /*       (vCPU, priority) */
    uint16_t notify_vcpu;       /* vCPU its events are delivered to */
    union {
        struct {
            domid_t remote_domid;       /* who may bind to it */
        } unbound;
        struct {
            struct evtchn_domain *remote_dom;
            evtchn_port_t remote_port;
        } interdomain;
        struct {
            uint32_t irq;               /* the PIRQ */
            evtchn_port_t next_port;    /* list of PIRQ ports per vCPU */
            evtchn_port_t prev_port;
        } pirq;
        uint32_t virq;
    } u;
};

/*
 * What the caller does for the event-channel code. ctx is passed back to
 * every callback. Optional ones may be NULL, as noted.
 */
struct evtchn_hooks {
    void *ctx;

    /*
     * The domain with id domid (never DOMID_SELF), dying or not, as long
     * as evtchn_destroy() has not finished with it; NULL if none.
     */
    struct evtchn_domain *(*domain_by_id)(void *ctx, domid_t domid);

    /*
     * vCPU vcpu of d has just had evtchn_upcall_pending set (it was
     * clear): wake it / send it an upcall (Xen's vcpu_kick).
     */
    void (*kick_vcpu)(void *ctx, struct evtchn_domain *d, unsigned int vcpu);

    /*
     * Optional: port of d has just become pending: wake the vCPUs blocked
     * in SCHEDOP_poll on it (Xen's evtchn_check_pollers).
     */
    void (*poll_wake)(void *ctx, struct evtchn_domain *d, evtchn_port_t port);

    /*
     * FIFO: map d's guest frame gfn (writable, held until unmapped) and
     * give its 4 KiB-aligned address in *va; 0, or -EINVAL (not a
     * writable page of d) or -ENOMEM. unmap_guest_frame gets that same
     * page address back. Without map_guest_frame, init_control and
     * expand_array fail with -EINVAL.
     */
    int (*map_guest_frame)(void *ctx, struct evtchn_domain *d, uint64_t gfn,
                           void **va);
    void (*unmap_guest_frame)(void *ctx, struct evtchn_domain *d, void *va);

    /*
     * PIRQs. pirq_permitted: may d use pirq (its IRQ access ranges)? If
     * NULL, only a privileged domain may. pirq_bind: route the physical
     * IRQ behind pirq to d (first bound to vCPU vcpu); 0 or -E* (then the
     * bind fails with it). pirq_unbind: undo it. pirq_set_affinity: the
     * port now notifies vCPU vcpu. All optional.
     */
    bool (*pirq_permitted)(void *ctx, struct evtchn_domain *d, uint32_t pirq);
    int (*pirq_bind)(void *ctx, struct evtchn_domain *d, uint32_t pirq,
                     unsigned int vcpu, bool will_share);
    void (*pirq_unbind)(void *ctx, struct evtchn_domain *d, uint32_t pirq);
    void (*pirq_set_affinity)(void *ctx, struct evtchn_domain *d,
                              uint32_t pirq, unsigned int vcpu);

    /*
     * Optional: should a long reset or destroy stop here (-ERESTART) and
     * be continued later (Xen's hypercall_preempt_check)?
     */
    bool (*preempt_check)(void *ctx);
};

/* FIFO state of one vCPU: its control block and the tail of each queue. */
struct evtchn_fifo_vcpu {
    struct evtchn_fifo_control_block *control_block;  /* NULL: none yet */
    evtchn_port_t tail[EVTCHN_FIFO_MAX_QUEUES];
};

struct evtchn_domain {
    /* --- caller: set before evtchn_domain_init() --- */
    domid_t domid;
    bool privileged;            /* the control domain (dom0) */
    /* The domain it is device model for (stub domains), or NULL. */
    const struct evtchn_domain *target;
    struct shared_info *shared; /* the domain's shared_info page */
    unsigned int nr_vcpus;      /* 1 .. EVTCHN_MAX_VCPUS */
    /* Each vCPU's vcpu_info; the caller moves it on register_vcpu_info. */
    struct vcpu_info *vcpu_info[EVTCHN_MAX_VCPUS];
    struct evtchn *ports;       /* port storage ... */
    uint32_t nr_ports;          /* ... of this many (a multiple of
                                   EVTCHN_BUCKET_PORTS); caps every ABI */
    uint32_t max_evtchn_port;   /* highest port it may allocate (Xen's
                                   max_evtchn_port; capped at INT32_MAX) */
    uint32_t *pirq_to_port;     /* nr_pirqs entries (may be NULL if 0) */
    uint32_t nr_pirqs;
    const struct evtchn_hooks *hooks;

    /* --- caller: kept up to date --- */
    bool controller_paused;     /* paused by the toolstack: another domain
                                   may reset its channels */

    /* --- private --- */
    bool is_dying;              /* evtchn_destroy() has begun */
    uint8_t abi;                /* EVTCHN_ABI_* */
    uint32_t valid_evtchns;     /* ports [0, this) are valid */
    uint32_t active_evtchns;    /* ports neither free nor reserved */
    uint32_t next_reset;        /* reset in progress: resume at this port */
    evtchn_port_t virq_to_port[EVTCHN_MAX_VCPUS][NR_VIRQS];
    evtchn_port_t pirq_head[EVTCHN_MAX_VCPUS];  /* PIRQ ports per vCPU */
    struct evtchn_fifo_vcpu fifo_vcpu[EVTCHN_MAX_VCPUS];
    event_word_t *fifo_array[EVTCHN_FIFO_MAX_PAGES];  /* event word pages */
    uint32_t fifo_nr_words;     /* words mapped: ports [0, this) */
};

/* The argument of any EVTCHNOP, as the hypercall handler copies it in. */
union evtchn_op_arg {
    struct evtchn_alloc_unbound alloc_unbound;
    struct evtchn_bind_interdomain bind_interdomain;
    struct evtchn_bind_virq bind_virq;
    struct evtchn_bind_pirq bind_pirq;
    struct evtchn_bind_ipi bind_ipi;
    struct evtchn_close close;
    struct evtchn_send send;
    struct evtchn_status status;
    struct evtchn_bind_vcpu bind_vcpu;
    struct evtchn_unmask unmask;
    struct evtchn_reset reset;
    struct evtchn_init_control init_control;
    struct evtchn_expand_array expand_array;
    struct evtchn_set_priority set_priority;
};

/*
 * Set up d's event channels: 2-level ABI, every port free, port 0
 * reserved. 0, or -EINVAL if the caller's part of d is unusable.
 */
int evtchn_domain_init(struct evtchn_domain *d);

/*
 * Close every port of d (peers' interdomain ports become unbound, as if d
 * had closed them) and unmap its FIFO pages: d is dying, and allocates no
 * port after this. With preemptible and a preempt_check hook saying so,
 * stops with -ERESTART; call again to continue. 0 when done.
 */
int evtchn_destroy(struct evtchn_domain *d, bool preemptible);

/*
 * The EVTCHNOPs, for the calling domain cur, each with Xen's checks and
 * results (0 or -E*; outputs in the struct on success).
 */
int evtchn_alloc_unbound(struct evtchn_domain *cur,
                         struct evtchn_alloc_unbound *alloc);
int evtchn_bind_interdomain(struct evtchn_domain *cur,
                            struct evtchn_bind_interdomain *bind);
int evtchn_bind_virq(struct evtchn_domain *cur, struct evtchn_bind_virq *bind);
int evtchn_bind_ipi(struct evtchn_domain *cur, struct evtchn_bind_ipi *bind);
int evtchn_bind_pirq(struct evtchn_domain *cur, struct evtchn_bind_pirq *bind);
int evtchn_close(struct evtchn_domain *cur, evtchn_port_t port);
int evtchn_send(struct evtchn_domain *cur, evtchn_port_t port);
int evtchn_status(struct evtchn_domain *cur, struct evtchn_status *status);
int evtchn_bind_vcpu(struct evtchn_domain *cur, evtchn_port_t port,
                     uint32_t vcpu);
int evtchn_unmask(struct evtchn_domain *cur, evtchn_port_t port);
/* resuming: this is EVTCHNOP_reset_cont. May give -ERESTART. */
int evtchn_reset(struct evtchn_domain *cur, domid_t dom, bool resuming);
int evtchn_init_control(struct evtchn_domain *cur,
                        struct evtchn_init_control *init);
int evtchn_expand_array(struct evtchn_domain *cur,
                        const struct evtchn_expand_array *expand);
int evtchn_set_priority(struct evtchn_domain *cur,
                        const struct evtchn_set_priority *set);

/*
 * For the hypercall handler: the size of cmd's argument (0 < size <=
 * sizeof(union evtchn_op_arg)), or -ENOSYS; *copy_back says whether a
 * successful call writes it back to the guest. EVTCHNOP_reset_cont is
 * accepted as Xen accepts it.
 */
int evtchn_op_arg_size(int cmd, bool *copy_back);
/* Run EVTCHNOP cmd on arg (already copied in). -ENOSYS if unknown. */
int evtchn_do_op(struct evtchn_domain *cur, int cmd, union evtchn_op_arg *arg);

/* Raising events from inside the hypervisor. */
bool evtchn_virq_is_global(uint32_t virq);
/* Per-vCPU VIRQ virq on vCPU vcpu of d, if bound there. */
void evtchn_send_vcpu_virq(struct evtchn_domain *d, unsigned int vcpu,
                           uint32_t virq);
/* Global VIRQ virq of d (the domain chosen to handle it), if bound. */
void evtchn_send_global_virq(struct evtchn_domain *d, uint32_t virq);
/* Whether virq is bound for vCPU vcpu (global VIRQs: on vCPU 0). */
bool evtchn_virq_enabled(const struct evtchn_domain *d, unsigned int vcpu,
                         uint32_t virq);
/* PIRQ pirq of d fired, if bound. */
void evtchn_send_pirq(struct evtchn_domain *d, uint32_t pirq);
/* vCPU vcpu of d moved CPU: pirq_set_affinity for each PIRQ port it has. */
void evtchn_move_pirqs(struct evtchn_domain *d, unsigned int vcpu);

/*
 * Queries (SCHEDOP_poll, debug keys). poll: -EINVAL if port is invalid
 * or not bound, else whether it is pending.
 */
int evtchn_port_poll(const struct evtchn_domain *d, evtchn_port_t port);
bool evtchn_port_is_pending(const struct evtchn_domain *d, evtchn_port_t port);
bool evtchn_port_is_masked(const struct evtchn_domain *d, evtchn_port_t port);
/* The most ports d may have under its current ABI (Xen's max_evtchns). */
uint32_t evtchn_max_ports(const struct evtchn_domain *d);

/*
 * ---------------------------------------------------------------------
 * Between kernel/evtchn.c, evtchn_2l.c and evtchn_fifo.c only.
 * ---------------------------------------------------------------------
 */
static inline evtchn_port_t evtchn_port_of(const struct evtchn_domain *d,
                                           const struct evtchn *chn)
{
    return (evtchn_port_t)(chn - d->ports);
}

/* Set upcall_pending on vCPU vcpu; kick it if that was clear. */
void evtchn_mark_events_pending(struct evtchn_domain *d, unsigned int vcpu);
void evtchn_check_pollers(struct evtchn_domain *d, evtchn_port_t port);
bool evtchn_vcpu_valid(const struct evtchn_domain *d, uint32_t vcpu);

void evtchn_2l_set_pending(struct evtchn_domain *d, unsigned int vcpu,
                           evtchn_port_t port);
void evtchn_2l_clear_pending(struct evtchn_domain *d, evtchn_port_t port);
void evtchn_2l_unmask(struct evtchn_domain *d, unsigned int vcpu,
                      evtchn_port_t port);
bool evtchn_2l_is_pending(const struct evtchn_domain *d, evtchn_port_t port);
bool evtchn_2l_is_masked(const struct evtchn_domain *d, evtchn_port_t port);

void evtchn_fifo_port_init(struct evtchn_domain *d, struct evtchn *chn);
void evtchn_fifo_set_pending(struct evtchn_domain *d, unsigned int vcpu,
                             struct evtchn *chn);
void evtchn_fifo_clear_pending(struct evtchn_domain *d, struct evtchn *chn);
void evtchn_fifo_unmask(struct evtchn_domain *d, struct evtchn *chn);
bool evtchn_fifo_is_pending(const struct evtchn_domain *d,
                            const struct evtchn *chn);
bool evtchn_fifo_is_masked(const struct evtchn_domain *d,
                           const struct evtchn *chn);
bool evtchn_fifo_is_busy(const struct evtchn_domain *d,
                         const struct evtchn *chn);
int evtchn_fifo_set_priority(struct evtchn_domain *d, struct evtchn *chn,
                             uint32_t priority);
/* Unmap every FIFO page of d and forget its FIFO state. */
void evtchn_fifo_destroy(struct evtchn_domain *d);

#endif
