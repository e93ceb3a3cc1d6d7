/*
 * Unit tests for dom0's ARP/IPv4/ICMP echo (dom0/net/inet.c) and the
 * ifconfig address words (dom0/net/ifconfig.c). Frames are built by the
 * code under test and fed back, then broken byte by byte: inet_input
 * must answer exactly what deserves an answer and read nothing past len
 * (the frames sit in heap blocks of their exact size for ASan).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <dom0/ifconfig.h>
#include <dom0/inet.h>
#include <keel/errno.h>

#define IP(a, b, c, d) ((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))

static const struct inet_if me = { { 0x52, 0x54, 0, 0x12, 0x34, 0x56 }, IP(10, 0, 2, 15) };
static const struct inet_if peer = { { 0x52, 0x55, 0x0a, 0, 2, 2 }, IP(10, 0, 2, 2) };

/* Feed len bytes of frame, copied to a block of exactly that size. */
static size_t feed(const struct inet_if *to, const uint8_t *frame, size_t len, uint8_t *reply,
                   struct inet_event *ev)
{
    uint8_t *copy = malloc(len ? len : 1);
    size_t n;

    assert_non_null(copy);
    memcpy(copy, frame, len);
    n = inet_input(to, copy, len, reply, ev);
    free(copy);
    return n;
}

static void test_checksum(void **state)
{
    /* RFC 1071's example words sum to 0xddf2, so the checksum is ~. */
    static const uint8_t data[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };

    (void)state;
    assert_int_equal(inet_checksum(data, sizeof(data)), (uint16_t)~0xddf2);
    assert_int_equal(inet_checksum(data, 0), 0xffff);
}

static void test_arp_request_answered_and_peer_learned(void **state)
{
    uint8_t req[ETH_FRAME_MAX], reply[ETH_FRAME_MAX];
    struct inet_event ev;
    size_t len = inet_arp_request(&peer, me.ip, req), n;

    (void)state;
    assert_int_equal(len, ETH_FRAME_MIN);
    n = feed(&me, req, len, reply, &ev);
    assert_int_equal(n, ETH_FRAME_MIN);
    assert_int_equal(ev.kind, INET_ARP_LEARNED);
    assert_int_equal(ev.ip, peer.ip);
    assert_memory_equal(ev.mac, peer.mac, ETH_ALEN);
    assert_memory_equal(reply, peer.mac, ETH_ALEN);  /* unicast back */
    /* The reply teaches the peer our address, and is not answered. */
    assert_int_equal(feed(&peer, reply, n, req, &ev), 0);
    assert_int_equal(ev.kind, INET_ARP_LEARNED);
    assert_int_equal(ev.ip, me.ip);
    assert_memory_equal(ev.mac, me.mac, ETH_ALEN);
}

static void test_arp_for_someone_else_is_not_answered(void **state)
{
    uint8_t req[ETH_FRAME_MAX], reply[ETH_FRAME_MAX];
    struct inet_event ev;
    size_t len = inet_arp_request(&peer, IP(10, 0, 2, 99), req);

    (void)state;
    assert_int_equal(feed(&me, req, len, reply, &ev), 0);
}

static void test_echo_round_trip(void **state)
{
    uint8_t req[ETH_FRAME_MAX], reply[ETH_FRAME_MAX], back[ETH_FRAME_MAX];
    struct inet_event ev;
    size_t len = inet_echo_request(&peer, me.ip, me.mac, 0x4b65, 7, 56, req), n;

    (void)state;
    assert_int_equal(len, ETH_HLEN + 20 + 8 + 56);
    n = feed(&me, req, len, reply, &ev);
    assert_int_equal(n, len);
    assert_int_equal(ev.kind, INET_NONE);
    assert_int_equal(feed(&peer, reply, n, back, &ev), 0);
    assert_int_equal(ev.kind, INET_ECHO_REPLY);
    assert_int_equal(ev.ip, me.ip);
    assert_int_equal(ev.id, 0x4b65);
    assert_int_equal(ev.seq, 7);
    assert_int_equal(ev.ttl, 64);
    assert_int_equal(ev.data_len, 56);
    /* Largest payload fits one frame; one more byte does not. */
    assert_int_equal(inet_echo_request(&peer, me.ip, me.mac, 1, 1, 1472, req), ETH_FRAME_MAX);
    assert_int_equal(inet_echo_request(&peer, me.ip, me.mac, 1, 1, 1473, req), 0);
}

