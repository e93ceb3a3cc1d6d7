/*
 * vcpu_op: a domain's vCPUs as its kernel manages them. So far: whether a
 * vCPU is up, where its vcpu_info lives, and its runstate (time spent
 * running, waiting for a CPU, blocked, offline), which Keel keeps and
 * copies to an area the guest registers. Its timers are in vcpu_timer.c.
 */
#include <keel/page.h>
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/event_channel_op.h>
#include <keel/guest_access.h>
#include <keel/heap.h>
#include <keel/hypercall.h>
#include <keel/layout.h>
#include <keel/string.h>
#include <keel/time.h>
#include <keel/vcpu_op.h>
#include <keel/vcpu_timer.h>
#include <public/vcpu.h>
#include <public/xen.h>


void vcpu_runstate_publish(struct vcpu *v)
{
    struct vcpu_runstate_info r = v->runstate;
    uint64_t va = v->runstate_area;

    if (!va)
        return;
    /* Guests read the area racily: mark it, write it, unmark it. */
    r.state_entry_time |= XEN_RUNSTATE_UPDATE;
    if (copy_to_guest(va + __builtin_offsetof(struct vcpu_runstate_info, state_entry_time),
                      &r.state_entry_time, sizeof(r.state_entry_time)))
        return; /* the guest unmapped its area: its loss, not Keel's */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    copy_to_guest(va, &r, sizeof(r));
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    r.state_entry_time &= ~XEN_RUNSTATE_UPDATE;
    copy_to_guest(va + __builtin_offsetof(struct vcpu_runstate_info, state_entry_time),
                  &r.state_entry_time, sizeof(r.state_entry_time));
}

void vcpu_runstate_change(struct vcpu *v, int state, uint64_t now)
{
    struct vcpu_runstate_info *r = &v->runstate;

    if (now > r->state_entry_time)
        r->time[r->state] += now - r->state_entry_time;
    r->state = state;
    r->state_entry_time = now;
}

static struct vcpu *target_vcpu(unsigned int id)
{
    struct domain *d = current_vcpu()->domain;

    return id < MAX_VIRT_CPUS ? d->vcpus[id] : NULL;
}

/* Move v's vcpu_info into a page of the guest's (once only, as on Xen). */
static long register_vcpu_info(struct vcpu *v, hc_arg_t arg)
{
    struct vcpu_register_vcpu_info info;
    struct page_info *pg;
    struct vcpu_info *moved;

    if (copy_from_guest(&info, arg, sizeof(info)))
        return -EFAULT;
    if (info.offset + sizeof(struct vcpu_info) > PAGE_SIZE || info.rsvd)
        return -EINVAL;
    if (v->vcpu_info != &v->domain->shared_info->vcpu_info[v->id])
        return -EINVAL;
    pg = mfn_to_page(&frame_table, info.mfn);
    if (!pg || !get_page(pg, v->domain->domid))
        return -EINVAL;
    if (get_page_type(pg, PGT_WRITABLE) < 0) {
        put_page(pg);
        return -EINVAL; /* a page table or descriptor page cannot hold it */
    }
    moved = (struct vcpu_info *)((char *)phys_to_virt(info.mfn << PAGE_SHIFT) + info.offset);
    memcpy(moved, v->vcpu_info, sizeof(*moved));
    v->vcpu_info = moved;
    domain_evtchn_move_vcpu_info(v);
    return 0;
}

void vcpu_info_release(struct vcpu *v)
{
    struct vcpu_info *home = &v->domain->shared_info->vcpu_info[v->id];
    struct page_info *pg;

    if (v->vcpu_info == home)
        return;
    pg = mfn_to_page(&frame_table, virt_to_phys(v->vcpu_info) >> PAGE_SHIFT);
    v->vcpu_info = home;
    frame_put_writable(pg);
}

long do_vcpu_op(hc_arg_t cmd, hc_arg_t vcpuid, hc_arg_t arg)
{
    struct vcpu *v = target_vcpu((unsigned int)vcpuid);

    if (!v)
        return -ENOENT;
    switch (cmd) {
    case VCPUOP_is_up:
        return v->online;
    case VCPUOP_get_runstate_info: {
        struct vcpu_runstate_info r;

        vcpu_runstate_change(v, v->runstate.state, NOW()); /* bring it up to date */
        r = v->runstate;
        return copy_to_guest(arg, &r, sizeof(r)) ? -EFAULT : 0;
    }
    case VCPUOP_register_runstate_memory_area: {
        struct vcpu_register_runstate_memory_area area;

        if (copy_from_guest(&area, arg, sizeof(area)))
            return -EFAULT;
        if (area.addr.p && !guest_range_ok(area.addr.p, sizeof(struct vcpu_runstate_info)))
            return -EINVAL;
        v->runstate_area = area.addr.p;
        if (v == current_vcpu())
            vcpu_runstate_publish(v);
        return 0;
    }
    case VCPUOP_register_vcpu_info:
        return register_vcpu_info(v, arg);
    default:
        return vcpu_timer_op(v, (unsigned int)cmd, arg);
    }
}
