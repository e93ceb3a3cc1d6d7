/* Device interrupt lines, shared by their drivers (dom0/irq.h). */
#include <stdbool.h>
#include <stddef.h>
#include <keel/errno.h>
#include <public/physdev.h>
#include <dom0/events.h>
#include <dom0/hypercall.h>
#include <dom0/irq.h>

#define MAX_LINES    16
#define MAX_HANDLERS 4     /* devices sharing one line */

struct irq_line {
    unsigned int gsi;
    unsigned int port;      /* 0: not bound yet */
    bool needs_eoi;
    unsigned int nr_handlers;
    struct {
        irq_handler_t fn;
        void *arg;
    } handlers[MAX_HANDLERS];
};

static struct irq_line lines[MAX_LINES];
static unsigned int nr_lines;

static void line_fired(unsigned int port, void *arg)
{
    struct irq_line *l = arg;
    struct physdev_eoi eoi = { .irq = l->gsi };

    (void)port;
    for (unsigned int i = 0; i < l->nr_handlers; i++)
        l->handlers[i].fn(l->handlers[i].arg);
    if (l->needs_eoi)
        hyp_physdev_op(PHYSDEVOP_eoi, &eoi);
}

/* Map gsi to a PIRQ and bind it to a port of l's. */
static int bind_line(struct irq_line *l, unsigned int gsi)
{
    struct physdev_map_pirq map = { .domid = DOMID_SELF, .type = MAP_PIRQ_TYPE_GSI,
                                    .index = (int)gsi, .pirq = (int)gsi };
    struct evtchn_bind_pirq bind = { .flags = BIND_PIRQ__WILL_SHARE };
    struct physdev_irq_status_query query = { 0 };
    long rc = hyp_physdev_op(PHYSDEVOP_map_pirq, &map);

    if (rc)
        return (int)rc;
    bind.pirq = (uint32_t)map.pirq;
    if ((rc = hyp_event_channel_op(EVTCHNOP_bind_pirq, &bind))) {
        struct physdev_unmap_pirq unmap = { .domid = DOMID_SELF, .pirq = map.pirq };

        hyp_physdev_op(PHYSDEVOP_unmap_pirq, &unmap);
        return (int)rc;
    }
    query.irq = bind.pirq;
    l->needs_eoi = hyp_physdev_op(PHYSDEVOP_irq_status_query, &query) == 0 &&
                   (query.flags & XENIRQSTAT_needs_eoi);
    l->gsi = (unsigned int)map.pirq;
    l->port = bind.port;
    return 0;
}

int irq_attach(unsigned int gsi, irq_handler_t fn, void *arg)
{
    struct irq_line *l = NULL;
    int rc;

    for (unsigned int i = 0; i < nr_lines && !l; i++)
        if (lines[i].gsi == gsi)
            l = &lines[i];
    if (!l) {
        if (nr_lines == MAX_LINES)
            return -ENOSPC;
        l = &lines[nr_lines];
        if ((rc = bind_line(l, gsi)))
            return rc;
        nr_lines++;
    }
    if (l->nr_handlers == MAX_HANDLERS)
        return -ENOSPC;
    l->handlers[l->nr_handlers].fn = fn;
    l->handlers[l->nr_handlers].arg = arg;
    /* Unmasked once the first handler is in place. */
    if (l->nr_handlers++ == 0)
        evtchn_set_handler(l->port, line_fired, l);
    return 0;
}
