/*
 * The TSC as Keel's clock. It is calibrated first against the PIT's
 * channel 2 (no tables or interrupts needed, so even the banner gets a
 * timestamp), then, once ACPI has named an HPET, against the HPET. The
 * second calibration rebases the clock at the moment it switches, so NOW()
 * never jumps or goes backwards.
 */
#include <stdbool.h>
#include <asm/cpu.h>
#include <asm/io.h>
#include <keel/console.h>
#include <keel/time.h>
#include "hpet.h"
#include "time.h"

#define PIT_HZ        1193182
#define PIT_CH2_DATA  0x42
#define PIT_MODE      0x43
#define PIT_GATE_PORT 0x61
#define CALIBRATE_MS  10
/* A missing PIT must not hang us: give up after this many polls. */
#define CALIBRATE_POLL_LIMIT 50000000

/* now = base_ns + (tsc - base_tsc) * ns_mult / 2^32 */
static uint64_t base_tsc, base_ns;
static uint64_t tsc_freq;
static uint64_t ns_mult;
static const char *reference = "none";

void time_record_boot(void)
{
    base_tsc = rdtsc();
}

uint64_t now_ns(void)
{
    if (!ns_mult)
        return 0;
    return base_ns + (uint64_t)(((unsigned __int128)(rdtsc() - base_tsc) * ns_mult) >> 32);
}

uint64_t ns_to_tsc(uint64_t ns)
{
    if (ns < base_ns)
        return base_tsc;
    return base_tsc + muldiv64(ns - base_ns, tsc_freq, 1000000000);
}

uint64_t tsc_hz(void)
{
    return tsc_freq;
}

const char *time_reference(void)
{
    return reference;
}

void udelay(uint64_t us)
{
    uint64_t end = rdtsc() + tsc_freq / 1000000 * us;

    while (rdtsc() < end)
        cpu_relax();
}

static void set_frequency(uint64_t hz)
{
    if (ns_mult) { /* recalibrating: continue from the current time */
        uint64_t tsc = rdtsc();

        base_ns = now_ns();
        base_tsc = tsc;
    }
    tsc_freq = hz;
    ns_mult = muldiv64(1000000000, 1ull << 32, hz);
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

    reference = hz ? "PIT" : "nothing (guessed)";
    /* A guess keeps timestamps monotonic when there is no PIT. */
    set_frequency(hz ? hz : 1000000000);
    return hz != 0;
}

bool time_init_hpet(uint64_t hpet_addr)
{
    if (!hpet_init(hpet_addr))
        return false;
    set_frequency(hpet_measure_tsc_hz(CALIBRATE_MS));
    reference = "HPET";
    return true;
}

/*
 * The pvclock scale: ns = ((tsc_delta << shift) * mul) >> 32, with shift
 * chosen so that mul keeps 31-32 bits of precision (the TSC rate scaled
 * into (1 GHz, 2 GHz]).
 */
void time_pvclock_scale(uint32_t *mul, int8_t *shift)
{
    uint64_t hz = tsc_freq;
    int s = 0;

    while (hz > 2000000000ull) {
        hz >>= 1;
        s--;
    }
    while (hz <= 1000000000ull) {
        hz <<= 1;
        s++;
    }
    *mul = (uint32_t)muldiv64(1000000000ull, 1ull << 32, hz);
    *shift = (int8_t)s;
}

/* A TSC reading and the NOW() that goes with it, as one sample. */
void time_sample(uint64_t *tsc, uint64_t *ns)
{
    *tsc = rdtsc();
    *ns = base_ns + (uint64_t)(((unsigned __int128)(*tsc - base_tsc) * ns_mult) >> 32);
}
