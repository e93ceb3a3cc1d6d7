/*
 * Starting the other CPUs the platform lists, one at a time: copy the
 * trampoline below 1 MiB, give it this CPU's page tables and the new CPU's
 * stack, send INIT-SIPI-SIPI, and wait (bounded) for it to say it is
 * online. A CPU that does not answer is reported and left out.
 */
#include <asm/cpu.h>
#include <asm/page.h>
#include <keel/acpi.h>
#include <keel/console.h>
#include <keel/heap.h>
#include <keel/layout.h>
#include <keel/percpu.h>
#include <keel/sched.h>
#include <keel/softirq.h>
#include <keel/string.h>
#include <keel/time.h>
#include <keel/timers.h>
#include "apic.h"
#include "cpu.h"
#include "smpboot.h"

#define AP_START_TIMEOUT_NS 3000000000ull /* generous: TCG on a busy host */

extern const char trampoline_start[], trampoline_end[], trampoline_data[];
extern const uint32_t trampoline_offsets[4];

struct tramp_data {
    uint16_t gdt_limit;
    uint32_t gdt_base;
    uint32_t pm_offset;
    uint16_t pm_selector;
    uint32_t lm_offset;
    uint16_t lm_selector;
    uint8_t pad[6];          /* the assembly aligns what follows to 8 */
    uint64_t cr3, efer, stack, entry;
} __attribute__((packed, aligned(8)));

void start_secondary(void);

/* Runs on the new CPU, on its own stack. */
void start_secondary(void)
{
    unsigned int cpu = smp_processor_id();

    cpu_init(cpu);
    apic_init_ap();
    timers_init_cpu(cpu);
    sched_init_cpu(cpu);
    cpu_mark_online(cpu);
    idle_loop();
}

static struct tramp_data *install_trampoline(uint64_t page)
{
    size_t size = (size_t)(trampoline_end - trampoline_start);
    struct tramp_data *d;

    memcpy(phys_to_virt(page), trampoline_start, size);
    d = phys_to_virt(page + trampoline_offsets[3]);
    d->gdt_base = (uint32_t)(page + trampoline_offsets[0]);
    d->pm_offset = (uint32_t)(page + trampoline_offsets[1]);
    d->lm_offset = (uint32_t)(page + trampoline_offsets[2]);
    d->cr3 = paging_root();
    d->efer = (1u << 8) | (cpu_has_nx() ? 1u << 11 : 0);
    return d;
}

static bool start_one(struct tramp_data *d, uint64_t page, unsigned int cpu,
                      uint32_t apic)
{
    uint64_t deadline;

    cpu_prepare(cpu);
    percpu[cpu].arch.apic_id = apic;
    d->stack = stack_top(cpu) & ~15ull;
    d->entry = (uint64_t)start_secondary;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    apic_start_cpu(apic, page);
    deadline = NOW() + AP_START_TIMEOUT_NS;
    while (!__atomic_load_n(&percpu[cpu].online, __ATOMIC_ACQUIRE))
        if (NOW() > deadline)
            return false;
        else
            cpu_relax();
    return true;
}

void smp_boot_cpus(const struct platform_info *pi)
{
    uint64_t page = heap_low_page();
    uint32_t me = apic_id();
    unsigned int next = 1;
    struct tramp_data *d;

    if (pi->nr_cpus <= 1)
        return;
    if (!page || map_pages(page, page, PAGE_SIZE, _PAGE_PRESENT | _PAGE_ACCESSED)) {
        kwarn("SMP: no page below 1 MiB to start other CPUs from; using one CPU\n");
        return;
    }
    d = install_trampoline(page);
    for (unsigned int i = 0; i < pi->nr_cpus; i++) {
        uint32_t apic = pi->cpus[i].apic_id;

        if (apic == me)
            continue;
        if (next == KEEL_MAX_CPUS) {
            kwarn("SMP: more than %u CPUs; the rest stay off\n", KEEL_MAX_CPUS);
            break;
        }
        if (start_one(d, page, next, apic))
            next++;
        else
            kwarn("SMP: CPU with APIC ID %u did not start\n", apic);
    }
    unmap_pages(page, PAGE_SIZE);
}
