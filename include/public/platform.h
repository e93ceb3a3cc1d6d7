/*
 * Xen guest ABI: __HYPERVISOR_platform_op(struct xen_platform_op *). The
 * hardware-domain (dom0) interface to the machine itself: wall clock,
 * MTRRs, microcode, firmware tables, ACPI sleep, CPU power and hotplug.
 * C only.
 */
#ifndef __XEN_PUBLIC_PLATFORM_H__
#define __XEN_PUBLIC_PLATFORM_H__

#include "xen.h"

/* What xen_platform_op.interface_version must hold. */
#define XENPF_INTERFACE_VERSION 0x03000001

/*
 * Set the wall clock: at system time system_time (ns), the time since the
 * Unix epoch was secs + nsecs. settime32 is the old 32-bit-seconds form.
 */
#define XENPF_settime32           17
struct xenpf_settime32 {
    uint32_t secs;
    uint32_t nsecs;
    uint64_t system_time;
};
typedef struct xenpf_settime32 xenpf_settime32_t;

#define XENPF_settime64           62
struct xenpf_settime64 {
    uint64_t secs;
    uint32_t nsecs;
    uint32_t mbz;               /* zero */
    uint64_t system_time;
};
typedef struct xenpf_settime64 xenpf_settime64_t;

#define XENPF_settime XENPF_settime64
#define xenpf_settime xenpf_settime64
typedef struct xenpf_settime64 xenpf_settime_t;

/*
 * Give machine frames [mfn, mfn + nr_mfns) the MTRR memory type "type".
 * Returns the MTRR used (reg) and a handle for XENPF_del_memtype.
 */
#define XENPF_add_memtype         31
struct xenpf_add_memtype {
    xen_pfn_t mfn;              /* in */
    uint64_t nr_mfns;           /* in */
    uint32_t type;              /* in: MTRR type */
    uint32_t handle;            /* out */
    uint32_t reg;               /* out */
};
typedef struct xenpf_add_memtype xenpf_add_memtype_t;

/* Undo an add_memtype: reg always, handle if known (else 0). */
#define XENPF_del_memtype         32
struct xenpf_del_memtype {
    uint32_t handle;
    uint32_t reg;
};
typedef struct xenpf_del_memtype xenpf_del_memtype_t;

/* Read MTRR number reg. */
#define XENPF_read_memtype        33
struct xenpf_read_memtype {
    uint32_t reg;               /* in */
    xen_pfn_t mfn;              /* out */
    uint64_t nr_mfns;           /* out */
    uint32_t type;              /* out */
};
typedef struct xenpf_read_memtype xenpf_read_memtype_t;

/* Load a CPU microcode update on every CPU. */
#define XENPF_microcode_update    35
struct xenpf_microcode_update {
    XEN_GUEST_HANDLE(const void) data;  /* the update blob */
    uint32_t length;                    /* its size in bytes */
};
typedef struct xenpf_microcode_update xenpf_microcode_update_t;

/* Report a chipset quirk the hypervisor should work around. */
#define XENPF_platform_quirk      39
#define QUIRK_NOIRQBALANCING      1 /* keep IO-APIC entries on one CPU */
#define QUIRK_IOAPIC_BAD_REGSEL   2 /* IO-APIC forgets its register select */
#define QUIRK_IOAPIC_GOOD_REGSEL  3 /* IO-APIC register select is fine */
struct xenpf_platform_quirk {
    uint32_t quirk_id;          /* QUIRK_* */
};
typedef struct xenpf_platform_quirk xenpf_platform_quirk_t;

/* Call an EFI runtime service on dom0's behalf. */
#define XENPF_efi_runtime_call    49
#define XEN_EFI_get_time                      1
#define XEN_EFI_set_time                      2
#define XEN_EFI_get_wakeup_time               3
#define XEN_EFI_set_wakeup_time               4
#define XEN_EFI_get_next_high_monotonic_count 5
#define XEN_EFI_get_variable                  6
#define XEN_EFI_set_variable                  7
#define XEN_EFI_get_next_variable_name        8
#define XEN_EFI_query_variable_info           9
#define XEN_EFI_query_capsule_capabilities   10
#define XEN_EFI_update_capsule               11

