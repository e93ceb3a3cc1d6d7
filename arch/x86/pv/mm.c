/*
 * The PV MMU hypercalls: mmu_update, update_va_mapping and mmuext_op. A
 * guest changes its page tables only through these, and every change is
 * validated (pt_validate.c), so a guest can never map memory that is not
 * its own, nor its page tables writable.
 *
 * TLB flushes are local: a domain's vCPUs run on one CPU at a time, and
 * every switch between guests reloads CR3 without global guest entries.
 */
#include <asm/cpu.h>
#include <asm/page.h>
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/guest_access.h>
#include <keel/heap.h>
#include <keel/hypercall.h>
#include <keel/layout.h>
#include <keel/m2p.h>
#include <public/xen.h>
#include "pt_validate.h"
#include "pv.h"

#define MMU_CMD_MASK 3ull

static uint64_t *map_frame(void *arg, uint64_t mfn)
{
    (void)arg;
    return phys_to_virt(mfn << PAGE_SHIFT);
}

static void flush_before_validate(void *arg, uint64_t mfn, unsigned int level)
{
    (void)arg;
    (void)mfn;
    (void)level;
    write_cr3(read_cr3()); /* no stale writable TLB entry to a frame becoming a table */
}

/*
 * dom0's I/O memory: any frame the machine can address that is not RAM,
 * except Keel's own device registers (the direct map and ioremap windows
 * never map them for guests), as Xen bounds dom0's iomem rights.
 */
static bool dom0_iomem(void *arg, uint64_t mfn)
{
    static unsigned int maxphys;
    uint32_t r[4];

    (void)arg;
    if (!maxphys) {
        cpuid(0x80000000, 0, r);
        maxphys = 36; /* the architectural default without leaf 0x80000008 */
        if (r[0] >= 0x80000008) {
            cpuid(0x80000008, 0, r);
            maxphys = r[0] & 0xff;
        }
    }
    return mfn < (1ull << (maxphys - PAGE_SHIFT)) && !is_keel_mmio(mfn << PAGE_SHIFT);
}

static void unreferenced(void *arg, uint64_t mfn)
{
    (void)arg;
    frame_unreferenced(mfn);
}

void pv_pt_ctx(struct domain *d, struct pt_ctx *c)
{
    *c = (struct pt_ctx){
        .ft = &frame_table, .domid = d->domid, .privileged = d->is_privileged,
        .map = map_frame, .keel_l4 = phys_to_virt(paging_root()),
        .self_linear = true, .nx_reserved = !cpu_has_nx(),
        .pre_validate = flush_before_validate, .iomem_permitted = dom0_iomem,
        .unreferenced = unreferenced,
    };
}

void arch_domain_release_tables(struct domain *d)
{
    struct pt_ctx c;

    pv_pt_ctx(d, &c);
    for (unsigned int i = 0; i < d->nr_vcpus; i++) {
        struct vcpu *v = d->vcpus[i];

        if (!v)
            continue;
        if (v->arch.guest_table_user)
            pt_put_type(&c, v->arch.guest_table_user >> PAGE_SHIFT, 4);
        if (v->arch.guest_table)
            pt_put_type(&c, v->arch.guest_table >> PAGE_SHIFT, 4);
        v->arch.guest_table = v->arch.guest_table_user = 0;
        pv_gdt_release(v);
    }
    pt_unpin_all(&c);
}

/* A domain names its own frame's pseudo-physical number in the M2P. */
static long machphys_update(const struct domain *d, uint64_t mfn, uint64_t pfn)
{
    const struct page_info *pg = mfn_to_page(&frame_table, mfn);

    if (!pg || pg->owner != d->domid || (pg->flags & PGF_FREE))
        return -EINVAL;
    m2p_set(mfn, pfn);
    return 0;
}

static bool own_domain(uint64_t foreigndom, const struct domain *d)
{
    return foreigndom == DOMID_SELF || foreigndom == d->domid;
}

long do_mmu_update(hc_arg_t ureqs, hc_arg_t count, hc_arg_t pdone, hc_arg_t foreigndom)
{
    struct vcpu *v = current_vcpu();
    struct pt_ctx c;
    unsigned int done = 0;
    long rc = 0;

    if (!own_domain(foreigndom, v->domain))
        return -EPERM; /* mapping other domains' memory: not yet */
    pv_pt_ctx(v->domain, &c);
    for (; done < count && !rc; done++) {
        struct mmu_update req;
        uint64_t cmd, ptr;

        if (copy_from_guest(&req, ureqs + (uint64_t)done * sizeof(req), sizeof(req))) {
            rc = -EFAULT;
            break;
        }
        cmd = req.ptr & MMU_CMD_MASK;
        ptr = req.ptr & ~MMU_CMD_MASK;
        if (cmd == MMU_NORMAL_PT_UPDATE || cmd == MMU_PT_UPDATE_PRESERVE_AD)
            rc = pt_update_entry(&c, ptr >> PAGE_SHIFT, (ptr & (PAGE_SIZE - 1)) / 8,
                                 req.val, cmd == MMU_PT_UPDATE_PRESERVE_AD);
        else if (cmd == MMU_MACHPHYS_UPDATE)
            rc = machphys_update(v->domain, ptr >> PAGE_SHIFT, req.val);
        else
            rc = -ENOSYS;
        if (rc)
            break;
    }
    write_cr3(read_cr3());
    if (pdone && copy_to_guest(pdone, &done, sizeof(done)))
        return -EFAULT;
    return rc;
}

