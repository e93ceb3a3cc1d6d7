/*
 * start_keel: the first C code, and the order the machine is taken over
 * in. The clock and the command line come before any output, so that even
 * the banner goes to the console the user asked for, at the speed they
 * set, with a timestamp. Memory comes next, then Keel's own page tables
 * and stacks; only then the platform (ACPI), interrupts, time and the
 * other CPUs.
 */
#include <asm/cpu.h>
#include <asm/page.h>
#include <asm/percpu.h>
#include <keel/acpi.h>
#include <keel/arch_irq.h>
#include <keel/boot.h>
#include <keel/bootinfo.h>
#include <keel/console.h>
#include <keel/dom0.h>
#include <keel/heap.h>
#include <keel/keyhandler.h>
#include <keel/layout.h>
#include <keel/m2p.h>
#include <keel/panic.h>
#include <keel/percpu.h>
#include <keel/sched.h>
#include <keel/softirq.h>
#include <keel/string.h>
#include <keel/time.h>
#include <keel/timers.h>
#include "drivers/cmos_rtc.h"
#include "drivers/ns16550.h"
#include "drivers/vga.h"
#include "apic.h"
#include "cpu.h"
#include "ioapic.h"
#include "irq.h"
#include "reboot.h"
#include "smp.h"
#include "smpboot.h"
#include "time.h"
#include "traps.h"

void start_keel(uint32_t magic, uint32_t info_pa);

extern uint64_t boot_pml4[512];
bool cpu_stacks_ready;

static struct boot_info boot_info;
static struct platform_info platform;
static struct ns16550 uarts[2];

const struct boot_info *boot_info_get(void)
{
    return &boot_info;
}

/* Problems found in the command line before any console existed. */
#define MAX_EARLY_REPORTS 16
static char early_reports[MAX_EARLY_REPORTS][120];
static unsigned int nr_early_reports, lost_early_reports;

static void queue_report(const char *msg)
{
    if (nr_early_reports == MAX_EARLY_REPORTS) {
        lost_early_reports++;
        return;
    }
    snprintf(early_reports[nr_early_reports++], sizeof(early_reports[0]), "%s", msg);
}

static void flush_reports(void)
{
    for (unsigned int i = 0; i < nr_early_reports; i++)
        kwarn("cmdline: %s\n", early_reports[i]);
    if (lost_early_reports)
        kwarn("cmdline: %u more problems not shown\n", lost_early_reports);
}

/* The boot page tables map the first 4 GiB; the loader's data lies there. */
static const void *read_boot_phys(uint64_t pa, size_t len)
{
    if (pa >= BOOT_DIRECTMAP_SIZE || len > BOOT_DIRECTMAP_SIZE - pa)
        return NULL;
    return phys_to_virt(pa);
}

/* Firmware tables, read through the direct map where it maps them. */
static const void *read_firmware(uint64_t pa, size_t len)
{
    if (!len || pa >= DIRECTMAP_SIZE || len > DIRECTMAP_SIZE - pa)
        return NULL;
    for (uint64_t p = pa & ~(PAGE_SIZE - 1); p < pa + len; p += PAGE_SIZE)
        if (!paging_is_mapped(DIRECTMAP_BASE + p))
            return NULL;
    return phys_to_virt(pa);
}

static void say(const char *msg)
{
    kinfo("%s\n", msg);
}

/* The identity map was only for the switch to long mode; NULL must fault. */
static void drop_identity_map(void)
{
    boot_pml4[0] = 0;
    write_cr3(read_cr3());
}

static void setup_consoles(const struct keel_options *opts)
{
    for (int i = 0; i < 2; i++)
        if ((opts->console & (CONSOLE_COM1 << i)) &&
            ns16550_setup(&uarts[i], &opts->com[i]))
            console_register(&uarts[i].sink);
    if (opts->console & CONSOLE_VGA)
        console_register(vga_console());
    console_set_loglvl(opts->loglvl);
}

static void report_uarts(void)
{
    for (int i = 0; i < 2; i++) {
        const struct com_config *c = &uarts[i].cfg;
        uint16_t divisor;
        uint8_t lcr;

        if (!uarts[i].sink.putc)
            continue;
        ns16550_read_back(&uarts[i], &divisor, &lcr);
        kinfo("com%d: %u baud %u%c%u at %#x irq %u (read back: divisor %u, LCR %#04x)\n",
              i + 1, (unsigned int)c->baud, c->data_bits, c->parity - 'a' + 'A',
              c->stop_bits, c->io_base, c->irq, divisor, lcr);
    }
}

