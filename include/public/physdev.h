/*
 * Xen guest ABI: __HYPERVISOR_physdev_op(cmd, arg). Physical devices for
 * the domains that drive them (mostly dom0): interrupts (PIRQs), I/O
 * privilege, IO-APIC access, and telling the hypervisor about PCI devices.
 * C only.
 *
 * __HYPERVISOR_physdev_op_compat takes a struct physdev_op instead.
 */
#ifndef __XEN_PUBLIC_PHYSDEV_H__
#define __XEN_PUBLIC_PHYSDEV_H__

#include "xen.h"

/* 4 was IRQ_UNMASK_NOTIFY, long obsolete. */

/* arg struct physdev_irq_status_query: how a PIRQ must be handled. */
#define PHYSDEVOP_irq_status_query       5
struct physdev_irq_status_query {
    uint32_t irq;               /* in: PIRQ */
    uint32_t flags;             /* out: XENIRQSTAT_* */
};
typedef struct physdev_irq_status_query physdev_irq_status_query_t;

#define _XENIRQSTAT_needs_eoi   0 /* the guest must PHYSDEVOP_eoi it */
#define  XENIRQSTAT_needs_eoi   (1U << _XENIRQSTAT_needs_eoi)
#define _XENIRQSTAT_shared      1 /* other domains share the line */
#define  XENIRQSTAT_shared      (1U << _XENIRQSTAT_shared)

/* arg struct physdev_set_iopl: this vCPU's I/O privilege level. */
#define PHYSDEVOP_set_iopl               6
struct physdev_set_iopl {
    uint32_t iopl;              /* 0-3; I/O allowed when CPL <= iopl */
};
typedef struct physdev_set_iopl physdev_set_iopl_t;

/*
 * arg struct physdev_set_iobitmap: this vCPU's I/O permission bitmap, as
 * in a TSS (bit set = port denied). Two bytes are always read from the
 * bitmap, even if nr_ports ends in the first.
 */
#define PHYSDEVOP_set_iobitmap           7
struct physdev_set_iobitmap {
    XEN_GUEST_HANDLE(uint8_t) bitmap;
    uint32_t nr_ports;          /* ports the bitmap covers, from 0 */
};
typedef struct physdev_set_iobitmap physdev_set_iobitmap_t;

/* arg struct physdev_apic: read / write an IO-APIC register. */
#define PHYSDEVOP_apic_read              8
#define PHYSDEVOP_apic_write             9
struct physdev_apic {
    unsigned long apic_physbase; /* which IO-APIC (its MMIO address) */
    uint32_t reg;                /* register index */
    uint32_t value;              /* in for write, out for read */
};
typedef struct physdev_apic physdev_apic_t;

/* arg struct physdev_irq: give / take back a vector for an IRQ line. */
#define PHYSDEVOP_alloc_irq_vector      10
#define PHYSDEVOP_free_irq_vector       11
struct physdev_irq {
    uint32_t irq;               /* in */
    uint32_t vector;            /* out for alloc, in for free */
};
typedef struct physdev_irq physdev_irq_t;

/* arg struct physdev_eoi: the guest has finished with this PIRQ. */
#define PHYSDEVOP_eoi                   12
struct physdev_eoi {
    uint32_t irq;               /* PIRQ */
};
typedef struct physdev_eoi physdev_eoi_t;

/* How physdev_map_pirq.index is to be read. */
#define MAP_PIRQ_TYPE_MSI               0x0 /* MSI of a device */
#define MAP_PIRQ_TYPE_GSI               0x1 /* index is a GSI */
#define MAP_PIRQ_TYPE_UNKNOWN           0x2
#define MAP_PIRQ_TYPE_MSI_SEG           0x3 /* MSI, segment in bus[31:16] */
#define MAP_PIRQ_TYPE_MULTI_MSI         0x4 /* several MSI vectors at once */

