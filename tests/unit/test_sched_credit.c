/*
 * Unit tests for the credit scheduler's policy (kernel/sched_credit.c).
 *
 * A small simulator plays the caller (kernel/schedule.c) in virtual time:
 * CPUs with slice and tick timers, the 30 ms accounting timer, and vCPUs
 * that are CPU hogs, I/O-like (run a burst, block, wake later) or driven
 * by the test. Time jumps from event to event; every CPU the scheduler
 * asks to look again reschedules at once (no IPI delay), and after each
 * event check_invariants() verifies keel/sched_credit.h's invariants plus
 * what the caller sees: affinity respected, no CPU idle while a vCPU it
 * may run waits elsewhere. Everything is deterministic: the randomized
 * test uses a fixed seed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "keel/errno.h"
#include "keel/sched_credit.h"

#include "xorshift.h"

#define US 1000ull
#define MS 1000000ull
#define S_NS 1000000000ull
#define PERIOD CSCHED_TSLICE_NS

#define MAX_CPUS  8
#define MAX_VCPUS 16
#define MAX_DOMS  8

enum kind {
    DRIVEN,     /* blocks and wakes only when the test says */
    HOG,        /* always runnable */
    IO,         /* runs burst_ns, blocks sleep_ns, wakes; repeat */
};

struct tvcpu {
    struct csched_vcpu sv;
    int id;
    enum kind kind;
    bool added;
    struct csched_dom *dom;
    uint64_t burst_ns, sleep_ns;
    uint64_t left_ns;            /* IO: of the current burst */
    uint64_t wake_at;            /* IO: blocked until; 0: not blocked */
    bool waiting;                /* woken, not yet run */
    uint64_t woke_at;
    uint64_t max_latency, nr_wakes;
    uint64_t ran_ns, ran_on[MAX_CPUS];
    uint64_t last_ran;           /* end of its last run, or when it woke */
    uint64_t max_gap;            /* longest runnable time without running */
};

struct sim {
    struct csched s;
    unsigned int nr_cpus;
    uint64_t now;
    struct csched_dom doms[MAX_DOMS];
    struct tvcpu v[MAX_VCPUS];
    unsigned int nr_v;
    struct tvcpu *cur[MAX_CPUS];     /* each CPU's vCPU: the caller's view */
    uint64_t slice_at[MAX_CPUS];     /* 0: off */
    uint64_t tick_at[MAX_CPUS];      /* 0: off */
    uint64_t idle_ns[MAX_CPUS];
    uint64_t acct_at;
    uint64_t resched;                /* CPUs asked to reschedule */
    uint64_t switches;
};

static struct sim S;

static struct tvcpu *tv_of(struct csched_vcpu *sv)
{
    return (struct tvcpu *)((char *)sv - offsetof(struct tvcpu, sv));
}

/* ------------------------------------------------------------ invariants */

static void check_invariants(void)
{
    struct csched *s = &S.s;
    uint64_t weight = 0;

    assert_true(S.resched == 0);
    for (unsigned int i = 0; i < S.nr_v; i++) {
        struct tvcpu *tv = &S.v[i];
        struct csched_vcpu *sv = &tv->sv;
        unsigned int queued = 0, current = 0, qcpu = 0;

        for (unsigned int c = 0; c < S.nr_cpus; c++) {
            struct csched_link *q = &s->pcpu[c].runq;

            for (struct csched_link *it = q->next; it != q; it = it->next)
                if (it == &sv->runq_elem) {
                    queued++;
                    qcpu = c;
                }
            if (s->pcpu[c].curr == sv) {
                current++;
                assert_int_equal(sv->cpu, c);
                assert_ptr_equal(S.cur[c], tv);
                /* affinity never violated */
                assert_true((sv->affinity >> c) & 1);
            }
        }
        if (!tv->added) {
            assert_null(sv->dom);
            assert_int_equal(queued + current, 0);
            continue;
        }
        assert_ptr_equal(sv->dom, tv->dom);
        assert_true(sv->affinity & s->online);
        if (csched_vcpu_eligible(sv))
            assert_int_equal(queued + current, 1); /* exactly one place */
        else
            assert_int_equal(queued + current, 0); /* CPUs rescheduled */
        assert_int_equal(csched_vcpu_queued(sv), queued == 1);
        if (queued) {
            assert_int_equal(sv->cpu, qcpu);
            assert_true((sv->affinity >> qcpu) & 1);
        }
        assert_true(sv->pri == CSCHED_PRI_BOOST ||
                    sv->pri == CSCHED_PRI_UNDER ||
                    sv->pri == CSCHED_PRI_OVER);
        if (sv->parked) /* parked => active: it earns its way back */
            assert_false(sv->active_elem.next == &sv->active_elem);
    }

    /* queues in priority order; no CPU idle while it could take a vCPU */
    for (unsigned int c = 0; c < S.nr_cpus; c++) {
        struct csched_link *q = &s->pcpu[c].runq;
        int last = CSCHED_PRI_BOOST;

        for (struct csched_link *it = q->next; it != q; it = it->next) {
            struct csched_vcpu *sv = (struct csched_vcpu *)
                ((char *)it - offsetof(struct csched_vcpu, runq_elem));

            if (sv->yielding) /* may sit behind one lower-priority vCPU */
                continue;
            assert_true(sv->pri <= last);
            last = sv->pri;
            for (unsigned int d = 0; d < S.nr_cpus; d++)
                if ((sv->affinity >> d) & 1)
                    assert_true(s->pcpu[d].curr != NULL);
        }
        if (!s->pcpu[c].curr)
            assert_true(q->next == q);
        assert_ptr_equal(S.cur[c],
                         s->pcpu[c].curr ? tv_of(s->pcpu[c].curr) : NULL);
    }

    /* active lists and the total weight */
    for (unsigned int i = 0; i < MAX_DOMS; i++) {
        struct csched_dom *d = &S.doms[i];
        unsigned int n = 0, on_list = 0;

        if (!d->added)
            continue;
        for (struct csched_link *it = d->active_vcpus.next;
             it != &d->active_vcpus; it = it->next)
            n++;
        assert_int_equal(n, d->nr_active);
        assert_true(d->nr_active <= d->nr_vcpus);
        for (struct csched_link *it = s->active_doms.next;
             it != &s->active_doms; it = it->next)
            if (it == &d->active_elem)
                on_list++;
        assert_int_equal(on_list, d->nr_active ? 1 : 0);
        weight += (uint64_t)d->weight * d->nr_active;
    }
    assert_true(weight == s->weight);
}

