/*
 * Unit tests for the per-CPU timer queue (kernel/timer_queue.c).
 *
 * Every timer here is a struct tt whose callback logs its id and then runs
 * its `action` hook, so a test can make a callback re-arm itself or touch
 * other timers. check_heap() verifies the queue's invariants; the
 * randomized test runs the queue in lockstep with a linear reference model.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "keel/errno.h"
#include "keel/timer.h"

#include "xorshift.h"

#define MAX_TIMERS 64
#define MAX_LOG    1024

struct tt {
    struct timer t;
    int id;
    void (*action)(struct tt *self);
};

static struct timer_queue q;
static struct timer *slots[MAX_TIMERS];
static struct tt timers[MAX_TIMERS];
static int fired_log[MAX_LOG];
static int n_fired;
static uint64_t cb_now;           /* the `now` of the run in progress */

static void record(void *data)
{
    struct tt *x = data;

    assert_true(n_fired < MAX_LOG);
    assert_false(timer_active(&x->t));  /* disarmed before its callback */
    fired_log[n_fired++] = x->id;
    if (x->action)
        x->action(x);
}

static int setup(void **state)
{
    (void)state;
    timer_queue_init(&q, slots, MAX_TIMERS);
    for (int i = 0; i < MAX_TIMERS; i++) {
        timers[i].id = i;
        timers[i].action = NULL;
        timer_init(&timers[i].t, record, &timers[i]);
    }
    n_fired = 0;
    return 0;
}

static bool key_before(const struct timer *a, const struct timer *b)
{
    return a->expires < b->expires ||
           (a->expires == b->expires && a->seq < b->seq);
}

static void check_heap(const struct timer_queue *h)
{
    assert_true(h->count <= h->capacity);
    for (unsigned i = 0; i < h->count; i++) {
        assert_int_equal(h->slots[i]->heap_index, i);
        if (i > 0)
            assert_false(key_before(h->slots[i], h->slots[(i - 1) / 2]));
    }
    if (h->count)
        assert_int_equal(timer_queue_next_expiry(h), h->slots[0]->expires);
    else
        assert_int_equal(timer_queue_next_expiry(h), UINT64_MAX);
}

static void add(int id, uint64_t expires)
{
    assert_int_equal(timer_queue_add(&q, &timers[id].t, expires), 0);
    check_heap(&q);
}

static unsigned run(uint64_t now)
{
    unsigned n;

    cb_now = now;
    n = timer_queue_run(&q, now);
    check_heap(&q);
    return n;
}

static void assert_fired(const int *ids, int n)
{
    assert_int_equal(n_fired, n);
    for (int i = 0; i < n; i++)
        assert_int_equal(fired_log[i], ids[i]);
    n_fired = 0;
}

#define ASSERT_FIRED(...) do { \
        static const int want_[] = { __VA_ARGS__ }; \
        assert_fired(want_, (int)(sizeof(want_) / sizeof(want_[0]))); \
    } while (0)

static void test_empty(void **state)
{
    (void)state;
    assert_null(timer_queue_peek(&q));
    assert_int_equal(timer_queue_next_expiry(&q), UINT64_MAX);
    assert_int_equal(run(UINT64_MAX), 0);
    assert_false(timer_queue_remove(&q, &timers[0].t));
    assert_false(timer_active(&timers[0].t));
}

static void test_expiry_order(void **state)
{
    static const uint64_t exp[] = { 50, 10, 40, 30, 70, 20, 60 };

    (void)state;
    for (int i = 0; i < 7; i++)
        add(i, exp[i]);
    assert_ptr_equal(timer_queue_peek(&q), &timers[1].t);
    assert_int_equal(timer_queue_next_expiry(&q), 10);
    assert_int_equal(run(35), 3);
    ASSERT_FIRED(1, 5, 3);
    assert_int_equal(timer_queue_next_expiry(&q), 40);
    assert_int_equal(run(1000), 4);
    ASSERT_FIRED(2, 0, 6, 4);
    assert_null(timer_queue_peek(&q));
}

