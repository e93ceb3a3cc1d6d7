/* virtio-blk: QEMU's disks, as dom0's block devices vda, vdb, ... */
#ifndef DOM0_VIRTIO_BLK_H
#define DOM0_VIRTIO_BLK_H

#include <dom0/pci.h>

extern const struct pci_driver virtio_blk_driver;

#endif
