/*
 * Exceptions and panics. dom0 runs no user code, so any exception is a
 * bug in dom0: report where it happened, walk the frame-pointer chain with
 * symbol names (the table is linked in, as in the hypervisor), and crash
 * the domain with SHUTDOWN_crash so that the hypervisor logs it.
 */
#include <stdarg.h>
#include <stdint.h>
#include <keel/string.h>
#include <keel/symbols.h>
#include <public/arch-x86/xen.h>
#include <dom0/console.h>
#include <dom0/hypercall.h>
#include <dom0/layout.h>
#include <dom0/mm.h>
#include <dom0/traps.h>

void exception_0(void), exception_1(void), exception_2(void), exception_3(void);
void exception_4(void), exception_5(void), exception_6(void), exception_7(void);
void exception_8(void), exception_9(void), exception_10(void), exception_11(void);
void exception_12(void), exception_13(void), exception_14(void), exception_16(void);
void exception_17(void), exception_18(void), exception_19(void);
void failsafe_entry(void);

static const char *const vector_names[20] = {
    "divide error", "debug", "NMI", "breakpoint", "overflow", "bound range",
    "invalid opcode", "device not available", "double fault", "coprocessor overrun",
    "invalid TSS", "segment not present", "stack fault", "general protection",
    "page fault", "reserved", "x87 error", "alignment check", "machine check",
    "SIMD error",
};

void traps_init(void)
{
    /* DPL 0 everywhere but int3, which dom0 does not use either. */
    static const trap_info_t table[] = {
        { 0, 0, FLAT_KERNEL_CS, (unsigned long)exception_0 },
        { 1, 0, FLAT_KERNEL_CS, (unsigned long)exception_1 },
        { 2, 0, FLAT_KERNEL_CS, (unsigned long)exception_2 },
        { 3, 3, FLAT_KERNEL_CS, (unsigned long)exception_3 },
        { 4, 0, FLAT_KERNEL_CS, (unsigned long)exception_4 },
        { 5, 0, FLAT_KERNEL_CS, (unsigned long)exception_5 },
        { 6, 0, FLAT_KERNEL_CS, (unsigned long)exception_6 },
        { 7, 0, FLAT_KERNEL_CS, (unsigned long)exception_7 },
        { 8, 0, FLAT_KERNEL_CS, (unsigned long)exception_8 },
        { 9, 0, FLAT_KERNEL_CS, (unsigned long)exception_9 },
        { 10, 0, FLAT_KERNEL_CS, (unsigned long)exception_10 },
        { 11, 0, FLAT_KERNEL_CS, (unsigned long)exception_11 },
        { 12, 0, FLAT_KERNEL_CS, (unsigned long)exception_12 },
        { 13, 0, FLAT_KERNEL_CS, (unsigned long)exception_13 },
        { 14, 0, FLAT_KERNEL_CS, (unsigned long)exception_14 },
        { 16, 0, FLAT_KERNEL_CS, (unsigned long)exception_16 },
        { 17, 0, FLAT_KERNEL_CS, (unsigned long)exception_17 },
        { 18, 0, FLAT_KERNEL_CS, (unsigned long)exception_18 },
        { 19, 0, FLAT_KERNEL_CS, (unsigned long)exception_19 },
        { 0, 0, 0, 0 },
    };
    struct callback_register failsafe = { .type = CALLBACKTYPE_failsafe,
                                          .address = (unsigned long)failsafe_entry };
    long rc = hyp_set_trap_table(table);

    if (rc)
        panic("set_trap_table failed: %ld", rc);
    rc = hyp_callback_op(CALLBACKOP_register, &failsafe);
    if (rc)
        panic("registering the failsafe callback failed: %ld", rc);
}

static void print_address(const char *what, uint64_t addr)
{
    uint64_t off, size;
    const char *name = symbols_lookup(addr, &off, &size);

    if (name)
        printk("  %s %016lx %s+%#lx/%#lx\n", what, addr, name, off, size);
    else
        printk("  %s %016lx\n", what, addr);
}

/* A frame pointer is followed only while it stays inside dom0's direct
 * map and keeps going up the stack, so a corrupt chain ends the walk
 * instead of faulting in the panic path. */
static void backtrace(uint64_t rbp)
{
    for (int depth = 0; depth < 32 && rbp; depth++) {
        const uint64_t *fp = (const uint64_t *)rbp;

        if (rbp & 7 || !mm_is_direct_mapped(rbp, 16))
            break;
        print_address("called from", fp[1]);
        if (fp[0] <= rbp)
            break;
        rbp = fp[0];
    }
}

static void __attribute__((noreturn)) crash(void)
{
    struct sched_shutdown sd = { SHUTDOWN_crash };

    for (;;)
        hyp_sched_op(SCHEDOP_shutdown, &sd);
}

void panic(const char *fmt, ...)
{
    char msg[256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    printk("dom0: PANIC: %s\n", msg);
    backtrace((uint64_t)__builtin_frame_address(0));
    crash();
}

void trap_fatal(struct trap_frame *f)
{
    const char *what = f->vector == (uint64_t)-1 ? "failsafe callback"
                     : f->vector < 20 ? vector_names[f->vector] : "exception";

    printk("dom0: PANIC: %s (vector %ld, error code %#lx)\n", what, (long)f->vector,
           f->error_code);
    if (f->vector == 14 && vcpu0_info())
        printk("  faulting address %016lx\n", vcpu0_info()->arch.cr2);
    print_address("rip", f->rip);
    printk("  rax %016lx rbx %016lx rcx %016lx rdx %016lx\n", f->rax, f->rbx, f->rcx, f->rdx);
    printk("  rsi %016lx rdi %016lx rbp %016lx rsp %016lx\n", f->rsi, f->rdi, f->rbp, f->rsp);
    printk("  r8  %016lx r9  %016lx r10 %016lx r11 %016lx\n", f->r8, f->r9, f->r10, f->r11);
    printk("  r12 %016lx r13 %016lx r14 %016lx r15 %016lx\n", f->r12, f->r13, f->r14, f->r15);
    printk("  cs %lx ss %lx rflags %016lx\n", f->cs, f->ss, f->rflags);
    backtrace(f->rbp);
    crash();
}
