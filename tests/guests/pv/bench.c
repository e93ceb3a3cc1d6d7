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
 * Included by main.c after the checks' files: it shares print(), the int3
 * handler, and the event upcall handler and vcpu_info that events.c set up.
 * A benchmark that cannot run prints "pvbench: error: <name>: <why>".
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

static void bench_report(const char *name, unsigned int n)
{
    sort_u64(bench_samples, n);
    print("pvbench: %s %lu cycles (min %lu, n=%u)\n", name,
          (unsigned long)bench_samples[n / 2], (unsigned long)bench_samples[0], n);
}

/* Time `op` (a statement) `n` times after `warmup` untimed runs. */
#define BENCH_N(name, warmup, n, op)                                     \
    do {                                                                 \
        unsigned int i_;                                                 \
        for (i_ = 0; i_ < (warmup); i_++) {                              \
            op;                                                          \
        }                                                                \
        for (i_ = 0; i_ < (n); i_++) {                                   \
            uint64_t t0_ = tsc_read();                                   \
            op;                                                          \
            bench_samples[i_] = tsc_read() - t0_;                        \
        }                                                                \
        bench_report(name, (n));                                         \
    } while (0)
#define BENCH(name, op) BENCH_N(name, BENCH_WARMUP, BENCH_SAMPLES, op)

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

/*
 * mmu_update: a batch of 512 MMU_NORMAL_PT_UPDATE requests that rewrite
 * every entry of one L1 table, the one mapping the first 2 MiB of the
 * kernel (text, P2M list, start_info, the initial page tables themselves),
 * each with the value it already holds. The tables do not change, so every
 * batch does the same work: 512 validations of an entry, no TLB shootdown.
 * The L1's machine address comes from walking the initial tables from
 * pt_base, turning each frame number back into a virtual address through
 * the P2M list (the guest's pfn N is at VIRT_BASE + N pages).
 */
#define BENCH_PTE_PRESENT 0x1ul
#define BENCH_PTE_PSE 0x80ul
#define BENCH_PTE_MFN(e) (((e) >> 12) & 0xffffffffful)
#define BENCH_MMU_BATCH 512
#define BENCH_MMU_WARMUP 100
#define BENCH_MMU_SAMPLES 1001

static mmu_update_t bench_mmu_reqs[BENCH_MMU_BATCH];

/* Fill bench_mmu_reqs; returns the number of present entries, or -1. */
static int bench_mmu_prepare(const start_info_t *si)
{
    const uint64_t va = KERNEL_BASE;
    const unsigned int shift[3] = { 39, 30, 21 };
    const uint64_t *table = (const uint64_t *)si->pt_base;
    uint64_t mfn = 0;
    int i, present = 0;

    for (i = 0; i < 3; i++) {
        uint64_t e = table[(va >> shift[i]) & 511];

        if (!(e & BENCH_PTE_PRESENT) || (e & BENCH_PTE_PSE))
            return -1;
        mfn = BENCH_PTE_MFN(e);
        table = frame_va(si, mfn);
        if (!table)
            return -1;
    }
    for (i = 0; i < BENCH_MMU_BATCH; i++) {
        bench_mmu_reqs[i].ptr = (mfn << 12) + 8 * (uint64_t)i + MMU_NORMAL_PT_UPDATE;
        bench_mmu_reqs[i].val = table[i];
        present += (table[i] & BENCH_PTE_PRESENT) != 0;
    }
    return present;
}

static long bench_mmu_batch(unsigned int *done)
{
    return hypercall5(__HYPERVISOR_mmu_update, (unsigned long)bench_mmu_reqs, BENCH_MMU_BATCH,
                      (unsigned long)done, DOMID_SELF, 0);
}

static void bench_mmu_update(const start_info_t *si)
{
    int present = bench_mmu_prepare(si);
    unsigned int done = 0;
    long rc;

    if (present < 0) {
        print("pvbench: error: mmu-update-512: cannot find the L1 table of the kernel\n");
        return;
    }
    rc = bench_mmu_batch(&done);
    if (rc != 0 || done != BENCH_MMU_BATCH) {
        print("pvbench: error: mmu-update-512: mmu_update gave %ld, %u of %u done\n", rc,
              done, (unsigned int)BENCH_MMU_BATCH);
        return;
    }
    print("pvbench: mmu-update-512 rewrites one L1 table (%d of 512 entries present)\n",
          present);
    BENCH_N("mmu-update-512", BENCH_MMU_WARMUP, BENCH_MMU_SAMPLES, rc |= bench_mmu_batch(&done));
    if (rc != 0)
        print("pvbench: error: mmu-update-512: a batch gave %ld\n", rc);
}

/*
 * Event channel send with upcall: EVTCHNOP_send on an IPI port bound to
 * vCPU 0, i.e. to ourselves. The hypervisor marks the port pending and, on
 * the way back from the hypercall, bounces the event upcall to
 * event_handler (events.c), which clears the vCPU's pending flags and
 * returns by HYPERVISOR_iret; the timed operation then clears the port's
 * pending bit in shared_info (one locked AND), so that the next send
 * upcalls again. shared_info is mapped over a page of our own.
 */
static uint8_t bench_shinfo_page[4096] __attribute__((aligned(4096)));

