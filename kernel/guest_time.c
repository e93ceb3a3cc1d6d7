/*
 * Time as guests read it from shared memory (Xen's PV clock): each vCPU's
 * vcpu_time_info (a TSC sample, the system time then, and the scale from
 * TSC ticks to nanoseconds) and the domain's wallclock. Both are written
 * under a version counter that is odd during the update, so a guest that
 * reads an odd or changed version reads again.
 */
#include <keel/domain.h>
#include <keel/guest_time.h>
#include <keel/time.h>
#include <public/xen.h>

uint64_t boot_wallclock;

void update_vcpu_time(struct vcpu *v)
{
    struct vcpu_time_info *t = &v->vcpu_info->time;
    uint64_t tsc, ns;

    t->version++;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    time_sample(&tsc, &ns);
    t->tsc_timestamp = tsc;
    t->system_time = ns;
    time_pvclock_scale(&t->tsc_to_system_mul, &t->tsc_shift);
    t->flags = XEN_PVCLOCK_TSC_STABLE_BIT;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    t->version++;
}

/* The wallclock is the time at system time 0, so guests add their
 * system time to it; plus the toolstack's offset for the domain. */
void update_domain_wallclock(struct domain *d)
{
    struct shared_info *s = d->shared_info;
    uint64_t sec = boot_wallclock + (uint64_t)d->time_offset;

    s->wc_version++;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    s->wc_sec = (uint32_t)sec;
    s->wc_sec_hi = (uint32_t)(sec >> 32);
    s->wc_nsec = 0;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    s->wc_version++;
}
