/* Model-specific registers the PV code reads, writes or emulates. */
#ifndef ASM_MSR_H
#define ASM_MSR_H

#define MSR_IA32_TSC       0x00000010
#define MSR_APIC_BASE      0x0000001b
#define MSR_PAT            0x00000277
#define MSR_PERF_CAPABILITIES 0x00000345
#define MSR_EFER           0xc0000080
#define MSR_FS_BASE        0xc0000100
#define MSR_GS_BASE        0xc0000101
#define MSR_SHADOW_GS_BASE 0xc0000102

#define EFER_SCE   (1ull << 0)   /* SYSCALL/SYSRET */
#define EFER_LME   (1ull << 8)
#define EFER_LMA   (1ull << 10)
#define EFER_NXE   (1ull << 11)
#define EFER_SVME  (1ull << 12)
#define EFER_FFXSE (1ull << 14)

#endif
