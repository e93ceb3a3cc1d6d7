/*
 * The lifecycle of xl's domUs (see dom0/xl.h). One thread, "xl", does
 * what Xen runs one xl daemon per domain for: it wakes on VIRQ_DOM_EXC,
 * looks at every domain it made, and acts on each new shutdown, writing
 * what it did to /var/log/keel/xl-NAME.log as Xen's xl does to
 * /var/log/xen/xl-NAME.log.
 *
 * Invariant: a record exists for each domU xl created and has not seen
 * die; it owns a copy of the domU's config (a restart builds from it).
 */
#include <stdarg.h>
#include <keel/errno.h>
#include <keel/string.h>
#include <public/sched.h>
#include <dom0/alloc.h>
#include <dom0/consoled.h>
#include <dom0/console.h>
#include <dom0/control.h>
#include <dom0/dom_exc.h>
#include <dom0/sched.h>
#include <dom0/vfs.h>
#include <dom0/xenstored.h>
#include <dom0/xl_cfg.h>
#include "xl_cmds.h"

#define EVENTS_KEPT 64

struct record {
    domid_t domid;
    bool handled;               /* its current shutdown was acted on */
    struct xl_domain_cfg *cfg;
    struct record *next;
};

static struct record *records;
static struct waitq work, event_waiters;
static bool pending;
static struct xl_event events[EVENTS_KEPT];
static uint64_t next_seq;

static void post(enum xl_event_type type, domid_t domid, unsigned int reason)
{
    events[next_seq % EVENTS_KEPT] = (struct xl_event){ type, domid, reason };
    next_seq++;
    waitq_wake_all(&event_waiters);
}

uint64_t xl_event_next(void)
{
    return next_seq;
}

bool xl_event_wait(uint64_t seq, struct xl_event *ev)
{
    while (seq >= next_seq)
        waitq_sleep(&event_waiters);
    if (next_seq - seq > EVENTS_KEPT)
        return false;
    *ev = events[seq % EVENTS_KEPT];
    return true;
}

