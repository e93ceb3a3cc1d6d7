/* Shell commands about dom0 and the machine: free, ps, uptime, reboot,
 * poweroff. */
#include <stdint.h>
#include <keel/string.h>
#include <dom0/alloc.h>
#include <dom0/console.h>
#include <dom0/control.h>
#include <dom0/hypercall.h>
#include <dom0/mm.h>
#include <dom0/pages.h>
#include <dom0/sched.h>
#include <dom0/shell.h>
#include <dom0/time.h>
#include <dom0/xl.h>

#define KIB_PER_PAGE (PAGE_SIZE / 1024)

/* Like free(1), in KiB: dom0's own pages, then the whole host's. */
int cmd_free(int argc, char **argv)
{
    struct xen_sysctl_physinfo pi;
    struct heap_stats hs;
    unsigned long total = mm_nr_pages(), avail = pages_free_count();

    (void)argc;
    (void)argv;
    heap_stats(&hs);
    printk("%-8s %12s %12s %12s %12s\n", "", "total", "used", "free", "heap");
    printk("%-8s %12lu %12lu %12lu %12lu\n", "dom0:", total * KIB_PER_PAGE,
           (total - avail) * KIB_PER_PAGE, avail * KIB_PER_PAGE, hs.bytes_in_use / 1024);
    if (host_physinfo(&pi) == 0)
        printk("%-8s %12lu %12lu %12lu\n", "host:", pi.total_pages * KIB_PER_PAGE,
               (pi.total_pages - pi.free_pages) * KIB_PER_PAGE, pi.free_pages * KIB_PER_PAGE);
    return 0;
}

static void ps_line(const struct thread_info *t, void *arg)
{
    (void)arg;
    printk("%-16s %-8s %10lu %10lu\n", t->name, t->state, t->switches,
           t->run_ns / NSEC_PER_MSEC);
}

int cmd_ps(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printk("%-16s %-8s %10s %10s\n", "THREAD", "STATE", "SWITCHES", "CPU(ms)");
    threads_walk(ps_line, NULL);
    return 0;
}

int cmd_uptime(int argc, char **argv)
{
    uint64_t s = now_ns() / NSEC_PER_SEC;

    (void)argc;
    (void)argv;
    printk("up %lu days, %02lu:%02lu:%02lu\n", s / 86400, s / 3600 % 24, s / 60 % 60, s % 60);
    return 0;
}

static int machine_down(unsigned int reason, const char *what)
{
    struct sched_shutdown sd = { reason };

    xendomains_stop();
    printk("dom0: %s\n", what);
    hyp_sched_op(SCHEDOP_shutdown, &sd);
    printk("dom0: the hypervisor refused to %s\n", reason == SHUTDOWN_reboot ? "reboot"
                                                                           : "power off");
    return 1;
}

int cmd_reboot(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return machine_down(SHUTDOWN_reboot, "rebooting");
}

int cmd_poweroff(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return machine_down(SHUTDOWN_poweroff, "powering off");
}
