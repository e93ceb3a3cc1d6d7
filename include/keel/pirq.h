/*
 * Physical interrupts handed to a guest as PIRQs, the way Xen hands a PV
 * dom0 its devices' GSIs: PHYSDEVOP_map_pirq makes GSI n the domain's
 * PIRQ n, EVTCHNOP_bind_pirq routes it to an event channel, and for a
 * level-triggered line the guest's PHYSDEVOP_eoi lets it fire again.
 *
 * Invariants: a GSI is mapped to at most one domain at a time, never one
 * Keel drives itself (its UARTs); its IOAPIC pin is unmasked only while
 * the mapping is bound to a port and no level-triggered interrupt is
 * waiting for the guest's EOI.
 */
#ifndef KEEL_PIRQ_H
#define KEEL_PIRQ_H

#include <stdbool.h>
#include <stdint.h>

struct domain;

/* PIRQs (and so GSIs) a domain may be given: 0 .. PIRQ_NR - 1. */
#define PIRQ_NR 128

/*
 * Give d GSI gsi as a PIRQ. pirq is what the guest asked for: -1 (any) or
 * gsi itself. Returns the PIRQ, or -EINVAL (no such GSI, another PIRQ
 * number), -EBUSY (Keel's own line), -EEXIST (another domain has it).
 * Mapping a GSI d already has returns it again.
 */
int pirq_map_gsi(struct domain *d, int gsi, int pirq);

/* Take pirq back from d: -EINVAL if d does not have it, -EBUSY while a
 * port is bound to it (close the port first). */
int pirq_unmap(struct domain *d, int pirq);

/* Whether d was given pirq (event channels ask before a bind). */
bool pirq_is_mapped(const struct domain *d, uint32_t pirq);

/* A port of d's now takes pirq: route its pin to Keel's vector, unmask. */
int pirq_bind(struct domain *d, uint32_t pirq);

/* The port went: mask the pin again. */
void pirq_unbind(struct domain *d, uint32_t pirq);

/* The guest has handled a level-triggered pirq: let it fire again. */
int pirq_eoi(struct domain *d, uint32_t pirq);

/* XENIRQSTAT_* for d's pirq (none for one it was not given, as on Xen);
 * -EINVAL past PIRQ_NR. */
int pirq_status(const struct domain *d, uint32_t pirq, uint32_t *flags);

/* dom0's word on a GSI's trigger and polarity (from its ACPI tables);
 * -EINVAL for no such GSI, -EBUSY once the GSI is mapped. */
int pirq_setup_gsi(int gsi, bool level, bool active_low);

/* d is dying: every PIRQ it still has is masked and taken back. */
void pirq_release_domain(struct domain *d);

/* Called from the IRQ path: deliver pirq to domain domid (evtchn glue). */
void domain_send_pirq(uint16_t domid, uint32_t pirq);

#endif
