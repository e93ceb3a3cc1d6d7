/*
 * PCI enumeration: walk bus 0 and, through each PCI-to-PCI bridge, the
 * bus the firmware numbered behind it; log every function found and hand
 * it to the first driver that matches. A device no driver takes, or one
 * whose driver fails, is reported and left alone.
 */
#include <keel/string.h>
#include <dom0/console.h>
#include <dom0/pci.h>
#include <dom0/portio.h>

#define CONF_ADDR 0xcf8
#define CONF_DATA 0xcfc
#define MAX_BUS_DEPTH 8     /* bridges nest no deeper than this */

static struct pci_dev devices[PCI_MAX_DEVICES];
static unsigned int nr_devices;

static uint32_t conf_addr(const struct pci_dev *p, uint8_t reg)
{
    return 1u << 31 | (uint32_t)p->bus << 16 | (uint32_t)p->dev << 11 |
           (uint32_t)p->fn << 8 | (reg & 0xfc);
}

uint32_t pci_read32(const struct pci_dev *p, uint8_t reg)
{
    outl(CONF_ADDR, conf_addr(p, reg));
    return inl(CONF_DATA);
}

uint16_t pci_read16(const struct pci_dev *p, uint8_t reg)
{
    return (uint16_t)(pci_read32(p, reg) >> (8 * (reg & 2)));
}

uint8_t pci_read8(const struct pci_dev *p, uint8_t reg)
{
    return (uint8_t)(pci_read32(p, reg) >> (8 * (reg & 3)));
}

void pci_write16(const struct pci_dev *p, uint8_t reg, uint16_t v)
{
    outl(CONF_ADDR, conf_addr(p, reg));
    outw((uint16_t)(CONF_DATA + (reg & 2)), v);
}

uint16_t pci_io_bar(const struct pci_dev *p, unsigned int n)
{
    uint32_t bar = pci_read32(p, (uint8_t)(PCI_BAR0 + 4 * n));

    return bar & PCI_BAR_IO ? (uint16_t)(bar & PCI_BAR_IO_MASK) : 0;
}

void pci_enable_io_master(const struct pci_dev *p)
{
    uint16_t cmd = pci_read16(p, PCI_COMMAND);

    pci_write16(p, PCI_COMMAND, cmd | PCI_COMMAND_IO | PCI_COMMAND_MASTER);
}

static const char *class_name(uint32_t class)
{
    static const char *const names[] = {
        "unclassified", "mass storage", "network", "display", "multimedia",
        "memory", "bridge", "communication", "system", "input", "docking",
        "processor", "serial bus",
    };
    uint32_t base = class >> 16;

    return base < sizeof(names) / sizeof(names[0]) ? names[base] : "other";
}

static void scan_bus(uint8_t bus, unsigned int depth);

/* Record one function; a bridge's secondary bus is scanned in turn. */
static void add_function(uint8_t bus, uint8_t dev, uint8_t fn, unsigned int depth)
{
    struct pci_dev probe = { .bus = bus, .dev = dev, .fn = fn };
    uint32_t id = pci_read32(&probe, PCI_VENDOR_ID);
    uint8_t header;

    if ((id & 0xffff) == 0xffff)
        return;
    if (nr_devices == PCI_MAX_DEVICES) {
        printk("dom0: pci %02x:%02x.%u: more than %u devices; ignored\n", bus, dev, fn,
               PCI_MAX_DEVICES);
        return;
    }
    probe.vendor = (uint16_t)id;
    probe.device = (uint16_t)(id >> 16);
    probe.class = pci_read32(&probe, PCI_CLASS_REVISION) >> 8;
    probe.irq_line = pci_read8(&probe, PCI_INTERRUPT_LINE);
    probe.irq_pin = pci_read8(&probe, PCI_INTERRUPT_PIN);
    devices[nr_devices++] = probe;
    header = pci_read8(&probe, PCI_HEADER_TYPE) & 0x7f;
    if (header == 1 && depth < MAX_BUS_DEPTH) {
        uint8_t secondary = pci_read8(&probe, PCI_SECONDARY_BUS);

        if (secondary > bus)  /* numbered by the firmware, and forward */
            scan_bus(secondary, depth + 1);
    }
}

static void scan_bus(uint8_t bus, unsigned int depth)
{
    for (uint8_t dev = 0; dev < 32; dev++) {
        struct pci_dev f0 = { .bus = bus, .dev = dev };
        bool multi;

        if (pci_read16(&f0, PCI_VENDOR_ID) == 0xffff)
            continue;
        multi = pci_read8(&f0, PCI_HEADER_TYPE) & 0x80;
        for (uint8_t fn = 0; fn < (multi ? 8 : 1); fn++)
            add_function(bus, dev, fn, depth);
    }
}

static const struct pci_driver *driver_for(const struct pci_dev *p,
                                           const struct pci_driver *const *drivers,
                                           unsigned int n)
{
    for (unsigned int i = 0; i < n; i++)
        if (p->vendor == drivers[i]->vendor && p->device >= drivers[i]->device_first &&
            p->device <= drivers[i]->device_last)
            return drivers[i];
    return NULL;
}

void pci_scan(const struct pci_driver *const *drivers, unsigned int nr_drivers)
{
    nr_devices = 0;
    scan_bus(0, 0);
    printk("dom0: pci: %u functions\n", nr_devices);
    for (unsigned int i = 0; i < nr_devices; i++) {
        struct pci_dev *p = &devices[i];
        const struct pci_driver *drv = driver_for(p, drivers, nr_drivers);

        /* The device's line first: its driver's lines follow it. */
        printk("dom0: pci %02x:%02x.%u %04x:%04x %s: %s\n", p->bus, p->dev, p->fn,
               p->vendor, p->device, class_name(p->class), drv ? drv->name : "no driver");
        if (drv && drv->probe(p) == 0)
            p->driver = drv->name;
    }
}

void pci_walk(void (*fn)(const struct pci_dev *p, void *arg), void *arg)
{
    for (unsigned int i = 0; i < nr_devices; i++)
        fn(&devices[i], arg);
}
