/*
 * Device interrupts in dom0: a GSI becomes a PIRQ (PHYSDEVOP_map_pirq),
 * the PIRQ an event channel (EVTCHNOP_bind_pirq), and the channel's
 * handler calls every driver attached to the line, in thread context,
 * then tells the hypervisor the line may fire again (PHYSDEVOP_eoi) if it
 * is level-triggered. Several devices may share one line; each handler
 * must cope with being called when its device did not interrupt.
 */
#ifndef DOM0_IRQ_H
#define DOM0_IRQ_H

typedef void (*irq_handler_t)(void *arg);

/* Call fn(arg) whenever GSI gsi fires: 0 or a negative errno (the
 * hypervisor's, or -ENOSPC past dom0's limit of lines and handlers). */
int irq_attach(unsigned int gsi, irq_handler_t fn, void *arg);

#endif