/* --------------------------------------------------------- the simulator */

static void sim_init(unsigned int nr_cpus)
{
    memset(&S, 0, sizeof(S));
    assert_int_equal(csched_init(&S.s, nr_cpus), 0);
    S.nr_cpus = nr_cpus;
    S.acct_at = PERIOD;
}

static struct csched_dom *sim_dom(unsigned int i, unsigned int weight,
                                  unsigned int cap)
{
    struct csched_dom *d = &S.doms[i];

    csched_add_domain(&S.s, d);
    assert_int_equal(csched_set_params(&S.s, d, weight, cap), 0);
    return d;
}

static struct tvcpu *sim_vcpu(struct csched_dom *d, unsigned int cpu,
                              enum kind kind)
{
    struct tvcpu *tv = &S.v[S.nr_v];

    assert_true(S.nr_v < MAX_VCPUS);
    tv->id = (int)S.nr_v++;
    tv->kind = kind;
    tv->dom = d;
    assert_int_equal(csched_add_vcpu(&S.s, d, &tv->sv, cpu), 0);
    tv->added = true;
    return tv;
}

static void kick(int cpu)
{
    if (cpu >= 0) {
        assert_true((unsigned int)cpu < S.nr_cpus);
        S.resched |= 1ull << cpu;
    }
}

static void sim_wake(struct tvcpu *tv)
{
    bool was = csched_vcpu_eligible(&tv->sv);

    if (!was) {
        tv->waiting = true;
        tv->woke_at = S.now;
        tv->last_ran = S.now;
        tv->nr_wakes++;
    }
    kick(csched_wake(&S.s, &tv->sv, S.now));
}

static void sim_sleep(struct tvcpu *tv)
{
    tv->waiting = false;
    kick(csched_sleep(&S.s, &tv->sv));
}

static void sim_schedule(unsigned int cpu)
{
    struct csched_vcpu *n;
    struct tvcpu *tv;
    uint64_t slice;

    S.resched |= csched_do_schedule(&S.s, cpu, S.now, &n, &slice);
    tv = n ? tv_of(n) : NULL;
    if (tv != S.cur[cpu])
        S.switches++;
    S.cur[cpu] = tv;
    if (!tv) {
        assert_true(slice == 0);
        S.slice_at[cpu] = 0;
        S.tick_at[cpu] = 0;  /* no credit tick while idle */
        return;
    }
    assert_true(tv->added);
    assert_int_equal(n->cpu, cpu);
    assert_true((n->affinity >> cpu) & 1);
    assert_true(csched_vcpu_eligible(n));
    for (unsigned int c = 0; c < S.nr_cpus; c++)
        if (c != cpu)
            assert_ptr_not_equal(S.cur[c], tv);
    assert_true(slice == CSCHED_TSLICE_NS);
    S.slice_at[cpu] = S.now + slice;
    if (!S.tick_at[cpu])  /* aligned to the tick, as Xen restarts it */
        S.tick_at[cpu] = S.now + CSCHED_TICK_NS - S.now % CSCHED_TICK_NS;
    if (tv->waiting) {
        uint64_t lat = S.now - tv->woke_at;

        if (lat > tv->max_latency)
            tv->max_latency = lat;
        tv->waiting = false;
    }
}

static void process_resched(void)
{
    while (S.resched) {
        unsigned int cpu = (unsigned int)__builtin_ctzll(S.resched);

        S.resched &= S.resched - 1;
        sim_schedule(cpu);
    }
}