/* EFI_TIME */
struct xenpf_efi_time {
    uint16_t year;
    uint8_t month;
    uint8_t day;
    uint8_t hour;
    uint8_t min;
    uint8_t sec;
    uint32_t ns;
    int16_t tz;                 /* minutes from UTC */
    uint8_t daylight;
};

/* EFI_GUID */
struct xenpf_efi_guid {
    uint32_t data1;
    uint16_t data2;
    uint16_t data3;
    uint8_t data4[8];
};

struct xenpf_efi_runtime_call {
    uint32_t function;          /* XEN_EFI_* */
    /* Per-function flags below; for get_next_high_monotonic_count, the result. */
    uint32_t misc;
    xen_ulong_t status;         /* out: the EFI status code */
    union {
#define XEN_EFI_GET_TIME_SET_CLEARS_NS 0x00000001
        struct {
            struct xenpf_efi_time time;
            uint32_t resolution;
            uint32_t accuracy;
        } get_time;

        struct xenpf_efi_time set_time;

#define XEN_EFI_GET_WAKEUP_TIME_ENABLED 0x00000001
#define XEN_EFI_GET_WAKEUP_TIME_PENDING 0x00000002
        struct xenpf_efi_time get_wakeup_time;

#define XEN_EFI_SET_WAKEUP_TIME_ENABLE      0x00000001
#define XEN_EFI_SET_WAKEUP_TIME_ENABLE_ONLY 0x00000002
        struct xenpf_efi_time set_wakeup_time;

#define XEN_EFI_VARIABLE_NON_VOLATILE       0x00000001
#define XEN_EFI_VARIABLE_BOOTSERVICE_ACCESS 0x00000002
#define XEN_EFI_VARIABLE_RUNTIME_ACCESS     0x00000004
        struct {
            XEN_GUEST_HANDLE(void) name;  /* UCS-2 name */
            xen_ulong_t size;             /* of data */
            XEN_GUEST_HANDLE(void) data;
            struct xenpf_efi_guid vendor_guid;
        } get_variable, set_variable;

        struct {
            xen_ulong_t size;             /* of the name buffer */
            XEN_GUEST_HANDLE(void) name;  /* in: previous, out: next (UCS-2) */
            struct xenpf_efi_guid vendor_guid;
        } get_next_variable_name;

#define XEN_EFI_VARINFO_BOOT_SNAPSHOT       0x00000001
        struct {
            uint32_t attr;
            uint64_t max_store_size;
            uint64_t remain_store_size;
            uint64_t max_size;
        } query_variable_info;

        struct {
            XEN_GUEST_HANDLE(void) capsule_header_array;
            xen_ulong_t capsule_count;
            uint64_t max_capsule_size;
            uint32_t reset_type;
        } query_capsule_capabilities;

        struct {
            XEN_GUEST_HANDLE(void) capsule_header_array;
            xen_ulong_t capsule_count;
            uint64_t sg_list;             /* machine address */
        } update_capsule;
    } u;
};
typedef struct xenpf_efi_runtime_call xenpf_efi_runtime_call_t;

