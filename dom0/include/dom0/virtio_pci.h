/*
 * The legacy virtio PCI transport: a transitional (or legacy) device's
 * registers in its I/O BAR 0. dom0 runs devices without MSI-X, so the
 * device-specific configuration starts at VIRTIO_PCI_CONFIG and the
 * interrupt is the function's INTx line, acknowledged by reading the ISR.
 */
#ifndef DOM0_VIRTIO_PCI_H
#define DOM0_VIRTIO_PCI_H

#include <stdint.h>

#include <dom0/pci.h>
#include <dom0/virtqueue.h>

#define VIRTIO_PCI_VENDOR       0x1af4
#define VIRTIO_PCI_CONFIG       20      /* device-specific config, no MSI-X */

/* Device status bits. */
#define VIRTIO_STATUS_ACKNOWLEDGE 1
#define VIRTIO_STATUS_DRIVER      2
#define VIRTIO_STATUS_DRIVER_OK   4
#define VIRTIO_STATUS_FAILED      0x80

struct virtio_pci {
    struct pci_dev *pci;
    uint16_t io;            /* BAR 0's port base */
    uint32_t features;      /* what both sides agreed on */
};

/* Reset the device, say a driver is here and agree on features (those
 * in wanted that the device offers). -ENODEV without an I/O BAR 0 (a
 * modern-only device). */
int virtio_pci_start(struct virtio_pci *vp, struct pci_dev *p, uint32_t wanted);

/* Set up queue index with rings from dma_alloc; the cookies array is
 * allocated too. -ENOENT if the device has no such queue, -ENOMEM. */
int virtio_pci_setup_queue(struct virtio_pci *vp, uint16_t index, struct virtqueue *vq);

/* The driver is ready: the device may use the queues. */
void virtio_pci_ready(struct virtio_pci *vp);

/* Give up on the device: FAILED, so it stops. */
void virtio_pci_fail(struct virtio_pci *vp);

/* Tell the device queue index has new requests. */
void virtio_pci_notify(struct virtio_pci *vp, uint16_t index);

/* Read (and so acknowledge) the interrupt status: non-zero if the device
 * interrupted. */
uint8_t virtio_pci_isr(struct virtio_pci *vp);

uint32_t virtio_pci_config32(struct virtio_pci *vp, unsigned int offset);

#endif