static uint64_t next_event(void)
{
    uint64_t t = S.acct_at;

    for (unsigned int c = 0; c < S.nr_cpus; c++) {
        if (S.tick_at[c] && S.tick_at[c] < t)
            t = S.tick_at[c];
        if (S.slice_at[c] && S.slice_at[c] < t)
            t = S.slice_at[c];
        if (S.cur[c] && S.cur[c]->kind == IO && S.now + S.cur[c]->left_ns < t)
            t = S.now + S.cur[c]->left_ns;
    }
    for (unsigned int i = 0; i < S.nr_v; i++)
        if (S.v[i].added && S.v[i].wake_at && S.v[i].wake_at < t)
            t = S.v[i].wake_at;
    return t;
}

static void advance(uint64_t t)
{
    uint64_t dt = t - S.now;

    for (unsigned int c = 0; c < S.nr_cpus; c++) {
        struct tvcpu *tv = S.cur[c];

        if (!tv) {
            S.idle_ns[c] += dt;
            continue;
        }
        tv->ran_ns += dt;
        tv->ran_on[c] += dt;
        if (tv->kind == IO) {
            assert_true(tv->left_ns >= dt);
            tv->left_ns -= dt;
        }
    }
    for (unsigned int i = 0; i < S.nr_v; i++) {
        struct tvcpu *tv = &S.v[i];
        bool running = false;

        if (!tv->added)
            continue;
        for (unsigned int c = 0; c < S.nr_cpus; c++)
            running |= S.cur[c] == tv;
        if (running) {
            tv->last_ran = t;
        } else if (csched_vcpu_eligible(&tv->sv) &&
                   t - tv->last_ran > tv->max_gap) {
            tv->max_gap = t - tv->last_ran;
        }
    }
    S.now = t;
}

/* Everything due at S.now, in a fixed order. */
static void handle_events(void)
{
    if (S.acct_at == S.now) {
        S.resched |= csched_account(&S.s, S.now);
        S.acct_at += PERIOD;
    }
    for (unsigned int c = 0; c < S.nr_cpus; c++) {
        if (S.tick_at[c] == S.now) {
            S.tick_at[c] += CSCHED_TICK_NS;
            if (csched_tick(&S.s, c, S.now))
                kick((int)c);
        }
        if (S.slice_at[c] == S.now) {
            S.slice_at[c] = 0;
            kick((int)c);
        }
    }
    for (unsigned int c = 0; c < S.nr_cpus; c++) {
        struct tvcpu *tv = S.cur[c];

        if (tv && tv->kind == IO && tv->left_ns == 0 && !tv->wake_at) {
            tv->wake_at = S.now + tv->sleep_ns;
            sim_sleep(tv);
        }
    }
    for (unsigned int i = 0; i < S.nr_v; i++) {
        struct tvcpu *tv = &S.v[i];

        if (tv->added && tv->wake_at == S.now) {
            tv->wake_at = 0;
            tv->left_ns = tv->burst_ns;
            sim_wake(tv);
        }
    }
}

/* Run the machine until `until`, checking the invariants after each event. */
static void sim_run(uint64_t until)
{
    process_resched();
    check_invariants();
    for (;;) {
        uint64_t t = next_event();

        if (t > until) {
            advance(until);
            break;
        }
        advance(t);
        handle_events();
        process_resched();
        check_invariants();
    }
}

static void reset_stats(void)
{
    for (unsigned int i = 0; i < S.nr_v; i++) {
        struct tvcpu *tv = &S.v[i];

        tv->ran_ns = 0;
        memset(tv->ran_on, 0, sizeof(tv->ran_on));
        tv->max_latency = 0;
        tv->nr_wakes = 0;
        tv->max_gap = 0;
        tv->last_ran = S.now;
    }
    memset(S.idle_ns, 0, sizeof(S.idle_ns));
    S.switches = 0;
}

static double share(const struct tvcpu *tv, uint64_t span)
{
    return (double)tv->ran_ns / (double)span;
}

/* ----------------------------------------------------------------- tests */

/* Weights 256 and 512, one CPU, two hogs: shares 1:2 over 10 s. */
static void test_weight_shares_one_cpu(void **state)
{
    struct tvcpu *a, *b;
    double ratio;

    (void)state;
    sim_init(1);
    a = sim_vcpu(sim_dom(0, 256, 0), 0, HOG);
    b = sim_vcpu(sim_dom(1, 512, 0), 0, HOG);
    sim_wake(a);
    sim_wake(b);
    sim_run(10 * S_NS);
    ratio = (double)b->ran_ns / (double)a->ran_ns;
    printf("  weights 256:512 on 1 CPU, 10 s: %.2f%% / %.2f%%, ratio %.3f\n",
           100 * share(a, 10 * S_NS), 100 * share(b, 10 * S_NS), ratio);
    assert_true(a->ran_ns + b->ran_ns == 10 * S_NS); /* never idle */
    assert_true(ratio > 2 * 0.95 && ratio < 2 * 1.05);
}

