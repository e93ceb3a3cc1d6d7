/*
 * Softirqs: work an interrupt asks for but that runs later, with
 * interrupts enabled, on the same CPU, before it goes idle.
 */
#ifndef KEEL_SOFTIRQ_H
#define KEEL_SOFTIRQ_H

enum softirq {
    SOFTIRQ_TIMER,       /* run expired hypervisor timers */
    SOFTIRQ_KEYHANDLER,  /* act on a debug key typed on the console */
    SOFTIRQ_SCHEDULE,    /* pick what this CPU runs next; last, as it may not return */
    NR_SOFTIRQS
};

void open_softirq(enum softirq nr, void (*fn)(void));
void raise_softirq(enum softirq nr);
void cpu_raise_softirq(unsigned int cpu, enum softirq nr);

/* Run everything pending on this CPU (interrupts enabled on return). */
void do_softirq(void);

/* The idle loop: softirqs, then sleep until an interrupt. */
void idle_loop(void) __attribute__((noreturn));

#endif
