/*
 * The per-CPU timer queue: a binary min-heap of struct timer * keyed on
 * (expires, seq), with each timer's slot kept in the timer itself.
 *
 * Invariants (see include/keel/timer.h): slots[0 .. count) are exactly the
 * active timers, each with heap_index == its slot; a parent never sorts
 * after its children; seq values are unique and increase with every add.
 *
 * A heap rather than a balanced tree or a timer wheel: the array is fixed
 * at init (no allocation on add), peek is slots[0], add and remove are
 * O(log n) with no per-timer links beyond one index, and ties need only
 * the sequence number in the key.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keel/errno.h"
#include "keel/timer.h"

void timer_init(struct timer *t, void (*fn)(void *data), void *data)
{
    t->expires = 0;
    t->seq = 0;
    t->fn = fn;
    t->data = data;
    t->heap_index = TIMER_INACTIVE;
    t->cpu = 0;
}

void timer_queue_init(struct timer_queue *q, struct timer **slots,
                      unsigned capacity)
{
    q->slots = slots;
    q->count = 0;
    q->capacity = capacity;
    q->next_seq = 0;
    q->running = false;
    q->run_now = 0;
}

bool timer_active(const struct timer *t)
{
    return t->heap_index != TIMER_INACTIVE;
}

/* Whether t is on q itself (not merely active somewhere). */
static bool on_queue(const struct timer_queue *q, const struct timer *t)
{
    return t->heap_index < q->count && q->slots[t->heap_index] == t;
}

static bool before(const struct timer *a, const struct timer *b)
{
    return a->expires < b->expires ||
           (a->expires == b->expires && a->seq < b->seq);
}

static void place(struct timer_queue *q, unsigned i, struct timer *t)
{
    q->slots[i] = t;
    t->heap_index = i;
}

static void sift_up(struct timer_queue *q, unsigned i)
{
    struct timer *t = q->slots[i];

    while (i > 0) {
        unsigned parent = (i - 1) / 2;

        if (!before(t, q->slots[parent]))
            break;
        place(q, i, q->slots[parent]);
        i = parent;
    }
    place(q, i, t);
}

static void sift_down(struct timer_queue *q, unsigned i)
{
    struct timer *t = q->slots[i];

    for (;;) {
        /* 64-bit: 2i + 1 must not wrap for a capacity near UINT_MAX. */
        uint64_t child = 2 * (uint64_t)i + 1;

        if (child >= q->count)
            break;
        if (child + 1 < q->count &&
            before(q->slots[child + 1], q->slots[child]))
            child++;
        if (!before(q->slots[child], t))
            break;
        place(q, i, q->slots[child]);
        i = (unsigned)child;
    }
    place(q, i, t);
}

/* Restore heap order around slot i after its key changed either way. */
static void resift(struct timer_queue *q, unsigned i)
{
    struct timer *t = q->slots[i];

    sift_up(q, i);
    sift_down(q, t->heap_index);
}

int timer_queue_add(struct timer_queue *q, struct timer *t, uint64_t expires)
{
    bool queued = on_queue(q, t);

    if (!queued && timer_active(t))
        return -EBUSY;
    if (!queued && q->count == q->capacity)
        return -ENOSPC;
    /*
     * Armed in the past from a callback: due at the running call's `now`
     * with a seq past its cut-off, so it sorts after every timer that call
     * must still fire instead of hiding them behind it at the heap's top.
     */
    if (q->running && expires < q->run_now)
        expires = q->run_now;
    t->expires = expires;
    t->seq = q->next_seq++;
    if (queued) {
        resift(q, t->heap_index);
    } else {
        place(q, q->count++, t);
        sift_up(q, t->heap_index);
    }
    return 0;
}

bool timer_queue_remove(struct timer_queue *q, struct timer *t)
{
    unsigned i = t->heap_index;
    struct timer *last;

    if (!on_queue(q, t))
        return false;
    t->heap_index = TIMER_INACTIVE;
    last = q->slots[--q->count];
    if (last != t) {
        place(q, i, last);
        resift(q, i);
    }
    return true;
}

struct timer *timer_queue_peek(const struct timer_queue *q)
{
    return q->count ? q->slots[0] : NULL;
}

uint64_t timer_queue_next_expiry(const struct timer_queue *q)
{
    return q->count ? q->slots[0]->expires : UINT64_MAX;
}

unsigned timer_queue_run(struct timer_queue *q, uint64_t now)
{
    /* Adds from callbacks get seq >= cutoff and so wait for the next call. */
    uint64_t cutoff = q->next_seq;
    unsigned fired = 0;
    struct timer *t;

    if (q->running)
        return 0;
    q->running = true;
    q->run_now = now;
    while ((t = timer_queue_peek(q)) && t->expires <= now && t->seq < cutoff) {
        timer_queue_remove(q, t);
        t->fn(t->data);         /* may free t: not touched again */
        fired++;
    }
    q->running = false;
    return fired;
}
