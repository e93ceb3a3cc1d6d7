/*
 * The scheduler. Threads take turns from a FIFO run queue; each runs
 * until it gives the CPU back, always to the idle loop, which picks the
 * next. The idle loop is the boot stack's context: it dispatches fired
 * event ports (their handlers wake threads), wakes sleepers whose time
 * has come, and when nothing can run blocks the vCPU in the hypervisor
 * until an event or the earliest sleeper's deadline.
 *
 * Invariants: a thread is on the run queue iff it is RUNNABLE; a thread
 * on a wait queue is BLOCKED; `current` is NULL exactly while the idle
 * loop runs. Events stay masked except inside SCHEDOP_block.
 */
#include <stddef.h>
#include <stdint.h>
#include <keel/string.h>
#include <dom0/alloc.h>
#include <dom0/console.h>
#include <dom0/events.h>
#include <dom0/hypercall.h>
#include <dom0/layout.h>
#include <dom0/mm.h>
#include <dom0/pages.h>
#include <dom0/sched.h>
#include <dom0/time.h>
#include <dom0/traps.h>

/* A thread's stack, and the guard page below it. */
#define STACK_PAGES (THREAD_STACK_SIZE / PAGE_SIZE + 1)

enum thread_state { RUNNABLE, BLOCKED, DEAD };

struct thread {
    char name[24];
    enum thread_state state;
    unsigned long rsp;            /* saved stack pointer while not running */
    void *stack;
    uint64_t wake_at;             /* BLOCKED with a deadline: when; else 0 */
    struct waitq *waiting_on;     /* BLOCKED on a wait queue: which */
    bool timed_out;
    struct thread *run_next;      /* run queue link */
    struct thread *wait_next;     /* wait queue link */
    struct thread *all_next;      /* list of every thread */
    uint64_t switches, run_ns;
};

void thread_switch(unsigned long *save_rsp, unsigned long next_rsp);
void thread_trampoline(void);

static struct thread *current, *all_threads;
static struct thread *runq_head, *runq_tail;
static unsigned long idle_rsp;
static struct thread *reap;       /* a dead thread whose stack is still to free */

static void runq_push(struct thread *t)
{
    t->state = RUNNABLE;
    t->run_next = NULL;
    if (runq_tail)
        runq_tail->run_next = t;
    else
        runq_head = t;
    runq_tail = t;
}

static struct thread *runq_pop(void)
{
    struct thread *t = runq_head;

    if (t) {
        runq_head = t->run_next;
        if (!runq_head)
            runq_tail = NULL;
    }
    return t;
}

struct thread *thread_create(const char *name, void (*fn)(void *), void *arg)
{
    struct thread *t = calloc(1, sizeof(*t));
    unsigned long *sp;

    if (!t || !(t->stack = pages_alloc(STACK_PAGES))) {
        free(t);
        return NULL;
    }
    mm_guard_page(t->stack);
    snprintf(t->name, sizeof(t->name), "%s", name);
    /* What thread_switch pops, then thread_trampoline as its return
     * address; the trampoline's call then sees an ABI-aligned stack. */
    sp = (unsigned long *)((char *)t->stack + (STACK_PAGES << PAGE_SHIFT) - 24);
    sp[0] = (unsigned long)thread_trampoline;
    sp -= 6;
    memset(sp, 0, 6 * sizeof(*sp));
    sp[3] = (unsigned long)fn;    /* r12 */
    sp[2] = (unsigned long)arg;   /* r13 */
    t->rsp = (unsigned long)sp;
    t->all_next = all_threads;
    all_threads = t;
    runq_push(t);
    return t;
}

/* Give the CPU back to the idle loop; returns when this thread is next
 * picked. */
static void to_idle(void)
{
    struct thread *t = current;

    if (!t)
        panic("a thread call from the idle loop");
    thread_switch(&t->rsp, idle_rsp);
}

void yield(void)
{
    runq_push(current);
    to_idle();
}

