/*
 * virtio-blk over the legacy PCI transport: each disk is one request
 * queue. A request is a header the device reads, the data (read or
 * written by the device, a page at a time so that each piece is
 * machine-contiguous) and a status byte the device writes. Up to
 * VBLK_SLOTS requests are in flight per disk; a caller's thread sleeps
 * until its request completes, woken from the disk's interrupt, or, on a
 * disk without one, polls.
 *
 * Invariant: a slot is busy from the moment its request is built until
 * its caller has read the status; its header and status bytes live in
 * the disk's DMA page, which the device may write only while busy.
 */
#include <keel/errno.h>
#include <keel/string.h>
#include <dom0/alloc.h>
#include <dom0/blkdev.h>
#include <dom0/console.h>
#include <dom0/dma.h>
#include <dom0/irq.h>
#include <dom0/mm.h>
#include <dom0/sched.h>
#include <dom0/virtio_blk.h>
#include <dom0/virtio_pci.h>

#define VIRTIO_BLK_F_SEG_MAX (1u << 2)
#define VIRTIO_BLK_F_RO      (1u << 5)
#define VIRTIO_BLK_F_FLUSH   (1u << 9)

/* Device configuration. */
#define CFG_CAPACITY 0      /* u64, 512-byte sectors */
#define CFG_SEG_MAX  12     /* u32 */

#define VIRTIO_BLK_T_IN    0
#define VIRTIO_BLK_T_OUT   1
#define VIRTIO_BLK_T_FLUSH 4

#define VIRTIO_BLK_S_OK     0
#define VIRTIO_BLK_S_UNSUPP 2

#define VBLK_SLOTS    32
#define VBLK_DATA_SEGS 16   /* data descriptors per request, at most */
#define VBLK_MAX_DISKS 26   /* vda .. vdz */

struct vblk_hdr {
    uint32_t type;
    uint32_t ioprio;
    uint64_t sector;
};

/* What the device sees of a slot: in the disk's DMA page. */
struct vblk_slot_dma {
    struct vblk_hdr hdr;
    uint8_t status;
    uint8_t pad[15];
};

struct vblk {
    struct blkdev dev;
    struct virtio_pci vp;
    struct virtqueue vq;
    struct vblk_slot_dma *dma;  /* VBLK_SLOTS of them, one page */
    bool busy[VBLK_SLOTS];
    bool done[VBLK_SLOTS];
    struct waitq wq;            /* slots, descriptors and completions */
    bool polling;               /* no interrupt: callers reap */
    unsigned int data_segs;     /* data descriptors a request may use */
};

_Static_assert(sizeof(struct vblk_slot_dma) * VBLK_SLOTS <= PAGE_SIZE, "slots fit a page");

static unsigned int nr_disks;

/* Mark what the device finished; wake the callers. */
static void reap(struct vblk *b)
{
    uint32_t len;
    bool any = false;
    void *cookie;

    while ((cookie = virtqueue_get_used(&b->vq, &len))) {
        b->done[(struct vblk_slot_dma *)cookie - b->dma] = true;
        any = true;
    }
    if (any)
        waitq_wake_all(&b->wq);
}

static void vblk_interrupt(void *arg)
{
    struct vblk *b = arg;

    virtio_pci_isr(&b->vp);  /* acknowledges; a shared line may not be ours */
    reap(b);
}

static void wait_for_device(struct vblk *b)
{
    if (b->polling) {
        reap(b);
        yield();
    } else {
        waitq_sleep(&b->wq);
    }
}

static unsigned int get_slot(struct vblk *b)
{
    for (;;) {
        for (unsigned int i = 0; i < VBLK_SLOTS; i++) {
            if (!b->busy[i]) {
                b->busy[i] = true;
                b->done[i] = false;
                return i;
            }
        }
        wait_for_device(b);
    }
}

/* The data buffer as page-sized pieces, after the header. */
static unsigned int add_data(struct vq_buf *bufs, unsigned int n, void *data, uint32_t bytes,
                             bool device_writes)
{
    char *p = data;

    while (bytes) {
        uint32_t in_page = PAGE_SIZE - ((unsigned long)p & (PAGE_SIZE - 1));
        uint32_t len = bytes < in_page ? bytes : in_page;

        bufs[n++] = (struct vq_buf){ .addr = dma_maddr(p), .len = len,
                                     .device_writes = device_writes };
        p += len;
        bytes -= len;
    }
    return n;
}

/* One request of at most data_segs pages of data; 0 or -EIO. */
static int do_request(struct vblk *b, uint32_t type, uint64_t sector, void *data,
                      uint32_t bytes)
{
    struct vq_buf bufs[VBLK_DATA_SEGS + 2];
    unsigned int slot = get_slot(b), n = 0;
    struct vblk_slot_dma *s = &b->dma[slot];
    int rc;

    s->hdr = (struct vblk_hdr){ .type = type, .sector = sector };
    s->status = 0xff;
    bufs[n++] = (struct vq_buf){ .addr = dma_maddr(&s->hdr), .len = sizeof(s->hdr) };
    n = add_data(bufs, n, data, bytes, type == VIRTIO_BLK_T_IN);
    bufs[n++] = (struct vq_buf){ .addr = dma_maddr(&s->status), .len = 1,
                                 .device_writes = true };
    while ((rc = virtqueue_add(&b->vq, bufs, n, s)) == -ENOSPC)
        wait_for_device(b);
    if (virtqueue_needs_notify(&b->vq))
        virtio_pci_notify(&b->vp, 0);
    while (!b->done[slot])
        wait_for_device(b);
    rc = s->status == VIRTIO_BLK_S_OK ? 0
         : s->status == VIRTIO_BLK_S_UNSUPP ? -EOPNOTSUPP : -EIO;
    b->busy[slot] = false;
    waitq_wake_all(&b->wq);
    return rc;
}

