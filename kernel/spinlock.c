/* Ticket spinlocks with debug checks (see include/keel/spinlock.h). */
#include <keel/arch_irq.h>
#include <keel/panic.h>
#include <keel/percpu.h>
#include <keel/spinlock.h>

/*
 * A lock is used either always with interrupts disabled or always with
 * them enabled. Mixing the two is a latent deadlock; say so the first time
 * it happens rather than when it finally bites.
 */
static void check_irq_use(spinlock_t *l)
{
    int8_t now = !arch_irq_enabled();

    if (l->irq_safe < 0)
        l->irq_safe = now;
    else if (l->irq_safe != now)
        panic("spinlock %s taken with interrupts %s, before with them %s",
              l->name, now ? "off" : "on", now ? "on" : "off");
}

void spin_lock(spinlock_t *l)
{
    unsigned int me = smp_processor_id();
    uint16_t ticket;

    if (l->holder == me)
        panic("spinlock %s: CPU%u takes it again", l->name, me);
    check_irq_use(l);
    ticket = __atomic_fetch_add(&l->next, 1, __ATOMIC_ACQUIRE);
    while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != ticket)
        arch_cpu_relax();
    l->holder = (uint16_t)me;
}

void spin_unlock(spinlock_t *l)
{
    unsigned int me = smp_processor_id();

    if (l->holder != me)
        panic("spinlock %s: CPU%u releases it without holding it", l->name, me);
    l->holder = SPINLOCK_NO_OWNER;
    __atomic_store_n(&l->owner, (uint16_t)(l->owner + 1), __ATOMIC_RELEASE);
}

unsigned long spin_lock_irqsave(spinlock_t *l)
{
    unsigned long flags = arch_irq_save();

    spin_lock(l);
    return flags;
}

void spin_unlock_irqrestore(spinlock_t *l, unsigned long flags)
{
    spin_unlock(l);
    arch_irq_restore(flags);
}