/* Firmware data the hypervisor collected at boot, item by item. */
#define XENPF_firmware_info       50
#define XEN_FW_DISK_INFO          1 /* BIOS disk geometry and EDD (int 13h) */
#define XEN_FW_DISK_MBR_SIGNATURE 2 /* MBR disk signature */
#define XEN_FW_VBEDDC_INFO        3 /* monitor EDID (int 10h, 4F15h) */
#define XEN_FW_EFI_INFO           4 /* EFI; index is XEN_FW_EFI_*: */
#define  XEN_FW_EFI_VERSION        0
#define  XEN_FW_EFI_CONFIG_TABLE   1
#define  XEN_FW_EFI_VENDOR         2
#define  XEN_FW_EFI_MEM_INFO       3
#define  XEN_FW_EFI_RT_VERSION     4
#define  XEN_FW_EFI_PCI_ROM        5
#define  XEN_FW_EFI_APPLE_PROPERTIES 6
#define XEN_FW_KBD_SHIFT_FLAGS    5 /* keyboard shift state (int 16h) */
struct xenpf_firmware_info {
    uint32_t type;              /* in: XEN_FW_* */
    uint32_t index;             /* in: which disk / which EFI item */
    union {
        struct {
            uint8_t device;                   /* BIOS drive number */
            uint8_t version;                  /* EDD major version */
            uint16_t interface_support;       /* EDD support bits */
            uint16_t legacy_max_cylinder;     /* CHS geometry */
            uint8_t legacy_max_head;
            uint8_t legacy_sectors_per_track;
            /* EDD parameter block; its first u16 must hold its size. */
            XEN_GUEST_HANDLE(void) edd_params;
        } disk_info;
        struct {
            uint8_t device;                   /* BIOS drive number */
            uint32_t mbr_signature;           /* bytes 0x1b8-0x1bb of the MBR */
        } disk_mbr_signature;
        struct {
            uint8_t capabilities;
            uint8_t edid_transfer_time;
            XEN_GUEST_HANDLE(uint8_t) edid;   /* 128-byte buffer */
        } vbeddc_info;
        union xenpf_efi_info {
            uint32_t version;
            struct {
                uint64_t addr;                /* EFI configuration table */
                uint32_t nent;                /* its entries */
            } cfg;
            struct {
                uint32_t revision;
                uint32_t bufsz;               /* in: size of name */
                XEN_GUEST_HANDLE(void) name;  /* UCS-2 vendor name */
            } vendor;
            struct {
                uint64_t addr;                /* memory descriptor */
                uint64_t size;
                uint64_t attr;
                uint32_t type;
            } mem;
            struct {
                uint16_t segment;             /* in: the PCI device */
                uint8_t bus;
                uint8_t devfn;
                uint16_t vendor;
                uint16_t devid;
                uint64_t address;             /* out: its option ROM */
                xen_ulong_t size;
            } pci_rom;
            struct {
                uint64_t address;             /* out */
                xen_ulong_t size;
            } apple_properties;
        } efi_info;
        uint8_t kbd_shift_flags;
    } u;
};
typedef struct xenpf_firmware_info xenpf_firmware_info_t;

/* Put the machine into ACPI sleep state Sn (dom0 did the AML part). */
#define XENPF_enter_acpi_sleep    51
struct xenpf_enter_acpi_sleep {
    uint16_t val_a;             /* PM1a control value (or SLP_TYPa if extended) */
    uint16_t val_b;             /* PM1b control value (or SLP_TYPb if extended) */
    uint32_t sleep_state;       /* n of Sn */
#define XENPF_ACPI_SLEEP_EXTENDED 0x00000001 /* hardware-reduced ACPI */
    uint32_t flags;             /* XENPF_ACPI_SLEEP_* */
};
typedef struct xenpf_enter_acpi_sleep xenpf_enter_acpi_sleep_t;

/* Change a CPU's frequency. */
#define XENPF_change_freq         52
struct xenpf_change_freq {
    uint32_t flags;             /* zero */
    uint32_t cpu;               /* physical CPU */
    uint64_t freq;              /* Hz */
};
typedef struct xenpf_change_freq xenpf_change_freq_t;

/*
 * Idle time (ns since boot) of the CPUs set in cpumap_bitmap; CPUs that
 * do not exist are cleared from the map on return.
 */
#define XENPF_getidletime         53
struct xenpf_getidletime {
    XEN_GUEST_HANDLE(uint8_t) cpumap_bitmap; /* in/out */
    uint32_t cpumap_nr_cpus;                 /* bits in the map */
    XEN_GUEST_HANDLE(uint64_t) idletime;     /* out: one per CPU */
    uint64_t now;                            /* out: when sampled */
};
typedef struct xenpf_getidletime xenpf_getidletime_t;

