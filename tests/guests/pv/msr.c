/*
 * RDMSR and WRMSR in the guest kernel: it runs in ring 3, so they trap,
 * and the hypervisor answers the MSRs Xen answers a PV kernel (FS/GS
 * bases as set_segment_base set them, EFER in long mode, the APIC base)
 * and lets the rest reach the guest's #GP handler (traps.S's gp_handler,
 * which skips the instruction and counts).
 *
 * Included by main.c after the trap checks.
 */
#define MSR_FS_BASE_NR    0xc0000100u
#define MSR_EFER_NR       0xc0000080u
#define MSR_APIC_BASE_NR  0x0000001bu
#define MSR_UNKNOWN_NR    0x4b454500u /* no CPU has it */
#define EFER_LMA_BIT      (1ull << 10)
#define EFER_SVME_BIT     (1ull << 12)
#define EFER_FFXSE_BIT    (1ull << 14)

void gp_handler(void);
volatile int gp_count;

/* The MSR's value, and whether it took a #GP (then the value is junk). */
static uint64_t guest_rdmsr(uint32_t msr, int *faulted)
{
    int before = gp_count;
    uint32_t lo = 0, hi = 0;

    asm volatile("rdmsr" : "+a"(lo), "+d"(hi) : "c"(msr) : "memory");
    *faulted = gp_count != before;
    return (uint64_t)hi << 32 | lo;
}

/* Whether the write took a #GP. */
static int guest_wrmsr(uint32_t msr, uint64_t val)
{
    int before = gp_count;

    asm volatile("wrmsr" : : "c"(msr), "a"((uint32_t)val), "d"((uint32_t)(val >> 32))
                 : "memory");
    return gp_count != before;
}

static void check_msrs(void)
{
    trap_info_t traps[] = {
        { 13, 0, FLAT_KERNEL_CS, (unsigned long)gp_handler },
        { 0, 0, 0, 0 },
    };
    long rc = HYPERCALL(__HYPERVISOR_set_trap_table, traps, 0, 0);
    uint64_t fs = 0x12345000, val, efer;
    int gp;

    check(rc == 0, "msr: a #GP handler in the trap table", rc);
    rc = HYPERCALL(__HYPERVISOR_set_segment_base, SEGBASE_FS, fs, 0);
    val = guest_rdmsr(MSR_FS_BASE_NR, &gp);
    check(!rc && !gp && val == fs, "msr: rdmsr FS_BASE reads set_segment_base's value", gp ? -1 : 0);
    gp = guest_wrmsr(MSR_FS_BASE_NR, fs + 0x1000);
    val = guest_rdmsr(MSR_FS_BASE_NR, &gp);
    check(!gp && val == fs + 0x1000, "msr: wrmsr FS_BASE, read back", gp);
    guest_wrmsr(MSR_FS_BASE_NR, 0);

    efer = guest_rdmsr(MSR_EFER_NR, &gp);
    check(!gp && (efer & EFER_LMA_BIT) && !(efer & EFER_SVME_BIT),
          "msr: EFER reads long mode active, SVM hidden", gp ? -1 : (long)efer);
    check(!guest_wrmsr(MSR_EFER_NR, efer), "msr: EFER written back unchanged", 0);
    check(guest_wrmsr(MSR_EFER_NR, efer ^ EFER_FFXSE_BIT), "msr: EFER changed: #GP", 0);
    val = guest_rdmsr(MSR_EFER_NR, &gp);
    check(!gp && val == efer, "msr: ... and EFER stays", (long)val);

    val = guest_rdmsr(MSR_APIC_BASE_NR, &gp);
    check(!gp && val == 0xfee00900, "msr: APIC_BASE: enabled at 0xfee00000, vCPU 0 the BSP",
          gp ? -1 : (long)val);
    guest_rdmsr(MSR_UNKNOWN_NR, &gp);
    check(gp, "msr: rdmsr of an unknown MSR: #GP to the guest's handler", gp);
    check(guest_wrmsr(MSR_UNKNOWN_NR, 1), "msr: wrmsr of an unknown MSR: #GP", 0);
}
