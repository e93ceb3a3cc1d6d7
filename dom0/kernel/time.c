/*
 * The PV clock. The hypervisor publishes, per vCPU, a TSC timestamp, the
 * system time at that moment and the TSC's rate as a 32.32 multiplier
 * with a power-of-two pre-shift; a record is consistent when its version
 * is even and unchanged across the read.
 */
#include <stdint.h>
#include <public/vcpu.h>
#include <dom0/console.h>
#include <dom0/events.h>
#include <dom0/hypercall.h>
#include <dom0/mm.h>
#include <dom0/time.h>

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
}

static uint64_t scale_delta(uint64_t delta, uint32_t mul, int8_t shift)
{
    if (shift < 0)
        delta >>= -shift;
    else
        delta <<= shift;
    return (uint64_t)(((unsigned __int128)delta * mul) >> 32);
}

uint64_t now_ns(void)
{
    const volatile struct vcpu_time_info *t = &vcpu0_info()->time;
    uint32_t version;
    uint64_t ns;

    do {
        version = t->version;
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        ns = t->system_time + scale_delta(rdtsc() - t->tsc_timestamp, t->tsc_to_system_mul,
                                          t->tsc_shift);
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
    } while ((version & 1) || version != t->version);
    return ns;
}

uint64_t wallclock_sec(void)
{
    const volatile shared_info_t *sh = shared_info();
    uint32_t version;
    uint64_t sec, nsec;

    do {
        version = sh->wc_version;
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        sec = (uint64_t)sh->wc_sec_hi << 32 | sh->wc_sec;
        nsec = sh->wc_nsec;
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
    } while ((version & 1) || version != sh->wc_version);
    return sec + (nsec + now_ns()) / NSEC_PER_SEC;
}

void timer_program(uint64_t deadline)
{
    hyp_set_timer_op(deadline);
}

/* The timer VIRQ only has to end the idle block; the scheduler then
 * looks at the clock itself. */
static void timer_virq(unsigned int port, void *arg)
{
    (void)port;
    (void)arg;
}

void time_init(void)
{
    int port = evtchn_bind_virq(VIRQ_TIMER, timer_virq, NULL);

    if (port < 0)
        printk("dom0: time: cannot bind VIRQ_TIMER (error %d): sleeps will not end\n", port);
    HC(__HYPERVISOR_vcpu_op, VCPUOP_stop_periodic_timer, 0, NULL, 0, 0);
}