/* arg struct physdev_map_pirq: make a PIRQ for a GSI or an MSI. */
#define PHYSDEVOP_map_pirq               13
struct physdev_map_pirq {
    domid_t domid;              /* domain to get the PIRQ */
    int type;                   /* MAP_PIRQ_TYPE_* */
    int index;                  /* GSI, or MSI-X entry (not MULTI_MSI) */
    int pirq;                   /* in: wanted PIRQ or -1; out: the PIRQ */
    int bus;                    /* PCI bus; segment in [31:16] (MSI_SEG, */
                                /* MULTI_MSI) */
    int devfn;                  /* PCI device and function */
    int entry_nr;               /* MSI vectors (MULTI_MSI: out, granted) */
    uint64_t table_base;        /* MSI-X table address */
};
typedef struct physdev_map_pirq physdev_map_pirq_t;

/* arg struct physdev_unmap_pirq: undo map_pirq. */
#define PHYSDEVOP_unmap_pirq             14
struct physdev_unmap_pirq {
    domid_t domid;
    int pirq;
};
typedef struct physdev_unmap_pirq physdev_unmap_pirq_t;

/* arg struct physdev_manage_pci: a PCI device (segment 0) appears / goes. */
#define PHYSDEVOP_manage_pci_add         15
#define PHYSDEVOP_manage_pci_remove      16
struct physdev_manage_pci {
    uint8_t bus;
    uint8_t devfn;
};
typedef struct physdev_manage_pci physdev_manage_pci_t;

/*
 * arg struct physdev_pirq_eoi_gmfn: a page whose bit n says "PIRQ n needs
 * PHYSDEVOP_eoi", so the guest can skip needless calls. v1 also makes
 * PHYSDEVOP_eoi unmask the event channel; v2 does not.
 */
#define PHYSDEVOP_pirq_eoi_gmfn_v1       17
#define PHYSDEVOP_pirq_eoi_gmfn_v2       28
#define PHYSDEVOP_pirq_eoi_gmfn          PHYSDEVOP_pirq_eoi_gmfn_v2
struct physdev_pirq_eoi_gmfn {
    xen_pfn_t gmfn;
};
typedef struct physdev_pirq_eoi_gmfn physdev_pirq_eoi_gmfn_t;

/* 18 is unused */

/* arg struct physdev_restore_msi: reprogram a device's MSI after resume. */
#define PHYSDEVOP_restore_msi            19
struct physdev_restore_msi {
    uint8_t bus;
    uint8_t devfn;
};
typedef struct physdev_restore_msi physdev_restore_msi_t;

/* arg struct physdev_manage_pci_ext: add a device, with SR-IOV details. */
#define PHYSDEVOP_manage_pci_add_ext     20
struct physdev_manage_pci_ext {
    uint8_t bus;
    uint8_t devfn;
    uint32_t is_extfn;          /* an ARI extended function */
    uint32_t is_virtfn;         /* an SR-IOV virtual function, of: */
    struct {
        uint8_t bus;
        uint8_t devfn;
    } physfn;
};
typedef struct physdev_manage_pci_ext physdev_manage_pci_ext_t;

/* arg struct physdev_setup_gsi: a GSI's trigger mode and polarity (ACPI). */
#define PHYSDEVOP_setup_gsi    21
struct physdev_setup_gsi {
    int gsi;
    uint8_t triggering;         /* 0 edge, 1 level */
    uint8_t polarity;           /* 0 active high, 1 active low */
};
typedef struct physdev_setup_gsi physdev_setup_gsi_t;

/* 22 is unused */

/* arg struct physdev_get_free_pirq: reserve a free PIRQ number. */
#define PHYSDEVOP_get_free_pirq    23
struct physdev_get_free_pirq {
    int type;                   /* in: MAP_PIRQ_TYPE_GSI or _MSI */
    uint32_t pirq;              /* out */
};
typedef struct physdev_get_free_pirq physdev_get_free_pirq_t;