/* The same with two CPUs and two vCPUs a domain, plus a third domain. */
static void test_weight_shares_two_cpus(void **state)
{
    struct csched_dom *d1, *d2, *d3;
    uint64_t dom_ns[3] = { 0 };
    double w[3] = { 256, 512, 768 }, tot = 0;

    (void)state;
    sim_init(2);
    d1 = sim_dom(0, 256, 0);
    d2 = sim_dom(1, 512, 0);
    d3 = sim_dom(2, 768, 0);
    for (unsigned int i = 0; i < 2; i++) {
        sim_vcpu(d1, i, HOG);
        sim_vcpu(d2, i, HOG);
        sim_vcpu(d3, i, HOG);
    }
    for (unsigned int i = 0; i < S.nr_v; i++)
        sim_wake(&S.v[i]);
    sim_run(1 * S_NS);
    reset_stats();
    sim_run(11 * S_NS);
    for (unsigned int i = 0; i < S.nr_v; i++)
        dom_ns[i % 3] += S.v[i].ran_ns;
    for (unsigned int i = 0; i < 3; i++)
        tot += w[i];
    for (unsigned int i = 0; i < 3; i++) {
        double got = (double)dom_ns[i] / (2.0 * 10 * S_NS);
        double want = w[i] / tot;

        printf("  2 CPUs, weight %4.0f x2 vCPUs: %.2f%% of the machine "
               "(fair %.2f%%)\n", w[i], 100 * got, 100 * want);
        assert_true(got > want * 0.95 && got < want * 1.05);
    }
}

/* A 25% cap holds a CPU hog to ~25% though the CPU is otherwise idle. */
static void test_cap_on_idle_cpu(void **state)
{
    struct tvcpu *a;
    double sh;

    (void)state;
    sim_init(1);
    a = sim_vcpu(sim_dom(0, 256, 25), 0, HOG);
    sim_wake(a);
    sim_run(10 * S_NS);
    sh = share(a, 10 * S_NS);
    printf("  cap 25%%, alone on 1 CPU, 10 s: %.2f%% (CPU idle %.2f%%)\n",
           100 * sh, 100.0 * (double)S.idle_ns[0] / (double)(10 * S_NS));
    assert_true(sh > 0.25 * 0.95 && sh < 0.25 * 1.05);
    assert_true(S.idle_ns[0] + a->ran_ns == 10 * S_NS);
}

/* A cap of 50% on a two-vCPU domain competing with an uncapped hog. */
static void test_cap_with_competition(void **state)
{
    struct csched_dom *capped;
    struct tvcpu *x, *y, *h;
    double sh;

    (void)state;
    sim_init(2);
    capped = sim_dom(0, 256, 50);
    x = sim_vcpu(capped, 0, HOG);
    y = sim_vcpu(capped, 1, HOG);
    h = sim_vcpu(sim_dom(1, 256, 0), 0, HOG);
    sim_wake(x);
    sim_wake(y);
    sim_wake(h);
    sim_run(10 * S_NS);
    sh = (double)(x->ran_ns + y->ran_ns) / (double)(10 * S_NS);
    printf("  cap 50%% on 2 vCPUs + 1 uncapped hog, 2 CPUs: capped domain "
           "%.2f%% of one CPU, hog %.2f%%\n", 100 * sh,
           100 * share(h, 10 * S_NS));
    assert_true(sh > 0.50 * 0.95 && sh < 0.50 * 1.05);
    assert_true(share(h, 10 * S_NS) > 0.95);
}

/* A vCPU pinned to CPU 1 never runs on CPU 0, idle or not. */
static void test_affinity_pinned(void **state)
{
    struct csched_dom *d;
    struct tvcpu *p, *h, *f;

    (void)state;
    sim_init(2);
    d = sim_dom(0, 256, 0);
    p = sim_vcpu(d, 0, HOG);
    h = sim_vcpu(d, 1, HOG);
    f = sim_vcpu(d, 1, HOG);
    assert_int_equal(csched_set_affinity(&S.s, &p->sv, 1u << 1), 0);
    assert_int_equal(p->sv.cpu, 1);   /* blocked: now belongs to CPU 1 */
    assert_int_equal(csched_set_affinity(&S.s, &h->sv, 1u << 1), 0);
    sim_wake(p);
    sim_wake(h);

    /* Phase 1: CPU 1 busy with two pinned hogs, CPU 0 idle throughout. */
    sim_run(5 * S_NS);
    printf("  pinned to CPU 1: p %.1f%% (on CPU 0: %llu ns), h %.1f%%, "
           "CPU 0 idle %.1f%%\n", 100 * share(p, 5 * S_NS),
           (unsigned long long)p->ran_on[0], 100 * share(h, 5 * S_NS),
           100.0 * (double)S.idle_ns[0] / (double)(5 * S_NS));
    assert_int_equal(p->ran_on[0], 0);
    assert_int_equal(h->ran_on[0], 0);
    assert_int_equal(S.idle_ns[0], 5 * S_NS);
    assert_true(share(p, 5 * S_NS) > 0.45 && share(h, 5 * S_NS) > 0.45);

    /* Phase 2: a free hog joins on CPU 1; it may (and does) use CPU 0. */
    reset_stats();
    sim_wake(f);
    sim_run(10 * S_NS);
    printf("  + free hog: f on CPU 0 %.1f%%, p/h on CPU 0: %llu/%llu ns\n",
           100.0 * (double)f->ran_on[0] / (double)(5 * S_NS),
           (unsigned long long)p->ran_on[0], (unsigned long long)h->ran_on[0]);
    assert_int_equal(p->ran_on[0], 0);
    assert_int_equal(h->ran_on[0], 0);
    assert_true(f->ran_on[0] > 5 * S_NS * 9 / 10);

    /* Phase 3: pin the running p to CPU 0: its CPU is asked to move it. */
    for (unsigned int i = 0; i < 100 && S.s.pcpu[1].curr != &p->sv; i++)
        sim_run(S.now + 1 * MS);
    assert_ptr_equal(S.s.pcpu[1].curr, &p->sv);
    reset_stats();
    assert_int_equal(csched_set_affinity(&S.s, &p->sv, 1u << 0), 1);
    kick((int)p->sv.cpu);
    sim_run(S.now + 2 * S_NS);
    assert_int_equal(p->ran_on[1], 0);
    assert_true(p->ran_on[0] > 0);
    /* affinity outside the machine, or empty */
    assert_int_equal(csched_set_affinity(&S.s, &p->sv, 0), -EINVAL);
    assert_int_equal(csched_set_affinity(&S.s, &p->sv, 1ull << 5), -EINVAL);
}

