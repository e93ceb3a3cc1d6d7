/*
 * The guest's own GDT: set_gdt takes only frames the guest cannot write,
 * a selector from it loads, a frame in use as a GDT cannot be mapped
 * writable, update_descriptor lowers a ring-0 descriptor to ring 3 and
 * refuses system descriptors, and tearing the GDT down frees the frame.
 *
 * Included by main.c after mmu.c (walk-free helpers: va_mfn, va_maddr,
 * update_va_mapping, mm.spare).
 */
#define DESC_CODE64_DPL3 0x00affa000000ffffull
#define DESC_DATA_DPL3   0x00cff2000000ffffull
#define DESC_CODE64_DPL0 0x00af9a000000ffffull
#define DESC_TSS         0x0000890000000067ull
#define GDT_DATA_SEL     0x13 /* entry 2, RPL 3 */

static uint64_t gdt_page[512] __attribute__((aligned(4096)));

static long set_gdt(const unsigned long *frames, unsigned int entries)
{
    return HYPERCALL(__HYPERVISOR_set_gdt, frames, entries, 0);
}

static long update_descriptor(uint64_t maddr, uint64_t desc)
{
    return HYPERCALL(__HYPERVISOR_update_descriptor, maddr, desc, 0);
}

/* gdt_page's own mapping, read-only or writable. */
static long map_gdt_page(uint64_t rw)
{
    return update_va_mapping((unsigned long)gdt_page,
                             va_maddr(gdt_page) | PG_PRESENT | PG_ACCESSED | PG_DIRTY | rw,
                             UVMF_INVLPG | UVMF_LOCAL);
}

/* Load sel into ES and read ES back; ES is restored after. */
static uint16_t load_es(uint16_t sel)
{
    uint16_t old, got;

    asm volatile("mov %%es, %0; mov %2, %%es; mov %%es, %1; mov %0, %%es"
                 : "=&r"(old), "=&r"(got) : "r"(sel) : "memory");
    return got;
}

static void check_set_gdt(unsigned long *frame)
{
    long rc = set_gdt(frame, 3);

    check(rc == -XEN_EINVAL, "set_gdt: a frame the guest maps writable: -EINVAL", rc);
    rc = set_gdt(frame, FIRST_RESERVED_GDT_ENTRY + 1);
    check(rc == -XEN_EINVAL, "set_gdt: past FIRST_RESERVED_GDT_ENTRY: -EINVAL", rc);
    rc = map_gdt_page(0);
    check(rc == 0, "set_gdt: map the frame read-only", rc);
    rc = set_gdt(frame, 3);
    check(rc == 0, "set_gdt: a ring-3 code and data pair", rc);
    if (rc)
        return;
    rc = load_es(GDT_DATA_SEL);
    check(rc == GDT_DATA_SEL, "set_gdt: a selector from it loads into ES", rc);
    /* Xen's get_page_from_l1e: no writable type for a descriptor page. */
    rc = update_va_mapping(mm.spare, (uint64_t)*frame << 12 | PG_PRESENT | PG_RW | PG_ACCESSED,
                           UVMF_INVLPG | UVMF_LOCAL);
    check(rc == -XEN_EBUSY, "set_gdt: its frame mapped writable: -EBUSY", rc);
    restore_spare();
}

static void check_update_descriptor(void)
{
    long rc = update_descriptor(va_maddr(&gdt_page[3]), DESC_CODE64_DPL0);

    check(rc == 0, "update_descriptor: a DPL 0 code descriptor is accepted", rc);
    check(gdt_page[3] == DESC_CODE64_DPL3, "update_descriptor: ... and stored with DPL 3",
          (long)(gdt_page[3] >> 45 & 3));
    rc = update_descriptor(va_maddr(&gdt_page[4]), DESC_TSS);
    check(rc == -XEN_EINVAL, "update_descriptor: a TSS descriptor: -EINVAL", rc);
    rc = update_descriptor(va_maddr(&gdt_page[4]) + 4, DESC_DATA_DPL3);
    check(rc == -XEN_EINVAL, "update_descriptor: a misaligned address: -EINVAL", rc);
    check(gdt_page[4] == 0, "update_descriptor: refusals write nothing", (long)gdt_page[4]);
}

static void check_descriptor_tables(void)
{
    unsigned long frame = va_mfn(gdt_page);
    long rc;

    if (!mm.ok)
        return;
    gdt_page[1] = DESC_CODE64_DPL3;
    gdt_page[2] = DESC_DATA_DPL3;
    check_set_gdt(&frame);
    check_update_descriptor();
    rc = set_gdt(0, 0);
    check(rc == 0, "set_gdt: none at all", rc);
    rc = map_gdt_page(PG_RW);
    check(rc == 0, "set_gdt: the old frame is writable again", rc);
}
