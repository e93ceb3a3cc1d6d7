/* The x86 PV guest machinery, as the rest of arch/x86 sees it. */
#ifndef ARCH_X86_PV_H
#define ARCH_X86_PV_H

#include <stdbool.h>
#include <stdint.h>
#include <asm/regs.h>

struct vcpu;

/* SYSCALL stubs: allocate (boot CPU) and enable (each CPU). */
void pv_syscall_prepare(unsigned int cpu);
void pv_syscall_init_cpu(unsigned int cpu);

/* A SYSCALL from a guest: a hypercall from its kernel, a system call from
 * its user space (bounced to the kernel). */
void pv_do_syscall(struct cpu_regs *regs);

/* An exception in a guest. */
void pv_do_exception(struct cpu_regs *regs);

/* On every return to a guest: softirqs, then pending events. Returns with
 * interrupts off. */
void pv_exit_to_guest(struct cpu_regs *regs);

/* The page-table validation context for d (see pt_validate.h). */
struct domain;
struct pt_ctx;
void pv_pt_ctx(struct domain *d, struct pt_ctx *c);

/* The L4 v runs on now: its kernel's or its user space's. */
uint64_t pv_current_l4_mfn(const struct vcpu *v);

/* The guest's register frame on this CPU's stack. */
struct cpu_regs *guest_regs(void);

/* Carry out CPUID behind Xen's forced-emulation prefix at RIP; false if
 * RIP holds something else. */
bool pv_emulate_forced(struct vcpu *v, struct cpu_regs *regs);

/* IN/OUT at RIP for a guest allowed port I/O; false if not (then #GP). */
bool pv_emulate_io(struct vcpu *v, struct cpu_regs *regs);

/* RDMSR/WRMSR at RIP from the guest kernel, for an MSR Keel answers;
 * false if not (then #GP). */
bool pv_emulate_msr(struct vcpu *v, struct cpu_regs *regs);

/* The return to a guest faulted (entry.S's exception-table fixup). */
void pv_bad_iret(void) __attribute__((noreturn));

/* Switch between the guest's kernel and user mode (page tables, GS). */
void pv_toggle_guest_mode(struct vcpu *v);

/* This CPU's GDT shows v's descriptor frames (NULL: none, when idle). */
void pv_gdt_load(const struct vcpu *v);

/* Drop v's GDT frames (its domain is dying). */
void pv_gdt_release(struct vcpu *v);

/* Load v's state onto this CPU and enter it (does not return). */
void pv_enter_vcpu(struct vcpu *v) __attribute__((noreturn));

/* Save the guest frame into v (it leaves the CPU). */
void pv_save_vcpu(struct vcpu *v);

#endif