/* Four hogs put on CPU 0 end up two and two, each with half a CPU. */
static void test_load_balance(void **state)
{
    struct csched_dom *d;
    unsigned int samples = 0, balanced = 0;

    (void)state;
    sim_init(2);
    d = sim_dom(0, 256, 0);
    for (unsigned int i = 0; i < 4; i++) {
        struct tvcpu *tv = sim_vcpu(d, 0, HOG);

        assert_int_equal(csched_set_affinity(&S.s, &tv->sv, 1u << 0), 0);
        sim_wake(tv);
    }
    sim_run(300 * MS);
    for (unsigned int i = 0; i < 4; i++) {
        assert_int_equal(S.v[i].ran_on[1], 0);
        /* now free to go anywhere; CPU 1 is idle */
        kick(csched_set_affinity(&S.s, &S.v[i].sv, 3) ? (int)S.v[i].sv.cpu
                                                      : -1);
    }
    reset_stats();
    for (unsigned int step = 0; step < 330; step++) {
        unsigned int on[2] = { 0, 0 };

        sim_run(S.now + PERIOD);
        for (unsigned int i = 0; i < 4; i++)
            on[S.v[i].sv.cpu]++;
        samples++;
        balanced += on[0] == 2 && on[1] == 2;
    }
    printf("  4 hogs on 2 CPUs: 2+2 at %u of %u period ends; shares",
           balanced, samples);
    for (unsigned int i = 0; i < 4; i++)
        printf(" %.1f%%", 100.0 * share(&S.v[i], 330 * PERIOD));
    printf("; idle %llu ns; switches %llu\n",
           (unsigned long long)(S.idle_ns[0] + S.idle_ns[1]),
           (unsigned long long)S.switches);
    assert_int_equal(S.idle_ns[0] + S.idle_ns[1], 0);
    for (unsigned int i = 0; i < 4; i++) {
        double sh = share(&S.v[i], 330 * PERIOD);

        assert_true(sh > 0.5 * 0.95 && sh < 0.5 * 1.05);
    }
    assert_true(balanced * 10 >= samples * 9);
}

/* An I/O vCPU (100 us of work every 5 ms) runs within 1 ms of waking. */
static void test_boost_latency(void **state)
{
    struct csched_dom *hogs;
    struct tvcpu *io, *h1, *h2;

    (void)state;
    sim_init(1);
    hogs = sim_dom(0, 256, 0);
    h1 = sim_vcpu(hogs, 0, HOG);
    h2 = sim_vcpu(hogs, 0, HOG);
    io = sim_vcpu(sim_dom(1, 256, 0), 0, IO);
    io->burst_ns = 100 * US;
    io->sleep_ns = 5 * MS;
    sim_wake(h1);
    sim_wake(h2);
    sim_run(100 * MS);
    io->wake_at = S.now + 1234 * US;    /* out of step with the ticks */
    reset_stats();
    sim_run(10 * S_NS + 100 * MS);
    printf("  I/O vCPU + 2 hogs on 1 CPU: %llu wakes, worst wake-to-run "
           "%llu ns; hogs %.1f%% / %.1f%%, io %.2f%%\n",
           (unsigned long long)io->nr_wakes,
           (unsigned long long)io->max_latency,
           100 * share(h1, 10 * S_NS), 100 * share(h2, 10 * S_NS),
           100 * share(io, 10 * S_NS));
    assert_true(io->nr_wakes > 1900);
    assert_true(io->max_latency <= 1 * MS);
    /* the hogs still share the rest evenly */
    assert_true(h1->ran_ns > h2->ran_ns * 95 / 100 &&
                h2->ran_ns > h1->ran_ns * 95 / 100);
}

