/*
 * Laying out a new PV domain (see keel/pv_build.h). Pseudo-physical frame
 * n is the page at virt_base + n * 4 KiB in the initial mapping, so the
 * P2M is simply "allocation order". The initial page tables map every
 * page of the layout writable except the page tables themselves, which
 * the guest sees read-only, as the PV MMU requires. The tables are then
 * validated and pinned through the same code as a guest's own, which
 * gives every frame the type and references its mappings imply.
 */
#include <asm/page.h>
#include <keel/domain.h>
#include <keel/errmsg.h>
#include <keel/errno.h>
#include <keel/heap.h>
#include <keel/layout.h>
#include <keel/m2p.h>
#include <keel/pv_build.h>
#include <keel/string.h>
#include <public/xen.h>
#include "pt_validate.h"
#include "pv.h"

#define PT_ENTRIES 512
#define PADDING    (512ull << 10)
#define ALIGN_MAP  (4ull << 20)
#define L1_FLAGS_RW (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | _PAGE_DIRTY)
#define L1_FLAGS_RO (_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED)
#define UPPER_FLAGS (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | _PAGE_DIRTY)

struct layout {
    uint64_t v_start, kern_end;
    uint64_t initrd_va;
    uint64_t p2m_va, p2m_pages;
    uint64_t si_va;
    uint64_t store_va, console_va;  /* 0 without rings */
    uint64_t pt_va, nr_pt;
    uint64_t stack_va, v_end;
};

struct build {
    struct domain *d;
    const struct pv_build_args *args;
    struct layout l;
    uint64_t nr_pages;
    uint64_t *p2m;       /* pfn -> mfn, Keel's copy */
    uint64_t next_pt;    /* next unused page-table page (virtual address) */
    char *err;
    size_t err_len;
};

static uint64_t round_up(uint64_t x, uint64_t a)
{
    return (x + a - 1) & ~(a - 1);
}

/* Page-table pages needed to map [start, end): one L4, then per 512 GiB,
 * per GiB and per 2 MiB spanned. */
static uint64_t pt_pages_for(uint64_t start, uint64_t end)
{
    uint64_t n = 1;

    for (unsigned int shift = 39; shift >= 21; shift -= 9)
        n += ((end - 1) >> shift) - (start >> shift) + 1;
    return n;
}

static void plan(struct build *b)
{
    const struct pv_kernel *k = b->args->kernel;
    struct layout *l = &b->l;
    uint64_t va;

    l->v_start = k->virt_base;
    l->kern_end = round_up(k->vend, PAGE_SIZE);
    va = l->kern_end;
    l->initrd_va = b->args->initrd ? va : 0;
    va += round_up(b->args->initrd_len, PAGE_SIZE);
    l->p2m_va = va;
    l->p2m_pages = round_up(b->nr_pages * 8, PAGE_SIZE) / PAGE_SIZE;
    va += l->p2m_pages * PAGE_SIZE;
    l->si_va = va;
    va += PAGE_SIZE;
    if (b->args->rings) {
        l->store_va = va;
        l->console_va = va + PAGE_SIZE;
        va += 2 * PAGE_SIZE;
    }
    l->pt_va = va;
    /* The page tables must map themselves: grow until they fit. */
    l->nr_pt = 0;
    for (;;) {
        uint64_t end = round_up(l->pt_va + (l->nr_pt + 1) * PAGE_SIZE + PADDING, ALIGN_MAP);
        uint64_t need = pt_pages_for(l->v_start, end);

        if (need <= l->nr_pt)
            break;
        l->nr_pt = need;
    }
    l->stack_va = l->pt_va + l->nr_pt * PAGE_SIZE;
    l->v_end = round_up(l->stack_va + PAGE_SIZE + PADDING, ALIGN_MAP);
}

static uint64_t pfn_of(const struct build *b, uint64_t va)
{
    return (va - b->l.v_start) >> PAGE_SHIFT;
}

static void *guest_page(const struct build *b, uint64_t va)
{
    return phys_to_virt(b->p2m[pfn_of(b, va)] << PAGE_SHIFT);
}

/* Copy into the new domain's memory, by its virtual address. */
static void write_guest(const struct build *b, uint64_t va, const void *src, uint64_t len)
{
    const uint8_t *s = src;

    while (len) {
        uint64_t off = va & (PAGE_SIZE - 1), n = PAGE_SIZE - off;

        if (n > len)
            n = len;
        memcpy((uint8_t *)guest_page(b, va) + off, s, n);
        va += n;
        s += n;
        len -= n;
    }
}

