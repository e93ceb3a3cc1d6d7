/*
 * Xen guest ABI: __HYPERVISOR_event_channel_op(cmd, arg). Event channels
 * are the hypervisor's interrupts: a port is a one-bit "pending" flag that
 * a remote domain, a VIRQ, a physical IRQ or an IPI can set, and setting
 * it (unless masked) sends the bound vCPU an upcall.
 *
 * Two ways to keep the pending/mask bits: the 2-level ABI (bitmaps in
 * shared_info, 4096 ports) and the FIFO ABI (an event word per port in
 * guest pages, priority queues, 2^17 ports), chosen by
 * EVTCHNOP_init_control.
 *
 * __HYPERVISOR_event_channel_op_compat takes a struct evtchn_op instead.
 */
#ifndef __XEN_PUBLIC_EVENT_CHANNEL_H__
#define __XEN_PUBLIC_EVENT_CHANNEL_H__

#include "xen.h"

#define EVTCHNOP_bind_interdomain 0  /* struct evtchn_bind_interdomain */
#define EVTCHNOP_bind_virq        1  /* struct evtchn_bind_virq */
#define EVTCHNOP_bind_pirq        2  /* struct evtchn_bind_pirq */
#define EVTCHNOP_close            3  /* struct evtchn_close */
#define EVTCHNOP_send             4  /* struct evtchn_send */
#define EVTCHNOP_status           5  /* struct evtchn_status */
#define EVTCHNOP_alloc_unbound    6  /* struct evtchn_alloc_unbound */
#define EVTCHNOP_bind_ipi         7  /* struct evtchn_bind_ipi */
#define EVTCHNOP_bind_vcpu        8  /* struct evtchn_bind_vcpu */
#define EVTCHNOP_unmask           9  /* struct evtchn_unmask */
#define EVTCHNOP_reset           10  /* struct evtchn_reset */
#define EVTCHNOP_init_control    11  /* struct evtchn_init_control */
#define EVTCHNOP_expand_array    12  /* struct evtchn_expand_array */
#define EVTCHNOP_set_priority    13  /* struct evtchn_set_priority */
/* 14 is the hypervisor's own continuation of reset. */

/* evtchn_status.status */
#define EVTCHNSTAT_closed       0  /* free */
#define EVTCHNSTAT_unbound      1  /* waiting for a remote domain to bind */
#define EVTCHNSTAT_interdomain  2  /* connected to a remote port */
#define EVTCHNSTAT_pirq         3  /* bound to a physical IRQ */
#define EVTCHNSTAT_virq         4  /* bound to a VIRQ */
#define EVTCHNSTAT_ipi          5  /* bound for IPIs within the domain */

/* evtchn_bind_pirq.flags */
#define BIND_PIRQ__WILL_SHARE   1  /* the guest accepts sharing the IRQ */

/* 2-level ABI: one bit per port in 64 words of 64 bits. */
#define EVTCHN_2L_NR_CHANNELS (8 * 64 * 8)  /* sizeof(long)^2 * 64 */

/* FIFO ABI: priorities 0 (highest) to 15 (lowest), one queue each. */
#define EVTCHN_FIFO_PRIORITY_MAX     0
#define EVTCHN_FIFO_PRIORITY_DEFAULT 7
#define EVTCHN_FIFO_PRIORITY_MIN     15
#define EVTCHN_FIFO_MAX_QUEUES       16

/*
 * FIFO event word (one uint32_t per port): four flag bits on top and the
 * number of the next port in the queue below them.
 */
#define EVTCHN_FIFO_PENDING 31  /* bit: event is pending */
#define EVTCHN_FIFO_MASKED  30  /* bit: guest masked the port */
#define EVTCHN_FIFO_LINKED  29  /* bit: port is on a queue */
#define EVTCHN_FIFO_BUSY    28  /* bit: hypervisor is relinking it */
#define EVTCHN_FIFO_LINK_BITS 17
#define EVTCHN_FIFO_LINK_MASK ((1 << EVTCHN_FIFO_LINK_BITS) - 1)
#define EVTCHN_FIFO_NR_CHANNELS (1 << EVTCHN_FIFO_LINK_BITS)

#ifndef __ASSEMBLER__

typedef uint32_t evtchn_port_t;
typedef uint32_t event_word_t;

/*
 * alloc_unbound: make a fresh port in dom (DOMID_SELF unless privileged)
 * that remote_dom (may be DOMID_SELF) can then bind to.
 */
struct evtchn_alloc_unbound {
    domid_t dom;                /* in */
    domid_t remote_dom;         /* in */
    evtchn_port_t port;         /* out */
};
typedef struct evtchn_alloc_unbound evtchn_alloc_unbound_t;

/*
 * bind_interdomain: connect a fresh local port to remote_port, an unbound
 * port of remote_dom that accepts us. The new port starts pending, in case
 * the peer already signalled.
 */
struct evtchn_bind_interdomain {
    domid_t remote_dom;         /* in */
    evtchn_port_t remote_port;  /* in */
    evtchn_port_t local_port;   /* out */
};
typedef struct evtchn_bind_interdomain evtchn_bind_interdomain_t;

