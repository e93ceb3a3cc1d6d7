/*
 * The PV clock and the wallclock, read from the shared_info page the way a
 * PV kernel reads them. start_info gives only the page's machine address;
 * the guest maps it itself (update_va_mapping at mmu.c's spare page).
 *
 * Xen republishes vcpu_info[n].time when the vCPU is scheduled and on each
 * CPU's time calibration, once a second (EPOCH in xen/arch/x86/time.c),
 * even while the vCPU runs: __update_vcpu_system_time() from
 * local_time_calibration(). Between updates the guest extrapolates with
 * the TSC:
 *   now = system_time + ((TSC - tsc_timestamp) << tsc_shift) * mul >> 32.
 *
 * Included by main.c after mmu.c.
 */

/* Give up on a clock that does not move within this much of its own
 * time (Xen: 1 s), or this many polls (a clock whose scale is zero). */
#define CLOCK_WAIT_NS 3000000000ull
#define CLOCK_WAIT_POLLS 200000000ul

/*
 * How far one update's extrapolation may miss the next update's
 * system_time. Xen 4.17 under QEMU TCG missed by 0 ns over its 1.2 s
 * between updates (its system time follows the same TSC scale it
 * publishes); 10 ms leaves a hypervisor room to correct its scale against
 * another clock, while a clock off by more would drift visibly.
 */
#define CLOCK_MAX_ERROR_NS 10000000ll

static inline uint64_t rdtsc_ordered(void)
{
    uint32_t lo, hi;

    asm volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) :: "memory");
    return ((uint64_t)hi << 32) | lo;
}

/* Copy the time record: retry while its version is odd (an update is
 * under way) or changed during the copy. 0 if it never settles. */
static int pvclock_read(const volatile struct vcpu_time_info *t, struct vcpu_time_info *out)
{
    unsigned long tries;

    for (tries = 0; tries < 1000000; tries++) {
        uint32_t v = t->version;

        asm volatile("" ::: "memory");
        if (v & 1)
            continue;
        out->tsc_timestamp = t->tsc_timestamp;
        out->system_time = t->system_time;
        out->tsc_to_system_mul = t->tsc_to_system_mul;
        out->tsc_shift = t->tsc_shift;
        out->flags = t->flags;
        asm volatile("" ::: "memory");
        if (t->version == v) {
            out->version = v;
            return 1;
        }
    }
    return 0;
}

/* ns of system time at TSC value tsc, by the record t. */
static uint64_t pvclock_at(const struct vcpu_time_info *t, uint64_t tsc)
{
    uint64_t delta = tsc - t->tsc_timestamp;

    if (t->tsc_shift < 0)
        delta >>= -t->tsc_shift;
    else
        delta <<= t->tsc_shift;
    return t->system_time + (uint64_t)(((unsigned __int128)delta * t->tsc_to_system_mul) >> 32);
}

/* Poll until the hypervisor publishes a new record; 0 on timeout. */
static int pvclock_wait_update(const volatile struct vcpu_time_info *t,
                               const struct vcpu_time_info *old, struct vcpu_time_info *out)
{
    uint64_t deadline = pvclock_at(old, rdtsc_ordered()) + CLOCK_WAIT_NS;
    unsigned long polls;

    for (polls = 0; polls < CLOCK_WAIT_POLLS; polls++) {
        if (pvclock_read(t, out) && out->version != old->version)
            return 1;
        if (pvclock_at(old, rdtsc_ordered()) > deadline)
            return 0;
    }
    return 0;
}

static void check_pvclock(const volatile shared_info_t *sh)
{
    const volatile struct vcpu_time_info *t = &sh->vcpu_info[0].time;
    struct vcpu_time_info a, b;
    uint64_t tsc;
    int64_t err;
    int ok;

    ok = pvclock_read(t, &a);
    tsc = rdtsc_ordered();
    check(ok && !(a.version & 1), "time: vcpu_info[0].time read under an even version", a.version);
    if (!ok)
        return;
    check(a.tsc_to_system_mul != 0, "time: tsc_to_system_mul set", a.tsc_to_system_mul);
    check(a.system_time > 0, "time: system_time > 0 (ms)", (long)(a.system_time / 1000000));
    /* The record is from the past: the TSC has moved on from its stamp. */
    check(tsc >= a.tsc_timestamp, "time: TSC at or past tsc_timestamp (ms of extrapolation)",
          (long)(pvclock_at(&a, tsc) - a.system_time) / 1000000);
    print("pvtest: info: pvclock version %u system_time %lu tsc_timestamp %lu mul %u shift %d flags %u\n",
          a.version, (unsigned long)a.system_time, (unsigned long)a.tsc_timestamp,
          a.tsc_to_system_mul, a.tsc_shift, a.flags);

    ok = pvclock_wait_update(t, &a, &b);
    check(ok && b.system_time > a.system_time,
          "time: system_time grows with the next update (ms later)",
          ok ? (long)(b.system_time - a.system_time) / 1000000 : -1);
    if (!ok)
        return;
    /* The TSC extrapolation of the first record at the second record's
     * stamp must land on (near) the second record's system_time. */
    err = (int64_t)(b.system_time - pvclock_at(&a, b.tsc_timestamp));
    print("pvtest: info: pvclock update after %lu ns: extrapolation off by %ld ns\n",
          (unsigned long)(b.system_time - a.system_time), (long)err);
    check(err < CLOCK_MAX_ERROR_NS && err > -CLOCK_MAX_ERROR_NS,
          "time: the TSC extrapolation meets the next update within 10 ms (us off)",
          (long)err / 1000);
}

/* Seconds since 1970 at system time 0, read under wc_version. */
static void check_wallclock(const volatile shared_info_t *sh)
{
    uint64_t sec = 0;
    uint32_t v, nsec = 0;
    unsigned long tries;

    for (tries = 0; tries < 1000000; tries++) {
        v = sh->wc_version;
        asm volatile("" ::: "memory");
        if (v & 1)
            continue;
        sec = sh->wc_sec | ((uint64_t)sh->wc_sec_hi << 32);
        nsec = sh->wc_nsec;
        asm volatile("" ::: "memory");
        if (sh->wc_version == v)
            break;
    }
    print("pvtest: info: wallclock %lu.%09u at boot\n", (unsigned long)sec, nsec);
    /* QEMU's RTC follows the host's clock: 2023-11-14 or later. */
    check(sec > 1700000000, "time: wallclock seconds after 1.7e9 (2023)", (long)sec);
    check(nsec < 1000000000, "time: wallclock nanoseconds below 1e9", nsec);
}

static void check_time(const start_info_t *si)
{
    long rc;

    if (!mm.ok) {
        check(0, "time: shared_info mapped (the page-table walk failed)", 0);
        return;
    }
    rc = update_va_mapping(mm.spare, si->shared_info | PG_PRESENT | PG_RW | PG_ACCESSED | PG_DIRTY,
                           UVMF_INVLPG | UVMF_LOCAL);
    check(rc == 0, "update_va_mapping: map shared_info at the spare page", rc);
    if (rc)
        return;
    check_pvclock((const volatile shared_info_t *)mm.spare);
    check_wallclock((const volatile shared_info_t *)mm.spare);
    rc = restore_spare();
    check(rc == 0, "update_va_mapping: restore the spare page's entry", rc);
}
