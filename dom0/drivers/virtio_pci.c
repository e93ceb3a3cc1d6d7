/* The legacy virtio PCI transport (dom0/virtio_pci.h). */
#include <keel/errno.h>
#include <dom0/alloc.h>
#include <dom0/dma.h>
#include <dom0/portio.h>
#include <dom0/virtio_pci.h>

/* Legacy register offsets in BAR 0. */
#define REG_HOST_FEATURES  0x00
#define REG_GUEST_FEATURES 0x04
#define REG_QUEUE_PFN      0x08
#define REG_QUEUE_SIZE     0x0c
#define REG_QUEUE_SELECT   0x0e
#define REG_QUEUE_NOTIFY   0x10
#define REG_STATUS         0x12
#define REG_ISR            0x13

static void set_status(struct virtio_pci *vp, uint8_t bits)
{
    outb(vp->io + REG_STATUS, bits ? (uint8_t)(inb(vp->io + REG_STATUS) | bits) : 0);
}

int virtio_pci_start(struct virtio_pci *vp, struct pci_dev *p, uint32_t wanted)
{
    vp->pci = p;
    vp->io = pci_io_bar(p, 0);
    if (!vp->io)
        return -ENODEV;
    pci_enable_io_master(p);
    set_status(vp, 0);  /* reset */
    set_status(vp, VIRTIO_STATUS_ACKNOWLEDGE);
    set_status(vp, VIRTIO_STATUS_DRIVER);
    vp->features = inl(vp->io + REG_HOST_FEATURES) & wanted;
    outl(vp->io + REG_GUEST_FEATURES, vp->features);
    return 0;
}

int virtio_pci_setup_queue(struct virtio_pci *vp, uint16_t index, struct virtqueue *vq)
{
    uint16_t size;
    unsigned long pages;
    uint64_t maddr;
    void *ring, **cookies;

    outw(vp->io + REG_QUEUE_SELECT, index);
    size = inw(vp->io + REG_QUEUE_SIZE);
    if (size == 0)
        return -ENOENT;
    pages = (vring_bytes(size) + VRING_ALIGN - 1) / VRING_ALIGN;
    if (!(cookies = malloc(sizeof(*cookies) * size)))
        return -ENOMEM;
    if (!(ring = dma_alloc(pages, &maddr))) {
        free(cookies);
        return -ENOMEM;
    }
    if (virtqueue_init(vq, size, ring, cookies)) {
        dma_free(ring, pages);
        free(cookies);
        return -EINVAL; /* a legacy queue size is a power of two */
    }
    outl(vp->io + REG_QUEUE_PFN, (uint32_t)(maddr / VRING_ALIGN));
    return 0;
}

void virtio_pci_ready(struct virtio_pci *vp)
{
    set_status(vp, VIRTIO_STATUS_DRIVER_OK);
}

void virtio_pci_fail(struct virtio_pci *vp)
{
    set_status(vp, VIRTIO_STATUS_FAILED);
}

void virtio_pci_notify(struct virtio_pci *vp, uint16_t index)
{
    outw(vp->io + REG_QUEUE_NOTIFY, index);
}

uint8_t virtio_pci_isr(struct virtio_pci *vp)
{
    return inb(vp->io + REG_ISR);
}

uint32_t virtio_pci_config32(struct virtio_pci *vp, unsigned int offset)
{
    return inl((uint16_t)(vp->io + VIRTIO_PCI_CONFIG + offset));
}