/* Hand over a CPU's ACPI power data (_CST, _PSS, _PDC, _CPC ...). */
#define XENPF_set_processor_pminfo      54

#define XEN_PROCESSOR_PM_CX 1
#define XEN_PROCESSOR_PM_PX 2
#define XEN_PROCESSOR_PM_TX 4

#define XEN_PM_CX   0           /* C-states: u.power */
#define XEN_PM_PX   1           /* P-states: u.perf */
#define XEN_PM_TX   2           /* T-states */
#define XEN_PM_PDC  3           /* _PDC: u.pdc */
#define XEN_PM_CPPC 4           /* CPPC: u.cppc_data */

#define XEN_PX_PCT   1          /* which parts of u.perf are valid */
#define XEN_PX_PSS   2
#define XEN_PX_PPC   4
#define XEN_PX_PSD   8

#define XEN_CPPC_PSD   (1U << 0) /* which parts of u.cppc_data are valid */
#define XEN_CPPC_CPC   (1U << 1)

/* An ACPI generic address. */
struct xen_power_register {
    uint32_t space_id;
    uint32_t bit_width;
    uint32_t bit_offset;
    uint32_t access_size;
    uint64_t address;
};

/* A C-state dependency (_CSD). */
struct xen_processor_csd {
    uint32_t domain;
    uint32_t coord_type;
    uint32_t num;
};
typedef struct xen_processor_csd xen_processor_csd_t;

/* One C-state (_CST entry). */
struct xen_processor_cx {
    struct xen_power_register reg; /* how to enter it */
    uint8_t     type;           /* C1, C2, ... */
    uint32_t    latency;        /* worst-case entry + exit */
    uint32_t    power;          /* mW */
    uint32_t    dpcnt;          /* entries in dp */
    XEN_GUEST_HANDLE(xen_processor_csd_t) dp;
};
typedef struct xen_processor_cx xen_processor_cx_t;

struct xen_processor_flags {
    uint32_t bm_control:1;
    uint32_t bm_check:1;
    uint32_t has_cst:1;
    uint32_t power_setup_done:1;
    uint32_t bm_rld_set:1;
};

struct xen_processor_power {
    uint32_t count;             /* entries in states */
    struct xen_processor_flags flags;
    XEN_GUEST_HANDLE(xen_processor_cx_t) states;
};

/* _PCT register descriptor. */
struct xen_pct_register {
    uint8_t  descriptor;
    uint16_t length;
    uint8_t  space_id;
    uint8_t  bit_width;
    uint8_t  bit_offset;
    uint8_t  reserved;
    uint64_t address;
};

/* One P-state (_PSS entry). */
struct xen_processor_px {
    uint64_t core_frequency;     /* MHz */
    uint64_t power;              /* mW */
    uint64_t transition_latency; /* us */
    uint64_t bus_master_latency; /* us */
    uint64_t control;            /* value to write */
    uint64_t status;             /* value read back on success */
};
typedef struct xen_processor_px xen_processor_px_t;

/* _PSD */
struct xen_psd_package {
    uint64_t num_entries;
    uint64_t revision;
    uint64_t domain;
    uint64_t coord_type;
    uint64_t num_processors;
};

struct xen_processor_performance {
    uint32_t flags;             /* XEN_PX_* */
    uint32_t platform_limit;    /* _PPC */
    struct xen_pct_register control_register;
    struct xen_pct_register status_register;
    uint32_t state_count;       /* entries in states */
    XEN_GUEST_HANDLE(xen_processor_px_t) states;
    struct xen_psd_package domain_info;
#define XEN_CPUPERF_SHARED_TYPE_HW   1 /* hardware coordinates */
#define XEN_CPUPERF_SHARED_TYPE_ALL  2 /* every CPU of the domain must set it */
#define XEN_CPUPERF_SHARED_TYPE_ANY  3 /* any CPU of the domain may set it */
    uint32_t shared_type;
};
typedef struct xen_processor_performance xen_processor_performance_t;

