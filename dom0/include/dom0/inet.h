/*
 * The little IPv4 dom0 speaks on its interfaces: enough to be pinged and
 * to ping (ARP, IPv4 without options or fragments, ICMP echo). Pure logic
 * on Ethernet frames, so that every malformed packet is tested on the
 * host: inet_input never reads past len and drops what it does not
 * understand. Addresses are in host byte order.
 */
#ifndef DOM0_INET_H
#define DOM0_INET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ETH_ALEN      6
#define ETH_HLEN      14
#define ETH_FRAME_MAX 1514      /* without the FCS */
#define ETH_FRAME_MIN 60

/* One interface's identity. */
struct inet_if {
    uint8_t mac[ETH_ALEN];
    uint32_t ip;                /* 0: unconfigured, answers nothing */
};

/* What a received frame meant, besides any reply. */
struct inet_event {
    enum { INET_NONE, INET_ARP_LEARNED, INET_ECHO_REPLY } kind;
    uint32_t ip;                /* the peer */
    uint8_t mac[ETH_ALEN];      /* ARP: the peer's */
    uint16_t id, seq;           /* echo reply */
    uint8_t ttl;
    size_t data_len;            /* echo reply payload bytes */
};

/*
 * Handle frame (len bytes) received on interface me: fill *ev, and if it
 * calls for an answer (an ARP request for me->ip, an echo request to it)
 * build it in reply (ETH_FRAME_MAX bytes) and return its length; else 0.
 * An ARP request or reply from a peer is reported as INET_ARP_LEARNED.
 */
size_t inet_input(const struct inet_if *me, const uint8_t *frame, size_t len,
                  uint8_t *reply, struct inet_event *ev);

/* An ARP request for ip from me, in out; its length. */
size_t inet_arp_request(const struct inet_if *me, uint32_t ip, uint8_t *out);

/* An ICMP echo request to (ip, mac) with data_len bytes of pattern; its
 * length, or 0 if it would not fit one frame. */
size_t inet_echo_request(const struct inet_if *me, uint32_t ip, const uint8_t *mac,
                         uint16_t id, uint16_t seq, size_t data_len, uint8_t *out);

/* The Internet checksum of len bytes. */
uint16_t inet_checksum(const void *data, size_t len);

/* "a.b.c.d" to an address: 0 or -EINVAL. */
int inet_parse_addr(const char *s, uint32_t *out);

#endif
