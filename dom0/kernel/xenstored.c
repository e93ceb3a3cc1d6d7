/*
 * xenstored's place in dom0: the engine (dom0/xenstore/), told by the
 * hypervisor which domains exist, and a privileged local connection for
 * dom0's own tools (the shell's xenstore-* commands, xl).
 */
#include <keel/string.h>
#include <public/errno.h>
#include <public/xen.h>
#include <dom0/console.h>
#include <dom0/control.h>
#include <dom0/xenstore.h>
#include <dom0/xenstored.h>

static struct xs_client client;
static bool running;

static bool domain_exists(void *ctx, unsigned int domid)
{
    struct xen_domctl_getdomaininfo info;

    (void)ctx;
    return domain_info_from((domid_t)domid, &info) == 0 && info.domain == domid;
}

static void log_line(void *ctx, const char *msg)
{
    (void)ctx;
    printk("xenstored: %s\n", msg);
}

static const struct xs_host_ops ops = {
    .domain_exists = domain_exists,
    .log = log_line,
};

static int write_str(const char *path, const char *value)
{
    return xs_write(&client, 0, path, value, strlen(value));
}

int xenstored_start(void)
{
    struct xs_conn *conn;
    int rc = xs_init(&ops, NULL);

    if (rc)
        return rc;
    if (!(conn = xs_conn_new(0, true))) {
        xs_shutdown();
        return -XEN_ENOMEM;
    }
    xs_client_init(&client, conn, NULL, NULL);
    /* What Xen's xencommons writes for dom0. */
    if ((rc = write_str("/local/domain/0/name", "Domain-0")) ||
        (rc = write_str("/local/domain/0/domid", "0"))) {
        xs_shutdown();
        return rc;
    }
    running = true;
    return 0;
}

struct xs_client *xenstore(void)
{
    return running ? &client : NULL;
}
