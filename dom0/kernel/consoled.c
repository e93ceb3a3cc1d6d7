/*
 * The console backend (see dom0/consoled.h). The guest may write anything
 * into its ring page at any time: each index is read once, checked
 * against the ring's size, and only masked positions are touched. A ring
 * whose indices are impossible is skipped to its producer and reported.
 *
 * Invariant: `attached` is NULL or a console in `consoles`; removing it
 * sets `stop`, so the reading shell thread returns without touching it.
 */
#include <keel/errno.h>
#include <keel/string.h>
#include <public/grant_table.h>
#include <public/io/console.h>
#include <dom0/alloc.h>
#include <dom0/console.h>
#include <dom0/consoled.h>
#include <dom0/events.h>
#include <dom0/grant.h>
#include <dom0/time.h>
#include <dom0/vfs.h>

#define KEPT_BYTES 16384         /* output kept for the next xl console */
#define LOG_DIR    CONSOLED_LOG_DIR
#define CTRL_RBRACKET 0x1d       /* ^]: leave xl console */

struct guest_console {
    domid_t domid;
    char log[96];                /* LOG_DIR/guest-NAME.log, "" if unloggable */
    struct grant_mapping page;   /* struct xencons_interface */
    unsigned int port;
    char kept[KEPT_BYTES];       /* circular: kept_len bytes end at kept_end */
    size_t kept_end, kept_len;
    bool warned;                 /* the ring's indices were reported bad */
    uint64_t first_byte_ns;
    struct guest_console *next;
};

static struct guest_console *consoles, *attached;
static bool stop;

static struct guest_console *find(domid_t domid)
{
    for (struct guest_console *c = consoles; c; c = c->next)
        if (c->domid == domid)
            return c;
    return NULL;
}

static void set_log_name(struct guest_console *c, const char *name)
{
    snprintf(c->log, sizeof(c->log), LOG_DIR "/guest-%s.log", name);
}

static void keep(struct guest_console *c, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        c->kept[c->kept_end] = p[i];
        c->kept_end = (c->kept_end + 1) % KEPT_BYTES;
        if (c->kept_len < KEPT_BYTES)
            c->kept_len++;
    }
}

static void show_kept(struct guest_console *c)
{
    size_t start = (c->kept_end + KEPT_BYTES - c->kept_len) % KEPT_BYTES;
    size_t first = KEPT_BYTES - start < c->kept_len ? KEPT_BYTES - start : c->kept_len;

    console_write(c->kept + start, first);
    console_write(c->kept, c->kept_len - first);
    c->kept_len = 0;
}

static void deliver(struct guest_console *c, const char *p, size_t n)
{
    if (!c->first_byte_ns)
        c->first_byte_ns = now_ns();
    if (c->log[0] && vfs_append(c->log, p, n)) {
        printk("dom0: consoled: cannot write %s; domain %u's output is no longer logged\n",
               c->log, c->domid);
        c->log[0] = '\0';
    }
    if (c == attached)
        console_write(p, n);
    else
        keep(c, p, n);
}

/* Everything the guest has written, out of its ring. */
static void drain_output(struct guest_console *c)
{
    struct xencons_interface *intf = c->page.va;
    XENCONS_RING_IDX cons = __atomic_load_n(&intf->out_cons, __ATOMIC_RELAXED);
    XENCONS_RING_IDX prod = __atomic_load_n(&intf->out_prod, __ATOMIC_RELAXED);
    char chunk[sizeof(intf->out)];
    size_t n = 0;

    __atomic_thread_fence(__ATOMIC_SEQ_CST);    /* indices, then data */
    if (prod - cons > sizeof(intf->out)) {
        if (!c->warned)
            printk("dom0: consoled: domain %u's console ring is corrupt; skipping it\n",
                   c->domid);
        c->warned = true;
    } else {
        for (; cons != prod; cons++)
            chunk[n++] = intf->out[MASK_XENCONS_IDX(cons, intf->out)];
    }
    __atomic_thread_fence(__ATOMIC_SEQ_CST);    /* data, then index */
    __atomic_store_n(&intf->out_cons, prod, __ATOMIC_RELAXED);
    if (n)
        deliver(c, chunk, n);
}

static void ring_event(unsigned int port, void *arg)
{
    drain_output(arg);
    evtchn_notify(port);    /* the guest may wait for room */
}

/* One typed byte into the guest's input ring; dropped if it is full. */
static void put_input(struct guest_console *c, char ch)
{
    struct xencons_interface *intf = c->page.va;
    XENCONS_RING_IDX cons = __atomic_load_n(&intf->in_cons, __ATOMIC_RELAXED);
    XENCONS_RING_IDX prod = __atomic_load_n(&intf->in_prod, __ATOMIC_RELAXED);

    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (prod - cons >= sizeof(intf->in))
        return;
    intf->in[MASK_XENCONS_IDX(prod, intf->in)] = ch;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    __atomic_store_n(&intf->in_prod, prod + 1, __ATOMIC_RELAXED);
    evtchn_notify(c->port);
}

int consoled_start(void)
{
    return vfs_mkdir_p(LOG_DIR);
}

int consoled_add(domid_t domid, unsigned int remote_port, const char *name)
{
    struct guest_console *c = calloc(1, sizeof(*c));
    int rc;

    if (!c)
        return -ENOMEM;
    c->domid = domid;
    if ((rc = grant_map(domid, GNTTAB_RESERVED_CONSOLE, false, &c->page))) {
        free(c);
        return -EINVAL;
    }
    set_log_name(c, name);
    ((struct xencons_interface *)c->page.va)->connection = XENCONSOLE_CONNECTED;
    rc = evtchn_bind_interdomain(domid, remote_port, ring_event, c);
    if (rc < 0) {
        grant_unmap(&c->page);
        free(c);
        return rc;
    }
    c->port = (unsigned int)rc;
    c->next = consoles;
    consoles = c;
    return 0;
}

void consoled_remove(domid_t domid)
{
    struct guest_console **p = &consoles, *c;

    while (*p && (*p)->domid != domid)
        p = &(*p)->next;
    if (!(c = *p))
        return;
    drain_output(c);        /* its last words still reach the log */
    *p = c->next;
    if (c == attached) {
        attached = NULL;
        stop = true;
        console_wake_readers();
    }
    evtchn_close(c->port);
    grant_unmap(&c->page);
    free(c);
}

void consoled_rename(domid_t domid, const char *name)
{
    struct guest_console *c = find(domid);

    if (c && c->log[0])
        set_log_name(c, name);
}

int consoled_attach(domid_t domid)
{
    struct guest_console *c = find(domid);
    int ch;

    if (!c)
        return -ENOENT;
    drain_output(c);
    show_kept(c);
    attached = c;
    stop = false;
    while ((ch = console_getc_unless(&stop)) >= 0 && ch != CTRL_RBRACKET)
        put_input(attached, (char)ch);
    attached = NULL;
    return 0;
}

uint64_t consoled_first_byte_ns(domid_t domid)
{
    struct guest_console *c = find(domid);

    return c ? c->first_byte_ns : 0;
}
