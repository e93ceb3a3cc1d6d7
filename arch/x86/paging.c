/*
 * Keel's own page tables: the image with W^X, a direct map of RAM, MMIO
 * windows and per-CPU stacks. Invariants: every mapping lies inside the
 * hypervisor hole (PML4 slots 256-271), so PV guests' halves of their page
 * tables never meet Keel's; no mapping is both writable and executable;
 * guard pages are never mapped.
 */
#include <asm/cpu.h>
#include <asm/page.h>
#include <keel/bootinfo.h>
#include <keel/console.h>
#include <keel/errno.h>
#include <keel/heap.h>
#include <keel/layout.h>
#include <keel/panic.h>
#include <keel/percpu.h>
#include <keel/smp.h>
#include <keel/string.h>

extern const char _stext[], _etext[], __rodata_start[], __rodata_end[];
extern const char __data_start[], _end[];

static uint64_t root_pa;      /* Keel's PML4 */
static uint64_t nx_mask;      /* _PAGE_NX where the CPU has NX, else 0 */
static uint64_t ioremap_next = IOREMAP_BASE;

/* CPUID once: every PV MMU hypercall asks, and CPUID is slow (it traps
 * when Keel itself runs nested). */
bool cpu_has_nx(void)
{
    static int8_t known = -1;
    uint32_t r[4];

    if (known < 0) {
        cpuid(0x80000000, 0, r);
        known = r[0] >= 0x80000001 && (cpuid(0x80000001, 0, r), r[3] & (1u << 20));
    }
    return known;
}

void clear_page(void *va)
{
    uint64_t n = PAGE_SIZE / 8;

    asm volatile("rep stosq" : "+D"(va), "+c"(n) : "a"(0ul) : "memory");
}

uint64_t paging_root(void)
{
    return root_pa;
}

static uint64_t *table(uint64_t pa)
{
    return phys_to_virt(pa & PTE_ADDR_MASK);
}

static unsigned int index_at(uint64_t va, int level)
{
    return (va >> (PAGE_SHIFT + 9 * (level - 1))) & 511;
}

/*
 * The entry for va at `level` (1 = 4 KiB page, 2 = 2 MiB), creating the
 * tables above it. NULL when a table cannot be allocated or a large page
 * is in the way.
 */
static uint64_t *entry_for(uint64_t va, int level, bool user)
{
    uint64_t *t = table(root_pa);

    for (int l = 4; l > level; l--) {
        uint64_t *e = &t[index_at(va, l)];

        if (!(*e & _PAGE_PRESENT)) {
            uint64_t pa = alloc_xen_page();

            if (!pa)
                return NULL;
            /* Upper levels are permissive; the leaf decides. */
            *e = pa | _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY;
        } else if (*e & _PAGE_PSE) {
            return NULL;
        }
        /* Only what guests may read (the M2P) is reachable from ring 3. */
        if (user)
            *e |= _PAGE_USER;
        t = table(*e);
    }
    return &t[index_at(va, level)];
}

int map_pages(uint64_t va, uint64_t pa, uint64_t size, uint64_t flags)
{
    flags &= ~_PAGE_NX | nx_mask;
    if ((va | pa | size) & (PAGE_SIZE - 1))
        return -EINVAL;
    while (size) {
        bool large = !((va | pa) & (LARGE_PAGE_SIZE - 1)) && size >= LARGE_PAGE_SIZE;
        uint64_t step = large ? LARGE_PAGE_SIZE : PAGE_SIZE;
        uint64_t *e = entry_for(va, large ? 2 : 1, flags & _PAGE_USER);

        if (!e)
            return -ENOMEM;
        if (*e & _PAGE_PRESENT)
            return -EEXIST;
        *e = pa | flags | (large ? _PAGE_PSE : 0);
        va += step;
        pa += step;
        size -= step;
    }
    return 0;
}

void remap_page_local(uint64_t va, uint64_t pa, uint64_t flags)
{
    uint64_t *e = entry_for(va, 1, false);

    if (!e || !(*e & _PAGE_PRESENT))
        panic("paging: no mapping at %#llx to change", (unsigned long long)va);
    *e = pa | (flags & (~_PAGE_NX | nx_mask));
    asm volatile("invlpg (%0)" : : "r"(va) : "memory");
}

void unmap_pages(uint64_t va, uint64_t size)
{
    for (uint64_t end = va + size; va < end; va += PAGE_SIZE) {
        uint64_t *e = entry_for(va, 1, false);

        if (e) {
            *e = 0;
            asm volatile("invlpg (%0)" : : "r"(va) : "memory");
        }
    }
    /* Other CPUs may hold the old translations too. */
    if (nr_cpus_online > 1)
        flush_tlb_all();
}

