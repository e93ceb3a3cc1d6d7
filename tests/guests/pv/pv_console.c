/*
 * The PV console of an xl-created guest: its side of the page start_info
 * names (io/console.h). It writes out[] and reads in[], and signals the
 * console port after moving either index, as Linux's hvc_xen does; the
 * backend in dom0 signals back after moving its own. Output waits for
 * room (block_until), so nothing is dropped while the backend is slow.
 *
 * Included by main.c after events.c (block_until, evtchn_op) and mmu.c
 * (frame_va); the ring logic is pv_ring.c's.
 */
#include <public/io/console.h>
#include "pv_ring.h"

static struct {
    evtchn_port_t port;
    struct byte_ring in, out;
    struct input_line line;   /* console input gathered so far */
    const char *pending;      /* output not yet in the ring: con_push's */
    uint32_t pending_len;
} con;

static void notify(evtchn_port_t port)
{
    struct evtchn_send send = { .port = port };

    evtchn_op(EVTCHNOP_send, &send);
}

/* Once start_info's checks have found the console page to be ours. */
static void con_init(const start_info_t *si)
{
    struct xencons_interface *intf = (struct xencons_interface *)frame_va(si, si->console.domU.mfn);

    con.port = si->console.domU.evtchn;
    con.in = (struct byte_ring){ intf->in, sizeof(intf->in), &intf->in_cons, &intf->in_prod };
    con.out = (struct byte_ring){ intf->out, sizeof(intf->out), &intf->out_cons, &intf->out_prod };
}

/* A block_until step: put what fits of the pending output in the ring. */
static int con_push(void)
{
    uint32_t n = ring_put(&con.out, con.pending, con.pending_len);

    if (n)
        notify(con.port);
    con.pending += n;
    con.pending_len -= n;
    return con.pending_len == 0;
}

static void con_write(const char *s, uint32_t len)
{
    con.pending = s;
    con.pending_len = len;
    block_until(con_push);
}

/* A block_until step: the backend has taken all the output. */
static int con_drained(void)
{
    return ring_used(&con.out) == 0;
}

/*
 * One line, to the hypervisor's log (print: "(dN) ..." on the serial line,
 * for tests that do not attach `xl console`) and to the PV console, ended
 * there with CR LF as a terminal wants (Linux's hvc console adds the CR).
 */
static void say(const char *fmt, ...)
{
    char buf[200];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (n >= (int)sizeof(buf))
        n = sizeof(buf) - 1;
    print("%s\n", buf);
    con_write(buf, (uint32_t)n);
    con_write("\r\n", 2);
}

/* The next whole line of console input, or NULL. The backend hears when
 * bytes were taken: it may be waiting for room. */
static const char *con_read_line(void)
{
    uint32_t before = *con.in.cons;
    int whole = input_line_take(&con.line, &con.in);

    if (*con.in.cons != before)
        notify(con.port);
    return whole ? con.line.text : NULL;
}

/* Last words, kept until the backend has taken them (once the domain is
 * gone there is no ring to read), then SCHEDOP_shutdown. */
__attribute__((noreturn)) static void shut_down(const char *why, unsigned int reason)
{
    struct sched_shutdown shutdown = { .reason = reason };

    say("pvtest: shutting down (%s)", why);
    block_until(con_drained);
    HYPERCALL(__HYPERVISOR_sched_op, SCHEDOP_shutdown, &shutdown, 0);
    for (;;) /* a domain shut down is never run again */
        HYPERCALL(__HYPERVISOR_sched_op, SCHEDOP_block, 0, 0);
}
