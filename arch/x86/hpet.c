/* The HPET, used here only as the reference for calibrating the TSC. */
#include <asm/cpu.h>
#include <asm/page.h>
#include <stddef.h>
#include "hpet.h"

#define HPET_CAPABILITIES 0x000
#define HPET_CONFIG       0x010
#define HPET_COUNTER      0x0f0
#define HPET_ENABLE       1ull
/* The specification's upper bound for the counter period. */
#define HPET_MAX_PERIOD_FS 100000000ull

static volatile uint64_t *hpet;
static uint64_t period_fs;

bool hpet_init(uint64_t addr)
{
    if (!addr || !(hpet = ioremap(addr, 1024)))
        return false;
    period_fs = hpet[HPET_CAPABILITIES / 8] >> 32;
    if (!period_fs || period_fs > HPET_MAX_PERIOD_FS) {
        hpet = NULL;
        return false;
    }
    hpet[HPET_CONFIG / 8] |= HPET_ENABLE;
    return true;
}

uint64_t hpet_measure_tsc_hz(unsigned int ms)
{
    uint64_t ticks = (uint64_t)ms * 1000000000000ull / period_fs;
    uint64_t h0, t0, h1, t1;

    h0 = hpet[HPET_COUNTER / 8];
    t0 = rdtsc();
    do {
        h1 = hpet[HPET_COUNTER / 8];
        t1 = rdtsc();
    } while (h1 - h0 < ticks);
    /* Hz = TSC ticks / elapsed seconds, elapsed = HPET ticks * period. */
    return muldiv64(t1 - t0, 1000000000000000ull, (h1 - h0) * period_fs);
}