static void log_for(const char *name, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void log_for(const char *name, const char *fmt, ...)
{
    char path[96], line[192];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    snprintf(path, sizeof(path), CONSOLED_LOG_DIR "/xl-%s.log", name);
    vfs_append(path, line, n < (int)sizeof(line) ? (size_t)n : sizeof(line) - 1);
}

static struct record **find(domid_t domid)
{
    struct record **p = &records;

    while (*p && (*p)->domid != domid)
        p = &(*p)->next;
    return p;
}

const struct xl_domain_cfg *xl_lifecycle_config(domid_t domid)
{
    struct record *r = *find(domid);

    return r ? r->cfg : NULL;
}

static void forget(domid_t domid)
{
    struct record **p = find(domid), *r = *p;

    if (!r)
        return;
    *p = r->next;
    free(r->cfg);
    free(r);
}

int xl_lifecycle_adopt(domid_t domid, const struct xl_domain_cfg *cfg)
{
    struct record *r = calloc(1, sizeof(*r));

    if (!r || !(r->cfg = malloc(sizeof(*cfg)))) {
        free(r);
        return -ENOMEM;
    }
    memcpy(r->cfg, cfg, sizeof(*cfg));
    r->domid = domid;
    r->next = records;
    records = r;
    return 0;
}

int xl_domain_teardown(domid_t domid)
{
    struct xs_client *cl = xenstore();
    int rc;

    consoled_remove(domid);
    if (cl)
        xs_release_domain(cl, domid);   /* -ENOENT if never introduced: fine */
    xl_xs_domain_remove(domid);
    rc = domain_destroy(domid);
    if (rc == 0) {
        forget(domid);
        post(XL_EVENT_DEATH, domid, 0);
    }
    return rc;
}

static enum xl_action action_for(const struct xl_domain_cfg *cfg, unsigned int reason)
{
    switch (reason) {
    case SHUTDOWN_poweroff:
        return cfg->on_poweroff;
    case SHUTDOWN_reboot:
        return cfg->on_reboot;
    case SHUTDOWN_crash:
        return cfg->on_crash;
    default:                    /* watchdog, soft_reset: xl's defaults */
        return reason == SHUTDOWN_watchdog ? XL_ACTION_DESTROY : XL_ACTION_SOFT_RESET;
    }
}

/* rename-restart keeps the old domain, renamed NAME--ID, as xl keeps it
 * under a new name. */
static void preserve_renamed(domid_t domid, const char *name)
{
    char value[96];

    snprintf(value, sizeof(value), "%s--%u", name, domid);
    if (xl_store_set_name(domid, value) == 0)
        consoled_rename(domid, value);
}

static void restart(struct record *r, bool rename)
{
    struct xl_domain_cfg *cfg = r->cfg;
    domid_t old = r->domid, domid;

    r->cfg = NULL;              /* the new domain's record takes it over */
    if (rename) {
        preserve_renamed(old, cfg->name);
        forget(old);
    } else if (xl_domain_teardown(old)) {
        r->cfg = cfg;           /* still there: stay its record */
        log_for(cfg->name, "Domain %u: cannot destroy it to restart it\n", old);
        return;
    }
    if (xl_create_domain(cfg, false, &domid) == 0)
        log_for(cfg->name, "Domain %u restarted as domain %u\n", old, domid);
    else
        log_for(cfg->name, "Domain %u: restart failed\n", old);
    free(cfg);
}

static void act(struct record *r, unsigned int reason)
{
    enum xl_action a = action_for(r->cfg, reason);
    char name[sizeof(r->cfg->name)];

    memcpy(name, r->cfg->name, sizeof(name));
    log_for(name, "Domain %u has shut down, reason code %u 0x%x\n"
            "Action for shutdown reason code %u is %s\n",
            r->domid, reason, reason, reason, xl_action_name(a));
    switch (a) {
    case XL_ACTION_PRESERVE:
        return;
    case XL_ACTION_RESTART:
    case XL_ACTION_COREDUMP_RESTART:
    case XL_ACTION_RENAME_RESTART:
        restart(r, a == XL_ACTION_RENAME_RESTART);
        return;
    default:                    /* no core dumps or soft resets: destroy */
        log_for(name, "Domain %u needs to be cleaned up: destroying the domain\n", r->domid);
        xl_domain_teardown(r->domid);
    }
}

/* Every record against the hypervisor's view of its domain. */
static void scan(void)
{
    struct record *r = records, *next;

    for (; r; r = next) {
        struct xen_domctl_getdomaininfo info;
        unsigned int reason;

        next = r->next;         /* act() may free r; new records go in front */
        if (domain_info_of(r->domid, &info) || (info.flags & XEN_DOMINF_dying)) {
            post(XL_EVENT_DEATH, r->domid, 0);
            forget(r->domid);
            continue;
        }
        if (!(info.flags & XEN_DOMINF_shutdown)) {
            r->handled = false;
            continue;
        }
        if (r->handled)
            continue;
        r->handled = true;
        reason = info.flags >> XEN_DOMINF_shutdownshift & XEN_DOMINF_shutdownmask;
        post(XL_EVENT_SHUTDOWN, r->domid, reason);
        if (reason != SHUTDOWN_suspend)
            act(r, reason);
    }
}

static void dom_exc(void *arg)
{
    (void)arg;
    pending = true;
    waitq_wake_all(&work);
}

static void lifecycle_thread(void *arg)
{
    (void)arg;
    for (;;) {
        while (pending) {
            pending = false;
            scan();
        }
        waitq_sleep(&work);
    }
}

void xl_lifecycle_start(void)
{
    if (!thread_create("xl", lifecycle_thread, NULL) || dom_exc_listen(dom_exc, NULL))
        printk("dom0: xl: cannot watch domains; on_poweroff and the like will not happen\n");
}