static int allocate_memory(struct build *b)
{
    uint64_t pfn = 0;

    b->p2m = alloc_xen_memory(b->nr_pages * sizeof(uint64_t));
    if (!b->p2m)
        return errmsg(b->err, b->err_len, -ENOMEM, "no memory for a %llu-page P2M",
                    (unsigned long long)b->nr_pages);
    for (unsigned int order = MAX_ORDER; pfn < b->nr_pages;) {
        uint64_t mfn;

        if ((1ull << order) > b->nr_pages - pfn) {
            order--;
            continue;
        }
        mfn = domain_alloc_pages(b->d, order);
        if (mfn == INVALID_MFN) {
            if (order == 0)
                return errmsg(b->err, b->err_len, -ENOMEM, "out of memory after %llu of %llu pages",
                            (unsigned long long)pfn, (unsigned long long)b->nr_pages);
            order--;
            continue;
        }
        for (uint64_t i = 0; i < (1ull << order); i++) {
            m2p_set(mfn + i, pfn);
            b->p2m[pfn++] = mfn + i;
        }
    }
    return 0;
}

static bool is_page_table(const struct build *b, uint64_t va)
{
    return va >= b->l.pt_va && va < b->l.pt_va + b->l.nr_pt * PAGE_SIZE;
}

/* The next page-table page of the layout. */
static uint64_t take_pt_page(struct build *b)
{
    uint64_t mfn = b->p2m[pfn_of(b, b->next_pt)];

    b->next_pt += PAGE_SIZE;
    return mfn;
}

static void map_one(struct build *b, uint64_t l4_mfn, uint64_t va)
{
    uint64_t *t = phys_to_virt(l4_mfn << PAGE_SHIFT);
    uint64_t mfn = b->p2m[pfn_of(b, va)];

    for (int level = 4; level > 1; level--) {
        uint64_t *e = &t[(va >> (PAGE_SHIFT + 9 * (level - 1))) & (PT_ENTRIES - 1)];

        if (!(*e & _PAGE_PRESENT))
            *e = (take_pt_page(b) << PAGE_SHIFT) | UPPER_FLAGS;
        t = phys_to_virt(*e & PTE_ADDR_MASK);
    }
    t[(va >> PAGE_SHIFT) & (PT_ENTRIES - 1)] =
        (mfn << PAGE_SHIFT) | (is_page_table(b, va) ? L1_FLAGS_RO : L1_FLAGS_RW);
}

/* Write the initial tables, then validate and pin them (Keel's own slots
 * go into the L4 as validation puts them into every L4). The reference
 * vCPU 0's base pointer holds comes from the validation, the pin keeps
 * them when the guest switches tables, as Xen pins dom0's. */
static int build_page_tables(struct build *b, uint64_t *l4_out)
{
    struct pt_ctx c;
    uint64_t l4;
    int rc;

    b->next_pt = b->l.pt_va;
    l4 = take_pt_page(b);
    for (uint64_t va = b->l.v_start; va < b->l.v_end; va += PAGE_SIZE)
        map_one(b, l4, va);
    pv_pt_ctx(b->d, &c);
    if ((rc = pt_get_type(&c, l4, 4)))
        return errmsg(b->err, b->err_len, rc, "the initial page tables do not validate (error %d)", rc);
    /* From here the reference is vCPU 0's: a failed build's teardown drops it. */
    b->d->vcpus[0]->arch.guest_table = l4 << PAGE_SHIFT;
    if ((rc = pt_pin(&c, l4, 4)))
        return errmsg(b->err, b->err_len, rc, "cannot pin the initial page tables (error %d)", rc);
    *l4_out = l4;
    return 0;
}

/* Each entry: push %rcx; push %r11; mov $n,%eax; syscall; pop %r11; pop %rcx;
 * ret. The iret entry is jumped to, never returns, and also saves RAX. */
static void write_hypercall_page(const struct build *b, uint64_t va)
{
    static const uint8_t call[] = { 0x51, 0x41, 0x53, 0xb8, 0, 0, 0, 0, 0x0f, 0x05,
                                    0x41, 0x5b, 0x59, 0xc3 };
    static const uint8_t iret[] = { 0x51, 0x41, 0x53, 0x50, 0xb8, 0, 0, 0, 0, 0x0f, 0x05 };
    uint8_t page[PAGE_SIZE];

    memset(page, 0xcc, sizeof(page)); /* int3 between entries */
    for (uint32_t n = 0; n < PAGE_SIZE / 32; n++) {
        uint8_t *p = page + n * 32;

        if (n == __HYPERVISOR_iret) {
            memcpy(p, iret, sizeof(iret));
            memcpy(p + 5, &n, 4);
        } else {
            memcpy(p, call, sizeof(call));
            memcpy(p + 4, &n, 4);
        }
    }
    write_guest(b, va, page, sizeof(page));
}