static void test_nothing_due(void **state)
{
    (void)state;
    add(0, 100);
    add(1, 200);
    assert_int_equal(run(99), 0);
    assert_int_equal(n_fired, 0);
    assert_int_equal(q.count, 2);
    assert_int_equal(run(100), 1);        /* expires == now is due */
    ASSERT_FIRED(0);
}

static void test_ties_in_insertion_order(void **state)
{
    (void)state;
    for (int i = 0; i < 10; i++)
        add((i * 7) % 10, 5);             /* ids 0 7 4 1 8 5 2 9 6 3 */
    add(2, 5);                            /* re-add: now last among ties */
    assert_int_equal(run(5), 10);
    ASSERT_FIRED(0, 7, 4, 1, 8, 5, 9, 6, 3, 2);
}

static void fire_all_and_expect(const int *ids, int n)
{
    assert_int_equal(run(UINT64_MAX), (unsigned)n);
    assert_fired(ids, n);
}

/* Removes the timer in slot i; timers[id] expires at 10 * (id + 1). */
static int remove_slot(unsigned i)
{
    struct timer *t = q.slots[i];

    assert_true(timer_queue_remove(&q, t));
    assert_false(timer_active(t));
    check_heap(&q);
    return ((struct tt *)t->data)->id;
}

static void test_remove_first_middle_last(void **state)
{
    bool gone[9] = { false };
    int rest[9], n = 0, latest = 8;

    (void)state;
    for (int i = 0; i < 9; i++)
        add(i, 10 * (i + 1));
    gone[remove_slot(0)] = true;              /* first: the heap's top */
    gone[remove_slot(q.count - 1)] = true;    /* last slot: nothing moves */
    gone[remove_slot(q.count / 2)] = true;    /* middle */
    while (gone[latest])
        latest--;
    assert_true(timer_queue_remove(&q, &timers[latest].t));  /* latest expiry */
    gone[latest] = true;
    check_heap(&q);
    assert_false(timer_queue_remove(&q, &timers[latest].t)); /* not queued */
    for (int i = 0; i < 9; i++)
        if (!gone[i])
            rest[n++] = i;
    assert_int_equal(n, 5);
    assert_int_equal(timer_queue_next_expiry(&q), 10 * (rest[0] + 1));
    fire_all_and_expect(rest, n);
}

static void test_remove_only(void **state)
{
    (void)state;
    add(0, 1);
    assert_true(timer_queue_remove(&q, &timers[0].t));
    assert_null(timer_queue_peek(&q));
    assert_int_equal(run(UINT64_MAX), 0);
}

static void test_readd_moves(void **state)
{
    (void)state;
    add(0, 10);
    add(1, 20);
    add(2, 30);
    add(0, 40);                           /* later: moves down */
    assert_int_equal(q.count, 3);
    assert_ptr_equal(timer_queue_peek(&q), &timers[1].t);
    add(2, 5);                            /* earlier: moves up */
    assert_ptr_equal(timer_queue_peek(&q), &timers[2].t);
    assert_int_equal(timers[2].t.expires, 5);
    assert_int_equal(run(UINT64_MAX), 3);
    ASSERT_FIRED(2, 1, 0);
}

static void test_full_is_enospc(void **state)
{
    struct timer *small[4];
    static const int all[] = { 3, 2, 1, 0 };

    (void)state;
    timer_queue_init(&q, small, 4);
    for (int i = 0; i < 4; i++)
        add(i, 100 - i);
    assert_int_equal(timer_queue_add(&q, &timers[4].t, 1), -ENOSPC);
    assert_false(timer_active(&timers[4].t));
    check_heap(&q);
    add(0, 50);                           /* moving a queued timer still works */
    assert_int_equal(q.count, 4);
    assert_int_equal(run(UINT64_MAX), 4);
    ASSERT_FIRED(0, 3, 2, 1);
    for (int i = 0; i < 4; i++)       /* and the queue refills */
        add(i, 100 - i);
    fire_all_and_expect(all, 4);
}

static void test_zero_capacity(void **state)
{
    (void)state;
    timer_queue_init(&q, NULL, 0);
    assert_int_equal(timer_queue_add(&q, &timers[0].t, 1), -ENOSPC);
    assert_null(timer_queue_peek(&q));
}

