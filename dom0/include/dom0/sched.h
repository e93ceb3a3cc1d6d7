/*
 * Cooperative threads. A thread runs until it sleeps, waits or yields;
 * nothing preempts it (event upcalls only record which ports fired), so
 * code between two such calls runs as one step and needs no locks.
 */
#ifndef DOM0_SCHED_H
#define DOM0_SCHED_H

#include <stdbool.h>
#include <stdint.h>

struct thread;

/* Threads waiting for something; woken all at once. */
struct waitq {
    struct thread *first;
};

struct thread *thread_create(const char *name, void (*fn)(void *), void *arg);
void thread_exit(void) __attribute__((noreturn));
void yield(void);

/* Sleep until woken through q. */
void waitq_sleep(struct waitq *q);
/* Sleep until woken through q or until system time deadline; true if
 * woken, false on timeout. */
bool waitq_sleep_until(struct waitq *q, uint64_t deadline);
void waitq_wake_all(struct waitq *q);
void sleep_ns(uint64_t ns);

/* The boot context becomes the idle loop: run threads, dispatch events,
 * block in the hypervisor when there is nothing to do. */
void scheduler_run(void) __attribute__((noreturn));

/* For `ps`: call fn for each thread. */
struct thread_info {
    const char *name;
    const char *state;
    uint64_t switches;      /* times it was switched to */
    uint64_t run_ns;        /* time it ran */
};
void threads_walk(void (*fn)(const struct thread_info *, void *), void *arg);

#endif
