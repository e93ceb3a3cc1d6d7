/*
 * One-shot hypervisor timers and the per-CPU queue that orders them: the
 * pure part of Keel's timers. Arming the hardware (the LAPIC deadline) and
 * calling timer_queue_run() from its interrupt are the architecture's job.
 *
 * A struct timer is embedded in its owner (a vCPU, a domain), so arming one
 * never allocates. The queue is a binary min-heap over an array of
 * struct timer * that the caller provides at init; each timer records its
 * slot, so removing any timer is O(log n) and peeking is O(1).
 *
 * Locking: none here. Every call on a queue, and on a timer queued on it,
 * must hold that queue's per-CPU lock; callbacks run with it held.
 *
 * Invariants, for a queue q:
 *  - slots[0 .. count) hold exactly the active timers of q, each with
 *    heap_index equal to its slot; an inactive timer has TIMER_INACTIVE.
 *  - Heap order on (expires, seq): a parent never sorts after its child.
 *  - seq is taken from q->next_seq at every (re-)add and is never reused
 *    (64 bits do not wrap), so equal expiries fire in the order added.
 */
#ifndef KEEL_TIMER_H
#define KEEL_TIMER_H

#include <stdbool.h>
#include <stdint.h>

#define TIMER_INACTIVE UINT32_MAX

struct timer {
    uint64_t expires;           /* ns since boot; meaningful while active */
    uint64_t seq;               /* tie-break: order of the last add */
    void (*fn)(void *data);
    void *data;
    uint32_t heap_index;        /* slot in its queue, or TIMER_INACTIVE */
    uint32_t cpu;               /* whose queue holds it: kernel/timers.c's
                                   record, meaningful while active */
};

struct timer_queue {
    struct timer **slots;
    unsigned count;
    unsigned capacity;
    uint64_t next_seq;
    bool running;               /* inside timer_queue_run() */
    uint64_t run_now;           /* its `now`, while running */
};

/* Prepare t (inactive) to call fn(data) when it fires. */
void timer_init(struct timer *t, void (*fn)(void *data), void *data);

/* An empty queue that can hold `capacity` timers in `slots`. */
void timer_queue_init(struct timer_queue *q, struct timer **slots,
                      unsigned capacity);

/*
 * Arm t to fire at `expires`. If t is already on q it moves (and counts as
 * added now for ties). Returns 0, -ENOSPC if q is full (t is left as it
 * was), or -EBUSY if t is active on another queue.
 *
 * From a callback, a timer armed at or before the running call's `now`
 * waits for the next timer_queue_run(); its expiry becomes that `now`, so
 * it still sorts after every timer that was already due.
 */
int timer_queue_add(struct timer_queue *q, struct timer *t, uint64_t expires);

/* Disarm t. Returns false if t was not on q. */
bool timer_queue_remove(struct timer_queue *q, struct timer *t);

/* The next timer to fire, or NULL if q is empty. */
struct timer *timer_queue_peek(const struct timer_queue *q);

/* When the next timer fires, or UINT64_MAX if q is empty. */
uint64_t timer_queue_next_expiry(const struct timer_queue *q);

/*
 * Fire, in (expires, seq) order, every timer on q with expires <= now
 * that was last added before this call; returns how many fired. Each is
 * disarmed before its callback, which may re-arm it, free it, or add and
 * remove other timers (a removed timer does not fire). Timers armed by
 * callbacks wait for the next call. A nested call on the same q fires
 * nothing and returns 0.
 */
unsigned timer_queue_run(struct timer_queue *q, uint64_t now);

/* Whether t is on a queue. */
bool timer_active(const struct timer *t);

#endif
