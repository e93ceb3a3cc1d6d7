/*
 * vcpu_op as a PV kernel uses it early: which vCPUs are up, the runstate
 * area Keel (or Xen) keeps current, and moving vcpu_info out of
 * shared_info into a page of the guest's.
 *
 * Included by main.c after mmu.c (print(), check(), KERNEL_BASE).
 */
#include <public/vcpu.h>

static struct vcpu_runstate_info runstate;          /* the registered area */
static uint8_t vcpu_info_page[4096] __attribute__((aligned(4096)));

/* The machine frame behind one of the guest's own pages (its P2M). */
static unsigned long guest_mfn_of(const start_info_t *si, const void *va)
{
    return ((const unsigned long *)si->mfn_list)[((unsigned long)va - KERNEL_BASE) >> 12];
}

static void check_is_up(void)
{
    long rc = HYPERCALL(__HYPERVISOR_vcpu_op, VCPUOP_is_up, 0, 0);

    check(rc == 1, "vcpu_op: vCPU 0 is up", rc);
    rc = HYPERCALL(__HYPERVISOR_vcpu_op, VCPUOP_is_up, 1, 0);
    check(rc == 0, "vcpu_op: vCPU 1 exists, offline until brought up", rc);
    rc = HYPERCALL(__HYPERVISOR_vcpu_op, VCPUOP_is_up, 4096, 0);
    check(rc == -XEN_ENOENT, "vcpu_op: a vCPU that does not exist: -ENOENT", rc);
}

static void check_runstate(void)
{
    struct vcpu_register_runstate_memory_area area = { .addr.v = &runstate };
    struct vcpu_runstate_info info;
    long rc = HYPERCALL(__HYPERVISOR_vcpu_op, VCPUOP_register_runstate_memory_area, 0, &area);

    check(rc == 0, "vcpu_op: register the runstate area", rc);
    check(runstate.state == RUNSTATE_running, "vcpu_op: the area says running", runstate.state);
    rc = HYPERCALL(__HYPERVISOR_vcpu_op, VCPUOP_get_runstate_info, 0, &info);
    check(rc == 0 && info.state == RUNSTATE_running, "vcpu_op: get_runstate_info: running",
          rc ? rc : info.state);
    check(info.time[RUNSTATE_running] > 0, "vcpu_op: time spent running > 0 (us)",
          (long)(info.time[RUNSTATE_running] / 1000));
    area.addr.p = 0;
    rc = HYPERCALL(__HYPERVISOR_vcpu_op, VCPUOP_register_runstate_memory_area, 0, &area);
    check(rc == 0, "vcpu_op: unregister the runstate area", rc);
}

static void check_vcpu_info(const start_info_t *si)
{
    struct vcpu_register_vcpu_info info = {
        .mfn = guest_mfn_of(si, vcpu_info_page), .offset = 64,
    };
    long rc = HYPERCALL(__HYPERVISOR_vcpu_op, VCPUOP_register_vcpu_info, 0, &info);

    check(rc == 0, "vcpu_op: move vCPU 0's vcpu_info into a guest page", rc);
    check(vcpu_info_page[64 + 1] == 1, "vcpu_op: it arrives with events still masked",
          vcpu_info_page[64 + 1]);
    rc = HYPERCALL(__HYPERVISOR_vcpu_op, VCPUOP_register_vcpu_info, 0, &info);
    check(rc == -XEN_EINVAL, "vcpu_op: moving it a second time: -EINVAL", rc);
}

static void check_vcpu_ops(const start_info_t *si)
{
    check_is_up();
    check_runstate();
    check_vcpu_info(si);
}