bool paging_is_mapped(uint64_t va)
{
    uint64_t *t = table(root_pa);

    for (int l = 4; l >= 1; l--) {
        uint64_t e = t[index_at(va, l)];

        if (!(e & _PAGE_PRESENT))
            return false;
        if (l == 1 || (e & _PAGE_PSE))
            return true;
        t = table(e);
    }
    return false;
}

/* Device registers Keel maps for itself: no guest may map them. */
#define MAX_KEEL_MMIO 16
static struct { uint64_t start, end; } keel_mmio[MAX_KEEL_MMIO];
static unsigned int nr_keel_mmio;

bool is_keel_mmio(uint64_t pa)
{
    for (unsigned int i = 0; i < nr_keel_mmio; i++)
        if (pa >= keel_mmio[i].start && pa < keel_mmio[i].end)
            return true;
    return false;
}

void *ioremap(uint64_t pa, uint64_t size)
{
    uint64_t offset = pa & (PAGE_SIZE - 1);
    uint64_t span = (offset + size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    uint64_t va = ioremap_next;

    if (span > IOREMAP_BASE + IOREMAP_SIZE - va || nr_keel_mmio == MAX_KEEL_MMIO ||
        map_pages(va, pa - offset, span, PAGE_HYPERVISOR_UC))
        return NULL;
    keel_mmio[nr_keel_mmio++] = (typeof(keel_mmio[0])){ pa - offset, pa - offset + span };
    ioremap_next += span;
    return (void *)(va + offset);
}

static void map_or_panic(uint64_t va, uint64_t pa, uint64_t size, uint64_t flags,
                         const char *what)
{
    int rc = map_pages(va, pa, size, flags);

    if (rc)
        panic("paging: cannot map %s (error %d)", what, rc);
}

static void map_image(void)
{
    const struct {
        const char *start, *end;
        uint64_t flags;
        const char *what;
    } parts[] = {
        { _stext, _etext, PAGE_HYPERVISOR_RX, "text" },
        { __rodata_start, __rodata_end, PAGE_HYPERVISOR_RO, "read-only data" },
        { __data_start, _end, PAGE_HYPERVISOR_RW, "data" },
    };

    for (unsigned int i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
        uint64_t start = (uint64_t)parts[i].start & ~(PAGE_SIZE - 1);
        uint64_t end = ((uint64_t)parts[i].end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);

        map_or_panic(start, start - KEEL_IMAGE_BASE, end - start, parts[i].flags,
                     parts[i].what);
    }
}

/* Map [start, end) into the direct map in 2 MiB pages, sharing edge pages. */
static void directmap_range(uint64_t start, uint64_t end)
{
    start &= ~(LARGE_PAGE_SIZE - 1);
    end = (end + LARGE_PAGE_SIZE - 1) & ~(LARGE_PAGE_SIZE - 1);
    if (end > DIRECTMAP_SIZE)
        end = DIRECTMAP_SIZE;
    for (uint64_t pa = start; pa < end; pa += LARGE_PAGE_SIZE) {
        int rc = map_pages(DIRECTMAP_BASE + pa, pa, LARGE_PAGE_SIZE, PAGE_HYPERVISOR_RW);

        if (rc && rc != -EEXIST)
            panic("paging: cannot map %#lx in the direct map (error %d)",
                  (unsigned long)pa, rc);
    }
}

/*
 * The direct map holds the legacy first MiB (BIOS data, the VGA text
 * buffer), everything the memory map lists below 4 GiB (RAM, and the
 * firmware regions that hold ACPI tables), and RAM above. Cacheability of
 * device memory among them is left to the firmware's MTRRs, as on any x86
 * OS; drivers map device registers with ioremap(), uncached.
 */
static void map_directmap(const struct boot_info *bi)
{
    directmap_range(0, 0x100000);
    for (unsigned int i = 0; i < bi->nr_mem; i++) {
        const struct boot_mem_region *r = &bi->mem[i];
        bool ram = r->type == MEM_USABLE || r->type == MEM_ACPI_DATA ||
                   r->type == MEM_ACPI_NVS || r->type == MEM_PERSISTENT;

        if (ram || r->start + r->size <= BOOT_DIRECTMAP_SIZE)
            directmap_range(r->start, r->start + r->size);
    }
}

void paging_load(void)
{
    write_cr3(root_pa);
}

void paging_init(const struct boot_info *bi)
{
    nx_mask = cpu_has_nx() ? _PAGE_NX : 0;
    root_pa = alloc_xen_page();
    if (!root_pa)
        panic("paging: no memory for the page tables");
    map_image();
    map_directmap(bi);
    paging_load();
}
