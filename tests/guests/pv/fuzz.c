/*
 * Hostile mode: with `fuzz=SEED,COUNT` on its command line (`fuzz=SEED,COUNT,v`
 * also prints every call), after the checks the guest makes COUNT
 * hypercalls with numbers 0-63 and arguments drawn from a xorshift64
 * generator seeded with SEED, then prints how they returned and
 *
 *   pvfuzz: seed S count N done
 *
 * The hypervisor must survive it and keep the guest running. The answers
 * need not match Xen's; the run must end the same way on both. Nothing
 * drawn depends on a result, so a seed gives the same calls again on the
 * same hypervisor and dom0 size, and call i can be looked at with the `v`
 * form. (Not across hypervisors: the draws steer clear of the guest's own
 * frames and mapping, which differ.)
 *
 * What the guest keeps out, so that the run measures the hypervisor and
 * not the guest shooting itself (a dom0 is trusted with its own life):
 *   - calls that end or stall the run by design: sched_op shutdown, poll,
 *     block, remote_shutdown, watchdog and shutdown_code (the reason
 *     Xen would give the final poweroff), the same in sched_op_compat;
 *     vcpu_op down, up (vCPU 1 on a fuzzed context) and send_nmi; iret
 *     (returns to a random frame);
 *   - calls that replace the guest's handlers or stacks: set_trap_table,
 *     set_callbacks, callback_op, nmi_op, stack_switch, set_debugreg (a
 *     breakpoint on memory the guest touches raises #DB, which has no
 *     handler here);
 *   - calls that run other calls unvetted: multicall; physdev_op_compat
 *     (its command is in the random buffer, so apic_write cannot be kept
 *     out);
 *   - dom0's machine-wide controls, where one well-formed request can
 *     reboot, suspend or reprogram the machine: platform_op, sysctl,
 *     domctl, paging_domctl_cont, kexec_op, mca (48), xenoprof_op,
 *     physdev_op apic_write, console_io write (random bytes would land in
 *     the log the tests parse);
 *   - anything naming the guest's own frames or mappings: no argument and
 *     no word of the buffer the pointers point into ever holds a frame
 *     number, machine address or PTE of a guest frame, or an address in
 *     the guest's initial mapping (so mmu_update, mmuext_op, memory_op,
 *     update_descriptor, grant and vCPU calls never name its live page
 *     tables, code or data); update_va_mapping(_otherdomain) is never
 *     aimed at the initial mapping. The guest's own pointers point only
 *     into that buffer: the last FUZZ_BUF_SIZE bytes of the initial
 *     mapping (padding nobody uses), so whatever the hypervisor writes
 *     there stays there, and a long write runs off the end of the mapping
 *     into a fault, not into the guest.
 *
 * Included by main.c after mmu.c.
 */
#include <public/physdev.h>
#include <public/vcpu.h>

#define FUZZ_BUF_SIZE (16 * 1024ul)
#define FUZZ_HYPERCALLS 64

static uint64_t fuzz_state;
static int fuzz_verbose;

static uint64_t fuzz_next(void)
{
    uint64_t x = fuzz_state;

    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return fuzz_state = x;
}

/* A word that names something of the guest's own (see above). */
static int fuzz_is_own(uint64_t w)
{
    uint64_t frame = (w & PG_FRAME) >> 12;

    return (w >= mm.min_mfn && w <= mm.max_mfn) ||
           (frame >= mm.min_mfn && frame <= mm.max_mfn) ||
           (w >= KERNEL_BASE && w < mm.end);
}

static uint64_t fuzz_clean(uint64_t w)
{
    while (fuzz_is_own(w))
        w = fuzz_next();
    return w;
}

/* A random value of one of a few kinds hypercalls are sensitive to. */
static uint64_t fuzz_value(void)
{
    uint64_t r = fuzz_next();

    switch (r % 8) {
    case 0:
        return 0;
    case 1:
        return (r >> 8) % 16;                    /* commands, counts, ids */
    case 2:
        return (r >> 8) % 4096;
    case 3:
        return (r >> 8) % 0x100000;              /* frame-number sized */
    case 4:
        return 0xffff800000000000ul + ((r >> 8) % (1ul << 40)); /* hypervisor */
    case 5:
        return -(uint64_t)((r >> 8) % 64);       /* -1, -2, ...: limits */
    default:
        return fuzz_next();
    }
}

/* An argument: one time in four a pointer into the buffer (mostly
 * 8-byte aligned), else a value above. */
static uint64_t fuzz_arg(unsigned long buf)
{
    uint64_t r = fuzz_next();
    unsigned long offset = (r >> 8) % FUZZ_BUF_SIZE;

    if (r % 4 != 0)
        return fuzz_clean(fuzz_value());
    if ((r >> 40) % 4 != 0)
        offset &= ~7ul;
    return buf + offset;
}

static void fuzz_fill(uint64_t *buf)
{
    unsigned long i;

    for (i = 0; i < FUZZ_BUF_SIZE / 8; i++)
        buf[i] = fuzz_clean(fuzz_value());
}

/*
 * Whether call nr with these arguments is one the guest keeps out. The
 * commands are C ints in Xen's handlers (xen/include/hypercall-defs.c):
 * only the low 32 bits of a[0] count.
 */
