/*
 * Ticket spinlocks: fair (CPUs get the lock in the order they asked), with
 * debug checks that catch the classic mistakes at once instead of as a
 * hang: taking a lock this CPU already holds, releasing a lock it does not
 * hold, and using one lock both with interrupts enabled and disabled
 * (which deadlocks when an interrupt handler wants it).
 */
#ifndef KEEL_SPINLOCK_H
#define KEEL_SPINLOCK_H

#include <stdint.h>

#define SPINLOCK_NO_OWNER 0xffffu

typedef struct spinlock {
    volatile uint16_t next;   /* ticket the next taker gets */
    volatile uint16_t owner;  /* ticket being served */
    uint16_t holder;          /* CPU holding it, or SPINLOCK_NO_OWNER */
    int8_t irq_safe;          /* -1 unknown, 0 taken with IRQs on, 1 off */
    const char *name;
} spinlock_t;

#define SPINLOCK_INIT(n) { 0, 0, SPINLOCK_NO_OWNER, -1, n }

void spin_lock(spinlock_t *l);
void spin_unlock(spinlock_t *l);
unsigned long spin_lock_irqsave(spinlock_t *l);
void spin_unlock_irqrestore(spinlock_t *l, unsigned long flags);

#endif
