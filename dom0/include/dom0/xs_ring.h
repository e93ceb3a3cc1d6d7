/*
 * A guest's xenstore ring (struct xenstore_domain_interface, the page at
 * start_info.store_mfn) from xenstored's side: it consumes req and
 * produces rsp. The guest can write anything into the page at any time,
 * so every index is read once, checked, and only masked copies touch the
 * rings: a hostile guest can hurt its own stream, never dom0.
 */
#ifndef DOM0_XS_RING_H
#define DOM0_XS_RING_H

#include <stdbool.h>
#include <stddef.h>

#include <public/io/xs_wire.h>

struct xs_conn;

/*
 * Copies up to max request bytes out of the ring and frees their space.
 * Returns the number copied, or -XEN_EIO if the indices claim more than
 * a ring's worth outstanding (nothing is copied).
 */
long xs_ring_read(struct xenstore_domain_interface *intf, void *buf,
                  size_t max);
/* Free response space, or -XEN_EIO if the indices are impossible. */
long xs_ring_space(const struct xenstore_domain_interface *intf);
/* Copies up to len bytes into the response ring (as many as fit); the
 * number, or -XEN_EIO. */
long xs_ring_write(struct xenstore_domain_interface *intf, const void *buf,
                   size_t len);

/*
 * One round of service: requests from the ring into conn as far as conn
 * takes them, and conn's output into the ring as far as it fits. Sets
 * *notify if the guest should be sent an event. On a broken stream
 * (impossible indices, or a protocol error) sets intf->error to the
 * XENSTORE_ERROR_* reason and returns -XEN_EIO: stop serving the ring.
 */
int xs_ring_service(struct xenstore_domain_interface *intf,
                    struct xs_conn *conn, bool *notify);

#endif