static void uart_interrupt(struct cpu_regs *regs)
{
    unsigned int irq = (unsigned int)regs->vector - IRQ_VECTOR_BASE;

    for (int i = 0; i < 2; i++)
        if (uarts[i].sink.putc && uarts[i].cfg.irq == irq)
            ns16550_interrupt(&uarts[i]);
}

/* Without an IOAPIC route, input is polled: a key still works, later. */
static struct timer uart_poll_timer;
#define UART_POLL_NS 20000000ull

static void uart_poll(void *data)
{
    (void)data;
    for (int i = 0; i < 2; i++)
        if (uarts[i].sink.putc)
            ns16550_receive(&uarts[i]);
    set_timer(&uart_poll_timer, 0, NOW() + UART_POLL_NS);
}

static void setup_console_input(void)
{
    bool polled = false;

    for (int i = 0; i < 2; i++) {
        struct ns16550 *u = &uarts[i];

        if (!u->sink.putc)
            continue;
        set_irq_handler(IRQ_VECTOR_BASE + u->cfg.irq, uart_interrupt);
        if (ioapic_route_isa_irq(u->cfg.irq, IRQ_VECTOR_BASE + u->cfg.irq,
                                 percpu[0].arch.apic_id) >= 0) {
            ns16550_enable_irqs(u, keel_options.sync_console);
            kinfo("com%d: interrupt-driven on IRQ %u; output %s\n", i + 1, u->cfg.irq,
                  keel_options.sync_console ? "synchronous (sync_console)" : "buffered");
        } else {
            kwarn("com%d: IRQ %u has no IOAPIC route; polling for input\n", i + 1,
                  u->cfg.irq);
            polled = true;
        }
    }
    if (polled) {
        timer_init(&uart_poll_timer, uart_poll, NULL);
        set_timer(&uart_poll_timer, 0, NOW() + UART_POLL_NS);
    }
}

static void setup_console_ring(uint32_t size)
{
    unsigned int order = 0;
    uint64_t mfn;

    if (size == console_ring_size())
        return;
    while ((PAGE_SIZE << order) < size)
        order++;
    mfn = alloc_pages(&heap, order, DOMID_XEN, 0);
    if (mfn == INVALID_MFN || console_ring_resize(phys_to_virt(mfn << PAGE_SHIFT), size))
        kwarn("conring_size: no memory for a %u KiB ring; keeping %u KiB\n", size >> 10,
              console_ring_size() >> 10);
}

static void report_memory(void)
{
    struct mem_summary s;

    heap_summary(&s, keel_options.dom0_mem, keel_options.dom0_mem_max);
    kinfo("Memory: %llu KiB RAM: Keel %llu KiB, free %llu KiB\n",
          (unsigned long long)(s.ram >> 10), (unsigned long long)(s.keel >> 10),
          (unsigned long long)(s.free >> 10));
    kinfo("Memory: dom0 %llu KiB%s, domU heap %llu KiB\n",
          (unsigned long long)(s.dom0 >> 10),
          keel_options.dom0_mem ? " (dom0_mem)" : " (default: all but a reserve)",
          (unsigned long long)(s.domu >> 10));
    if (keel_options.dom0_mem > s.dom0)
        kwarn("dom0_mem: %llu KiB asked for, only %llu KiB free\n",
              (unsigned long long)(keel_options.dom0_mem >> 10),
              (unsigned long long)(s.dom0 >> 10));
}

static void __attribute__((noinline)) selftest_fault(void)
{
    volatile int *unmapped = (volatile int *)16; /* the zero page */

    asm("" : "+r"(unmapped)); /* hide the constant from the optimiser */
    *unmapped = 1;
}

/* Recurse until the stack runs into its guard page. */
static volatile bool keep_recursing = true;

static unsigned long __attribute__((noinline)) selftest_stack(unsigned long depth)
{
    volatile char frame[256];

    frame[0] = (char)depth;
    return keep_recursing ? selftest_stack(depth + 1) + frame[0] : depth;
}

static void __attribute__((noinline)) selftest_wx(void)
{
    volatile char *text = (volatile char *)selftest_wx;

    asm("" : "+r"(text));
    *text = (char)0xc3;
}