static void test_other_queue_is_ebusy(void **state)
{
    struct timer_queue q2;
    struct timer *slots2[2];

    (void)state;
    timer_queue_init(&q2, slots2, 2);
    add(0, 10);
    assert_int_equal(timer_queue_add(&q2, &timers[0].t, 5), -EBUSY);
    assert_false(timer_queue_remove(&q2, &timers[0].t));
    assert_int_equal(q2.count, 0);
    assert_true(timer_active(&timers[0].t));
    assert_int_equal(timers[0].t.expires, 10);
    assert_int_equal(run(10), 1);
    ASSERT_FIRED(0);
}

static void test_uint64_max_expiry(void **state)
{
    (void)state;
    add(0, UINT64_MAX);
    assert_non_null(timer_queue_peek(&q));     /* unlike an empty queue */
    assert_int_equal(timer_queue_next_expiry(&q), UINT64_MAX);
    assert_int_equal(run(UINT64_MAX - 1), 0);
    add(1, UINT64_MAX);
    assert_int_equal(run(UINT64_MAX), 2);
    ASSERT_FIRED(0, 1);
}

/* Periodic: re-arm one period after the previous expiry. */
static void rearm_periodic(struct tt *self)
{
    assert_int_equal(timer_queue_add(&q, &self->t, self->t.expires + 10), 0);
}

static void test_rearm_periodic(void **state)
{
    (void)state;
    timers[0].action = rearm_periodic;
    add(0, 10);
    assert_int_equal(run(10), 1);
    assert_int_equal(timers[0].t.expires, 20);
    assert_int_equal(run(15), 0);
    /* Late by more than a period: 30 is past, so due at 45, next call. */
    assert_int_equal(run(45), 1);
    assert_int_equal(timers[0].t.expires, 45);
    assert_int_equal(run(45), 1);
    assert_int_equal(timers[0].t.expires, 55);
    assert_int_equal(run(50), 0);
    assert_true(timer_queue_remove(&q, &timers[0].t));
}

/* Re-arm in the past: must wait for the next run, not loop forever. */
static void rearm_in_past(struct tt *self)
{
    assert_int_equal(timer_queue_add(&q, &self->t, 0), 0);
    assert_true(timer_active(&self->t));
}

static void test_rearm_in_past_waits_for_next_run(void **state)
{
    (void)state;
    timers[0].action = rearm_in_past;
    add(0, 5);
    add(1, 8);
    assert_int_equal(run(10), 2);         /* 0 re-armed at 0 must not hide 1 */
    ASSERT_FIRED(0, 1);
    assert_int_equal(timers[0].t.expires, 10);   /* due at that run's now */
    assert_int_equal(timer_queue_next_expiry(&q), 10);
    assert_int_equal(run(10), 1);         /* same now: still the next call */
    ASSERT_FIRED(0);
    timers[0].action = NULL;
    assert_int_equal(run(10), 1);
    ASSERT_FIRED(0);
}

static void rearm_at_now(struct tt *self)
{
    assert_int_equal(timer_queue_add(&q, &self->t, cb_now), 0);
}

static void test_rearm_at_now_waits(void **state)
{
    (void)state;
    timers[0].action = rearm_at_now;
    add(0, 3);
    add(1, 3);
    assert_int_equal(run(3), 2);
    ASSERT_FIRED(0, 1);
    timers[0].action = NULL;
    assert_int_equal(run(3), 1);
    ASSERT_FIRED(0);
}

/* Timer 0's callback removes 1 (due, about to run) and 5 (not yet due). */
static void remove_others(struct tt *self)
{
    (void)self;
    assert_true(timer_queue_remove(&q, &timers[1].t));
    assert_true(timer_queue_remove(&q, &timers[5].t));
    check_heap(&q);
}

static void test_callback_removes_due_timers(void **state)
{
    (void)state;
    timers[0].action = remove_others;
    add(0, 1);
    add(1, 2);
    add(2, 3);
    add(5, 100);
    assert_int_equal(run(50), 2);
    ASSERT_FIRED(0, 2);
    assert_null(timer_queue_peek(&q));
}

