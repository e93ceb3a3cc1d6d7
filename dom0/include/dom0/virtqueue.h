/*
 * A virtio split virtqueue in the legacy layout (virtio 0.9.5 / 1.0
 * "legacy interface"): the descriptor table, then the available ring,
 * then, at the next 4 KiB boundary, the used ring, all in one block the
 * device finds by its page number. Pure logic: the caller gives the
 * memory, the machine addresses of the buffers, and rings the doorbell.
 *
 * Invariants: a descriptor is either on the free list or in exactly one
 * chain the device owns; cookies[head] is non-NULL exactly while the
 * chain starting at head is the device's. The device is not trusted to
 * be sane: a used entry naming a descriptor that is not the head of an
 * outstanding chain is counted in bad_used and skipped.
 */
#ifndef DOM0_VIRTQUEUE_H
#define DOM0_VIRTQUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VRING_DESC_F_NEXT  1
#define VRING_DESC_F_WRITE 2   /* the device writes this buffer */
#define VRING_USED_F_NO_NOTIFY 1
#define VRING_ALIGN 4096

struct vring_desc {
    uint64_t addr;      /* machine address */
    uint32_t len;
    uint16_t flags;     /* VRING_DESC_F_* */
    uint16_t next;      /* with VRING_DESC_F_NEXT */
};

struct vring_avail {
    uint16_t flags;
    uint16_t idx;       /* where the driver puts the next head */
    uint16_t ring[];
};

struct vring_used_elem {
    uint32_t id;        /* head of the chain done */
    uint32_t len;       /* bytes the device wrote */
};

struct vring_used {
    uint16_t flags;     /* VRING_USED_F_NO_NOTIFY */
    uint16_t idx;
    struct vring_used_elem ring[];
};

/* One buffer of a request. */
struct vq_buf {
    uint64_t addr;
    uint32_t len;
    bool device_writes;
};

struct virtqueue {
    uint16_t size;              /* entries: a power of two */
    struct vring_desc *desc;
    struct vring_avail *avail;
    struct vring_used *used;
    void **cookies;             /* size entries, by head descriptor */
    uint16_t free_head;
    uint16_t nr_free;
    uint16_t last_used;         /* next used entry to look at */
    uint64_t bad_used;          /* used entries the device got wrong */
};

/* Bytes the rings of a queue of size entries take (legacy layout). */
size_t vring_bytes(uint16_t size);

/* Lay out the rings in ring (vring_bytes(size), zeroed, VRING_ALIGN
 * aligned); cookies has size entries. -EINVAL unless size is a power of
 * two from 1 to 32768. */
int virtqueue_init(struct virtqueue *vq, uint16_t size, void *ring, void **cookies);

/* Give the device one request of n buffers (those it reads first):
 * -ENOSPC if fewer than n descriptors are free, -EINVAL for n == 0 or a
 * NULL cookie. The device sees it once the caller notifies. */
int virtqueue_add(struct virtqueue *vq, const struct vq_buf *bufs, unsigned int n,
                  void *cookie);

/* Whether the device asked to be notified of new requests. */
bool virtqueue_needs_notify(const struct virtqueue *vq);

/* The cookie of the next request the device finished (and the bytes it
 * wrote in *len), its descriptors freed; NULL when there is none. */
void *virtqueue_get_used(struct virtqueue *vq, uint32_t *len);

#endif
