/* virtio-net: QEMU's NICs, as dom0's interfaces vioif0, vioif1, ... */
#ifndef DOM0_VIRTIO_NET_H
#define DOM0_VIRTIO_NET_H

#include <dom0/pci.h>

extern const struct pci_driver virtio_net_driver;

#endif