/* Timer 0 arms 3 in the past, moves due 1 later and arms 4 in the future. */
static void add_others(struct tt *self)
{
    (void)self;
    assert_int_equal(timer_queue_add(&q, &timers[3].t, 0), 0);
    assert_int_equal(timer_queue_add(&q, &timers[1].t, 2), 0);
    assert_int_equal(timer_queue_add(&q, &timers[4].t, 60), 0);
    check_heap(&q);
}

static void test_callback_adds_other_timers(void **state)
{
    (void)state;
    timers[0].action = add_others;
    add(0, 1);
    add(1, 2);
    add(2, 3);
    assert_int_equal(run(50), 2);         /* 1 was re-armed: next call */
    ASSERT_FIRED(0, 2);
    assert_int_equal(run(50), 2);
    ASSERT_FIRED(3, 1);                   /* both at 50, in order armed */
    assert_int_equal(run(60), 1);
    ASSERT_FIRED(4);
}

/* A callback may free the object its timer is embedded in. */
struct owner {
    int junk;
    struct timer t;
};

static int owners_freed;

static void free_owner(void *data)
{
    free(data);
    owners_freed++;
}

static void test_callback_frees_its_timer(void **state)
{
    (void)state;
    owners_freed = 0;
    for (int i = 0; i < 3; i++) {
        struct owner *o = calloc(1, sizeof(*o));

        assert_non_null(o);
        timer_init(&o->t, free_owner, o);
        assert_int_equal(timer_queue_add(&q, &o->t, 7), 0);
    }
    assert_int_equal(run(7), 3);          /* ASan: no use after free */
    assert_int_equal(owners_freed, 3);
}

static unsigned nested_result;

static void run_nested(struct tt *self)
{
    (void)self;
    nested_result = timer_queue_run(&q, UINT64_MAX);
}

static void test_nested_run_does_nothing(void **state)
{
    (void)state;
    nested_result = 99;
    timers[0].action = run_nested;
    add(0, 1);
    add(1, 2);
    assert_int_equal(run(1), 1);
    assert_int_equal(nested_result, 0);
    ASSERT_FIRED(0);
    assert_true(timer_active(&timers[1].t));
    assert_int_equal(run(2), 1);
    ASSERT_FIRED(1);
}

/*
 * Randomized lockstep test. The model keeps, per timer, whether it is
 * armed, its expiry and its seq; it finds the next timer by a linear scan.
 * Callbacks check they are the model's next, then do random adds and
 * removes on both the queue and the model.
 */
#define R_TIMERS   40
#define R_CAPACITY 24            /* fewer than timers: -ENOSPC happens */
#define R_STEPS    20000

struct model {
    bool active[R_TIMERS];
    uint64_t expires[R_TIMERS];
    uint64_t seq[R_TIMERS];
    unsigned count;
    uint64_t next_seq;
    bool running;
    uint64_t run_now, cutoff;
};

static struct model m;
static uint64_t rng = 0x9e3779b97f4a7c15ull;
static unsigned r_fired;

static unsigned rnd_below(unsigned n)
{
    return (unsigned)(xorshift64(&rng) % n);
}

static bool model_before(int a, int b)
{
    return m.expires[a] < m.expires[b] ||
           (m.expires[a] == m.expires[b] && m.seq[a] < m.seq[b]);
}

static int model_min(void)
{
    int best = -1;

    for (int i = 0; i < R_TIMERS; i++)
        if (m.active[i] && (best < 0 || model_before(i, best)))
            best = i;
    return best;
}

/* The timer the running call should fire next, or -1. */
static int model_next_due(void)
{
    int best = -1;

    for (int i = 0; i < R_TIMERS; i++)
        if (m.active[i] && m.expires[i] <= m.run_now && m.seq[i] < m.cutoff &&
            (best < 0 || model_before(i, best)))
            best = i;
    return best;
}

static void model_check(void)
{
    int min = model_min();

    check_heap(&q);
    assert_int_equal(q.count, m.count);
    for (int i = 0; i < R_TIMERS; i++) {
        assert_int_equal(timer_active(&timers[i].t), m.active[i]);
        if (m.active[i])
            assert_int_equal(timers[i].t.expires, m.expires[i]);
    }
    if (min < 0)
        assert_null(timer_queue_peek(&q));
    else
        assert_ptr_equal(timer_queue_peek(&q), &timers[min].t);
}

