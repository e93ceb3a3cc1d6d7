/*
 * A vCPU's two timers, both raising VIRQ_TIMER on it, as on Xen:
 *
 *  - the single-shot timer (set_timer_op, VCPUOP_set/stop_singleshot_timer):
 *    a vCPU arms only its own, on the CPU it runs on, and it fires whether
 *    the vCPU runs or sleeps, so a blocked vCPU wakes on it;
 *  - the periodic timer (VCPUOP_set/stop_periodic_timer): PV vCPUs start
 *    with a 10 ms period (Xen's pv_vcpu_initialise; Linux stops it at
 *    boot). It ticks only while its vCPU is on a CPU: the scheduler stops
 *    it when the vCPU leaves and catches up when it comes back, with one
 *    tick if a period or more went by meanwhile (Xen's
 *    vcpu_periodic_timer_work). A blocked vCPU does not wake on it.
 *
 * Invariant: periodic_timer is armed only with periodic_lock held, so the
 * vCPU's CPU (scheduling it in and out), the timer's own callback and
 * another vCPU of the domain setting the period never race on it.
 */
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/event_channel_op.h>
#include <keel/guest_access.h>
#include <keel/hypercall.h>
#include <keel/percpu.h>
#include <keel/spinlock.h>
#include <keel/time.h>
#include <keel/timers.h>
#include <keel/vcpu_timer.h>
#include <public/vcpu.h>

#define MS_NS                  1000000ull
#define PV_DEFAULT_PERIOD_NS   (10 * MS_NS)
#define MIN_PERIOD_NS          MS_NS                  /* Xen: -EINVAL below */
#define MAX_PERIOD_NS          (UINT64_MAX >> 2)      /* Xen's STIME_DELTA_MAX */
/* set_timer_op deadlines this far ahead are taken as wrapped (see below). */
#define HUGE_TIMEOUT_NS        (1ull << 50)
#define HUGE_TIMEOUT_FIRE_NS   (100 * MS_NS)

/* Under periodic_lock: tick if a period has passed, arm the next one. */
static void periodic_work_locked(struct vcpu *v)
{
    uint64_t now = NOW(), next = v->periodic_last + v->periodic_period;

    if (now >= next) {
        vcpu_send_timer_virq(v);
        v->periodic_last = now;
        next = now + v->periodic_period;
    }
    set_timer(&v->periodic_timer, v->processor, next);
}

static void periodic_work(struct vcpu *v)
{
    unsigned long flags = spin_lock_irqsave(&v->periodic_lock);

    if (v->periodic_period)
        periodic_work_locked(v);
    spin_unlock_irqrestore(&v->periodic_lock, flags);
}

static void periodic_fired(void *data)
{
    periodic_work(data);
}

static void singleshot_fired(void *data)
{
    vcpu_send_timer_virq(data);
}

void vcpu_timers_init(struct vcpu *v)
{
    timer_init(&v->singleshot_timer, singleshot_fired, v);
    timer_init(&v->periodic_timer, periodic_fired, v);
    v->periodic_lock = (spinlock_t)SPINLOCK_INIT("vcpu_periodic");
    v->periodic_period = PV_DEFAULT_PERIOD_NS;
}

void vcpu_timers_kill(struct vcpu *v)
{
    unsigned long flags = spin_lock_irqsave(&v->periodic_lock);

    v->periodic_period = 0;
    stop_timer(&v->periodic_timer);
    spin_unlock_irqrestore(&v->periodic_lock, flags);
    stop_timer(&v->singleshot_timer);
}

void vcpu_timers_arrive(struct vcpu *v)
{
    periodic_work(v);
}

/*
 * Called after the scheduler let v go, so another CPU may already have
 * taken v (running set first, then vcpu_timers_arrive): under the lock,
 * whichever of the two comes second sees the other's work, and a running
 * v keeps its timer.
 */
void vcpu_timers_leave(struct vcpu *v)
{
    unsigned long flags = spin_lock_irqsave(&v->periodic_lock);

    if (!__atomic_load_n(&v->running, __ATOMIC_ACQUIRE))
        stop_timer(&v->periodic_timer);
    spin_unlock_irqrestore(&v->periodic_lock, flags);
}

/* 0 stops the periodic timer; otherwise it restarts with this period. */
static void set_period(struct vcpu *v, uint64_t period)
{
    unsigned long flags = spin_lock_irqsave(&v->periodic_lock);

    stop_timer(&v->periodic_timer);
    v->periodic_period = period;
    if (period)
        periodic_work_locked(v);
    spin_unlock_irqrestore(&v->periodic_lock, flags);
}

/* The caller's own single-shot timer, at `deadline`; past deadlines fire
 * at once. */
static void arm_singleshot(struct vcpu *v, uint64_t deadline)
{
    if (deadline < NOW()) {
        stop_timer(&v->singleshot_timer);
        vcpu_send_timer_virq(v);
        return;
    }
    set_timer(&v->singleshot_timer, smp_processor_id(), deadline);
}

/*
 * VCPU_SSHOTTMR_future is ignored, as by Xen since 4.17.3 (and 4.18):
 * answering -ETIME made old Linux retry forever instead of taking the
 * event, so a past deadline fires at once whatever the flags say.
 */
static long set_singleshot(struct vcpu *v, hc_arg_t arg)
{
    struct vcpu_set_singleshot_timer set;

    if (v != current_vcpu())
        return -EINVAL;
    if (copy_from_guest(&set, arg, sizeof(set)))
        return -EFAULT;
    arm_singleshot(v, set.timeout_abs_ns);
    return 0;
}

static long set_periodic(struct vcpu *v, hc_arg_t arg)
{
    struct vcpu_set_periodic_timer set;

    if (copy_from_guest(&set, arg, sizeof(set)))
        return -EFAULT;
    if (set.period_ns < MIN_PERIOD_NS || set.period_ns > MAX_PERIOD_NS)
        return -EINVAL;
    set_period(v, set.period_ns);
    return 0;
}

long vcpu_timer_op(struct vcpu *v, unsigned int cmd, hc_arg_t arg)
{
    switch (cmd) {
    case VCPUOP_set_periodic_timer:
        return set_periodic(v, arg);
    case VCPUOP_stop_periodic_timer:
        set_period(v, 0);
        return 0;
    case VCPUOP_set_singleshot_timer:
        return set_singleshot(v, arg);
    case VCPUOP_stop_singleshot_timer:
        if (v != current_vcpu())
            return -EINVAL;
        stop_timer(&v->singleshot_timer);
        return 0;
    default:
        return -ENOSYS;
    }
}

/*
 * set_timer_op: the single-shot timer at `timeout` ns of system time
 * (0: stop it). A deadline that is negative as a signed time, or more
 * than 2^50 ns (13 days) ahead, is what Linux's wrapped jiffies produce:
 * Xen fires those in 100 ms rather than never or at once, and so does Keel.
 */
long do_set_timer_op(hc_arg_t timeout)
{
    struct vcpu *v = current_vcpu();
    uint64_t now = NOW();

    if (!timeout)
        stop_timer(&v->singleshot_timer);
    else if ((int64_t)timeout < 0 || (timeout > now && timeout - now >= HUGE_TIMEOUT_NS))
        set_timer(&v->singleshot_timer, smp_processor_id(), now + HUGE_TIMEOUT_FIRE_NS);
    else
        arm_singleshot(v, timeout);
    return 0;
}
