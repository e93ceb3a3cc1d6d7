/*
 * A PV guest's own GDT (set_gdt) and its descriptors (update_descriptor),
 * as Xen's arch/x86/pv/descriptor-tables.c defines them.
 *
 * A vCPU's GDT is up to FIRST_RESERVED_GDT_PAGE frames of its domain's,
 * each held with one general and one PGT_SEG_DESC type reference for as
 * long as v->arch.gdt_frames names it. The type means every descriptor in
 * the frame passed pv_descriptor_ok() when it got the type, and the guest
 * can change one only through update_descriptor (which checks it again):
 * a frame has one type at a time, so none is writable by the guest. The
 * frames appear in the guest pages of the GDT of the CPU the vCPU runs on
 * (cpu_load_guest_gdt); Keel's own page follows, so entries from
 * FIRST_RESERVED_GDT_ENTRY on are Keel's and set_gdt cannot reach them.
 *
 * The LDT (MMUEXT_SET_LDT) is not supported yet: only an empty one.
 */
#include <keel/page.h>
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/guest_access.h>
#include <keel/heap.h>
#include <keel/hypercall.h>
#include <keel/layout.h>
#include <public/xen.h>
#include "../cpu.h"
#include "descriptor_check.h"
#include "pv.h"

#define DESC_BYTES 8

/* A general and a PGT_SEG_DESC reference to mfn, a frame of d's; the
 * first such reference validates the frame. -EINVAL on any refusal. */
static int get_seg_desc_frame(const struct domain *d, uint64_t mfn)
{
    struct page_info *pg = mfn_to_page(&frame_table, mfn);
    int rc;

    if (!pg || !get_page(pg, d->domid))
        return -EINVAL;
    rc = get_page_type(pg, PGT_SEG_DESC);
    if (rc == 1 && !pv_descriptor_page_ok(phys_to_virt(mfn << PAGE_SHIFT))) {
        put_page_type(pg);
        rc = -EINVAL;
    }
    if (rc < 0) {
        frame_put(pg);
        return -EINVAL;
    }
    return 0;
}

static void put_seg_desc_frame(uint64_t mfn)
{
    struct page_info *pg = mfn_to_page(&frame_table, mfn);

    put_page_type(pg);
    frame_put(pg);
}

/* Drop v's GDT frames; v has none afterwards. */
void pv_gdt_release(struct vcpu *v)
{
    for (unsigned int i = 0; i < v->arch.gdt_nr_frames; i++)
        put_seg_desc_frame(v->arch.gdt_frames[i]);
    v->arch.gdt_nr_frames = 0;
    v->arch.gdt_ents = 0;
}

void pv_gdt_load(const struct vcpu *v)
{
    cpu_load_guest_gdt(v ? v->arch.gdt_frames : NULL, v ? v->arch.gdt_nr_frames : 0);
}

/* Take every new frame before dropping an old one: a refusal leaves the
 * old GDT in place, and a frame in both keeps its type throughout. */
static long install_gdt(struct vcpu *v, const uint64_t *frames, unsigned int entries)
{
    unsigned int nr = (entries + DESCS_PER_PAGE - 1) / DESCS_PER_PAGE;

    for (unsigned int i = 0; i < nr; i++) {
        if (get_seg_desc_frame(v->domain, frames[i])) {
            while (i--)
                put_seg_desc_frame(frames[i]);
            return -EINVAL;
        }
    }
    pv_gdt_release(v);
    for (unsigned int i = 0; i < nr; i++)
        v->arch.gdt_frames[i] = frames[i];
    v->arch.gdt_nr_frames = nr;
    v->arch.gdt_ents = entries;
    pv_gdt_load(v);
    return 0;
}

/* set_gdt(frame_list, entries): at most FIRST_RESERVED_GDT_ENTRY
 * descriptors (-EINVAL), from ceil(entries / 512) machine frames. */
long do_set_gdt(hc_arg_t frame_list, hc_arg_t entries)
{
    uint64_t frames[FIRST_RESERVED_GDT_PAGE];
    unsigned int nr;

    if (entries > FIRST_RESERVED_GDT_ENTRY)
        return -EINVAL;
    nr = ((unsigned int)entries + DESCS_PER_PAGE - 1) / DESCS_PER_PAGE;
    if (copy_from_guest(frames, frame_list, nr * sizeof(frames[0])))
        return -EFAULT;
    return install_gdt(current_vcpu(), frames, (unsigned int)entries);
}

/*
 * update_descriptor(maddr, desc): write one aligned descriptor in a frame
 * of the caller's domain. In a descriptor frame it must pass
 * pv_descriptor_ok (as rewritten); any other frame must be one the guest
 * could map writable anyway (not a page table). Xen checks the descriptor
 * whatever the frame, and so does Keel: -EINVAL for every refusal.
 */
long do_update_descriptor(hc_arg_t maddr, hc_arg_t desc)
{
    struct domain *d = current_vcpu()->domain;
    uint64_t value = desc;
    struct page_info *pg;
    int rc;

    if ((maddr & (DESC_BYTES - 1)) || !pv_descriptor_ok(&value))
        return -EINVAL;
    pg = mfn_to_page(&frame_table, maddr >> PAGE_SHIFT);
    if (!pg || !get_page(pg, d->domid))
        return -EINVAL;
    rc = get_page_type(pg, pg->type == PGT_SEG_DESC ? PGT_SEG_DESC : PGT_WRITABLE);
    if (rc < 0) {
        frame_put(pg);
        return -EINVAL;
    }
    /* One store: the CPU may read the descriptor at any moment. */
    __atomic_store_n((uint64_t *)phys_to_virt(maddr), value, __ATOMIC_RELAXED);
    put_page_type(pg);
    frame_put(pg);
    return 0;
}
