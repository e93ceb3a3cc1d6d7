/*
 * virtio-net over the legacy PCI transport: queue 0 receives, queue 1
 * transmits. Every frame is preceded by the 10-byte virtio-net header
 * (no offloads are negotiated, so it is all zeros going out and ignored
 * coming in), in a descriptor of its own as legacy devices expect.
 *
 * Buffers: each receive or transmit slot is one page from dma_alloc,
 * header at its start and frame at VNET_FRAME_OFF. Receive slots are
 * always the device's, given back as soon as their frame is handled;
 * a transmit slot is the device's from transmit until its used entry.
 */
#include <keel/errno.h>
#include <keel/string.h>
#include <dom0/alloc.h>
#include <dom0/console.h>
#include <dom0/dma.h>
#include <dom0/irq.h>
#include <dom0/mm.h>
#include <dom0/netif.h>
#include <dom0/sched.h>
#include <dom0/virtio_net.h>
#include <dom0/virtio_pci.h>

#define VIRTIO_NET_F_MAC (1u << 5)
#define VNET_HDR_LEN     10
#define VNET_FRAME_OFF   16
#define VNET_RX_SLOTS    32
#define VNET_TX_SLOTS    32
#define VNET_MAX_NICS    8

enum { RXQ, TXQ };

struct vnet {
    struct netif nif;
    struct virtio_pci vp;
    struct virtqueue vq[2];
    uint8_t *rx[VNET_RX_SLOTS];
    uint8_t *tx[VNET_TX_SLOTS];
    bool tx_busy[VNET_TX_SLOTS];
    bool polling;
};

static unsigned int nr_nics;

static int post_rx(struct vnet *n, unsigned int i)
{
    struct vq_buf bufs[2] = {
        { .addr = dma_maddr(n->rx[i]), .len = VNET_HDR_LEN, .device_writes = true },
        { .addr = dma_maddr(n->rx[i] + VNET_FRAME_OFF), .len = ETH_FRAME_MAX,
          .device_writes = true },
    };

    return virtqueue_add(&n->vq[RXQ], bufs, 2, n->rx[i]);
}

static unsigned int slot_of(uint8_t *const *slots, unsigned int nr, const void *cookie)
{
    unsigned int i = 0;

    while (i < nr && slots[i] != cookie)
        i++;
    return i;
}

static void reap(struct vnet *n)
{
    bool reposted = false;
    uint32_t len;
    void *c;

    while ((c = virtqueue_get_used(&n->vq[TXQ], &len))) {
        unsigned int i = slot_of(n->tx, VNET_TX_SLOTS, c);

        if (i < VNET_TX_SLOTS)
            n->tx_busy[i] = false;
    }
    while ((c = virtqueue_get_used(&n->vq[RXQ], &len))) {
        unsigned int i = slot_of(n->rx, VNET_RX_SLOTS, c);

        if (i == VNET_RX_SLOTS)
            continue;
        if (len > VNET_HDR_LEN && len - VNET_HDR_LEN <= ETH_FRAME_MAX)
            netif_input(&n->nif, n->rx[i] + VNET_FRAME_OFF, len - VNET_HDR_LEN);
        post_rx(n, i);
        reposted = true;
    }
    if (reposted && virtqueue_needs_notify(&n->vq[RXQ]))
        virtio_pci_notify(&n->vp, RXQ);
}

static void vnet_interrupt(void *arg)
{
    struct vnet *n = arg;

    virtio_pci_isr(&n->vp);
    reap(n);
}

static int vnet_transmit(struct netif *nif, const void *frame, size_t len)
{
    struct vnet *n = nif->priv;
    unsigned int i;

    if (len > ETH_FRAME_MAX)
        return -EINVAL;
    if (n->polling)
        reap(n);
    for (i = 0; i < VNET_TX_SLOTS && n->tx_busy[i]; i++)
        ;
    if (i == VNET_TX_SLOTS)
        return -EAGAIN;
    memset(n->tx[i], 0, VNET_HDR_LEN);
    memcpy(n->tx[i] + VNET_FRAME_OFF, frame, len);
    struct vq_buf bufs[2] = {
        { .addr = dma_maddr(n->tx[i]), .len = VNET_HDR_LEN },
        { .addr = dma_maddr(n->tx[i] + VNET_FRAME_OFF), .len = (uint32_t)len },
    };
    if (virtqueue_add(&n->vq[TXQ], bufs, 2, n->tx[i]))
        return -EAGAIN;
    n->tx_busy[i] = true;
    if (virtqueue_needs_notify(&n->vq[TXQ]))
        virtio_pci_notify(&n->vp, TXQ);
    return 0;
}

