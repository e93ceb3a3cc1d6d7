/*
 * xenstored in dom0 (dom0/kernel/xenstored.c): the engine of
 * dom0/xenstore/ with dom0's own connection, started by xencommons.
 * Guests' rings are not served yet: introducing a domain is refused
 * until dom0 can map their ring pages.
 */
#ifndef DOM0_XENSTORED_H
#define DOM0_XENSTORED_H

#include <dom0/xs_client.h>

/* Start it and write dom0's own entries (/local/domain/0/name, domid).
 * 0, or a negative XEN_E* value. */
int xenstored_start(void);

/* dom0's client (privileged); NULL while xenstored is not running. */
struct xs_client *xenstore(void);

#endif
