/*
 * start_keel: the first C code. Order matters: the clock and the command
 * line come before any output, so that even the banner goes to the console
 * the user asked for, at the speed they set, with a timestamp.
 */
#include <asm/cpu.h>
#include <keel/boot.h>
#include <keel/bootinfo.h>
#include <keel/console.h>
#include <keel/layout.h>
#include <keel/panic.h>
#include <keel/string.h>
#include <keel/time.h>
#include "drivers/ns16550.h"
#include "drivers/vga.h"
#include "time.h"
#include "traps.h"

void start_keel(uint32_t magic, uint32_t info_pa);

extern uint64_t boot_pml4[512];

static struct boot_info boot_info;
static struct ns16550 uarts[2];

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

static void __attribute__((noinline)) selftest_fault(void)
{
    volatile int *unmapped = (volatile int *)16; /* the zero page */

    asm("" : "+r"(unmapped)); /* hide the constant from the optimiser */
    *unmapped = 1;
}

static void run_selftest(enum keel_selftest test)
{
    if (test == SELFTEST_PANIC)
        panic("keel_selftest=panic: deliberate panic");
    if (test == SELFTEST_FAULT)
        selftest_fault();
}

void start_keel(uint32_t magic, uint32_t info_pa)
{
    bool clock_ok, info_ok;
    uint64_t done;

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
    kinfo("TSC: %llu.%03llu MHz\n", (unsigned long long)(tsc_hz() / 1000000),
          (unsigned long long)(tsc_hz() / 1000 % 1000));
    run_selftest(keel_options.selftest);

    done = now_ns();
    kinfo("Boot complete in %llu.%03llu ms\n", (unsigned long long)(done / 1000000),
          (unsigned long long)(done / 1000 % 1000));
    kinfo("No domain to run: idle\n");
    machine_halt();
}
