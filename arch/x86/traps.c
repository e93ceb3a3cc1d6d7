/*
 * The IDT and what an exception in Keel itself does: every one is fatal for
 * now, reported with the registers and a symbolised stack trace.
 */
#include <stdint.h>
#include <asm/cpu.h>
#include <asm/regs.h>
#include <keel/console.h>
#include <keel/layout.h>
#include <keel/panic.h>
#include <keel/symbols.h>
#include "traps.h"

#define NR_EXCEPTIONS 32
#define STUB_SIZE 16
#define GATE_INTERRUPT 0x8e /* present, DPL 0, 64-bit interrupt gate */
#define MAX_TRACE_DEPTH 32

struct idt_entry {
    uint16_t offset_lo, selector;
    uint8_t ist, type;
    uint16_t offset_mid;
    uint32_t offset_hi, reserved;
} __attribute__((packed));

struct idt_ptr {
    uint16_t limit;
    uint64_t base;
} __attribute__((packed));

static struct idt_entry idt[NR_EXCEPTIONS];
extern const char exception_stubs[];

static const char *const exception_names[NR_EXCEPTIONS] = {
    "divide error", "debug", "NMI", "breakpoint", "overflow",
    "bound range exceeded", "invalid opcode", "device not available",
    "double fault", "coprocessor segment overrun", "invalid TSS",
    "segment not present", "stack fault", "general protection fault",
    "page fault", "reserved", "x87 floating-point error", "alignment check",
    "machine check", "SIMD floating-point error", "virtualisation exception",
    "control protection", "reserved", "reserved", "reserved", "reserved",
    "reserved", "reserved", "hypervisor injection", "VMM communication",
    "security exception", "reserved",
};

void traps_init(void)
{
    struct idt_ptr ptr = { sizeof(idt) - 1, (uint64_t)idt };

    for (int v = 0; v < NR_EXCEPTIONS; v++) {
        uint64_t stub = (uint64_t)exception_stubs + (uint64_t)v * STUB_SIZE;

        idt[v] = (struct idt_entry){
            .offset_lo = stub & 0xffff, .selector = BOOT_CS,
            .type = GATE_INTERRUPT, .offset_mid = (stub >> 16) & 0xffff,
            .offset_hi = stub >> 32,
        };
    }
    asm volatile("lidt %0" : : "m"(ptr));
}

void do_exception(struct cpu_regs *regs);
void do_exception(struct cpu_regs *regs)
{
    const char *name = exception_names[regs->vector % NR_EXCEPTIONS];

    if (regs->vector == 14)
        panic_regs(regs, "page fault at %#lx (error code %#lx: %s, %s, %s)",
                   (unsigned long)read_cr2(), (unsigned long)regs->error_code,
                   regs->error_code & 1 ? "protection" : "not present",
                   regs->error_code & 2 ? "write" : "read",
                   regs->error_code & 16 ? "instruction fetch" : "data");
    panic_regs(regs, "%s (vector %lu, error code %#lx)", name,
               (unsigned long)regs->vector, (unsigned long)regs->error_code);
}

void arch_show_regs(const struct cpu_regs *r)
{
    kerr("RIP: %04lx:%016lx  RFLAGS: %016lx\n", (unsigned long)r->cs,
         (unsigned long)r->rip, (unsigned long)r->rflags);
    kerr("RAX: %016lx  RBX: %016lx  RCX: %016lx\n", (unsigned long)r->rax,
         (unsigned long)r->rbx, (unsigned long)r->rcx);
    kerr("RDX: %016lx  RSI: %016lx  RDI: %016lx\n", (unsigned long)r->rdx,
         (unsigned long)r->rsi, (unsigned long)r->rdi);
    kerr("RBP: %016lx  RSP: %016lx  R8:  %016lx\n", (unsigned long)r->rbp,
         (unsigned long)r->rsp, (unsigned long)r->r8);
    kerr("R9:  %016lx  R10: %016lx  R11: %016lx\n", (unsigned long)r->r9,
         (unsigned long)r->r10, (unsigned long)r->r11);
    kerr("R12: %016lx  R13: %016lx  R14: %016lx\n", (unsigned long)r->r12,
         (unsigned long)r->r13, (unsigned long)r->r14);
    kerr("R15: %016lx  SS: %04lx\n", (unsigned long)r->r15, (unsigned long)r->ss);
    kerr("CR0: %016lx  CR2: %016lx  CR3: %016lx  CR4: %016lx\n",
         (unsigned long)read_cr0(), (unsigned long)read_cr2(),
         (unsigned long)read_cr3(), (unsigned long)read_cr4());
}

static void show_frame(uint64_t addr)
{
    uint64_t off, size;
    const char *name = symbols_lookup(addr, &off, &size);

    if (name)
        kerr(" [<%016lx>] %s+%#lx/%#lx\n", (unsigned long)addr, name,
             (unsigned long)off, (unsigned long)size);
    else
        kerr(" [<%016lx>] ?\n", (unsigned long)addr);
}

/*
 * Follow the frame-pointer chain (Keel is built with frame pointers). A
 * frame is trusted only while it lies in Keel's part of the address space,
 * is aligned and moves up the stack, so a corrupt chain ends the trace
 * instead of faulting.
 */
void arch_show_trace(const struct cpu_regs *regs)
{
    uint64_t fp = regs->rbp;

    kerr("Call trace:\n");
    show_frame(regs->rip);
    for (int depth = 0; depth < MAX_TRACE_DEPTH; depth++) {
        const uint64_t *frame = (const uint64_t *)fp;
        uint64_t next;

        if (fp < HYPERVISOR_HOLE_START || fp >= HYPERVISOR_HOLE_END - 16 ||
            (fp & 7) || !frame[1])
            break;
        show_frame(frame[1] - 1); /* inside the call, not after it */
        next = frame[0];
        if (next <= fp)
            break;
        fp = next;
    }
}
