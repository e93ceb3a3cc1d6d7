/*
 * Grant mappings in a PV guest's page tables (Xen's
 * create_grant_pv_mapping and replace_grant_pv_mapping). The entry is
 * written by pt_validate.c, which keeps its invariants: only a validated
 * L1 of the guest's own is changed, and the entry holds the grant's
 * references like any other.
 */
#include <asm/cpu.h>
#include <asm/grant_table.h>
#include <asm/page.h>
#include <keel/domain.h>
#include <public/grant_table.h>
#include "pt_validate.h"
#include "pv.h"

/* Where addr names an L1 entry: by machine address, or by the linear
 * address it maps in the page tables the vCPU runs on. */
static bool find_slot(struct vcpu *v, const struct pt_ctx *c, uint64_t addr,
                      uint32_t flags, struct pt_slot *s)
{
    if (flags & GNTMAP_contains_pte) {
        if (addr & 7)
            return false;
        s->l1_mfn = addr >> PAGE_SHIFT;
        s->index = (unsigned int)(addr & (PAGE_SIZE - 1)) / 8;
        return true;
    }
    return !pt_walk(c, pv_current_l4_mfn(v), addr, &s->l1_mfn, &s->index);
}

/* The entry for a grant mapping (Xen's grant_to_pte_flags). */
static uint64_t grant_pte(uint64_t mfn, uint32_t flags)
{
    uint64_t e = (mfn << PAGE_SHIFT) | PTE_PRESENT | PTE_ACCESSED | PTE_DIRTY;

    if (flags & GNTMAP_application_map)
        e |= PTE_USER;
    if (!(flags & GNTMAP_readonly))
        e |= PTE_RW;
    if (cpu_has_nx())
        e |= PTE_NX;
    e |= (uint64_t)((flags >> _GNTMAP_guest_avail0) & 7) << 9;
    return e;
}

static void flush(uint64_t addr, uint32_t flags)
{
    if (flags & GNTMAP_contains_pte)
        write_cr3(read_cr3());
    else
        asm volatile("invlpg (%0)" : : "r"(addr) : "memory");
}

int pv_grant_host_map(struct vcpu *v, uint64_t addr, uint64_t mfn, uint32_t flags)
{
    struct pt_ctx c;
    struct pt_slot s;

    pv_pt_ctx(v->domain, &c);
    if (!find_slot(v, &c, addr, flags, &s) || pt_grant_map(&c, s, grant_pte(mfn, flags)))
        return GNTST_general_error;
    flush(addr, flags);
    return GNTST_okay;
}

int pv_grant_host_unmap(struct vcpu *v, uint64_t addr, uint64_t mfn,
                        uint64_t new_addr, uint32_t flags)
{
    struct pt_ctx c;
    struct pt_slot s, from;

    pv_pt_ctx(v->domain, &c);
    if (new_addr && (flags & GNTMAP_contains_pte))
        return GNTST_general_error; /* not in this addressing mode, as Xen */
    if (!find_slot(v, &c, addr, flags, &s) ||
        (new_addr && !find_slot(v, &c, new_addr, 0, &from)) ||
        pt_grant_unmap(&c, s, mfn, !(flags & GNTMAP_readonly), new_addr ? &from : NULL))
        return GNTST_general_error;
    flush(addr, flags);
    if (new_addr)
        flush(new_addr, 0);
    return GNTST_okay;
}
