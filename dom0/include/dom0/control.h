/*
 * The hypervisor's control interface (domctl, sysctl), as dom0 uses it:
 * thin wrappers that fill in the interface version and return 0 or a
 * negative Xen errno.
 */
#ifndef DOM0_CONTROL_H
#define DOM0_CONTROL_H

#include <stdbool.h>
#include <stdint.h>
#include <public/xen.h>
#include <public/domctl.h>
#include <public/sysctl.h>

/* The first domain whose id is >= from; -ESRCH past the last. */
int domain_info_from(domid_t from, struct xen_domctl_getdomaininfo *out);
/* Domain dom itself; -ESRCH if it does not exist. */
int domain_info_of(domid_t dom, struct xen_domctl_getdomaininfo *out);
int domain_destroy(domid_t dom);

/*
 * Making a domU, in the order xl create does it: domain_create (an empty,
 * paused domain; *dom in: the id wanted or 0, out: the id given),
 * domain_max_mem (KiB), a port in it for each backend
 * (evtchn_alloc_unbound_in: the port, or a negative errno),
 * domain_build_pv (Keel's builder: fills build's OUT fields), then
 * domain_unpause.
 */
int domain_create(domid_t *dom, uint32_t max_vcpus, const uint8_t handle[16]);
int domain_max_mem(domid_t dom, uint64_t kib);
int evtchn_alloc_unbound_in(domid_t dom, domid_t remote);
int domain_build_pv(domid_t dom, struct xen_domctl_keel_build_pv *build);
int domain_unpause(domid_t dom);
int domain_pause(domid_t dom);
/* The check Xen's toolstack makes after createdomain: max is its count. */
int domain_max_vcpus(domid_t dom, uint32_t max);

/* One vCPU's state (XEN_DOMCTL_getvcpuinfo). */
int vcpu_info_get(domid_t dom, uint32_t vcpu, struct xen_domctl_getvcpuinfo *out);
/*
 * A vCPU's hard and soft affinity as masks of CPUs 0-63; NULL leaves a
 * map out. Get: as last set. Set: each is replaced by what takes effect
 * (-EINVAL if hard holds no online CPU).
 */
int vcpu_affinity_get(domid_t dom, uint32_t vcpu, uint64_t *hard, uint64_t *soft);
int vcpu_affinity_set(domid_t dom, uint32_t vcpu, uint64_t *hard, uint64_t *soft);

/* The credit scheduler's weight and cap for a domain; set keeps a weight
 * of 0 and a cap of 0xffff as they were. */
int sched_credit_get(domid_t dom, struct xen_domctl_sched_credit *out);
int sched_credit_set(domid_t dom, struct xen_domctl_sched_credit params);

/* Ask a domain to shut down for reason (SHUTDOWN_*), as its own
 * SCHEDOP_shutdown would. */
int domain_shutdown(domid_t dom, unsigned int reason);
int host_physinfo(struct xen_sysctl_physinfo *out);

/* The hypervisor's scheduler (XEN_SCHEDULER_*), or a negative errno. */
int host_sched_id(void);

/* The credit scheduler's slice, rate limit and migration delay in CPU
 * pool 0 (xl sched-credit -s). */
int host_sched_credit_params(struct xen_sysctl_credit_schedule *out);

/* Records of up to max domains with ids >= from, in id order, into out;
 * how many, or a negative errno. */
int domain_info_list(domid_t from, struct xen_domctl_getdomaininfo *out, unsigned int max);

/* The next piece of the hypervisor's log from *index on (0 at first: the
 * oldest kept), into buf; advances *index and returns the bytes read (0 at
 * the end), or a negative errno. clear: forget, for every later reader,
 * what this read returned (xl dmesg -c). */
long host_readconsole(uint32_t *index, char *buf, uint32_t len, bool clear);

#endif
