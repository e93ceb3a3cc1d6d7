/*
 * The local APIC. x2APIC mode is used whenever the CPU has it (MSR access,
 * 32-bit IDs); otherwise xAPIC through an uncached MMIO mapping. The timer
 * runs in TSC-deadline mode where available, else one-shot with the count
 * derived from the TSC.
 */
#include <asm/cpu.h>
#include <asm/page.h>
#include <keel/console.h>
#include <keel/panic.h>
#include <keel/string.h>
#include <keel/time.h>
#include <keel/timers.h>
#include "apic.h"
#include "irq.h"

#define MSR_APIC_BASE   0x1b
#define APIC_BASE_ENABLE (1ull << 11)
#define APIC_BASE_X2APIC (1ull << 10)
#define MSR_X2APIC_FIRST 0x800
#define MSR_TSC_DEADLINE 0x6e0

/* Register offsets in xAPIC MMIO; x2APIC MSR = 0x800 + offset / 16. */
#define APIC_ID       0x020
#define APIC_TPR      0x080
#define APIC_EOI      0x0b0
#define APIC_SVR      0x0f0
#define APIC_ESR      0x280
#define APIC_ICR      0x300
#define APIC_ICR_HI   0x310
#define APIC_LVT_TIMER 0x320
#define APIC_LVT_LINT0 0x350
#define APIC_LVT_LINT1 0x360
#define APIC_LVT_ERROR 0x370
#define APIC_TIMER_INIT 0x380
#define APIC_TIMER_CUR 0x390
#define APIC_TIMER_DIV 0x3e0

#define SVR_ENABLE      (1u << 8)
#define LVT_MASKED      (1u << 16)
#define LVT_TSC_DEADLINE (2u << 17)
#define ICR_DELIVERY_PENDING (1u << 12)
#define ICR_FIXED       0x000
#define ICR_INIT        0x500
#define ICR_STARTUP     0x600
#define ICR_ASSERT      0x4000
#define ICR_LEVEL       0x8000

static volatile uint32_t *mmio;
static bool x2apic;
static bool tsc_deadline;
static uint64_t timer_khz; /* APIC timer ticks per ms, one-shot mode */

bool apic_is_x2apic(void)
{
    return x2apic;
}

static uint32_t apic_read(unsigned int reg)
{
    return x2apic ? (uint32_t)rdmsr(MSR_X2APIC_FIRST + reg / 16) : mmio[reg / 4];
}

static void apic_write(unsigned int reg, uint32_t v)
{
    if (x2apic)
        wrmsr(MSR_X2APIC_FIRST + reg / 16, v);
    else
        mmio[reg / 4] = v;
}

uint32_t apic_id(void)
{
    return x2apic ? apic_read(APIC_ID) : apic_read(APIC_ID) >> 24;
}

void apic_eoi(void)
{
    apic_write(APIC_EOI, 0);
}

static void send_icr(uint32_t dest, uint32_t low)
{
    if (x2apic) {
        wrmsr(MSR_X2APIC_FIRST + APIC_ICR / 16, (uint64_t)dest << 32 | low);
        return;
    }
    while (apic_read(APIC_ICR) & ICR_DELIVERY_PENDING)
        cpu_relax();
    apic_write(APIC_ICR_HI, dest << 24);
    apic_write(APIC_ICR, low);
}

void apic_send_ipi(uint32_t dest, unsigned int vector)
{
    send_icr(dest, ICR_FIXED | (vector & 0xff));
}

void apic_start_cpu(uint32_t dest, uint64_t page)
{
    send_icr(dest, ICR_INIT | ICR_ASSERT | ICR_LEVEL);
    udelay(10000);
    for (int i = 0; i < 2; i++) {
        send_icr(dest, ICR_STARTUP | (uint32_t)(page >> 12));
        udelay(200);
    }
}