/* arg struct physdev_pci_mmcfg_reserved: an MMCONFIG area is usable. */
#define PHYSDEVOP_pci_mmcfg_reserved    24
#define XEN_PCI_MMCFG_RESERVED          0x1
struct physdev_pci_mmcfg_reserved {
    uint64_t address;           /* base of the ECAM area */
    uint16_t segment;
    uint8_t start_bus;
    uint8_t end_bus;
    uint32_t flags;             /* XEN_PCI_MMCFG_RESERVED: firmware reserved it */
};
typedef struct physdev_pci_mmcfg_reserved physdev_pci_mmcfg_reserved_t;

/* arg struct physdev_pci_device_add: a PCI device on any segment appears. */
#define PHYSDEVOP_pci_device_add        25
#define XEN_PCI_DEV_EXTFN              0x1 /* ARI extended function */
#define XEN_PCI_DEV_VIRTFN             0x2 /* SR-IOV VF; physfn is its PF */
#define XEN_PCI_DEV_PXM                0x4 /* optarr[0] is its proximity domain */
struct physdev_pci_device_add {
    uint16_t seg;
    uint8_t bus;
    uint8_t devfn;
    uint32_t flags;             /* XEN_PCI_DEV_* */
    struct {
        uint8_t bus;
        uint8_t devfn;
    } physfn;
    uint32_t optarr[];          /* optional values, as flags say */
};
typedef struct physdev_pci_device_add physdev_pci_device_add_t;

/* arg struct physdev_pci_device: a device goes; reprogram its MSI. */
#define PHYSDEVOP_pci_device_remove     26
#define PHYSDEVOP_restore_msi_ext       27
/* arg struct physdev_dbgp_op: USB debug port reset around a host reset. */
#define PHYSDEVOP_dbgp_op               29
/* arg struct physdev_pci_device: MSI-X MMIO may not (prepare) / may */
/* (release) move while the device is handed over. */
#define PHYSDEVOP_prepare_msix          30
#define PHYSDEVOP_release_msix          31
/* arg struct pci_device_reset: the device was reset, refresh its state. */
#define PHYSDEVOP_pci_device_reset      32

struct physdev_pci_device {
    uint16_t seg;
    uint8_t bus;
    uint8_t devfn;
};
typedef struct physdev_pci_device physdev_pci_device_t;

struct pci_device_reset {
    physdev_pci_device_t dev;
#define PCI_DEVICE_RESET_COLD 0x0
#define PCI_DEVICE_RESET_WARM 0x1
#define PCI_DEVICE_RESET_HOT  0x2
#define PCI_DEVICE_RESET_FLR  0x3
#define PCI_DEVICE_RESET_MASK 0x3
    uint32_t flags;             /* PCI_DEVICE_RESET_*: what kind */
};

#define PHYSDEVOP_DBGP_RESET_PREPARE    1
#define PHYSDEVOP_DBGP_RESET_DONE       2
#define PHYSDEVOP_DBGP_BUS_UNKNOWN      0
#define PHYSDEVOP_DBGP_BUS_PCI          1
struct physdev_dbgp_op {
    uint8_t op;                 /* PHYSDEVOP_DBGP_RESET_* */
    uint8_t bus;                /* PHYSDEVOP_DBGP_BUS_* */
    union {
        physdev_pci_device_t pci;
    } u;
};
typedef struct physdev_dbgp_op physdev_dbgp_op_t;

/* The argument of __HYPERVISOR_physdev_op_compat. */
struct physdev_op {
    uint32_t cmd;               /* PHYSDEVOP_* (5-11 only) */
    union {
        physdev_irq_status_query_t irq_status_query;
        physdev_set_iopl_t         set_iopl;
        physdev_set_iobitmap_t     set_iobitmap;
        physdev_apic_t             apic_op;
        physdev_irq_t              irq_op;
    } u;
};
typedef struct physdev_op physdev_op_t;

#endif /* __XEN_PUBLIC_PHYSDEV_H__ */