static int fuzz_excluded(unsigned int nr, const uint64_t *a)
{
    uint32_t cmd = (uint32_t)a[0];

    switch (nr) {
    case __HYPERVISOR_set_trap_table:
    case __HYPERVISOR_stack_switch:
    case __HYPERVISOR_set_callbacks:
    case __HYPERVISOR_platform_op:
    case __HYPERVISOR_set_debugreg:
    case __HYPERVISOR_multicall:
    case __HYPERVISOR_physdev_op_compat:
    case __HYPERVISOR_iret:
    case __HYPERVISOR_nmi_op:
    case __HYPERVISOR_callback_op:
    case __HYPERVISOR_xenoprof_op:
    case __HYPERVISOR_sysctl:
    case __HYPERVISOR_domctl:
    case __HYPERVISOR_kexec_op:
    case __HYPERVISOR_arch_0:            /* mca */
    case __HYPERVISOR_arch_1:            /* paging_domctl_cont */
        return 1;
    case __HYPERVISOR_sched_op_compat:
        return cmd == SCHEDOP_block || cmd == SCHEDOP_shutdown;
    case __HYPERVISOR_sched_op:
        /* shutdown_code too: Xen's domain_shutdown() would take it as the
         * reason of the guest's final poweroff. */
        return cmd >= SCHEDOP_block && cmd <= SCHEDOP_watchdog;
    case __HYPERVISOR_vcpu_op:
        return cmd == VCPUOP_down || cmd == VCPUOP_up || cmd == VCPUOP_send_nmi;
    case __HYPERVISOR_console_io:
        return cmd == CONSOLEIO_write;
    case __HYPERVISOR_physdev_op:
        return cmd == PHYSDEVOP_apic_write;
    case __HYPERVISOR_update_va_mapping:
    case __HYPERVISOR_update_va_mapping_otherdomain:
        return a[0] >= KERNEL_BASE && a[0] < mm.end;
    case __HYPERVISOR_update_descriptor:
        /* Allowed into any of its frames, as on Xen: its code too. */
        return a[0] >> 12 >= mm.min_mfn && a[0] >> 12 <= mm.max_mfn;
    }
    return 0;
}

/* The `fuzz=SEED,COUNT[,v]` word of the command line, if any. */
static int fuzz_params(const char *s, uint64_t *seed, unsigned long *count)
{
    const char *p = s;

    while (*p && (p = strchr(p, 'f')) != NULL) {
        if ((p == s || p[-1] == ' ') && !strncmp(p, "fuzz=", 5))
            break;
        p++;
    }
    if (!p || !*p)
        return 0;
    p += 5;
    for (*seed = 0; *p >= '0' && *p <= '9'; p++)
        *seed = *seed * 10 + (uint64_t)(*p - '0');
    if (*p++ != ',')
        return 0;
    for (*count = 0; *p >= '0' && *p <= '9'; p++)
        *count = *count * 10 + (unsigned long)(*p - '0');
    fuzz_verbose = p[0] == ',' && p[1] == 'v';
    return 1;
}

struct fuzz_tally {
    unsigned long ok, enosys, efault, einval, other, redrawn;
};

static void fuzz_count(struct fuzz_tally *t, long rc)
{
    if (rc == 0)
        t->ok++;
    else if (rc == -XEN_ENOSYS)
        t->enosys++;
    else if (rc == -XEN_EFAULT)
        t->efault++;
    else if (rc == -XEN_EINVAL)
        t->einval++;
    else
        t->other++;
}

static void run_fuzz(const start_info_t *si)
{
    struct fuzz_tally t = { 0 };
    uint64_t seed, a[5];
    unsigned long count, i, buf;
    unsigned int nr;
    long rc;

    if (!fuzz_params((const char *)si->cmd_line, &seed, &count))
        return;
    print("pvfuzz: seed %lu count %lu starting\n", (unsigned long)seed, count);
    if (!mm.ok) {
        print("pvfuzz: cannot run: the page-table walk failed\n");
        return;
    }
    fuzz_state = seed ? seed : 0x9e3779b97f4a7c15ull; /* xorshift needs a non-zero state */
    buf = mm.end - FUZZ_BUF_SIZE;
    for (i = 0; i < count; i++) {
        for (;;) {
            nr = fuzz_next() % FUZZ_HYPERCALLS;
            for (unsigned int k = 0; k < 5; k++)
                a[k] = fuzz_arg(buf);
            /* Most calls take a command first: make it a small number
             * half the time, so that the commands themselves get tried. */
            if (fuzz_next() % 2)
                a[0] = fuzz_clean(fuzz_next() % 32);
            if (!fuzz_excluded(nr, a))
                break;
            t.redrawn++;
        }
        fuzz_fill((uint64_t *)buf);
        if (fuzz_verbose)
            print("pvfuzz: %lu: %u(%lx, %lx, %lx, %lx, %lx)\n", i, nr, (unsigned long)a[0],
                  (unsigned long)a[1], (unsigned long)a[2], (unsigned long)a[3],
                  (unsigned long)a[4]);
        rc = hypercall5(nr, a[0], a[1], a[2], a[3], a[4]);
        if (fuzz_verbose)
            print("pvfuzz: %lu: -> %ld\n", i, rc);
        fuzz_count(&t, rc);
    }
    /* Undo what a fuzzed call may have left that the rest would trip on. */
    HYPERCALL(__HYPERVISOR_fpu_taskswitch, 0, 0, 0);
    rc = HYPERCALL(__HYPERVISOR_xen_version, XENVER_version, 0, 0);
    print("pvfuzz: returns: 0: %lu, -ENOSYS: %lu, -EFAULT: %lu, -EINVAL: %lu, other: %lu "
          "(%lu draws kept out); xen_version after: %lx\n",
          t.ok, t.enosys, t.efault, t.einval, t.other, t.redrawn, (unsigned long)rc);
    print("pvfuzz: seed %lu count %lu done\n", (unsigned long)seed, count);
}