static void apic_error(struct cpu_regs *regs)
{
    (void)regs;
    apic_write(APIC_ESR, 0);
    kwarn("APIC error: ESR %#x\n", apic_read(APIC_ESR));
}

/* Common to every CPU: enable, accept all priorities, mask what we don't use. */
static void apic_setup_local(void)
{
    uint64_t base = rdmsr(MSR_APIC_BASE) | APIC_BASE_ENABLE;

    if (x2apic)
        base |= APIC_BASE_X2APIC;
    wrmsr(MSR_APIC_BASE, base);
    apic_write(APIC_TPR, 0);
    apic_write(APIC_LVT_TIMER, LVT_MASKED);
    apic_write(APIC_LVT_LINT0, LVT_MASKED);
    apic_write(APIC_LVT_LINT1, LVT_MASKED);
    apic_write(APIC_LVT_ERROR, VECTOR_APIC_ERROR);
    apic_write(APIC_ESR, 0);
    apic_write(APIC_SVR, SVR_ENABLE | VECTOR_SPURIOUS);
    if (timer_khz || tsc_deadline)
        apic_write(APIC_LVT_TIMER, VECTOR_TIMER | (tsc_deadline ? LVT_TSC_DEADLINE : 0));
}

void apic_init_bsp(uint64_t lapic_addr)
{
    uint32_t r[4];

    cpuid(1, 0, r);
    x2apic = r[2] & (1u << 21);
    tsc_deadline = r[2] & (1u << 24);
    if (!x2apic) {
        mmio = ioremap(lapic_addr, PAGE_SIZE);
        if (!mmio)
            panic("APIC: cannot map the local APIC at %#lx", (unsigned long)lapic_addr);
    }
    set_irq_handler(VECTOR_APIC_ERROR, apic_error);
    apic_setup_local();
}

void apic_init_ap(void)
{
    apic_setup_local();
}

static void apic_timer_interrupt(struct cpu_regs *regs)
{
    (void)regs;
    timer_interrupt();
}

void apic_timer_init(void)
{
    uint64_t start;
    uint32_t elapsed;

    if (!tsc_deadline) {
        apic_write(APIC_TIMER_DIV, 0xb); /* divide by 1 */
        apic_write(APIC_LVT_TIMER, LVT_MASKED);
        apic_write(APIC_TIMER_INIT, 0xffffffff);
        start = rdtsc();
        while (rdtsc() - start < tsc_hz() / 100) /* 10 ms */
            cpu_relax();
        elapsed = 0xffffffff - apic_read(APIC_TIMER_CUR);
        apic_write(APIC_TIMER_INIT, 0);
        timer_khz = elapsed / 10;
        if (!timer_khz)
            panic("APIC: the timer does not count");
    }
    set_irq_handler(VECTOR_TIMER, apic_timer_interrupt);
    apic_write(APIC_LVT_TIMER, VECTOR_TIMER | (tsc_deadline ? LVT_TSC_DEADLINE : 0));
}

void apic_timer_set(uint64_t deadline)
{
    uint64_t now, ticks;

    if (tsc_deadline) {
        wrmsr(MSR_TSC_DEADLINE, deadline);
        return;
    }
    if (!deadline) {
        apic_write(APIC_TIMER_INIT, 0);
        return;
    }
    now = rdtsc();
    /* TSC ticks to APIC ticks; at least 1 so that a past deadline fires. */
    ticks = deadline > now
                ? muldiv64(deadline - now, timer_khz, tsc_hz() / 1000)
                : 1;
    apic_write(APIC_TIMER_INIT, ticks > 0xffffffff ? 0xffffffff : (uint32_t)(ticks ? ticks : 1));
}

const char *apic_timer_mode(void)
{
    static char buf[48];

    if (tsc_deadline)
        return "TSC-deadline";
    snprintf(buf, sizeof(buf), "one-shot, %lu kHz", (unsigned long)timer_khz);
    return buf;
}
