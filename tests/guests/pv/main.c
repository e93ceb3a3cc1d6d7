/*
 * The PV test guest: a conformance suite for the Xen PV ABI that runs the
 * same way as dom0 on Keel and on Xen. One line per check, then
 * "pvtest: N passed, N failed", then it powers its domain off.
 */
#include <stdarg.h>
#include <stdint.h>
#include <keel/string.h>
#include <public/arch-x86/xen.h>
#include <public/sched.h>
#include <public/version.h>
#include <public/xen.h>
#include "hypercall.h"

void guest_main(start_info_t *si);
void int3_handler(void);
void page_fault_handler(void);
void probe_unmapped(void);

volatile int int3_count, page_fault_count;
volatile uint64_t page_fault_error;
static unsigned int passed, failed;

static void print(const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    HYPERCALL(__HYPERVISOR_console_io, CONSOLEIO_write,
              n < (int)sizeof(buf) ? n : (int)sizeof(buf) - 1, buf);
}

/* One check's line and count; `got` is what was seen, as text. */
static void check_str(int ok, const char *what, const char *got)
{
    print("pvtest: %s %s (got %s)\n", ok ? "PASS" : "FAIL", what, got);
    if (ok)
        passed++;
    else
        failed++;
}

static void check(int ok, const char *what, long got)
{
    char n[24];

    snprintf(n, sizeof(n), "%ld", got);
    check_str(ok, what, n);
}

static void check_version(void)
{
    long v = HYPERCALL(__HYPERVISOR_xen_version, XENVER_version, 0, 0);
    char extra[XEN_EXTRAVERSION_LEN];
    long rc = HYPERCALL(__HYPERVISOR_xen_version, XENVER_extraversion, extra, 0);

    check((v >> 16) >= 4, "xen_version: major version 4 or later", v >> 16);
    check(rc == 0, "xen_version: extraversion", rc);
    if (rc == 0)
        print("pvtest: running on version %ld.%ld%s\n", v >> 16, v & 0xffff, extra);
}

static void check_start_info(const start_info_t *si)
{
    check(!strncmp(si->magic, "xen-3.0-x86_64", 14), "start_info: magic xen-3.0-x86_64", 0);
    check(si->nr_pages > 0, "start_info: nr_pages", (long)si->nr_pages);
    check(si->flags & SIF_INITDOMAIN, "start_info: flags has SIF_INITDOMAIN", (long)si->flags);
    check(si->pt_base >= 0xffffffff80000000ull, "start_info: page tables in the guest's map",
          (long)(si->pt_base >> 32));
}

static void check_refusals(void)
{
    long rc = HYPERCALL(60, 0, 0, 0);

    check(rc == -38, "unknown hypercall: -ENOSYS", rc);
    rc = HYPERCALL(__HYPERVISOR_console_io, CONSOLEIO_write, 16, 0xffff830000000000ull);
    check(rc == -14, "console_io from a hypervisor address: -EFAULT", rc);
    rc = HYPERCALL(__HYPERVISOR_console_io, CONSOLEIO_write, 16, 0x1000);
    check(rc == -14, "console_io from an unmapped address: -EFAULT", rc);
    rc = HYPERCALL(__HYPERVISOR_console_io, 99, 0, 0);
    check(rc == -38, "console_io with an unknown command: -ENOSYS", rc);
}

static void check_traps(void)
{
    trap_info_t traps[] = {
        { 3, 3, FLAT_KERNEL_CS, (unsigned long)int3_handler },
        { 14, 0, FLAT_KERNEL_CS, (unsigned long)page_fault_handler },
        { 0, 0, 0, 0 },
    };
    long rc = HYPERCALL(__HYPERVISOR_set_trap_table, traps, 0, 0);

    check(rc == 0, "set_trap_table", rc);
    asm volatile("int3");
    check(int3_count == 1, "int3 bounced to the guest's handler and back by iret", int3_count);
    probe_unmapped();
    check(page_fault_count == 1, "page fault bounced to the guest's handler", page_fault_count);
    /*
     * Write, not present, and the U bit CLEAR: the store ran in the guest's
     * kernel. The hardware error code has U set (a PV kernel runs in ring 3),
     * but Xen rewrites that bit for the guest: pv_inject_event() in
     * xen/arch/x86/pv/traps.c clears PFEC_user_mode and sets it again only
     * when the guest was in its user mode (!guest_kernel_mode()). Xen 4.17
     * bounces 2 here, not 6.
     */
    check(page_fault_error == 2, "page fault error code: write, guest kernel, not present",
          (long)page_fault_error);
}