static uint64_t rnd_expiry(uint64_t now)
{
    switch (rnd_below(10)) {              /* now >= 100 throughout */
    case 0:  return UINT64_MAX;
    case 1:  return 0;
    case 2:  return now - rnd_below(50);
    default: return now + rnd_below(60);     /* narrow: many ties */
    }
}

static void r_add(int id, uint64_t expires)
{
    int rc = timer_queue_add(&q, &timers[id].t, expires);

    if (!m.active[id] && m.count == R_CAPACITY) {
        assert_int_equal(rc, -ENOSPC);
        return;
    }
    assert_int_equal(rc, 0);
    if (m.running && expires < m.run_now)
        expires = m.run_now;
    m.count += !m.active[id];
    m.active[id] = true;
    m.expires[id] = expires;
    m.seq[id] = m.next_seq++;
}

static void r_remove(int id)
{
    assert_int_equal(timer_queue_remove(&q, &timers[id].t), m.active[id]);
    m.count -= m.active[id];
    m.active[id] = false;
}

static void r_random_op(uint64_t now)
{
    int id = (int)rnd_below(R_TIMERS);

    if (rnd_below(3))
        r_add(id, rnd_expiry(now));
    else
        r_remove(id);
}

static void r_callback(struct tt *self)
{
    int ops = (int)rnd_below(4);

    n_fired = 0;                          /* the log is not used here */
    assert_int_equal(self->id, model_next_due());
    m.active[self->id] = false;
    m.count--;
    r_fired++;
    model_check();
    if (rnd_below(4) == 0)
        r_add(self->id, rnd_expiry(m.run_now));     /* re-arm itself */
    for (int i = 0; i < ops; i++)
        r_random_op(m.run_now);
    model_check();
}

static void test_randomized_against_model(void **state)
{
    struct timer *r_slots[R_CAPACITY];
    uint64_t now = 100;
    unsigned fired;

    (void)state;
    memset(&m, 0, sizeof(m));
    timer_queue_init(&q, r_slots, R_CAPACITY);
    for (int i = 0; i < R_TIMERS; i++)
        timers[i].action = r_callback;
    for (int step = 0; step < R_STEPS; step++) {
        if (rnd_below(5)) {
            r_random_op(now);
        } else {
            now += rnd_below(40);
            m.running = true;
            m.run_now = now;
            m.cutoff = m.next_seq;
            r_fired = 0;
            fired = timer_queue_run(&q, now);
            assert_int_equal(fired, r_fired);
            assert_int_equal(model_next_due(), -1);  /* none left behind */
            m.running = false;
        }
        model_check();
    }
    n_fired = 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_empty, setup),
        cmocka_unit_test_setup(test_expiry_order, setup),
        cmocka_unit_test_setup(test_nothing_due, setup),
        cmocka_unit_test_setup(test_ties_in_insertion_order, setup),
        cmocka_unit_test_setup(test_remove_first_middle_last, setup),
        cmocka_unit_test_setup(test_remove_only, setup),
        cmocka_unit_test_setup(test_readd_moves, setup),
        cmocka_unit_test_setup(test_full_is_enospc, setup),
        cmocka_unit_test_setup(test_zero_capacity, setup),
        cmocka_unit_test_setup(test_other_queue_is_ebusy, setup),
        cmocka_unit_test_setup(test_uint64_max_expiry, setup),
        cmocka_unit_test_setup(test_rearm_periodic, setup),
        cmocka_unit_test_setup(test_rearm_in_past_waits_for_next_run, setup),
        cmocka_unit_test_setup(test_rearm_at_now_waits, setup),
        cmocka_unit_test_setup(test_callback_removes_due_timers, setup),
        cmocka_unit_test_setup(test_callback_adds_other_timers, setup),
        cmocka_unit_test_setup(test_callback_frees_its_timer, setup),
        cmocka_unit_test_setup(test_nested_run_does_nothing, setup),
        cmocka_unit_test_setup(test_randomized_against_model, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