static void test_every_truncation_and_bit_flip_is_safe(void **state)
{
    uint8_t req[ETH_FRAME_MAX], bad[ETH_FRAME_MAX], reply[ETH_FRAME_MAX];
    struct inet_event ev;
    size_t len = inet_echo_request(&peer, me.ip, me.mac, 1, 2, 32, req);

    (void)state;
    for (size_t cut = 0; cut < len; cut++)
        feed(&me, req, cut, reply, &ev);
    for (size_t i = 0; i < len; i++) {
        for (int bit = 0; bit < 8; bit++) {
            memcpy(bad, req, len);
            bad[i] ^= (uint8_t)(1 << bit);
            size_t n = feed(&me, bad, len, reply, &ev);
            /* A flip in the IP or ICMP part fails a checksum: no reply
             * (except in the MAC source and padding-free fields no check
             * covers). */
            if (i >= ETH_HLEN)
                assert_int_equal(n, 0);
        }
    }
    /* Not for us, unconfigured, oversized: nothing. */
    struct inet_if other = me, unset = me;

    other.mac[5] ^= 1;
    unset.ip = 0;
    assert_int_equal(feed(&other, req, len, reply, &ev), 0);
    assert_int_equal(feed(&unset, req, len, reply, &ev), 0);
}

static void test_parse_addr(void **state)
{
    uint32_t a;

    (void)state;
    assert_int_equal(inet_parse_addr("10.0.2.15", &a), 0);
    assert_int_equal(a, IP(10, 0, 2, 15));
    assert_int_equal(inet_parse_addr("255.255.255.255", &a), 0);
    assert_int_equal(inet_parse_addr("256.0.0.1", &a), -EINVAL);
    assert_int_equal(inet_parse_addr("10.0.2", &a), -EINVAL);
    assert_int_equal(inet_parse_addr("10.0.2.15.1", &a), -EINVAL);
    assert_int_equal(inet_parse_addr("10..2.15", &a), -EINVAL);
    assert_int_equal(inet_parse_addr("0010.0.2.15", &a), -EINVAL);
    assert_int_equal(inet_parse_addr("", &a), -EINVAL);
}

static void test_ifconfig_words(void **state)
{
    uint32_t ip, mask;
    const char *why;

    (void)state;
    assert_int_equal(ifconfig_parse("inet 10.0.2.15 netmask 255.255.255.0", &ip, &mask, &why), 0);
    assert_int_equal(ip, IP(10, 0, 2, 15));
    assert_int_equal(mask, 0xffffff00u);
    assert_int_equal(ifconfig_parse("  inet 192.168.1.2/16 ", &ip, &mask, &why), 0);
    assert_int_equal(mask, 0xffff0000u);
    assert_int_equal(ifconfig_parse("inet 10.1.2.3 netmask 0xfffffff0", &ip, &mask, &why), 0);
    assert_int_equal(mask, 0xfffffff0u);
    assert_int_equal(ifconfig_parse("inet 10.1.2.3", &ip, &mask, &why), 0);
    assert_int_equal(mask, 0xffffff00u);
    assert_int_equal(ifconfig_parse("inet6 ::1", &ip, &mask, &why), -EINVAL);
    assert_string_equal(why, "expected 'inet ADDRESS'");
    assert_int_equal(ifconfig_parse("inet", &ip, &mask, &why), -EINVAL);
    assert_string_equal(why, "no address after 'inet'");
    assert_int_equal(ifconfig_parse("inet 10.0.2.15/33", &ip, &mask, &why), -EINVAL);
    assert_string_equal(why, "bad prefix length");
    assert_int_equal(ifconfig_parse("inet 10.0.2.15 netmask 255.0.255.0", &ip, &mask, &why),
                     -EINVAL);
    assert_string_equal(why, "bad netmask");
    assert_int_equal(ifconfig_parse("inet 0.0.0.0", &ip, &mask, &why), -EINVAL);
    assert_string_equal(why, "bad address");
    assert_int_equal(ifconfig_parse("inet 10.0.2.15 up", &ip, &mask, &why), -EINVAL);
    assert_string_equal(why, "unexpected words after the address");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_checksum),
        cmocka_unit_test(test_arp_request_answered_and_peer_learned),
        cmocka_unit_test(test_arp_for_someone_else_is_not_answered),
        cmocka_unit_test(test_echo_round_trip),
        cmocka_unit_test(test_every_truncation_and_bit_flip_is_safe),
        cmocka_unit_test(test_parse_addr),
        cmocka_unit_test(test_ifconfig_words),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
