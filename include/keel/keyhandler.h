/* Debug keys on the serial console, as Xen users know them. */
#ifndef KEEL_KEYHANDLER_H
#define KEEL_KEYHANDLER_H

/* Register the softirq that runs key handlers. */
void keyhandler_init(void);

/* Run the handler for key (from the keyhandler softirq, or a test). */
void handle_keypress(char key);

/* Provided by the architecture for the `0` key: a vCPU's registers. */
struct vcpu;
void arch_dump_vcpu(const struct vcpu *v);

/* Provided by the architecture for the `d` key: every CPU's registers and stack. */
void arch_dump_all_cpus(void);

#endif
