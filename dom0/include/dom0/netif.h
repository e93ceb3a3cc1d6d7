/*
 * dom0's network interfaces (vioif0, ...): a driver registers one and
 * hands it every frame it receives; dom0's own IPv4 (dom0/inet.h)
 * answers ARP and pings for the interface's address and lets the shell
 * ping. Receive runs from the driver's interrupt handler, which may not
 * sleep: a frame that cannot be answered at once is dropped, as a NIC
 * would.
 */
#ifndef DOM0_NETIF_H
#define DOM0_NETIF_H

#include <stddef.h>
#include <stdint.h>

#include <dom0/inet.h>

#define NETIF_NAME_MAX 15

struct netif;

struct netif_ops {
    /* Queue one frame; 0, or -EAGAIN when the device has no room. */
    int (*transmit)(struct netif *nif, const void *frame, size_t len);
};

struct netif {
    char name[NETIF_NAME_MAX + 1];
    struct inet_if in;          /* MAC and address */
    uint32_t netmask;
    const struct netif_ops *ops;
    void *priv;
    uint64_t rx_packets, tx_packets, tx_dropped;
    struct netif *next;
};

int netif_register(struct netif *nif);
struct netif *netif_find(const char *name);
void netif_walk(void (*fn)(struct netif *nif, void *arg), void *arg);

/* A frame arrived on nif (called by its driver). */
void netif_input(struct netif *nif, const uint8_t *frame, size_t len);

/* Set nif's address from ifconfig's words ("inet 10.0.2.15/24"): 0, or
 * -EINVAL with *why. */
int netif_set_address(struct netif *nif, const char *args, const char **why);

/* Send one echo request to ip and wait up to timeout_ns for its reply:
 * 0 with the reply's details and the round trip, -ETIMEDOUT,
 * -EHOSTUNREACH (no interface on ip's network, or no ARP answer). */
int netif_ping(uint32_t ip, uint16_t seq, size_t data_len, uint64_t timeout_ns,
               struct inet_event *reply, uint64_t *rtt_ns);

#endif