/* CPPC (_CPC) values a cpufreq driver needs. */
struct xen_processor_cppc {
    uint8_t flags;              /* XEN_CPPC_* */
    uint8_t pad[3];
    struct {
        uint32_t highest_perf;
        uint32_t nominal_perf;
        uint32_t lowest_nonlinear_perf;
        uint32_t lowest_perf;
        uint32_t lowest_mhz;
        uint32_t nominal_mhz;
    } cpc;
    uint32_t shared_type;       /* XEN_CPUPERF_SHARED_TYPE_* */
    struct xen_psd_package domain_info;
};
typedef struct xen_processor_cppc xen_processor_cppc_t;

struct xenpf_set_processor_pminfo {
    uint32_t id;                /* ACPI processor id */
    uint32_t type;              /* XEN_PM_* */
    union {
        struct xen_processor_power       power;
        struct xen_processor_performance perf;
        XEN_GUEST_HANDLE(uint32_t)       pdc;
        xen_processor_cppc_t             cppc_data;
    } u;
};
typedef struct xenpf_set_processor_pminfo xenpf_set_processor_pminfo_t;

/* Describe physical CPU xen_cpuid. */
#define XENPF_get_cpuinfo 55
struct xenpf_pcpuinfo {
    uint32_t xen_cpuid;         /* in */
    uint32_t max_present;       /* out: highest CPU number present */
#define XEN_PCPU_FLAGS_ONLINE   1
#define XEN_PCPU_FLAGS_INVALID  2 /* no such CPU */
    uint32_t flags;             /* out: XEN_PCPU_FLAGS_* */
    uint32_t apic_id;           /* out */
    uint32_t acpi_id;           /* out */
};
typedef struct xenpf_pcpuinfo xenpf_pcpuinfo_t;

/* CPUID identity of physical CPU xen_cpuid. */
#define XENPF_get_cpu_version 48
struct xenpf_pcpu_version {
    uint32_t xen_cpuid;         /* in */
    uint32_t max_present;       /* out */
    char vendor_id[12];         /* out: "GenuineIntel", ... (no NUL) */
    uint32_t family;
    uint32_t model;
    uint32_t stepping;
};
typedef struct xenpf_pcpu_version xenpf_pcpu_version_t;

/* Bring a physical CPU online / offline. */
#define XENPF_cpu_online    56
#define XENPF_cpu_offline   57
struct xenpf_cpu_ol {
    uint32_t cpuid;
};
typedef struct xenpf_cpu_ol xenpf_cpu_ol_t;

/* A CPU was hot-added (ACPI). */
#define XENPF_cpu_hotadd    58
struct xenpf_cpu_hotadd {
    uint32_t apic_id;
    uint32_t acpi_id;
    uint32_t pxm;               /* proximity domain */
};
typedef struct xenpf_cpu_hotadd xenpf_cpu_hotadd_t;

/* Memory [spfn, epfn) was hot-added (ACPI). */
#define XENPF_mem_hotadd    59
struct xenpf_mem_hotadd {
    uint64_t spfn;
    uint64_t epfn;
    uint32_t pxm;
    uint32_t flags;
};
typedef struct xenpf_mem_hotadd xenpf_mem_hotadd_t;

/* Set / get how many CPUs to keep parked (idle). */
#define XENPF_core_parking  60
#define XEN_CORE_PARKING_SET 1
#define XEN_CORE_PARKING_GET 2
struct xenpf_core_parking {
    uint32_t type;              /* XEN_CORE_PARKING_* */
    uint32_t idle_nums;         /* in for SET, out for GET */
};
typedef struct xenpf_core_parking xenpf_core_parking_t;

/*
 * A batch of MSR accesses on one CPU, in order, without preemption.
 * Returns the number done; the failed entry's u.ret says why. A read of
 * the TSC MSR gives system time (ns) instead.
 */