/* A woken OVER vCPU is not boosted and does not preempt. */
static void test_no_boost_when_over(void **state)
{
    struct tvcpu *a, *b;

    (void)state;
    sim_init(1);
    a = sim_vcpu(sim_dom(0, 256, 0), 0, DRIVEN);
    b = sim_vcpu(sim_dom(1, 256, 0), 0, DRIVEN);
    sim_wake(a);
    sim_run(200 * MS);                 /* a alone: active, spends */
    assert_ptr_equal(S.cur[0], a);
    sim_wake(b);                       /* UNDER: boosted, preempts a */
    process_resched();
    assert_ptr_equal(S.cur[0], b);
    assert_int_equal(b->sv.pri, CSCHED_PRI_BOOST);
    sim_sleep(b);
    sim_run(S.now + 1 * MS);
    b->sv.credit = -50;                /* as if it had overspent */
    b->sv.pri = CSCHED_PRI_OVER;
    sim_wake(b);
    process_resched();
    assert_int_equal(b->sv.pri, CSCHED_PRI_OVER);
    assert_ptr_equal(S.cur[0], a);     /* waits its turn */
    check_invariants();
}

/*
 * Every runnable vCPU runs at least once every N periods. A hog runs a
 * whole slice when picked, so one with a fair share f of a CPU runs about
 * once every PERIOD / f: the weight-64 vCPUs here (f = 3.4%) wait up to
 * ~29 periods, the weight-1024 ones ~2. Each must do no worse than 1.5
 * times that plus two periods, and none may wait N = 40 periods.
 */
static void test_no_starvation(void **state)
{
    static const unsigned int weights[] = { 64, 256, 512, 1024 };
    const uint64_t n_periods = 40;
    double total_weight = 0;
    uint64_t worst = 0;

    (void)state;
    sim_init(2);
    for (unsigned int i = 0; i < 4; i++) {
        struct csched_dom *d = sim_dom(i, weights[i], 0);

        sim_wake(sim_vcpu(d, 0, HOG));
        sim_wake(sim_vcpu(d, 1, HOG));
        total_weight += 2.0 * weights[i];
    }
    {
        struct tvcpu *io = sim_vcpu(sim_dom(4, 256, 0), 0, IO);

        io->burst_ns = 2 * MS;
        io->sleep_ns = 7 * MS;
        io->wake_at = 3 * MS;
    }
    sim_run(10 * S_NS);
    printf("  8 hogs (weights 64..1024 x2) + 1 I/O vCPU on 2 CPUs, 10 s:\n");
    for (unsigned int i = 0; i < S.nr_v; i++) {
        struct tvcpu *tv = &S.v[i];

        if (tv->max_gap > worst)
            worst = tv->max_gap;
        assert_true(tv->ran_ns > 0);
        assert_true(tv->max_gap <= n_periods * PERIOD);
        if (tv->kind == HOG) {
            double fair = 2.0 * weights[i / 2] / total_weight;
            double bound = 1.5 * (double)PERIOD / fair + 2.0 * PERIOD;

            printf("    weight %4u: share %5.2f%% (fair %5.2f%%), longest "
                   "wait %5.1f ms (bound %6.1f ms)\n", weights[i / 2],
                   100 * share(tv, 10 * S_NS), 100 * fair,
                   (double)tv->max_gap / (double)MS, bound / (double)MS);
            assert_true((double)tv->max_gap <= bound);
        }
    }
    printf("    I/O vCPU: longest wait %.1f ms; worst of all %.1f ms "
           "(N = %llu periods = %llu ms)\n",
           (double)S.v[8].max_gap / (double)MS, (double)worst / (double)MS,
           (unsigned long long)n_periods,
           (unsigned long long)(n_periods * PERIOD / MS));
}

