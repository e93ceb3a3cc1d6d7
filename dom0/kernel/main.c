/*
 * dom0's start of day, in the order a dom0 needs it: the console (always
 * there: console_io), traps, memory, events and time, then the services,
 * each logging one line, then the shell on the console.
 */
#include <stdint.h>
#include <keel/string.h>
#include <public/version.h>
#include <dom0/console.h>
#include <dom0/events.h>
#include <dom0/hypercall.h>
#include <dom0/mm.h>
#include <dom0/pages.h>
#include <dom0/sched.h>
#include <dom0/startup.h>
#include <dom0/time.h>
#include <dom0/traps.h>

void start_of_day(start_info_t *si) __attribute__((noreturn));

static void say_hello(const start_info_t *si)
{
    long v = hyp_xen_version(XENVER_version, NULL);
    char extra[XEN_EXTRAVERSION_LEN] = "";

    hyp_xen_version(XENVER_extraversion, extra);
    extra[sizeof(extra) - 1] = '\0';
    printk("Keel dom0 " DOM0_VERSION " on hypervisor %ld.%ld%s: %lu MiB%s\n",
           v >> 16, v & 0xffff, extra, si->nr_pages >> 8,
           si->flags & SIF_INITDOMAIN ? "" : " (not the initial domain!)");
}

void start_of_day(start_info_t *si)
{
    unsigned long first_free;

    say_hello(si);
    traps_init();
    first_free = mm_init(si);
    pages_init(first_free, mm_mapped_pages());
    events_init();
    time_init();
    printk("dom0: memory: %lu MiB mapped, %lu MiB free\n", mm_mapped_pages() >> 8,
           pages_free_count() >> 8);
    startup(si);
    scheduler_run();
}