void thread_exit(void)
{
    current->state = DEAD;
    to_idle();
    panic("a dead thread ran");
}

static void waitq_remove(struct waitq *q, struct thread *t)
{
    for (struct thread **p = &q->first; *p; p = &(*p)->wait_next) {
        if (*p == t) {
            *p = t->wait_next;
            break;
        }
    }
    t->wait_next = NULL;
    t->waiting_on = NULL;
}

bool waitq_sleep_until(struct waitq *q, uint64_t deadline)
{
    struct thread *t = current;

    t->state = BLOCKED;
    t->wake_at = deadline;
    t->timed_out = false;
    if (q) {
        t->waiting_on = q;
        t->wait_next = q->first;
        q->first = t;
    }
    to_idle();
    return !t->timed_out;
}

void waitq_sleep(struct waitq *q)
{
    waitq_sleep_until(q, 0);
}

void waitq_wake_all(struct waitq *q)
{
    struct thread *t = q->first;

    q->first = NULL;
    while (t) {
        struct thread *next = t->wait_next;

        t->wait_next = NULL;
        t->waiting_on = NULL;
        t->wake_at = 0;
        runq_push(t);
        t = next;
    }
}

void sleep_ns(uint64_t ns)
{
    waitq_sleep_until(NULL, now_ns() + ns);
}

/* Wake every sleeper whose deadline passed; the earliest one still
 * ahead, or 0 if none. */
static uint64_t wake_sleepers(uint64_t now)
{
    uint64_t next = 0;

    for (struct thread *t = all_threads; t; t = t->all_next) {
        if (t->state != BLOCKED || !t->wake_at)
            continue;
        if (t->wake_at <= now) {
            if (t->waiting_on)
                waitq_remove(t->waiting_on, t);
            t->timed_out = true;
            t->wake_at = 0;
            runq_push(t);
        } else if (!next || t->wake_at < next) {
            next = t->wake_at;
        }
    }
    return next;
}

static void free_dead(void)
{
    if (!reap)
        return;
    for (struct thread **p = &all_threads; *p; p = &(*p)->all_next) {
        if (*p == reap) {
            *p = reap->all_next;
            break;
        }
    }
    mm_unguard_page(reap->stack);
    pages_free(reap->stack, STACK_PAGES);
    free(reap);
    reap = NULL;
}

static void run(struct thread *t)
{
    uint64_t start = now_ns();

    current = t;
    t->switches++;
    thread_switch(&idle_rsp, t->rsp);
    current = NULL;
    t->run_ns += now_ns() - start;
    if (t->state == DEAD)
        reap = t;
    free_dead();
}

/* Nothing to run: sleep in the hypervisor. SCHEDOP_block unmasks events
 * and sleeps in one step, so an event that came after the last look is
 * delivered by the upcall on the way back instead of being missed. */
static void idle_block(uint64_t deadline)
{
    vcpu_info_t *v = vcpu0_info();

    timer_program(deadline);
    hyp_sched_op(SCHEDOP_block, NULL);
    __atomic_store_n(&v->evtchn_upcall_mask, 1, __ATOMIC_SEQ_CST);
}

void scheduler_run(void)
{
    for (;;) {
        struct thread *t;
        uint64_t next;

        events_dispatch();
        next = wake_sleepers(now_ns());
        if ((t = runq_pop())) {
            run(t);
            continue;
        }
        idle_block(next);
    }
}

static const char *state_name(const struct thread *t)
{
    if (t == current)
        return "running";
    return t->state == RUNNABLE ? "ready" : t->state == BLOCKED ? "waiting" : "dead";
}

void threads_walk(void (*fn)(const struct thread_info *, void *), void *arg)
{
    for (struct thread *t = all_threads; t; t = t->all_next) {
        struct thread_info ti = { t->name, state_name(t), t->switches, t->run_ns };

        fn(&ti, arg);
    }
}
