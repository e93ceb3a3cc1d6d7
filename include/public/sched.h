/*
 * Xen guest ABI: __HYPERVISOR_sched_op(cmd, arg). A guest's dealings with
 * the scheduler: yield, block, poll, and shutting itself (or, for a
 * privileged domain, another) down.
 *
 * __HYPERVISOR_sched_op_compat(cmd, value) is the original form: only
 * yield, block and shutdown, with the SHUTDOWN_* reason passed directly.
 */
#ifndef __XEN_PUBLIC_SCHED_H__
#define __XEN_PUBLIC_SCHED_H__

#include "event_channel.h"

/* arg NULL: give up the CPU, stay runnable. */
#define SCHEDOP_yield       0
/*
 * arg NULL: sleep until an event is pending for this vCPU. Clears the
 * vCPU's event mask atomically with checking for pending events, so an
 * event arriving just before the call is not missed.
 */
#define SCHEDOP_block       1
/*
 * arg struct sched_shutdown: stop the whole domain and tell the toolstack
 * why. For SHUTDOWN_suspend a PV guest also passes its start_info MFN as the
 * third argument (%rdx), and the call returns 1 if the suspend was
 * cancelled (or was only a checkpoint), 0 when resuming in a new domain.
 */
#define SCHEDOP_shutdown    2
/* arg struct sched_poll: sleep until one of the ports is pending, or timeout. */
#define SCHEDOP_poll        3
/* arg struct sched_remote_shutdown: shut down another domain (privileged). */
#define SCHEDOP_remote_shutdown 4
/* arg struct sched_shutdown: record the reason to report at a later shutdown. */
#define SCHEDOP_shutdown_code 5
/*
 * arg struct sched_watchdog: id 0 creates a watchdog that shuts the domain
 * down (SHUTDOWN_watchdog) after timeout seconds and returns its id; a
 * known id with timeout 0 destroys it, with a timeout re-arms it.
 */
#define SCHEDOP_watchdog    6
/* arg struct sched_pin_override: temporarily pin to a CPU (hardware domain). */
#define SCHEDOP_pin_override 7

#ifndef __ASSEMBLER__

struct sched_shutdown {
    unsigned int reason;        /* SHUTDOWN_* */
};
typedef struct sched_shutdown sched_shutdown_t;

struct sched_poll {
    XEN_GUEST_HANDLE(evtchn_port_t) ports; /* ports to wait on */
    unsigned int nr_ports;
    uint64_t timeout;           /* absolute system time (ns); 0: none */
};
typedef struct sched_poll sched_poll_t;

struct sched_remote_shutdown {
    domid_t domain_id;          /* domain to shut down */
    unsigned int reason;        /* SHUTDOWN_* */
};
typedef struct sched_remote_shutdown sched_remote_shutdown_t;

struct sched_watchdog {
    uint32_t id;                /* 0 to create; else the watchdog */
    uint32_t timeout;           /* seconds; 0 destroys */
};
typedef struct sched_watchdog sched_watchdog_t;

struct sched_pin_override {
    int32_t pcpu;               /* CPU to pin to; negative undoes the pin */
};
typedef struct sched_pin_override sched_pin_override_t;

#endif /* !__ASSEMBLER__ */

/* Why a domain shut down; the toolstack decides what follows. */
#define SHUTDOWN_poweroff   0  /* normal exit: destroy the domain */
#define SHUTDOWN_reboot     1  /* destroy and start it again */
#define SHUTDOWN_suspend    2  /* state saved: keep it for resume */
#define SHUTDOWN_crash      3  /* the guest crashed */
#define SHUTDOWN_watchdog   4  /* its watchdog expired: restart it */
/*
 * Reset the domain's hypervisor state (event channels, grants, ...) to
 * what it was at creation, but keep memory and vCPU state, so it can set
 * everything up again (e.g. kexec into a new kernel).
 */
#define SHUTDOWN_soft_reset 5
#define SHUTDOWN_MAX        5  /* highest valid reason */

#endif /* __XEN_PUBLIC_SCHED_H__ */
