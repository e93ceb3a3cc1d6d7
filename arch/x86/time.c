/*
 * The TSC as Keel's clock, calibrated once against the PIT's channel 2
 * (which needs no interrupts). HPET and the LAPIC timer come later.
 */
#include <stdbool.h>
#include <asm/cpu.h>
#include <asm/io.h>
#include <keel/console.h>
#include <keel/time.h>
#include "time.h"

#define PIT_HZ        1193182
#define PIT_CH2_DATA  0x42
#define PIT_MODE      0x43
#define PIT_GATE_PORT 0x61
#define CALIBRATE_MS  10
/* A missing PIT must not hang us: give up after this many polls. */
#define CALIBRATE_POLL_LIMIT 50000000

static uint64_t boot_tsc;
static uint64_t tsc_freq;
static uint64_t ns_mult; /* ns = (ticks * ns_mult) >> 32 */

void time_record_boot(void)
{
    boot_tsc = rdtsc();
}

uint64_t now_ns(void)
{
    if (!ns_mult)
        return 0;
    return (uint64_t)(((unsigned __int128)(rdtsc() - boot_tsc) * ns_mult) >> 32);
}

uint64_t tsc_hz(void)
{
    return tsc_freq;
}

void udelay(uint64_t us)
{
    uint64_t end = rdtsc() + tsc_freq / 1000000 * us;

    while (rdtsc() < end)
        cpu_relax();
}

/* Count TSC ticks across a one-shot PIT countdown; 0 if the PIT never ends. */
static uint64_t measure_against_pit(void)
{
    uint16_t count = PIT_HZ * CALIBRATE_MS / 1000;
    uint64_t start;

    outb(PIT_GATE_PORT, (inb(PIT_GATE_PORT) & ~0x02) | 0x01); /* gate on, speaker off */
    outb(PIT_MODE, 0xb0); /* channel 2, lobyte/hibyte, mode 0 */
    outb(PIT_CH2_DATA, count & 0xff);
    outb(PIT_CH2_DATA, count >> 8);
    start = rdtsc();
    for (long i = 0; i < CALIBRATE_POLL_LIMIT; i++)
        if (inb(PIT_GATE_PORT) & 0x20)
            return (rdtsc() - start) * (1000 / CALIBRATE_MS);
    return 0;
}

bool time_init(void)
{
    uint64_t hz = measure_against_pit();
    bool ok = hz != 0;

    if (!ok)
        hz = 1000000000; /* a guess that keeps timestamps monotonic */
    tsc_freq = hz;
    ns_mult = (uint64_t)(((unsigned __int128)1000000000 << 32) / hz);
    return ok;
}
