/*
 * The IDT and what a trap does. An exception in Keel itself is fatal for
 * now, reported with the registers and a symbolised stack trace; vectors
 * from 32 up are interrupts, handed to do_irq. NMI, double fault and
 * machine check run on their own IST stacks, so a broken stack pointer
 * still gives a readable report.
 */
#include <stdint.h>
#include <asm/cpu.h>
#include <asm/page.h>
#include <asm/percpu.h>
#include <asm/regs.h>
#include <keel/console.h>
#include <keel/layout.h>
#include <keel/panic.h>
#include <keel/symbols.h>
#include "irq.h"
#include "pv/pv.h"
#include "traps.h"

#define NR_VECTORS 256
#define NR_EXCEPTIONS 32
#define STUB_SIZE 16
#define GATE_INTERRUPT 0x8e /* present, DPL 0, 64-bit interrupt gate */
#define GATE_DPL3      0x60 /* INT n from ring 3 allowed: int3, into */
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

static struct idt_entry idt[NR_VECTORS];
extern const char trap_stubs[];

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

static uint8_t ist_for(int vector)
{
    switch (vector) {
    case 2:  return IST_NMI;
    case 8:  return IST_DF;
    case 18: return IST_MCE;
    default: return 0;
    }
}

void traps_init(void)
{
    for (int v = 0; v < NR_VECTORS; v++) {
        uint64_t stub = (uint64_t)trap_stubs + (uint64_t)v * STUB_SIZE;

        idt[v] = (struct idt_entry){
            .offset_lo = stub & 0xffff, .selector = BOOT_CS, .ist = ist_for(v),
            .type = GATE_INTERRUPT | (v == 3 || v == 4 ? GATE_DPL3 : 0),
            .offset_mid = (stub >> 16) & 0xffff,
            .offset_hi = stub >> 32,
        };
    }
    traps_load();
}

void traps_use_keel_gdt(void)
{
    for (int v = 0; v < NR_VECTORS; v++)
        idt[v].selector = HYPERVISOR_CS;
}

void traps_load(void)
{
    struct idt_ptr ptr = { sizeof(idt) - 1, (uint64_t)idt };

    asm volatile("lidt %0" : : "m"(ptr));
}

/* Running off a stack lands in its guard page: say so plainly. */
static bool is_stack_guard(uint64_t addr)
{
    uint64_t page = (addr - STACKS_BASE) % STACK_BLOCK_SIZE / PAGE_SIZE;

    return addr >= STACKS_BASE && addr < STACKS_BASE + 0x100000000ull &&
           (page == 0 || page == 3 || page == 6 || page == 9);
}

/* Instructions allowed to fault (guest memory copies), and where to resume. */
struct ex_entry {
    uint64_t insn, fixup;
};
extern const struct ex_entry __ex_table_start[], __ex_table_end[];

static bool fixup_exception(struct cpu_regs *regs)
{
    for (const struct ex_entry *e = __ex_table_start; e < __ex_table_end; e++) {
        if (e->insn == regs->rip) {
            regs->rip = e->fixup;
            return true;
        }
    }
    return false;
}

static void do_exception(struct cpu_regs *regs)
{
    const char *name = exception_names[regs->vector];
    uint64_t cr2 = read_cr2();

    if (regs->vector == 14)
        panic_regs(regs, "%spage fault at %#lx (error code %#lx: %s, %s, %s)",
                   is_stack_guard(cr2) ? "stack overflow: " : "",
                   (unsigned long)cr2, (unsigned long)regs->error_code,
                   regs->error_code & 1 ? "protection" : "not present",
                   regs->error_code & 2 ? "write" : "read",
                   regs->error_code & 16 ? "instruction fetch" : "data");
    if (regs->vector == 8 && is_stack_guard(cr2))
        panic_regs(regs, "double fault: stack overflow at %#lx", (unsigned long)cr2);
    panic_regs(regs, "%s (vector %lu, error code %#lx)", name,
               (unsigned long)regs->vector, (unsigned long)regs->error_code);
}

void do_trap(struct cpu_regs *regs);
void do_trap(struct cpu_regs *regs)
{
    if (regs->vector >= VECTOR_SYSCALL)
        pv_do_syscall(regs);
    else if (regs->vector >= NR_EXCEPTIONS || regs->vector == 2)
        do_irq(regs);
    else if ((regs->cs & 3) == 3)
        pv_do_exception(regs);
    else if (regs->vector >= 11 && regs->vector <= 14 && fixup_exception(regs))
        return; /* #NP, #SS, #GP, #PF in a guest access or a return to a guest */
    else
        do_exception(regs);
}

void show_gprs(const struct cpu_regs *r)
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
}

void arch_show_regs(const struct cpu_regs *r)
{
    show_gprs(r);
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
