/*
 * Unit tests for dom0's split virtqueue (dom0/drivers/virtqueue.c), with
 * the device played by the test: it walks the available ring and the
 * descriptor chains as a virtio device would, and writes used entries,
 * honest or not.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <dom0/virtqueue.h>
#include <keel/errno.h>

#define QSIZE 8

static void *ring;
static void *cookies[QSIZE];
static struct virtqueue vq;
static uint16_t dev_avail;      /* the device's next avail entry */
static int tokens[64];

static int setup(void **state)
{
    (void)state;
    ring = aligned_alloc(VRING_ALIGN, (vring_bytes(QSIZE) + VRING_ALIGN - 1) & ~(size_t)(VRING_ALIGN - 1));
    assert_non_null(ring);
    memset(ring, 0, vring_bytes(QSIZE));
    dev_avail = 0;
    assert_int_equal(virtqueue_init(&vq, QSIZE, ring, cookies), 0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(ring);
    return 0;
}

/* The device takes the next request: its chain length and head. */
static unsigned int device_take(uint16_t *head, struct vring_desc *chain)
{
    uint16_t d;
    unsigned int n = 0;

    assert_true(dev_avail != vq.avail->idx);
    *head = d = vq.avail->ring[dev_avail++ % QSIZE];
    for (;;) {
        assert_true(d < QSIZE);
        chain[n++] = vq.desc[d];
        if (!(vq.desc[d].flags & VRING_DESC_F_NEXT))
            return n;
        assert_true(n < QSIZE);
        d = vq.desc[d].next;
    }
}

static void device_complete(uint32_t id, uint32_t len)
{
    vq.used->ring[vq.used->idx % QSIZE] = (struct vring_used_elem){ id, len };
    vq.used->idx++;
}

static void add(unsigned int n, int *token)
{
    struct vq_buf bufs[QSIZE];

    for (unsigned int i = 0; i < n; i++)
        bufs[i] = (struct vq_buf){ .addr = 0x1000u * (i + 1), .len = 16 * (i + 1),
                                   .device_writes = i == n - 1 };
    assert_int_equal(virtqueue_add(&vq, bufs, n, token), 0);
}

static void test_layout_is_legacy(void **state)
{
    (void)state;
    /* 8 entries: 128 bytes of descriptors, 22 of avail ring, used at 4096. */
    assert_int_equal(vring_bytes(QSIZE), 4096 + 6 + 8 * QSIZE);
    assert_ptr_equal((char *)vq.used, (char *)ring + 4096);
    assert_ptr_equal((char *)vq.avail, (char *)ring + 16 * QSIZE);
    /* QEMU's default 256-entry queue: three pages. */
    assert_int_equal((vring_bytes(256) + 4095) / 4096, 3);
}

static void test_init_refuses_bad_sizes(void **state)
{
    struct virtqueue q;

    (void)state;
    assert_int_equal(virtqueue_init(&q, 0, ring, cookies), -EINVAL);
    assert_int_equal(virtqueue_init(&q, 6, ring, cookies), -EINVAL);
}

static void test_request_round_trip(void **state)
{
    struct vring_desc chain[QSIZE];
    uint16_t head;
    uint32_t len;

    (void)state;
    assert_null(virtqueue_get_used(&vq, &len));
    add(3, &tokens[0]);
    assert_int_equal(vq.nr_free, QSIZE - 3);
    assert_int_equal(device_take(&head, chain), 3);
    assert_int_equal(chain[0].addr, 0x1000);
    assert_int_equal(chain[1].len, 32);
    assert_int_equal(chain[0].flags, VRING_DESC_F_NEXT);
    assert_int_equal(chain[2].flags, VRING_DESC_F_WRITE);
    device_complete(head, 48);
    assert_ptr_equal(virtqueue_get_used(&vq, &len), &tokens[0]);
    assert_int_equal(len, 48);
    assert_int_equal(vq.nr_free, QSIZE);
    assert_null(virtqueue_get_used(&vq, &len));
}

static void test_full_queue_and_out_of_order_completion(void **state)
{
    struct vring_desc chain[QSIZE];
    uint16_t heads[4];
    uint32_t len;
    struct vq_buf one = { .addr = 1, .len = 1 };

    (void)state;
    for (int i = 0; i < 4; i++)
        add(2, &tokens[i]);
    assert_int_equal(vq.nr_free, 0);
    assert_int_equal(virtqueue_add(&vq, &one, 1, &tokens[9]), -ENOSPC);
    for (int i = 0; i < 4; i++)
        device_take(&heads[i], chain);
    device_complete(heads[2], 0);
    device_complete(heads[0], 0);
    assert_ptr_equal(virtqueue_get_used(&vq, &len), &tokens[2]);
    assert_ptr_equal(virtqueue_get_used(&vq, &len), &tokens[0]);
    /* Freed descriptors are reused, many times round the ring. */
    for (int round = 0; round < 40; round++) {
        uint16_t h;

        add(2, &tokens[10 + round % 20]);
        device_take(&h, chain);
        device_complete(h, 1);
        assert_ptr_equal(virtqueue_get_used(&vq, &len), &tokens[10 + round % 20]);
    }
    device_complete(heads[1], 0);
    device_complete(heads[3], 0);
    assert_ptr_equal(virtqueue_get_used(&vq, &len), &tokens[1]);
    assert_ptr_equal(virtqueue_get_used(&vq, &len), &tokens[3]);
    assert_int_equal(vq.nr_free, QSIZE);
    assert_int_equal(vq.bad_used, 0);
}

static void test_bad_device_entries_are_skipped(void **state)
{
    struct vring_desc chain[QSIZE];
    uint16_t head;
    uint32_t len;

    (void)state;
    add(2, &tokens[0]);
    device_take(&head, chain);
    device_complete(QSIZE + 5, 0);      /* no such descriptor */
    device_complete((head + 1) % QSIZE, 0);  /* not a head in flight */
    device_complete(head, 7);
    device_complete(head, 7);           /* the same request twice */
    assert_ptr_equal(virtqueue_get_used(&vq, &len), &tokens[0]);
    assert_null(virtqueue_get_used(&vq, &len));
    assert_int_equal(vq.bad_used, 3);
    assert_int_equal(vq.nr_free, QSIZE);
}

static void test_add_refuses_nothing_and_null_cookie(void **state)
{
    struct vq_buf one = { .addr = 1, .len = 1 };

    (void)state;
    assert_int_equal(virtqueue_add(&vq, &one, 0, &tokens[0]), -EINVAL);
    assert_int_equal(virtqueue_add(&vq, &one, 1, NULL), -EINVAL);
    assert_int_equal(vq.avail->idx, 0);
}

static void test_notify_follows_the_device_flag(void **state)
{
    (void)state;
    assert_true(virtqueue_needs_notify(&vq));
    vq.used->flags = VRING_USED_F_NO_NOTIFY;
    assert_false(virtqueue_needs_notify(&vq));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_layout_is_legacy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_init_refuses_bad_sizes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_request_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_full_queue_and_out_of_order_completion, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_bad_device_entries_are_skipped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_add_refuses_nothing_and_null_cookie, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_notify_follows_the_device_flag, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