/* The PV MMU and time ABI, and the hostile mode (fuzz=SEED,COUNT). */
#include "mmu.c"
#include "time.c"
#include "msr.c"
#include "descriptors.c"
#include "fuzz.c"
#include "vcpu.c"
#include "events.c"
#include "vcpu_timers.c"
#include "poll.c"
#include "multicall.c"
#include "io.c"
#include "grants.c"
#include "control.c"
#include "two_domains.c"
#include "pv_console.c"
#include "xenbus.c"
#include "xl_guest.c"

/* Micro-benchmarks, run when the command line holds "bench" (after the
 * checks: they use the event upcall events.c sets up). */
#include "bench.c"

/*
 * Serial input reaches dom0 by CONSOLEIO_read when VIRQ_CONSOLE fires.
 * Like any guest, it clears the port's pending bit in shared_info before
 * reading, or the next event would find the bit set and, by the ABI, raise
 * no upcall; block_until() does that, and sleeps so that input arriving
 * between the read and the sleep is never lost.
 */
static int echo_serial_input(void)
{
    char buf[64];
    long n;

    while ((n = HYPERCALL(__HYPERVISOR_console_io, CONSOLEIO_read, sizeof(buf), buf)) > 0)
        print("pvtest: console input: %.*s\n", (int)n, buf);
    return 0; /* never done: stay */
}

static void stay_and_echo(const start_info_t *si)
{
    struct evtchn_bind_virq bind = { .virq = VIRQ_CONSOLE, .vcpu = 0 };

    evtchn_op(EVTCHNOP_bind_virq, &bind);
    map_shared_info(si);
    print("pvtest: staying, blocked\n");
    block_until(echo_serial_input);
}

void guest_main(start_info_t *si)
{
    struct sched_shutdown shutdown = { SHUTDOWN_poweroff };

    print("pvtest: Keel PV test guest starting\n");
    if (has_word((const char *)si->cmd_line, "xl")) {
        check_xl_start_info(si);
        if (!failed && !has_word((const char *)si->cmd_line, "quick"))
            serve_as_xl_guest(si);
        print("pvtest: %u passed, %u failed\n", passed, failed);
        HYPERCALL(__HYPERVISOR_sched_op, SCHEDOP_shutdown, &shutdown, 0);
    }
    if (has_word((const char *)si->cmd_line, "domU")) {
        if (run_as_domu(si))
            for (;;)
                HYPERCALL(__HYPERVISOR_sched_op, SCHEDOP_block, 0, 0);
        print("pvtest: %u passed, %u failed\n", passed, failed);
        HYPERCALL(__HYPERVISOR_sched_op, SCHEDOP_shutdown, &shutdown, 0);
    }
    check_version();
    check_start_info(si);
    check_refusals();
    check_traps();
    check_msrs();
    check_page_tables(si);
    check_time(si);
    check_mmu_ops();
    check_descriptor_tables();
    check_vcpu_ops(si); /* after check_time: Xen stops updating the moved-from copy */
    check_events();     /* after check_vcpu_ops: uses the moved vcpu_info */
    check_vcpu_timers(si); /* after check_events: counts its upcalls */
    check_poll();          /* after check_vcpu_timers: maps shared_info */
    check_multicall();
    check_port_io();
    check_grants();
    check_control(si);
    if (has_word((const char *)si->cmd_line, "twodom"))
        check_two_domains(si);
    print("pvtest: %u passed, %u failed\n", passed, failed);
    run_fuzz(si);
    if (has_word((const char *)si->cmd_line, "bench"))
        run_benchmarks(si);
    /* "stay": block instead of powering off, so that the hypervisor can be
     * looked at afterwards, echoing serial input (VIRQ_CONSOLE wakes it). */
    if (has_word((const char *)si->cmd_line, "stay"))
        stay_and_echo(si);
    HYPERCALL(__HYPERVISOR_sched_op, SCHEDOP_shutdown, &shutdown, 0);
    for (;;)
        ;
}
