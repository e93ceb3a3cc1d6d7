/*
 * Event channels from dom0's side. A port fires; the upcall (entry.S)
 * notes it in dom0's own bitmap; the scheduler later calls the port's
 * handler in thread context, where it may wake threads.
 */
#ifndef DOM0_EVENTS_H
#define DOM0_EVENTS_H

#include <stdint.h>
#include <public/xen.h>

typedef void (*evtchn_handler_t)(unsigned int port, void *arg);

/* Mask every port and register the upcall. */
void events_init(void);

/* Bind a VIRQ on vCPU 0 to a new port with this handler; the port or a
 * negative errno. */
int evtchn_bind_virq(unsigned int virq, evtchn_handler_t fn, void *arg);

/* Bind a new port to remote_port of domain dom (an unbound port it made
 * for dom0), with this handler; the local port or a negative errno. */
int evtchn_bind_interdomain(domid_t dom, unsigned int remote_port, evtchn_handler_t fn,
                            void *arg);

/* Close a port this side bound; its handler is never called again. */
void evtchn_close(unsigned int port);

/* Give an existing port a handler and unmask it. */
void evtchn_set_handler(unsigned int port, evtchn_handler_t fn, void *arg);

/* Signal the other end of a port. */
long evtchn_notify(unsigned int port);

/* Call the handler of every port that fired since the last call; returns
 * how many ran. Called by the scheduler only. */
unsigned int events_dispatch(void);

/* Called from the upcall entry, with events masked. */
void event_upcall(void);

/* Times the upcall ran and ports handled, for `ps`-style reports. */
extern uint64_t events_upcalls, events_handled;

#endif