static void flush_va(uint64_t va, uint64_t flags)
{
    if ((flags & UVMF_FLUSHTYPE_MASK) == UVMF_INVLPG)
        asm volatile("invlpg (%0)" : : "r"(va) : "memory");
    else if ((flags & UVMF_FLUSHTYPE_MASK) == UVMF_TLB_FLUSH)
        write_cr3(read_cr3());
}

uint64_t pv_current_l4_mfn(const struct vcpu *v)
{
    uint64_t base = v->arch.kernel_mode || !v->arch.guest_table_user
                        ? v->arch.guest_table : v->arch.guest_table_user;

    return base >> PAGE_SHIFT;
}

long do_update_va_mapping(hc_arg_t va, hc_arg_t val, hc_arg_t flags)
{
    struct vcpu *v = current_vcpu();
    struct pt_ctx c;
    uint64_t l1;
    unsigned int index;
    long rc;

    pv_pt_ctx(v->domain, &c);
    rc = pt_walk(&c, pv_current_l4_mfn(v), va, &l1, &index);
    if (!rc)
        rc = pt_update_entry(&c, l1, index, val, false);
    if (!rc)
        flush_va(va, flags);
    return rc;
}

/* Switch the guest's kernel or user root: a type reference held by it. */
static long new_baseptr(struct vcpu *v, const struct pt_ctx *c, uint64_t mfn, bool user)
{
    uint64_t *slot = user ? &v->arch.guest_table_user : &v->arch.guest_table;
    uint64_t old = *slot >> PAGE_SHIFT;
    long rc;

    if (user && !mfn) {
        *slot = 0;
    } else {
        if ((rc = pt_get_type(c, mfn, 4)))
            return rc;
        *slot = mfn << PAGE_SHIFT;
    }
    if (old)
        pt_put_type(c, old, 4);
    if (user != !v->arch.kernel_mode)
        return 0;
    write_cr3(pv_current_l4_mfn(v) << PAGE_SHIFT);
    return 0;
}

static long one_mmuext(struct vcpu *v, const struct pt_ctx *c, const struct mmuext_op *op)
{
    switch (op->cmd) {
    case MMUEXT_PIN_L1_TABLE:
    case MMUEXT_PIN_L2_TABLE:
    case MMUEXT_PIN_L3_TABLE:
    case MMUEXT_PIN_L4_TABLE:
        return pt_pin(c, op->arg1.mfn, op->cmd - MMUEXT_PIN_L1_TABLE + 1);
    case MMUEXT_UNPIN_TABLE:
        return pt_unpin(c, op->arg1.mfn);
    case MMUEXT_NEW_BASEPTR:
        return new_baseptr(v, c, op->arg1.mfn, false);
    case MMUEXT_NEW_USER_BASEPTR:
        return new_baseptr(v, c, op->arg1.mfn, true);
    case MMUEXT_TLB_FLUSH_LOCAL:
    case MMUEXT_TLB_FLUSH_MULTI:
    case MMUEXT_TLB_FLUSH_ALL:
        write_cr3(read_cr3());
        return 0;
    case MMUEXT_INVLPG_LOCAL:
    case MMUEXT_INVLPG_MULTI:
    case MMUEXT_INVLPG_ALL:
        if (!guest_range_ok(op->arg1.linear_addr, 1))
            return -EINVAL;
        asm volatile("invlpg (%0)" : : "r"(op->arg1.linear_addr) : "memory");
        return 0;
    case MMUEXT_SET_LDT:
        return op->arg2.nr_ents == 0 ? 0 : -ENOSYS; /* LDTs are not supported yet */
    default:
        return -ENOSYS;
    }
}

long do_mmuext_op(hc_arg_t uops, hc_arg_t count, hc_arg_t pdone, hc_arg_t foreigndom)
{
    struct vcpu *v = current_vcpu();
    struct pt_ctx c;
    unsigned int done = 0;
    long rc = 0;

    if (!own_domain(foreigndom, v->domain))
        return -EPERM;
    pv_pt_ctx(v->domain, &c);
    for (; done < count; done++) {
        struct mmuext_op op;

        if (copy_from_guest(&op, uops + (uint64_t)done * sizeof(op), sizeof(op))) {
            rc = -EFAULT;
            break;
        }
        if ((rc = one_mmuext(v, &c, &op)))
            break;
    }
    if (pdone && copy_to_guest(pdone, &done, sizeof(done)))
        return -EFAULT;
    return rc;
}
