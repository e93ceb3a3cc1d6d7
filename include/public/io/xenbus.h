/*
 * Xen guest ABI: the state each end of a split device writes to its
 * "state" node in xenstore, as a decimal number, while frontend and
 * backend set up and tear down their connection.
 */
#ifndef _XEN_PUBLIC_IO_XENBUS_H
#define _XEN_PUBLIC_IO_XENBUS_H

enum xenbus_state {
    XenbusStateUnknown       = 0, /* no state written yet */
    XenbusStateInitialising  = 1, /* starting up */
    XenbusStateInitWait      = 2, /* early setup done; waiting for the peer */
                                  /* or hotplug scripts */
    XenbusStateInitialised   = 3, /* ready (rings published); waiting to connect */
    XenbusStateConnected     = 4, /* working */
    XenbusStateClosing       = 5, /* going away: error or unplug */
    XenbusStateClosed        = 6, /* gone */
    XenbusStateReconfiguring = 7, /* changing settings */
    XenbusStateReconfigured  = 8  /* settings changed */
};
typedef enum xenbus_state XenbusState;

#endif /* _XEN_PUBLIC_IO_XENBUS_H */
