/*
 * VIRQ_DOM_EXC: the hypervisor's word that some domain shut down or died.
 * It names no domain; each listener looks at the domains it cares about.
 * xenstored and xl both listen, on the one port a domain can bind.
 */
#ifndef DOM0_DOM_EXC_H
#define DOM0_DOM_EXC_H

/* Bind the VIRQ; 0 or a negative errno. */
int dom_exc_init(void);
/* Call fn(arg) on each VIRQ_DOM_EXC, in thread context (it may wake
 * threads, not sleep); 0, or -ENOSPC past a few listeners. */
int dom_exc_listen(void (*fn)(void *arg), void *arg);

#endif