#define XENPF_resource_op   61
#define XEN_RESOURCE_OP_MSR_READ  0
#define XEN_RESOURCE_OP_MSR_WRITE 1
struct xenpf_resource_entry {
    union {
        uint32_t cmd;           /* in: XEN_RESOURCE_OP_* */
        int32_t  ret;           /* out: error of a failed entry */
    } u;
    uint32_t rsvd;              /* zero */
    uint64_t idx;               /* MSR number */
    uint64_t val;               /* value written / read */
};
typedef struct xenpf_resource_entry xenpf_resource_entry_t;

struct xenpf_resource_op {
    uint32_t nr_entries;
    uint32_t cpu;               /* where to run them */
    XEN_GUEST_HANDLE(xenpf_resource_entry_t) entries;
};
typedef struct xenpf_resource_op xenpf_resource_op_t;

/* Walk the hypervisor's symbol table, one symbol per call. */
#define XENPF_get_symbol   63
struct xenpf_symdata {
    uint32_t namelen;           /* in: room in name; out: full length */
    uint32_t symnum;            /* in: symbol; out: next (same at the end) */
    XEN_GUEST_HANDLE(char) name;
    uint64_t address;
    char type;                  /* nm-style type letter */
};
typedef struct xenpf_symdata xenpf_symdata_t;

/* Fetch the boot console description (struct dom0_vga_console_info). */
#define XENPF_get_dom0_console 64
typedef struct dom0_vga_console_info xenpf_dom0_console_t;

/* Microcode revision and signature of one CPU. */
#define XENPF_get_ucode_revision 65
struct xenpf_ucode_revision {
    uint32_t cpu;               /* in */
    uint32_t signature;         /* out: CPUID.1.EAX */
    uint32_t pf;                /* out: platform flags (Intel) */
    uint32_t revision;          /* out */
};
typedef struct xenpf_ucode_revision xenpf_ucode_revision_t;

/* As XENPF_microcode_update, with flags. */
#define XENPF_microcode_update2    66
struct xenpf_microcode_update2 {
    uint32_t flags;             /* XENPF_UCODE_* */
#define XENPF_UCODE_FORCE           1 /* load even if not newer */
    uint32_t length;
    XEN_GUEST_HANDLE(const void) data;
};
typedef struct xenpf_microcode_update2 xenpf_microcode_update2_t;

/* The argument of __HYPERVISOR_platform_op; always 136 bytes. */
struct xen_platform_op {
    uint32_t cmd;               /* XENPF_* */
    uint32_t interface_version; /* XENPF_INTERFACE_VERSION */
    union {
        xenpf_settime_t               settime;
        xenpf_settime32_t             settime32;
        xenpf_settime64_t             settime64;
        xenpf_add_memtype_t           add_memtype;
        xenpf_del_memtype_t           del_memtype;
        xenpf_read_memtype_t          read_memtype;
        xenpf_microcode_update_t      microcode;
        xenpf_platform_quirk_t        platform_quirk;
        xenpf_efi_runtime_call_t      efi_runtime_call;
        xenpf_firmware_info_t         firmware_info;
        xenpf_enter_acpi_sleep_t      enter_acpi_sleep;
        xenpf_change_freq_t           change_freq;
        xenpf_getidletime_t           getidletime;
        xenpf_set_processor_pminfo_t  set_pminfo;
        xenpf_pcpuinfo_t              pcpu_info;
        xenpf_pcpu_version_t          pcpu_version;
        xenpf_cpu_ol_t                cpu_ol;
        xenpf_cpu_hotadd_t            cpu_add;
        xenpf_mem_hotadd_t            mem_add;
        xenpf_core_parking_t          core_parking;
        xenpf_resource_op_t           resource_op;
        xenpf_symdata_t               symdata;
        xenpf_dom0_console_t          dom0_console;
        xenpf_ucode_revision_t        ucode_revision;
        xenpf_microcode_update2_t     microcode2;
        uint8_t                       pad[128]; /* fixes the size */
    } u;
};
typedef struct xen_platform_op xen_platform_op_t;

#endif /* __XEN_PUBLIC_PLATFORM_H__ */
