/* The split virtqueue's driver side (dom0/virtqueue.h). */
#include <keel/errno.h>
#include <keel/string.h>
#include <dom0/virtqueue.h>

static size_t align_up(size_t v, size_t a)
{
    return (v + a - 1) & ~(a - 1);
}

/* The descriptor table and available ring (with its used_event word). */
static size_t driver_part(uint16_t size)
{
    return sizeof(struct vring_desc) * size + sizeof(uint16_t) * (3u + size);
}

size_t vring_bytes(uint16_t size)
{
    return align_up(driver_part(size), VRING_ALIGN) +
           sizeof(uint16_t) * 3 + sizeof(struct vring_used_elem) * size;
}

int virtqueue_init(struct virtqueue *vq, uint16_t size, void *ring, void **cookies)
{
    if (size == 0 || size > 32768 || (size & (size - 1)))
        return -EINVAL;
    vq->size = size;
    vq->desc = ring;
    vq->avail = (struct vring_avail *)((char *)ring + sizeof(struct vring_desc) * size);
    vq->used = (struct vring_used *)((char *)ring + align_up(driver_part(size), VRING_ALIGN));
    vq->cookies = cookies;
    memset(cookies, 0, sizeof(*cookies) * size);
    for (uint16_t i = 0; i + 1 < size; i++)
        vq->desc[i].next = i + 1;
    vq->free_head = 0;
    vq->nr_free = size;
    vq->last_used = 0;
    vq->bad_used = 0;
    return 0;
}

int virtqueue_add(struct virtqueue *vq, const struct vq_buf *bufs, unsigned int n,
                  void *cookie)
{
    uint16_t head = vq->free_head, d = head, idx;

    if (n == 0 || !cookie)
        return -EINVAL;
    if (n > vq->nr_free)
        return -ENOSPC;
    for (unsigned int i = 0; i < n; i++) {
        struct vring_desc *desc = &vq->desc[d];

        desc->addr = bufs[i].addr;
        desc->len = bufs[i].len;
        desc->flags = (uint16_t)((bufs[i].device_writes ? VRING_DESC_F_WRITE : 0) |
                                 (i + 1 < n ? VRING_DESC_F_NEXT : 0));
        if (i + 1 < n)
            d = desc->next;
    }
    vq->free_head = vq->desc[d].next;
    vq->nr_free = (uint16_t)(vq->nr_free - n);
    vq->cookies[head] = cookie;
    idx = vq->avail->idx;
    vq->avail->ring[idx & (vq->size - 1)] = head;
    /* The device may look as soon as idx moves: the entry goes first. */
    __atomic_store_n(&vq->avail->idx, (uint16_t)(idx + 1), __ATOMIC_RELEASE);
    return 0;
}

bool virtqueue_needs_notify(const struct virtqueue *vq)
{
    /* The new idx must be visible before the device's flag is read. */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    return !(__atomic_load_n(&vq->used->flags, __ATOMIC_ACQUIRE) & VRING_USED_F_NO_NOTIFY);
}

/* Return the chain at head to the free list. */
static void free_chain(struct virtqueue *vq, uint16_t head)
{
    uint16_t d = head, n = 1;

    while ((vq->desc[d].flags & VRING_DESC_F_NEXT) && n < vq->size) {
        d = vq->desc[d].next & (uint16_t)(vq->size - 1);
        n++;
    }
    vq->desc[d].next = vq->free_head;
    vq->free_head = head;
    vq->nr_free = (uint16_t)(vq->nr_free + n);
}

void *virtqueue_get_used(struct virtqueue *vq, uint32_t *len)
{
    while (vq->last_used != __atomic_load_n(&vq->used->idx, __ATOMIC_ACQUIRE)) {
        struct vring_used_elem e = vq->used->ring[vq->last_used & (vq->size - 1)];
        void *cookie;

        vq->last_used++;
        if (e.id >= vq->size || !(cookie = vq->cookies[e.id])) {
            vq->bad_used++;
            continue;
        }
        vq->cookies[e.id] = NULL;
        free_chain(vq, (uint16_t)e.id);
        *len = e.len;
        return cookie;
    }
    return NULL;
}
