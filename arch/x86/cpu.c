/*
 * Setting a CPU up: its stack block (with guard pages), its GDT (Xen's
 * layout: guest pages, then Keel's), its TSS with IST stacks for the
 * exceptions that must never run on a possibly broken stack, and the CPU
 * features Keel relies on (NX, SMEP, SMAP, global pages).
 */
#include <asm/cpu.h>
#include <asm/page.h>
#include <asm/percpu.h>
#include <keel/console.h>
#include <keel/cpu_features.h>
#include <keel/heap.h>
#include <keel/layout.h>
#include <keel/panic.h>
#include <keel/percpu.h>
#include <keel/string.h>
#include "cpu.h"
#include "pv/pv.h"
#include "traps.h"

struct percpu percpu[KEEL_MAX_CPUS];
unsigned int nr_cpus_online;

#define CR4_PGE  (1ul << 7)
#define CR4_SMEP (1ul << 20)
#define CR4_SMAP (1ul << 21)

/* A zeroed frame standing for the guest part of every GDT until a PV guest
 * installs its own. */
static uint64_t zero_frame;

/* Descriptors of Keel's GDT page, by index from selector 0xe000. */
static const uint64_t keel_descriptors[] = {
    [1] = 0x00af9b000000ffff, /* 0xe008 hypervisor code, 64-bit */
    [2] = 0x00cf93000000ffff, /* 0xe010 hypervisor data */
    [3] = 0x00cf9b000000ffff, /* 0xe018 hypervisor code, 32-bit */
    [4] = 0x00cffb000000ffff, /* 0xe023 guest code, 32-bit, DPL 3 */
    [5] = 0x00cff3000000ffff, /* 0xe02b guest data, DPL 3 */
    [6] = 0x00affb000000ffff, /* 0xe033 guest code, 64-bit, DPL 3 */
};

static uint64_t map_fresh_pages(uint64_t va, unsigned int pages, const char *what)
{
    for (unsigned int i = 0; i < pages; i++) {
        uint64_t pa = alloc_xen_page();

        if (!pa || map_pages(va + i * PAGE_SIZE, pa, PAGE_SIZE, PAGE_HYPERVISOR_RW))
            panic("cpu: no memory for %s", what);
    }
    return va;
}

static void setup_stacks(unsigned int cpu)
{
    struct arch_percpu *a = &percpu[cpu].arch;
    uint64_t block = STACKS_BASE + (uint64_t)cpu * STACK_BLOCK_SIZE;
    struct cpu_info *info;

    a->stack_block = block;
    map_fresh_pages(block + STACK_PAGE_MCE * PAGE_SIZE, STACK_IST_PAGES, "the #MC stack");
    map_fresh_pages(block + STACK_PAGE_NMI * PAGE_SIZE, STACK_IST_PAGES, "the NMI stack");
    map_fresh_pages(block + STACK_PAGE_DF * PAGE_SIZE, STACK_IST_PAGES, "the #DF stack");
    map_fresh_pages(block + STACK_PAGE_PRIMARY * PAGE_SIZE, STACK_PRIMARY_PAGES, "a stack");

    a->tss.ist[IST_MCE - 1] = block + (STACK_PAGE_MCE + STACK_IST_PAGES) * PAGE_SIZE;
    a->tss.ist[IST_NMI - 1] = block + (STACK_PAGE_NMI + STACK_IST_PAGES) * PAGE_SIZE;
    a->tss.ist[IST_DF - 1] = block + (STACK_PAGE_DF + STACK_IST_PAGES) * PAGE_SIZE;
    a->tss.rsp[0] = stack_top(cpu);
    a->tss.iomap_base = sizeof(a->tss); /* no I/O bitmap: ring 3 port I/O faults */

    info = (struct cpu_info *)stack_top(cpu);
    info->cpu_id = cpu;
}

static void setup_gdt(unsigned int cpu)
{
    struct arch_percpu *a = &percpu[cpu].arch;
    uint64_t base = GDT_AREA_BASE + (uint64_t)cpu * GDT_AREA_STRIDE;
    uint64_t keel_page = alloc_xen_page();
    uint64_t tss = (uint64_t)&a->tss;

    if (!keel_page)
        panic("cpu: no memory for a GDT");
    for (unsigned int p = 0; p < FIRST_RESERVED_GDT_PAGE; p++) {
        if (map_pages(base + p * PAGE_SIZE, zero_frame, PAGE_SIZE, PAGE_HYPERVISOR_RO))
            panic("cpu: cannot map a GDT");
        a->guest_gdt[p] = zero_frame;
    }
    if (map_pages(base + FIRST_RESERVED_GDT_PAGE * PAGE_SIZE, keel_page, PAGE_SIZE,
                  PAGE_HYPERVISOR_RW))
        panic("cpu: cannot map a GDT");

    a->gdt = phys_to_virt(keel_page);
    memcpy(a->gdt, keel_descriptors, sizeof(keel_descriptors));
    /* 64-bit available TSS: a 16-byte descriptor. */
    a->gdt[(TSS_SELECTOR - 0xe000) / 8] =
        (sizeof(a->tss) - 1) | ((tss & 0xffffff) << 16) | (0x89ull << 40) |
        (((tss >> 24) & 0xff) << 56);
    a->gdt[(TSS_SELECTOR - 0xe000) / 8 + 1] = tss >> 32;
}

