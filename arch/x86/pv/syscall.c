/*
 * Per-CPU SYSCALL entry: each CPU gets a copy of the stub (read-only,
 * executable) and a data page (its stack top, the common entry point), so
 * the stub finds both RIP-relatively. See entry.S.
 */
#include <asm/cpu.h>
#include <asm/msr.h>
#include <asm/page.h>
#include <asm/percpu.h>
#include <keel/heap.h>
#include <keel/layout.h>
#include <keel/panic.h>
#include <keel/string.h>
#include "pv.h"

#define MSR_STAR   0xc0000081
#define MSR_LSTAR  0xc0000082
#define MSR_CSTAR  0xc0000083
#define MSR_SFMASK 0xc0000084
/* SYSCALL clears these: TF, IF, DF, NT, AC (and interrupts stay off). */
#define SFMASK_BITS 0x47700

struct stub_data {
    uint64_t scratch;  /* the guest's RSP, for an instant */
    uint64_t stack;    /* this CPU's stack top */
    uint64_t target;   /* pv_syscall_entry */
};

extern const char syscall_stub_start[], syscall_stub_compat[], syscall_stub_end[];
extern const char pv_syscall_entry[];

static uint64_t stub_va(unsigned int cpu)
{
    return SYSCALL_STUBS_BASE + (uint64_t)cpu * SYSCALL_STUB_STRIDE;
}

void pv_syscall_prepare(unsigned int cpu)
{
    uint64_t code = alloc_xen_page(), data = alloc_xen_page();
    struct stub_data *d;

    if (!code || !data ||
        map_pages(stub_va(cpu), code, PAGE_SIZE, PAGE_HYPERVISOR_RX) ||
        map_pages(stub_va(cpu) + PAGE_SIZE, data, PAGE_SIZE, PAGE_HYPERVISOR_RW))
        panic("pv: no memory for CPU%u's SYSCALL stub", cpu);
    memcpy(phys_to_virt(code), syscall_stub_start,
           (size_t)(syscall_stub_end - syscall_stub_start));
    d = phys_to_virt(data);
    d->stack = stack_top(cpu);
    d->target = (uint64_t)pv_syscall_entry;
}

void pv_syscall_init_cpu(unsigned int cpu)
{
    uint64_t base = stub_va(cpu);

    /* SYSCALL loads CS from STAR[47:32]; SYSRET from STAR[63:48] + 16. */
    wrmsr(MSR_STAR, ((uint64_t)GUEST_CS32 << 48) | ((uint64_t)HYPERVISOR_CS << 32));
    wrmsr(MSR_LSTAR, base);
    wrmsr(MSR_CSTAR, base + (uint64_t)(syscall_stub_compat - syscall_stub_start));
    wrmsr(MSR_SFMASK, SFMASK_BITS);
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
}