static void test_params_and_errors(void **state)
{
    struct csched_dom *d;
    struct tvcpu *v;

    (void)state;
    assert_int_equal(csched_init(&S.s, 0), -EINVAL);
    assert_int_equal(csched_init(&S.s, CSCHED_MAX_CPUS + 1), -EINVAL);
    assert_int_equal(csched_init(&S.s, CSCHED_MAX_CPUS), 0);
    assert_true(S.s.online == ~0ull);
    sim_init(2);
    d = &S.doms[0];
    csched_add_domain(&S.s, d);
    assert_int_equal(d->weight, CSCHED_DEFAULT_WEIGHT);
    assert_int_equal(d->cap, 0);
    assert_int_equal(csched_set_params(&S.s, d, 0, 0), -EINVAL);
    assert_int_equal(csched_set_params(&S.s, d, 65536, 0), -EINVAL);
    assert_int_equal(csched_set_params(&S.s, d, 100, 65536), -EINVAL);
    assert_int_equal(csched_set_params(&S.s, d, 0xffffffffu, 10), -EINVAL);
    assert_int_equal(d->weight, CSCHED_DEFAULT_WEIGHT); /* unchanged */
    assert_int_equal(d->cap, 0);
    assert_int_equal(csched_set_params(&S.s, d, 1, 0), 0);
    assert_int_equal(csched_set_params(&S.s, d, 65535, 65535), 0);
    assert_int_equal(d->weight, 65535);
    assert_int_equal(d->cap, 65535);

    /* vCPUs: bad CPU, twice, removal of a domain in use */
    v = &S.v[0];
    v->dom = d;
    assert_int_equal(csched_add_vcpu(&S.s, d, &v->sv, 2), -EINVAL);
    assert_int_equal(csched_add_vcpu(&S.s, d, &v->sv, 1), 0);
    v->added = true;
    S.nr_v = 1;
    assert_int_equal(csched_add_vcpu(&S.s, d, &v->sv, 0), -EINVAL);
    assert_int_equal(csched_remove_domain(&S.s, d), -EBUSY);
    assert_int_equal(csched_remove_vcpu(&S.s, &v->sv), -1); /* blocked */
    v->added = false;
    assert_int_equal(csched_remove_vcpu(&S.s, &v->sv), -1); /* again */
    assert_int_equal(csched_wake(&S.s, &v->sv, 0), -1);     /* not added */
    assert_int_equal(csched_remove_domain(&S.s, d), 0);
    assert_int_equal(csched_add_vcpu(&S.s, d, &v->sv, 0), -EINVAL);
    assert_int_equal(csched_set_params(&S.s, d, 256, 0), -EINVAL);

    /* weight changes keep the active weight total right */
    sim_init(1);
    d = sim_dom(0, 256, 0);
    v = sim_vcpu(d, 0, HOG);
    sim_wake(v);
    sim_run(50 * MS);
    assert_int_equal(d->nr_active, 1);
    assert_true(S.s.weight == 256);
    assert_int_equal(csched_set_params(&S.s, d, 1000, 0), 0);
    assert_true(S.s.weight == 1000);
    check_invariants();
}

/* Removing the running vCPU: its CPU moves on and never runs it again. */
static void test_remove_running(void **state)
{
    struct csched_dom *d;
    struct tvcpu *a, *b, *c, *gone, *other;
    uint64_t ran;
    int cpu;

    (void)state;
    sim_init(1);
    d = sim_dom(0, 256, 0);
    a = sim_vcpu(d, 0, HOG);
    b = sim_vcpu(d, 0, HOG);
    c = sim_vcpu(d, 0, DRIVEN);
    sim_wake(a);
    sim_wake(b);
    sim_run(95 * MS);
    gone = S.cur[0];
    assert_non_null(gone);
    other = gone == a ? b : a;
    assert_true(csched_vcpu_queued(&other->sv));
    cpu = csched_remove_vcpu(&S.s, &gone->sv);
    assert_int_equal(cpu, 0);
    gone->added = false;
    assert_null(S.s.pcpu[0].curr);
    assert_int_equal(d->nr_vcpus, 2);
    kick(cpu);
    process_resched();
    assert_ptr_equal(S.cur[0], other);
    check_invariants();
    ran = gone->ran_ns;
    sim_run(S.now + 1 * S_NS);
    assert_true(gone->ran_ns == ran);
    assert_true(other->ran_ns > 1 * S_NS - 1);
    assert_int_equal(csched_remove_vcpu(&S.s, &gone->sv), -1);

    /* remove a queued one and a blocked one */
    sim_wake(c);
    assert_true(csched_vcpu_queued(&c->sv) || S.s.pcpu[0].curr == &c->sv);
    process_resched();
    assert_ptr_equal(S.cur[0], c);      /* boosted: preempts */
    sim_run(S.now + 1 * MS);
    assert_true(csched_vcpu_queued(&other->sv));
    assert_int_equal(csched_remove_vcpu(&S.s, &other->sv), -1);
    other->added = false;
    sim_sleep(c);
    process_resched();
    assert_int_equal(csched_remove_vcpu(&S.s, &c->sv), -1);
    c->added = false;
    check_invariants();
    assert_int_equal(d->nr_vcpus, 0);
    assert_int_equal(d->nr_active, 0);
    assert_true(S.s.weight == 0);
    assert_int_equal(csched_remove_domain(&S.s, d), 0);

    /* a removed vCPU can be added again and runs */
    d = sim_dom(1, 256, 0);
    assert_int_equal(csched_add_vcpu(&S.s, d, &gone->sv, 0), 0);
    gone->added = true;
    gone->dom = d;
    sim_wake(gone);
    sim_run(S.now + 100 * MS);
    assert_true(gone->ran_ns > ran);
}

/* A yielding vCPU lets an equal run, and is not stolen meanwhile. */
static void test_yield(void **state)
{
    struct csched_dom *d;
    struct tvcpu *a, *b;

    (void)state;
    sim_init(1);
    d = sim_dom(0, 256, 0);
    a = sim_vcpu(d, 0, DRIVEN);
    b = sim_vcpu(d, 0, DRIVEN);
    sim_wake(a);
    sim_wake(b);
    sim_run(20 * MS);
    {
        struct tvcpu *run = S.cur[0], *wait = run == a ? b : a;

        csched_yield(&S.s, &run->sv);
        kick(0);
        process_resched();
        assert_ptr_equal(S.cur[0], wait);
        check_invariants();
    }
}