static void bench_evtchn(const start_info_t *si)
{
    volatile shared_info_t *sh = (volatile shared_info_t *)bench_shinfo_page;
    struct evtchn_bind_ipi ipi = { .vcpu = 0 };
    struct evtchn_unmask unmask;
    struct evtchn_send send;
    volatile xen_ulong_t *word;
    xen_ulong_t keep;
    int before;
    long rc;

    if (!event_vcpu_info) {
        print("pvbench: error: evtchn-send-upcall: the event upcall is not set up\n");
        return;
    }
    rc = HYPERCALL(__HYPERVISOR_update_va_mapping, bench_shinfo_page,
                   si->shared_info | 0x63 /* present, RW, accessed, dirty */,
                   UVMF_INVLPG | UVMF_LOCAL);
    if (rc) {
        print("pvbench: error: evtchn-send-upcall: mapping shared_info gave %ld\n", rc);
        return;
    }
    rc = evtchn_op(EVTCHNOP_bind_ipi, &ipi);
    if (rc) {
        print("pvbench: error: evtchn-send-upcall: bind_ipi gave %ld\n", rc);
        return;
    }
    word = &sh->evtchn_pending[ipi.port / (8 * sizeof(xen_ulong_t))];
    keep = ~((xen_ulong_t)1 << (ipi.port % (8 * sizeof(xen_ulong_t))));
    unmask.port = send.port = ipi.port;
    evtchn_op(EVTCHNOP_unmask, &unmask);
    asm volatile("lock andq %1, %0" : "+m"(*word) : "r"(keep));
    before = event_count;
    BENCH("evtchn-send-upcall", {
        rc |= evtchn_op(EVTCHNOP_send, &send);
        asm volatile("lock andq %1, %0" : "+m"(*word) : "r"(keep));
    });
    if (rc != 0 || event_count - before != BENCH_WARMUP + BENCH_SAMPLES)
        print("pvbench: error: evtchn-send-upcall: send gave %ld, %d upcalls for %u sends\n",
              rc, event_count - before, (unsigned int)(BENCH_WARMUP + BENCH_SAMPLES));
}

/*
 * Grants, as a backend uses them: map + unmap of a writable grant
 * (two hypercalls, the PTE written and cleared, a TLB entry flushed), and
 * a 4 KiB GNTTABOP_copy from a grant into a page of our own. The grant
 * is one of our own pages granted to ourselves (grants.c).
 */
static long bench_grant_map_unmap(void)
{
    struct gnttab_map_grant_ref map = { .host_addr = (unsigned long)gnt_window[1],
                                        .flags = GNTMAP_host_map, .ref = GNT_REF,
                                        .dom = GNT_SELF };
    struct gnttab_unmap_grant_ref unmap = { .host_addr = (unsigned long)gnt_window[1] };
    long rc = gnttab_op(GNTTABOP_map_grant_ref, &map, 1) | map.status;

    unmap.handle = map.handle;
    return rc | gnttab_op(GNTTABOP_unmap_grant_ref, &unmap, 1) | unmap.status;
}

static long bench_grant_copy(void)
{
    struct gnttab_copy cp = { .len = PAGE_BYTES, .flags = GNTCOPY_source_gref };

    cp.source.u.ref = GNT_REF;
    cp.source.domid = GNT_SELF;
    cp.dest.u.gmfn = va_mfn(gnt_copy_page);
    cp.dest.domid = DOMID_SELF;
    return gnttab_op(GNTTABOP_copy, &cp, 1) | cp.status;
}

static void bench_grants(void)
{
    long rc = 0;

    if (!gnt_frame || gnt_windows_open()) {
        print("pvbench: error: grant-map-unmap: no grant table (see the checks)\n");
        return;
    }
    gnt_grant(GNT_REF, GNT_SELF, (uint32_t)va_mfn(gnt_page), GTF_permit_access);
    BENCH("grant-map-unmap", rc |= bench_grant_map_unmap());
    if (rc)
        print("pvbench: error: grant-map-unmap: a map or unmap failed (%ld)\n", rc);
    rc = 0;
    BENCH("grant-copy-4k", rc |= bench_grant_copy());
    if (rc)
        print("pvbench: error: grant-copy-4k: a copy failed (%ld)\n", rc);
    gnt_revoke(GNT_REF);
    if (gnt_windows_close())
        print("pvbench: error: grant-map-unmap: the windows could not be restored\n");
}

static void run_benchmarks(const start_info_t *si)
{
    int before = int3_count;
    long v = 0;

    print("pvbench: starting (median of %u samples after %u warm-up runs, TSC cycles)\n",
          (unsigned int)BENCH_SAMPLES, (unsigned int)BENCH_WARMUP);
    BENCH("empty", asm volatile("" ::: "memory"));
    /* Calibration: guest code alone, no hypervisor involved. It costs the
     * same under any hypervisor; how it moves from run to run is how the
     * machine's own speed moved. */
    BENCH("guest-loop-1000", do {
        unsigned long n_ = 1000;
        asm volatile("1: dec %0; jnz 1b" : "+r"(n_));
    } while (0));
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
    bench_evtchn(si);
    bench_mmu_update(si);
    bench_grants();
    print("pvbench: done\n");
}
