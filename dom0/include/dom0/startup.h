/* The services dom0 starts once its kernel is up (dom0/kernel/startup.c). */
#ifndef DOM0_STARTUP_H
#define DOM0_STARTUP_H

#include <public/xen.h>

#define DOM0_VERSION "0.1.0"

/* Start every service in order, logging one line each; a failed step
 * says why and the rest still start. Returns with the threads created. */
void startup(const start_info_t *si);

/* The host's name: rc.conf's hostname, else "dom0". */
const char *dom0_hostname(void);

#endif
