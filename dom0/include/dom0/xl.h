/* The toolstack's part of dom0's start-up (dom0/xl/). */
#ifndef DOM0_XL_H
#define DOM0_XL_H

/*
 * Start the lifecycle of the domUs xl makes, as xl's per-domain daemon
 * keeps it: on VIRQ_DOM_EXC a domU that shut down gets its config's
 * on_poweroff / on_reboot / on_crash action. After xencommons.
 */
void xl_lifecycle_start(void);

#endif