static void write_start_info(const struct build *b, uint64_t l4_mfn)
{
    static start_info_t si;

    memset(&si, 0, sizeof(si));
    snprintf(si.magic, sizeof(si.magic), "xen-3.0-x86_64");
    si.nr_pages = b->nr_pages;
    si.shared_info = b->d->shared_info_mfn << PAGE_SHIFT;
    si.flags = b->args->si_flags;
    si.pt_base = b->l.pt_va;
    si.nr_pt_frames = b->l.nr_pt;
    si.mfn_list = b->l.p2m_va;
    si.mod_start = b->l.initrd_va;
    si.mod_len = b->args->initrd_len;
    snprintf((char *)si.cmd_line, sizeof(si.cmd_line), "%s",
             b->args->cmdline ? b->args->cmdline : "");
    if (b->args->rings) {
        const struct pv_rings *r = b->args->rings;

        si.store_mfn = r->store_mfn;
        si.store_evtchn = r->store_port;
        si.console.domU.mfn = r->console_mfn;
        si.console.domU.evtchn = r->console_port;
    }
    (void)l4_mfn;
    write_guest(b, b->l.si_va, &si, sizeof(si));
}

static int check_kernel(struct build *b)
{
    const struct pv_kernel *k = b->args->kernel;

    if (k->vstart < k->virt_base || k->vend <= k->vstart)
        return errmsg(b->err, b->err_len, -EINVAL, "kernel spans %#llx-%#llx, not above its virtual base",
                    (unsigned long long)k->vstart, (unsigned long long)k->vend);
    if (k->entry < k->vstart || k->entry >= k->vend)
        return errmsg(b->err, b->err_len, -EINVAL, "kernel entry %#llx outside its image",
                    (unsigned long long)k->entry);
    if (k->hypercall_page && (k->hypercall_page < k->vstart ||
                              k->hypercall_page + PAGE_SIZE > k->vend ||
                              (k->hypercall_page & (PAGE_SIZE - 1))))
        return errmsg(b->err, b->err_len, -EINVAL, "hypercall page %#llx is not a page of the kernel",
                    (unsigned long long)k->hypercall_page);
    if (pfn_of(b, b->l.v_end) > b->nr_pages)
        return errmsg(b->err, b->err_len, -ENOMEM, "the layout needs %llu pages, the domain has %llu",
                    (unsigned long long)pfn_of(b, b->l.v_end),
                    (unsigned long long)b->nr_pages);
    return 0;
}

int pv_build(struct domain *d, const struct pv_build_args *args, char *err, size_t err_len)
{
    struct build b = { .d = d, .args = args, .nr_pages = d->max_pages,
                       .err = err, .err_len = err_len };
    struct vcpu *v = d->vcpus[0];
    uint64_t l4 = 0;
    int rc;

    plan(&b);
    if ((rc = check_kernel(&b)) || (rc = allocate_memory(&b)))
        goto out;
    for (unsigned int i = 0; i < args->kernel->nr_segments; i++) {
        const struct pv_segment *s = &args->kernel->segments[i];

        write_guest(&b, s->vaddr, s->data, s->filesz);
    }
    if (args->initrd)
        write_guest(&b, b.l.initrd_va, args->initrd, args->initrd_len);
    write_guest(&b, b.l.p2m_va, b.p2m, b.nr_pages * sizeof(uint64_t));
    if ((rc = build_page_tables(&b, &l4)))
        goto out;
    if (args->kernel->hypercall_page)
        write_hypercall_page(&b, args->kernel->hypercall_page);
    if (args->rings) {
        args->rings->store_mfn = b.p2m[pfn_of(&b, b.l.store_va)];
        args->rings->console_mfn = b.p2m[pfn_of(&b, b.l.console_va)];
    }
    write_start_info(&b, l4);

    v->arch.user_regs = (struct cpu_regs){
        .rip = args->kernel->entry, .cs = GUEST_CS64, .rflags = 0x202,
        .rsp = b.l.stack_va + PAGE_SIZE, .ss = GUEST_DS, .rsi = b.l.si_va,
    };
    v->online = true;
    d->p2m_size = b.nr_pages;
out:
    if (b.p2m)
        free_xen_memory(b.p2m, b.nr_pages * sizeof(uint64_t));
    return rc;
}