/* Random operations; the invariants hold after every one. */
static void test_randomized_invariants(void **state)
{
    uint64_t seed = 0x5eedc0ffee123457ull;
    unsigned int readds = 0, steps = 20000, parked = 0, moves = 0;
    unsigned int last_cpu[MAX_VCPUS];

    (void)state;
    sim_init(4);
    memset(last_cpu, 0, sizeof(last_cpu));
    for (unsigned int i = 0; i < 3; i++)
        sim_dom(i, 128u << i, i == 2 ? 150 : 0);
    for (unsigned int i = 0; i < 12; i++)
        sim_vcpu(&S.doms[i % 3], i % 4, i < 8 ? DRIVEN : HOG);
    for (unsigned int i = 0; i < 12; i++)
        if (S.v[i].kind == HOG)
            sim_wake(&S.v[i]);
    for (unsigned int i = 0; i < 12; i++)
        last_cpu[i] = S.v[i].sv.cpu;

    for (unsigned int step = 0; step < steps; step++) {
        uint64_t r = xorshift64(&seed);
        struct tvcpu *tv = &S.v[(r >> 8) % S.nr_v];
        unsigned int op = r % 16;

        switch (op) {
        case 0: case 1: case 2:
            if (tv->added)
                sim_wake(tv);
            break;
        case 3: case 4:
            if (tv->added)
                sim_sleep(tv);
            break;
        case 5:
            if (tv->added) {
                uint64_t mask = (r >> 20) & 0x3f; /* some bits past CPU 3 */
                int rc = csched_set_affinity(&S.s, &tv->sv, mask);

                if (!(mask & 0xf)) {
                    assert_int_equal(rc, -EINVAL);
                } else {
                    assert_true(rc == 0 || rc == 1);
                    assert_true(tv->sv.affinity == mask);
                    if (rc)
                        kick((int)tv->sv.cpu);
                }
            }
            break;
        case 6: {
            struct csched_dom *d = &S.doms[(r >> 16) % 3];
            unsigned int w = (unsigned int)((r >> 24) % 70000);
            unsigned int cap = (unsigned int)((r >> 40) % 3 == 0 ?
                                              (r >> 44) % 400 : 0);
            unsigned int ow = d->weight, ocap = d->cap;
            int rc = csched_set_params(&S.s, d, w, cap);

            if (w < 1 || w > 65535) {
                assert_int_equal(rc, -EINVAL);
                assert_int_equal(d->weight, ow);
                assert_int_equal(d->cap, ocap);
            } else {
                assert_int_equal(rc, 0);
            }
            break;
        }
        case 7:
            if (tv->added && S.s.pcpu[tv->sv.cpu].curr == &tv->sv) {
                csched_yield(&S.s, &tv->sv);
                kick((int)tv->sv.cpu);
            }
            break;
        case 8:
            if (tv->added) {
                kick(csched_remove_vcpu(&S.s, &tv->sv));
                tv->added = false;
                tv->wake_at = 0;
            } else {
                unsigned int cpu = (unsigned int)((r >> 30) % 4);

                assert_int_equal(csched_add_vcpu(&S.s, tv->dom, &tv->sv,
                                                 cpu), 0);
                tv->added = true;
                readds++;
                if (tv->kind == HOG)
                    sim_wake(tv);
            }
            break;
        case 9:
            kick((int)((r >> 12) % 4));
            break;
        default:
            /* time passes: ticks, slices, accounting */
            sim_run(S.now + (r >> 32) % (5 * MS));
            break;
        }
        process_resched();
        check_invariants();
        for (unsigned int i = 0; i < S.nr_v; i++) {
            parked += S.v[i].sv.parked;
            moves += S.v[i].sv.cpu != last_cpu[i];
            last_cpu[i] = S.v[i].sv.cpu;
        }
    }
    printf("  %u random steps on 4 CPUs, 12 vCPUs, %.2f s simulated: "
           "%llu switches, %u CPU moves, %u re-adds, %u parked "
           "vCPU-steps\n", steps, (double)S.now / (double)S_NS,
           (unsigned long long)S.switches, moves, readds, parked);
    assert_true(moves > 100 && parked > 100 && readds > 100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_weight_shares_one_cpu),
        cmocka_unit_test(test_weight_shares_two_cpus),
        cmocka_unit_test(test_cap_on_idle_cpu),
        cmocka_unit_test(test_cap_with_competition),
        cmocka_unit_test(test_affinity_pinned),
        cmocka_unit_test(test_load_balance),
        cmocka_unit_test(test_boost_latency),
        cmocka_unit_test(test_no_boost_when_over),
        cmocka_unit_test(test_no_starvation),
        cmocka_unit_test(test_params_and_errors),
        cmocka_unit_test(test_remove_running),
        cmocka_unit_test(test_yield),
        cmocka_unit_test(test_randomized_invariants),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