/*
 * bind_virq: a fresh port raised by VIRQ virq on vCPU vcpu. Global VIRQs
 * bind on vCPU 0 and can move later; per-vCPU ones stay where bound.
 */
struct evtchn_bind_virq {
    uint32_t virq;              /* in: VIRQ_* */
    uint32_t vcpu;              /* in */
    evtchn_port_t port;         /* out */
};
typedef struct evtchn_bind_virq evtchn_bind_virq_t;

/* bind_pirq: a fresh port raised by physical IRQ pirq (privileged). */
struct evtchn_bind_pirq {
    uint32_t pirq;              /* in */
    uint32_t flags;             /* in: BIND_PIRQ__* */
    evtchn_port_t port;         /* out */
};
typedef struct evtchn_bind_pirq evtchn_bind_pirq_t;

/* bind_ipi: a fresh port that notifies vCPU vcpu of this domain. */
struct evtchn_bind_ipi {
    uint32_t vcpu;              /* in */
    evtchn_port_t port;         /* out */
};
typedef struct evtchn_bind_ipi evtchn_bind_ipi_t;

/* close: free a port; an interdomain peer goes back to unbound. */
struct evtchn_close {
    evtchn_port_t port;
};
typedef struct evtchn_close evtchn_close_t;

/* send: set the remote end of port pending (or the local one for IPIs). */
struct evtchn_send {
    evtchn_port_t port;
};
typedef struct evtchn_send evtchn_send_t;

/* status: what port of dom (DOMID_SELF unless privileged) is bound to. */
struct evtchn_status {
    domid_t  dom;               /* in */
    evtchn_port_t port;         /* in */
    uint32_t status;            /* out: EVTCHNSTAT_* */
    uint32_t vcpu;              /* out: vCPU it notifies */
    union {
        struct {
            domid_t dom;        /* who may bind */
        } unbound;
        struct {
            domid_t dom;        /* peer domain */
            evtchn_port_t port; /* peer port */
        } interdomain;
        uint32_t pirq;
        uint32_t virq;
    } u;
};
typedef struct evtchn_status evtchn_status_t;

/*
 * bind_vcpu: make port notify vCPU vcpu. Not for IPI and per-vCPU VIRQ
 * ports; others notify vCPU 0 until moved.
 */
struct evtchn_bind_vcpu {
    evtchn_port_t port;
    uint32_t vcpu;
};
typedef struct evtchn_bind_vcpu evtchn_bind_vcpu_t;

/* unmask: clear port's mask, and upcall if it is pending. */
struct evtchn_unmask {
    evtchn_port_t port;
};
typedef struct evtchn_unmask evtchn_unmask_t;

/*
 * reset: close every port of dom (DOMID_SELF unless privileged). Done to
 * oneself, it also drops the FIFO ABI back to 2-level.
 */
struct evtchn_reset {
    domid_t dom;
};
typedef struct evtchn_reset evtchn_reset_t;

/*
 * init_control: switch to the FIFO ABI, giving vCPU vcpu its control
 * block at (control_gfn, offset). Events pending at the switch are lost,
 * so do it before binding anything.
 */
struct evtchn_init_control {
    uint64_t control_gfn;       /* in: frame holding the control block */
    uint32_t offset;            /* in: its offset in that frame */
    uint32_t vcpu;              /* in */
    uint8_t link_bits;          /* out: EVTCHN_FIFO_LINK_BITS */
    uint8_t _pad[7];
};
typedef struct evtchn_init_control evtchn_init_control_t;

/* expand_array: add one page of event words (1024 ports). */
struct evtchn_expand_array {
    uint64_t array_gfn;         /* in: the new page */
};
typedef struct evtchn_expand_array evtchn_expand_array_t;

/* set_priority: which FIFO queue port's events go to. */
struct evtchn_set_priority {
    evtchn_port_t port;
    uint32_t priority;          /* EVTCHN_FIFO_PRIORITY_* range */
};
typedef struct evtchn_set_priority evtchn_set_priority_t;

/* The argument of __HYPERVISOR_event_channel_op_compat. */
struct evtchn_op {
    uint32_t cmd;               /* EVTCHNOP_* (0-9) */
    union {
        evtchn_alloc_unbound_t    alloc_unbound;
        evtchn_bind_interdomain_t bind_interdomain;
        evtchn_bind_virq_t        bind_virq;
        evtchn_bind_pirq_t        bind_pirq;
        evtchn_bind_ipi_t         bind_ipi;
        evtchn_close_t            close;
        evtchn_send_t             send;
        evtchn_status_t           status;
        evtchn_bind_vcpu_t        bind_vcpu;
        evtchn_unmask_t           unmask;
    } u;
};
typedef struct evtchn_op evtchn_op_t;

/*
 * FIFO control block, one per vCPU: bit q of ready says queue q is not
 * empty; head[q] is the first port on queue q.
 */
struct evtchn_fifo_control_block {
    uint32_t ready;
    uint32_t _rsvd;
    uint32_t head[EVTCHN_FIFO_MAX_QUEUES];
};
typedef struct evtchn_fifo_control_block evtchn_fifo_control_block_t;

#endif /* !__ASSEMBLER__ */

#endif /* __XEN_PUBLIC_EVENT_CHANNEL_H__ */
