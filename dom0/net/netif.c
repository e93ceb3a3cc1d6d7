/*
 * Interfaces, the ARP cache and ping (dom0/netif.h). Replies to pings
 * and ARP requests are sent from the receive path; a ping waits in the
 * shell's thread for its reply or its timeout.
 */
#include <keel/errno.h>
#include <keel/string.h>
#include <dom0/netif.h>
#include <dom0/sched.h>
#include <dom0/time.h>

#define ARP_ENTRIES 16
#define ARP_WAIT_NS 1000000000ull
#define PING_ID     0x4b65      /* "Ke": dom0's one pinger */

static struct netif *interfaces;

static struct arp_entry {
    uint32_t ip;                /* 0: free */
    uint8_t mac[ETH_ALEN];
} arp_cache[ARP_ENTRIES];
static unsigned int arp_next;   /* the entry replaced next */

static struct waitq net_wait;   /* ARP answers and echo replies */
static struct {
    bool waiting, got;
    uint16_t seq;
    struct inet_event reply;
    uint64_t at;
} ping;

int netif_register(struct netif *nif)
{
    struct netif **tail = &interfaces;

    if (netif_find(nif->name))
        return -EEXIST;
    while (*tail)
        tail = &(*tail)->next;
    nif->next = NULL;
    *tail = nif;
    return 0;
}

struct netif *netif_find(const char *name)
{
    for (struct netif *n = interfaces; n; n = n->next)
        if (!strcmp(n->name, name))
            return n;
    return NULL;
}

void netif_walk(void (*fn)(struct netif *nif, void *arg), void *arg)
{
    for (struct netif *n = interfaces; n; n = n->next)
        fn(n, arg);
}

static void send(struct netif *nif, const uint8_t *frame, size_t len)
{
    if (nif->ops->transmit(nif, frame, len) == 0)
        nif->tx_packets++;
    else
        nif->tx_dropped++;
}

static struct arp_entry *arp_lookup(uint32_t ip)
{
    for (unsigned int i = 0; i < ARP_ENTRIES; i++)
        if (arp_cache[i].ip == ip)
            return &arp_cache[i];
    return NULL;
}

static void arp_learn(uint32_t ip, const uint8_t *mac)
{
    struct arp_entry *e = arp_lookup(ip);

    if (!e) {
        e = &arp_cache[arp_next];
        arp_next = (arp_next + 1) % ARP_ENTRIES;
    }
    e->ip = ip;
    memcpy(e->mac, mac, ETH_ALEN);
    waitq_wake_all(&net_wait);
}

void netif_input(struct netif *nif, const uint8_t *frame, size_t len)
{
    uint8_t reply[ETH_FRAME_MAX];
    struct inet_event ev;
    size_t n = inet_input(&nif->in, frame, len, reply, &ev);

    nif->rx_packets++;
    if (n)
        send(nif, reply, n);
    if (ev.kind == INET_ARP_LEARNED) {
        arp_learn(ev.ip, ev.mac);
    } else if (ev.kind == INET_ECHO_REPLY && ping.waiting && ev.id == PING_ID &&
               ev.seq == ping.seq) {
        ping.reply = ev;
        ping.got = true;
        ping.at = now_ns();
        waitq_wake_all(&net_wait);
    }
}

/* The configured interface on ip's network. */
static struct netif *route(uint32_t ip)
{
    for (struct netif *n = interfaces; n; n = n->next)
        if (n->in.ip && ((n->in.ip ^ ip) & n->netmask) == 0)
            return n;
    return NULL;
}

/* ip's MAC, asking once and waiting up to a second. */
static struct arp_entry *resolve(struct netif *nif, uint32_t ip)
{
    uint64_t deadline = now_ns() + ARP_WAIT_NS;
    uint8_t frame[ETH_FRAME_MAX];
    struct arp_entry *e = arp_lookup(ip);

    if (e)
        return e;
    send(nif, frame, inet_arp_request(&nif->in, ip, frame));
    while (!(e = arp_lookup(ip)) && now_ns() < deadline)
        waitq_sleep_until(&net_wait, deadline);
    return e;
}

int netif_ping(uint32_t ip, uint16_t seq, size_t data_len, uint64_t timeout_ns,
               struct inet_event *reply, uint64_t *rtt_ns)
{
    uint8_t frame[ETH_FRAME_MAX];
    struct netif *nif = route(ip);
    struct arp_entry *e;
    uint64_t sent, deadline;
    size_t len;

    if (!nif || !(e = resolve(nif, ip)))
        return -EHOSTUNREACH;
    if (!(len = inet_echo_request(&nif->in, ip, e->mac, PING_ID, seq, data_len, frame)))
        return -EINVAL;
    ping.waiting = true;
    ping.got = false;
    ping.seq = seq;
    sent = now_ns();
    deadline = sent + timeout_ns;
    send(nif, frame, len);
    while (!ping.got && now_ns() < deadline)
        waitq_sleep_until(&net_wait, deadline);
    ping.waiting = false;
    if (!ping.got)
        return -ETIMEDOUT;
    *reply = ping.reply;
    *rtt_ns = ping.at - sent;
    return 0;
}
