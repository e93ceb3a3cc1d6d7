/*
 * Micro-benchmarks of the PV test guest, run when its command line
 * (start_info.cmd_line) holds the word "bench"; tools/bench (`make bench`)
 * boots the same binary on Keel and on Xen 4.17 and compares the lines
 *
 *   pvbench: <name> <median> cycles (min <min>, n=<samples>)
 *
 * Each operation is timed on its own with the TSC (LFENCE; RDTSC around
 * it), BENCH_WARMUP times untimed first, then BENCH_SAMPLES times; the
 * median and the minimum of the samples are printed. "empty" times nothing
 * between the two TSC reads: its median is the cost of the measurement
 * itself, included in every other row. Under QEMU TCG the guest's TSC
 * counts the host's cycles, so the numbers are what the emulated work
 * costs on the host.
 *
 * Included by main.c (it shares its print() and trap handlers).
 */

#define BENCH_WARMUP 1000
#define BENCH_SAMPLES 10001

static uint64_t bench_samples[BENCH_SAMPLES];

static inline uint64_t tsc_read(void)
{
    uint32_t lo, hi;

    /* LFENCE first: RDTSC does not wait for earlier instructions. */
    asm volatile("lfence; rdtsc; lfence" : "=a"(lo), "=d"(hi) :: "memory");
    return ((uint64_t)hi << 32) | lo;
}

/* In-place heapsort: a few hundred thousand comparisons for 10001 samples,
 * quick enough under TCG, no recursion, no allocation. */
static void sift_down(uint64_t *a, unsigned long root, unsigned long n)
{
    for (;;) {
        unsigned long child = 2 * root + 1;
        uint64_t t;

        if (child >= n)
            return;
        if (child + 1 < n && a[child + 1] > a[child])
            child++;
        if (a[root] >= a[child])
            return;
        t = a[root];
        a[root] = a[child];
        a[child] = t;
        root = child;
    }
}

static void sort_u64(uint64_t *a, unsigned long n)
{
    unsigned long i;

    for (i = n / 2; i-- > 0;)
        sift_down(a, i, n);
    for (i = n; i-- > 1;) {
        uint64_t t = a[0];

        a[0] = a[i];
        a[i] = t;
        sift_down(a, 0, i);
    }
}

static void bench_report(const char *name)
{
    sort_u64(bench_samples, BENCH_SAMPLES);
    print("pvbench: %s %lu cycles (min %lu, n=%u)\n", name,
          (unsigned long)bench_samples[BENCH_SAMPLES / 2],
          (unsigned long)bench_samples[0], (unsigned int)BENCH_SAMPLES);
}

/* Time `op` (a statement) BENCH_SAMPLES times after BENCH_WARMUP runs. */
#define BENCH(name, op)                                                  \
    do {                                                                 \
        unsigned int i_;                                                 \
        for (i_ = 0; i_ < BENCH_WARMUP; i_++) {                          \
            op;                                                          \
        }                                                                \
        for (i_ = 0; i_ < BENCH_SAMPLES; i_++) {                         \
            uint64_t t0_ = tsc_read();                                   \
            op;                                                          \
            bench_samples[i_] = tsc_read() - t0_;                        \
        }                                                                \
        bench_report(name);                                              \
    } while (0)

static int has_word(const char *s, const char *word)
{
    size_t n = strlen(word);

    while (*s) {
        while (*s == ' ')
            s++;
        if (!strncmp(s, word, n) && (s[n] == ' ' || s[n] == '\0'))
            return 1;
        while (*s && *s != ' ')
            s++;
    }
    return 0;
}

static void run_benchmarks(void)
{
    int before = int3_count;
    long v = 0;

    print("pvbench: starting (median of %u samples after %u warm-up runs, TSC cycles)\n",
          (unsigned int)BENCH_SAMPLES, (unsigned int)BENCH_WARMUP);
    BENCH("empty", asm volatile("" ::: "memory"));
    /* The null hypercall: xen_version(XENVER_version, NULL), which only
     * returns the version number on both hypervisors. */
    BENCH("null-hypercall", v = HYPERCALL(__HYPERVISOR_xen_version, XENVER_version, 0, 0));
    /* A trap bounce round trip: int3 in the guest kernel, the hypervisor
     * bounces it to int3_handler (set by check_traps()), which returns by
     * HYPERVISOR_iret. */
    BENCH("trap-bounce-int3", asm volatile("int3" ::: "memory"));
    if ((v >> 16) < 4 || int3_count - before != BENCH_WARMUP + BENCH_SAMPLES)
        print("pvbench: error: xen_version gave %ld, %d int3 bounced of %u\n", v,
              int3_count - before, (unsigned int)(BENCH_WARMUP + BENCH_SAMPLES));
    print("pvbench: done\n");
}
