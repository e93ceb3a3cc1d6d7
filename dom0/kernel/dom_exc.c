/* VIRQ_DOM_EXC handed to every listener (see dom0/dom_exc.h). */
#include <stddef.h>
#include <keel/errno.h>
#include <public/xen.h>
#include <dom0/dom_exc.h>
#include <dom0/events.h>

#define MAX_LISTENERS 4

static struct {
    void (*fn)(void *arg);
    void *arg;
} listeners[MAX_LISTENERS];

static void fired(unsigned int port, void *unused)
{
    (void)port;
    (void)unused;
    for (unsigned int i = 0; i < MAX_LISTENERS && listeners[i].fn; i++)
        listeners[i].fn(listeners[i].arg);
}

int dom_exc_init(void)
{
    int port = evtchn_bind_virq(VIRQ_DOM_EXC, fired, NULL);

    return port < 0 ? port : 0;
}

int dom_exc_listen(void (*fn)(void *arg), void *arg)
{
    for (unsigned int i = 0; i < MAX_LISTENERS; i++)
        if (!listeners[i].fn) {
            listeners[i].fn = fn;
            listeners[i].arg = arg;
            return 0;
        }
    return -ENOSPC;
}