/* Split a transfer so that each request's data fits data_segs pages. */
static int transfer(struct blkdev *dev, uint32_t type, uint64_t sector, uint32_t count,
                    void *buf)
{
    struct vblk *b = dev->priv;
    char *p = buf;

    if (!mm_is_direct_mapped((unsigned long)buf, (size_t)count * BLKDEV_SECTOR_SIZE))
        return -EFAULT;
    while (count) {
        uint32_t room = b->data_segs * PAGE_SIZE - ((unsigned long)p & (PAGE_SIZE - 1));
        uint32_t n = room / BLKDEV_SECTOR_SIZE < count ? room / BLKDEV_SECTOR_SIZE : count;
        int rc = do_request(b, type, sector, p, n * BLKDEV_SECTOR_SIZE);

        if (rc)
            return rc;
        sector += n;
        count -= n;
        p += (size_t)n * BLKDEV_SECTOR_SIZE;
    }
    return 0;
}

static int vblk_read(struct blkdev *dev, uint64_t sector, uint32_t count, void *buf)
{
    return transfer(dev, VIRTIO_BLK_T_IN, sector, count, buf);
}

static int vblk_write(struct blkdev *dev, uint64_t sector, uint32_t count, const void *buf)
{
    /* The device only reads the buffer of an OUT request. */
    return transfer(dev, VIRTIO_BLK_T_OUT, sector, count, (void *)buf);
}

static int vblk_flush(struct blkdev *dev)
{
    struct vblk *b = dev->priv;

    /* Without the flush feature the device's cache is write-through. */
    if (!(b->vp.features & VIRTIO_BLK_F_FLUSH))
        return 0;
    return do_request(b, VIRTIO_BLK_T_FLUSH, 0, NULL, 0);
}

static const struct blkdev_ops vblk_ops = {
    .read = vblk_read, .write = vblk_write, .flush = vblk_flush,
};

/* Interrupt through the function's INTx line if it has one. */
static void attach_irq(struct vblk *b, struct pci_dev *p)
{
    int rc = -ENODEV;

    if (p->irq_pin && p->irq_line && p->irq_line != 0xff)
        rc = irq_attach(p->irq_line, vblk_interrupt, b);
    b->polling = rc != 0;
    if (rc)
        printk("dom0: %s: no interrupt (%s); polling\n", b->dev.name,
               rc == -ENODEV ? "none routed" : "the hypervisor refused it");
}

static int setup(struct vblk *b, struct pci_dev *p)
{
    uint64_t maddr;
    uint32_t seg_max;
    int rc;

    if ((rc = virtio_pci_start(&b->vp, p, VIRTIO_BLK_F_SEG_MAX | VIRTIO_BLK_F_RO |
                                              VIRTIO_BLK_F_FLUSH))) {
        printk("dom0: %s: a modern-only virtio device (no I/O BAR); skipped\n", b->dev.name);
        return rc;
    }
    if ((rc = virtio_pci_setup_queue(&b->vp, 0, &b->vq))) {
        printk("dom0: %s: no request queue (error %d); skipped\n", b->dev.name, rc);
        return rc;
    }
    if (!(b->dma = dma_alloc(1, &maddr))) {
        printk("dom0: %s: no memory for requests; skipped\n", b->dev.name);
        return -ENOMEM;
    }
    b->dev.sectors = virtio_pci_config32(&b->vp, CFG_CAPACITY) |
                     (uint64_t)virtio_pci_config32(&b->vp, CFG_CAPACITY + 4) << 32;
    b->dev.read_only = b->vp.features & VIRTIO_BLK_F_RO;
    seg_max = b->vp.features & VIRTIO_BLK_F_SEG_MAX ? virtio_pci_config32(&b->vp, CFG_SEG_MAX)
                                                    : 1;
    b->data_segs = seg_max == 0 ? 1 : seg_max < VBLK_DATA_SEGS ? seg_max : VBLK_DATA_SEGS;
    if (b->data_segs + 2 > b->vq.size)
        b->data_segs = b->vq.size > 2 ? b->vq.size - 2u : 1;
    attach_irq(b, p);
    virtio_pci_ready(&b->vp);
    return 0;
}

static int vblk_probe(struct pci_dev *p)
{
    struct vblk *b;
    int rc;

    if (nr_disks == VBLK_MAX_DISKS)
        return -ENOSPC;
    if (!(b = calloc(1, sizeof(*b))))
        return -ENOMEM;
    snprintf(b->dev.name, sizeof(b->dev.name), "vd%c", 'a' + nr_disks);
    b->dev.ops = &vblk_ops;
    b->dev.priv = b;
    if ((rc = setup(b, p))) {
        virtio_pci_fail(&b->vp);
        return rc; /* what setup allocated stays: the device may still point at it */
    }
    nr_disks++;
    printk("dom0: %s: virtio-blk, %llu MiB (%llu sectors), %s%s, %s\n", b->dev.name,
           (unsigned long long)(b->dev.sectors >> 11), (unsigned long long)b->dev.sectors,
           b->dev.read_only ? "read-only" : "read-write",
           b->vp.features & VIRTIO_BLK_F_FLUSH ? ", write cache flushed on request" : "",
           b->polling ? "polled" : "interrupt-driven");
    return blkdev_register(&b->dev);
}

/* Transitional virtio-blk (0x1001); modern-only is 0x1042, and is told
 * apart by its missing I/O BAR. */
const struct pci_driver virtio_blk_driver = {
    .name = "virtio-blk", .vendor = VIRTIO_PCI_VENDOR,
    .device_first = 0x1001, .device_last = 0x1001, .probe = vblk_probe,
};
