/*
 * PCI, as dom0 sees it: configuration space through ports 0xcf8/0xcfc
 * (configuration mechanism 1, which the hypervisor passes through for
 * dom0), the devices the firmware set up on bus 0 and behind its
 * bridges, and the drivers that claim them.
 */
#ifndef DOM0_PCI_H
#define DOM0_PCI_H

#include <stdbool.h>
#include <stdint.h>

#define PCI_MAX_DEVICES 64

/* Configuration space registers dom0 uses. */
#define PCI_VENDOR_ID      0x00
#define PCI_DEVICE_ID      0x02
#define PCI_COMMAND        0x04
#define PCI_CLASS_REVISION 0x08   /* class << 8 | revision */
#define PCI_HEADER_TYPE    0x0e
#define PCI_BAR0           0x10
#define PCI_SECONDARY_BUS  0x19   /* bridges (header type 1) */
#define PCI_SUBSYSTEM_ID   0x2e
#define PCI_INTERRUPT_LINE 0x3c
#define PCI_INTERRUPT_PIN  0x3d

#define PCI_COMMAND_IO     0x1
#define PCI_COMMAND_MEMORY 0x2
#define PCI_COMMAND_MASTER 0x4

#define PCI_BAR_IO         0x1
#define PCI_BAR_IO_MASK    0xfffffffcu

struct pci_dev {
    uint8_t bus, dev, fn;
    uint16_t vendor, device;
    uint32_t class;         /* base class << 16 | subclass << 8 | prog-if */
    uint8_t irq_line;       /* the GSI the firmware routed INTx to */
    uint8_t irq_pin;        /* 0: none, 1-4: INTA-INTD */
    const char *driver;     /* the driver that took it, or NULL */
};

/* A driver: match by vendor and device ID; probe says 0 or why not. */
struct pci_driver {
    const char *name;
    uint16_t vendor;
    uint16_t device_first, device_last;
    int (*probe)(struct pci_dev *pdev);
};

uint32_t pci_read32(const struct pci_dev *p, uint8_t reg);
uint16_t pci_read16(const struct pci_dev *p, uint8_t reg);
uint8_t pci_read8(const struct pci_dev *p, uint8_t reg);
void pci_write16(const struct pci_dev *p, uint8_t reg, uint16_t v);

/* The I/O port base of an I/O BAR, or 0 if BAR n is not one. */
uint16_t pci_io_bar(const struct pci_dev *p, unsigned int n);

/* Turn on I/O decoding and bus mastering (the device does DMA). */
void pci_enable_io_master(const struct pci_dev *p);

/* Find every device, log one line each, and offer it to the drivers. */
void pci_scan(const struct pci_driver *const *drivers, unsigned int nr_drivers);

/* For the shell: call fn for each device found. */
void pci_walk(void (*fn)(const struct pci_dev *p, void *arg), void *arg);

#endif