static void run_selftest(enum keel_selftest test)
{
    switch (test) {
    case SELFTEST_PANIC:
        panic("keel_selftest=panic: deliberate panic");
    case SELFTEST_FAULT:
        selftest_fault();
        break;
    case SELFTEST_STACK:
        selftest_stack(0);
        break;
    case SELFTEST_WX:
        selftest_wx();
        break;
    case SELFTEST_POWEROFF:
        kinfo("keel_selftest=poweroff: powering off\n");
        machine_power_off();
    case SELFTEST_NONE:
        break;
    }
}

static void setup_platform(void)
{
    char features[64];

    platform_discover(&platform, boot_info.rsdp, read_firmware, say);
    platform_report(&platform, say);
    reboot_init(&platform);
    if (time_init_hpet(platform.hpet_addr))
        kinfo("HPET at %#llx\n", (unsigned long long)platform.hpet_addr);
    if (cmos_rtc_read(platform.century, &boot_wallclock)) {
        uint64_t days = boot_wallclock / 86400, secs = boot_wallclock % 86400;

        kinfo("Wallclock: %llu s since the epoch (day %llu, %02llu:%02llu:%02llu UTC)\n",
              (unsigned long long)boot_wallclock, (unsigned long long)days,
              (unsigned long long)(secs / 3600), (unsigned long long)(secs / 60 % 60),
              (unsigned long long)(secs % 60));
    } else {
        kwarn("Wallclock: the CMOS clock did not answer; guests see 1970\n");
    }
    kinfo("TSC: %llu.%03llu MHz, calibrated against the %s\n",
          (unsigned long long)(tsc_hz() / 1000000),
          (unsigned long long)(tsc_hz() / 1000 % 1000), time_reference());

    i8259_disable();
    apic_init_bsp(platform.lapic_addr);
    percpu[0].arch.apic_id = apic_id();
    platform_set_bsp(&platform, apic_id());
    kinfo("APIC: %s mode, boot CPU APIC ID %u\n", apic_is_x2apic() ? "x2APIC" : "xAPIC",
          apic_id());
    ioapic_init(&platform);
    smp_init_ipis();
    apic_timer_init();
    kinfo("APIC timer: %s\n", apic_timer_mode());
    kinfo("CPU features:%s\n", cpu_features(features, sizeof(features)));
}

/* The boot CPU, on its own stack block from here on. */
static void __attribute__((noreturn)) start_keel_cpu0(void)
{
    uint64_t done;

    cpu_stacks_ready = true;
    traps_use_keel_gdt();
    cpu_init(0);
    setup_platform();
    timers_init_cpu(0);
    sched_init_cpu(0);
    keyhandler_init();
    setup_console_input();
    cpu_mark_online(0);
    local_irq_enable();

    smp_boot_cpus(&platform);
    kinfo("%u CPU%s online\n", nr_cpus_online, nr_cpus_online == 1 ? "" : "s");
    sched_start(nr_cpus_online);
    report_memory();
    run_selftest(keel_options.selftest);

    done = NOW();
    kinfo("Boot complete in %llu.%03llu ms\n", (unsigned long long)(done / 1000000),
          (unsigned long long)(done / 1000 % 1000));
    if (!dom0_construct(&boot_info))
        kinfo("No domain to run: idle ('h' on the serial console lists debug keys)\n");
    idle_loop();
}

void start_keel(uint32_t magic, uint32_t info_pa)
{
    bool clock_ok, info_ok;

    time_record_boot();
    drop_identity_map();
    traps_init();
    info_ok = bootinfo_parse(&boot_info, magic, info_pa, read_boot_phys) == 0;
    cmdline_defaults(&keel_options);
    cmdline_parse(boot_info.cmdline, &keel_options, queue_report);
    panic_set_noreboot(keel_options.noreboot);
    clock_ok = time_init();
    console_set_clock(now_ns);
    setup_consoles(&keel_options);

    if (!info_ok)
        panic("not started by a multiboot loader (magic %#x)", magic);
    boot_report(&boot_info, &keel_options);
    report_uarts();
    flush_reports();
    if (!clock_ok)
        kwarn("time: the PIT did not answer; TSC frequency guessed\n");

    heap_init(&boot_info);
    paging_init(&boot_info);
    heap_lift_limit();
    m2p_init(frame_table.nr_frames);
    setup_console_ring(keel_options.conring_size);
    kinfo("Console ring: %u KiB\n", console_ring_size() >> 10);
    cpu_prepare(0);
    cpu_boot_stack_switch(start_keel_cpu0);
}