/*
 * The frames are mapped writable for Keel (the CPU sets descriptors'
 * accessed bits), never for the guest: they are typed PGT_SEG_DESC, so
 * the guest can map them only read-only. Only pages that change are
 * remapped: switching between vCPUs of one domain usually changes none.
 */
void cpu_load_guest_gdt(const uint64_t *mfns, unsigned int nr)
{
    unsigned int cpu = smp_processor_id();
    struct arch_percpu *a = &percpu[cpu].arch;
    uint64_t base = GDT_AREA_BASE + (uint64_t)cpu * GDT_AREA_STRIDE;

    for (unsigned int p = 0; p < FIRST_RESERVED_GDT_PAGE; p++) {
        uint64_t pa = p < nr ? mfns[p] << PAGE_SHIFT : zero_frame;

        if (a->guest_gdt[p] == pa)
            continue;
        remap_page_local(base + p * PAGE_SIZE, pa,
                         p < nr ? PAGE_HYPERVISOR_RW : PAGE_HYPERVISOR_RO);
        a->guest_gdt[p] = pa;
    }
}

static void load_descriptor_tables(unsigned int cpu)
{
    struct {
        uint16_t limit;
        uint64_t base;
    } __attribute__((packed)) gdtr = {
        GDT_PAGES * PAGE_SIZE - 1, GDT_AREA_BASE + (uint64_t)cpu * GDT_AREA_STRIDE
    };

    asm volatile("lgdt %0" : : "m"(gdtr));
    /* Reload CS with a far return, then the data segments and the TSS. */
    asm volatile("pushq %0; leaq 1f(%%rip), %%rax; pushq %%rax; lretq; 1:"
                 : : "i"(HYPERVISOR_CS) : "rax", "memory");
    asm volatile("mov %0, %%ds; mov %0, %%es; mov %0, %%ss" : : "r"(HYPERVISOR_DS));
    asm volatile("ltr %w0" : : "r"(TSS_SELECTOR));
    traps_load();
}

/* Read by usercopy.S: STAC/CLAC exist only where SMAP does. */
bool smap_enabled;

static void enable_features(void)
{
    uint32_t r[4];
    uint64_t cr4 = read_cr4() | CR4_PGE;

    cpuid(0, 0, r);
    if (r[0] >= 7) {
        cpuid(7, 0, r);
        if (r[1] & (1u << 7))
            cr4 |= CR4_SMEP;
        if (r[1] & (1u << 20)) {
            cr4 |= CR4_SMAP;
            smap_enabled = true;
        }
    }
    write_cr4(cr4);
}

void cpu_prepare(unsigned int cpu)
{
    if (!zero_frame && !(zero_frame = alloc_xen_page()))
        panic("cpu: no memory");
    percpu[cpu].id = cpu;
    setup_stacks(cpu);
    setup_gdt(cpu);
    pv_syscall_prepare(cpu);
}

void cpu_init(unsigned int cpu)
{
    load_descriptor_tables(cpu);
    enable_features();
    pv_syscall_init_cpu(cpu);
}

void cpu_mark_online(unsigned int cpu)
{
    __atomic_add_fetch(&nr_cpus_online, 1, __ATOMIC_SEQ_CST);
    __atomic_store_n(&percpu[cpu].online, true, __ATOMIC_RELEASE);
}

const char *cpu_features(char *buf, unsigned long len)
{
    uint64_t cr4 = read_cr4();

    snprintf(buf, len, "%s%s%s%s", cpu_has_nx() ? " NX" : "",
             cr4 & CR4_SMEP ? " SMEP" : "", cr4 & CR4_SMAP ? " SMAP" : "",
             cr4 & CR4_PGE ? " PGE" : "");
    return buf;
}

void arch_cpu_feature_words(uint32_t words[8])
{
    /* Leaf, subleaf and register (EAX..EDX = 0..3) of each word. */
    static const struct {
        uint32_t leaf, sub;
        uint8_t reg;
    } src[8] = {
        { 1, 0, 3 }, { 1, 0, 2 }, { 0x80000001, 0, 3 }, { 0x80000001, 0, 2 },
        { 0xd, 1, 0 }, { 7, 0, 1 }, { 7, 0, 2 }, { 0x80000007, 0, 3 },
    };
    uint32_t r[4], max_basic, max_ext;

    cpuid(0, 0, r);
    max_basic = r[0];
    cpuid(0x80000000, 0, r);
    max_ext = r[0];
    for (unsigned int i = 0; i < 8; i++) {
        uint32_t max = src[i].leaf >= 0x80000000 ? max_ext : max_basic;

        words[i] = 0;
        if (src[i].leaf <= max) {
            cpuid(src[i].leaf, src[i].sub, r);
            words[i] = r[src[i].reg];
        }
    }
}
