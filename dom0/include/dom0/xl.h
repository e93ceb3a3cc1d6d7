/* The toolstack's part of dom0's start-up (dom0/xl/). */
#ifndef DOM0_XL_H
#define DOM0_XL_H

/*
 * Start the lifecycle of the domUs xl makes, as xl's per-domain daemon
 * keeps it: on VIRQ_DOM_EXC a domU that shut down gets its config's
 * on_poweroff / on_reboot / on_crash action. After xencommons.
 */
void xl_lifecycle_start(void);

/* Start the domains rc.conf's xendomains names (space-separated config
 * names under /etc/keel, or paths), each with `xl create`. */
void xendomains_start(const char *list);

/* Before dom0 goes down: every domU shut down cleanly within a few
 * seconds, or destroyed. */
void xendomains_stop(void);

#endif