static const struct netif_ops vnet_ops = { .transmit = vnet_transmit };

/* One page per slot; false if memory ran out. */
static bool alloc_slots(uint8_t **slots, unsigned int nr)
{
    uint64_t maddr;

    for (unsigned int i = 0; i < nr; i++)
        if (!(slots[i] = dma_alloc(1, &maddr)))
            return false;
    return true;
}

/* A polling interface is serviced by a thread of its own. */
static void poll_thread(void *arg)
{
    for (;;) {
        reap(arg);
        sleep_ns(1000000);
    }
}

static int setup(struct vnet *n, struct pci_dev *p)
{
    int rc;

    if ((rc = virtio_pci_start(&n->vp, p, VIRTIO_NET_F_MAC))) {
        printk("dom0: %s: a modern-only virtio device (no I/O BAR); skipped\n", n->nif.name);
        return rc;
    }
    if ((rc = virtio_pci_setup_queue(&n->vp, RXQ, &n->vq[RXQ])) ||
        (rc = virtio_pci_setup_queue(&n->vp, TXQ, &n->vq[TXQ]))) {
        printk("dom0: %s: cannot set up its queues (error %d); skipped\n", n->nif.name, rc);
        return rc;
    }
    if (!alloc_slots(n->rx, VNET_RX_SLOTS) || !alloc_slots(n->tx, VNET_TX_SLOTS)) {
        printk("dom0: %s: no memory for buffers; skipped\n", n->nif.name);
        return -ENOMEM;
    }
    for (unsigned int i = 0; i < 6; i++)
        n->nif.in.mac[i] = n->vp.features & VIRTIO_NET_F_MAC
                               ? (uint8_t)(virtio_pci_config32(&n->vp, i & ~3u) >> (8 * (i & 3)))
                               : (uint8_t)(i == 0 ? 0x02 : i == 5 ? nr_nics : 0);
    for (unsigned int i = 0; i < VNET_RX_SLOTS; i++)
        post_rx(n, i);
    rc = p->irq_pin && p->irq_line && p->irq_line != 0xff
             ? irq_attach(p->irq_line, vnet_interrupt, n) : -ENODEV;
    n->polling = rc != 0;
    if (n->polling && !thread_create(n->nif.name, poll_thread, n))
        return -ENOMEM;
    virtio_pci_ready(&n->vp);
    virtio_pci_notify(&n->vp, RXQ);
    return 0;
}

static int vnet_probe(struct pci_dev *p)
{
    struct vnet *n;
    const uint8_t *m;
    int rc;

    if (nr_nics == VNET_MAX_NICS)
        return -ENOSPC;
    if (!(n = calloc(1, sizeof(*n))))
        return -ENOMEM;
    snprintf(n->nif.name, sizeof(n->nif.name), "vioif%u", nr_nics);
    n->nif.ops = &vnet_ops;
    n->nif.priv = n;
    if ((rc = setup(n, p))) {
        virtio_pci_fail(&n->vp);
        return rc;
    }
    nr_nics++;
    m = n->nif.in.mac;
    printk("dom0: %s: virtio-net, address %02x:%02x:%02x:%02x:%02x:%02x, %s\n", n->nif.name,
           m[0], m[1], m[2], m[3], m[4], m[5], n->polling ? "polled" : "interrupt-driven");
    return netif_register(&n->nif);
}

/* Transitional virtio-net (0x1000). */
const struct pci_driver virtio_net_driver = {
    .name = "virtio-net", .vendor = VIRTIO_PCI_VENDOR,
    .device_first = 0x1000, .device_last = 0x1000, .probe = vnet_probe,
};
