/* ARP, IPv4 and ICMP echo on Ethernet frames (dom0/inet.h). */
#include <keel/errno.h>
#include <keel/string.h>
#include <dom0/inet.h>

#define ETHERTYPE_IP  0x0800
#define ETHERTYPE_ARP 0x0806
#define ARP_LEN       28
#define ARP_REQUEST   1
#define ARP_REPLY     2
#define IP_HLEN       20
#define IPPROTO_ICMP  1
#define ICMP_HLEN     8
#define ICMP_ECHO_REPLY   0
#define ICMP_ECHO_REQUEST 8
#define TTL           64

static const uint8_t broadcast[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t get32(const uint8_t *p) { return (uint32_t)get16(p) << 16 | get16(p + 2); }
static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static void put32(uint8_t *p, uint32_t v) { put16(p, (uint16_t)(v >> 16)); put16(p + 2, (uint16_t)v); }

uint16_t inet_checksum(const void *data, size_t len)
{
    const uint8_t *p = data;
    uint32_t sum = 0;

    for (size_t i = 0; i + 1 < len; i += 2)
        sum += get16(p + i);
    if (len & 1)
        sum += (uint32_t)p[len - 1] << 8;
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

static size_t eth_header(uint8_t *out, const uint8_t *dst, const uint8_t *src, uint16_t type)
{
    memcpy(out, dst, ETH_ALEN);
    memcpy(out + ETH_ALEN, src, ETH_ALEN);
    put16(out + 12, type);
    return ETH_HLEN;
}

/* Short frames are padded to Ethernet's minimum. */
static size_t pad(uint8_t *out, size_t len)
{
    if (len < ETH_FRAME_MIN) {
        memset(out + len, 0, ETH_FRAME_MIN - len);
        len = ETH_FRAME_MIN;
    }
    return len;
}

static size_t arp(const struct inet_if *me, uint16_t op, const uint8_t *dst_mac,
                  const uint8_t *target_mac, uint32_t target_ip, uint8_t *out)
{
    uint8_t *a = out + eth_header(out, dst_mac, me->mac, ETHERTYPE_ARP);

    put16(a, 1);                 /* Ethernet */
    put16(a + 2, ETHERTYPE_IP);
    a[4] = ETH_ALEN;
    a[5] = 4;
    put16(a + 6, op);
    memcpy(a + 8, me->mac, ETH_ALEN);
    put32(a + 14, me->ip);
    memcpy(a + 18, target_mac, ETH_ALEN);
    put32(a + 24, target_ip);
    return pad(out, ETH_HLEN + ARP_LEN);
}

size_t inet_arp_request(const struct inet_if *me, uint32_t ip, uint8_t *out)
{
    static const uint8_t unknown[ETH_ALEN];

    return arp(me, ARP_REQUEST, broadcast, unknown, ip, out);
}

static size_t arp_input(const struct inet_if *me, const uint8_t *a, size_t len, uint8_t *reply,
                        struct inet_event *ev)
{
    uint16_t op;

    if (len < ARP_LEN || get16(a) != 1 || get16(a + 2) != ETHERTYPE_IP || a[4] != ETH_ALEN ||
        a[5] != 4)
        return 0;
    op = get16(a + 6);
    if (op != ARP_REQUEST && op != ARP_REPLY)
        return 0;
    if (get32(a + 14) && me->ip) {
        ev->kind = INET_ARP_LEARNED;
        ev->ip = get32(a + 14);
        memcpy(ev->mac, a + 8, ETH_ALEN);
    }
    if (op == ARP_REQUEST && me->ip && get32(a + 24) == me->ip)
        return arp(me, ARP_REPLY, a + 8, a + 8, get32(a + 14), reply);
    return 0;
}

/* An IPv4 header from me to dst, protocol ICMP, payload bytes after it. */
static void ip_header(uint8_t *ip, uint32_t src, uint32_t dst, size_t payload)
{
    memset(ip, 0, IP_HLEN);
    ip[0] = 0x45;
    put16(ip + 2, (uint16_t)(IP_HLEN + payload));
    ip[8] = TTL;
    ip[9] = IPPROTO_ICMP;
    put32(ip + 12, src);
    put32(ip + 16, dst);
    put16(ip + 10, inet_checksum(ip, IP_HLEN));
}

static size_t echo(const struct inet_if *me, uint8_t type, uint32_t ip, const uint8_t *mac,
                   uint16_t id, uint16_t seq, const uint8_t *data, size_t data_len,
                   uint8_t *out)
{
    uint8_t *iph = out + eth_header(out, mac, me->mac, ETHERTYPE_IP);
    uint8_t *icmp = iph + IP_HLEN;

    icmp[0] = type;
    icmp[1] = 0;
    put16(icmp + 2, 0);
    put16(icmp + 4, id);
    put16(icmp + 6, seq);
    if (data)
        memmove(icmp + ICMP_HLEN, data, data_len);
    else
        for (size_t i = 0; i < data_len; i++)
            icmp[ICMP_HLEN + i] = (uint8_t)i;
    put16(icmp + 2, inet_checksum(icmp, ICMP_HLEN + data_len));
    ip_header(iph, me->ip, ip, ICMP_HLEN + data_len);
    return pad(out, ETH_HLEN + IP_HLEN + ICMP_HLEN + data_len);
}

size_t inet_echo_request(const struct inet_if *me, uint32_t ip, const uint8_t *mac,
                         uint16_t id, uint16_t seq, size_t data_len, uint8_t *out)
{
    if (data_len > ETH_FRAME_MAX - ETH_HLEN - IP_HLEN - ICMP_HLEN)
        return 0;
    return echo(me, ICMP_ECHO_REQUEST, ip, mac, id, seq, NULL, data_len, out);
}

static size_t icmp_input(const struct inet_if *me, const uint8_t *frame, const uint8_t *ip,
                         const uint8_t *icmp, size_t len, uint8_t *reply,
                         struct inet_event *ev)
{
    if (len < ICMP_HLEN || inet_checksum(icmp, len) != 0)
        return 0;
    if (icmp[0] == ICMP_ECHO_REPLY && icmp[1] == 0) {
        *ev = (struct inet_event){ .kind = INET_ECHO_REPLY, .ip = get32(ip + 12),
                                   .id = get16(icmp + 4), .seq = get16(icmp + 6),
                                   .ttl = ip[8], .data_len = len - ICMP_HLEN };
        return 0;
    }
    if (icmp[0] == ICMP_ECHO_REQUEST && icmp[1] == 0)
        return echo(me, ICMP_ECHO_REPLY, get32(ip + 12), frame + ETH_ALEN, get16(icmp + 4),
                    get16(icmp + 6), icmp + ICMP_HLEN, len - ICMP_HLEN, reply);
    return 0;
}

static size_t ip_input(const struct inet_if *me, const uint8_t *frame, const uint8_t *ip,
                       size_t len, uint8_t *reply, struct inet_event *ev)
{
    size_t hlen, total;

    if (len < IP_HLEN || ip[0] >> 4 != 4)
        return 0;
    hlen = (size_t)(ip[0] & 0xf) * 4;
    total = get16(ip + 2);
    if (hlen < IP_HLEN || total < hlen || total > len || inet_checksum(ip, hlen) != 0)
        return 0;
    if (get16(ip + 6) & 0x3fff)   /* a fragment (MF or an offset): not for dom0 */
        return 0;
    if (!me->ip || get32(ip + 16) != me->ip || ip[9] != IPPROTO_ICMP)
        return 0;
    return icmp_input(me, frame, ip, ip + hlen, total - hlen, reply, ev);
}

size_t inet_input(const struct inet_if *me, const uint8_t *frame, size_t len,
                  uint8_t *reply, struct inet_event *ev)
{
    ev->kind = INET_NONE;
    if (len < ETH_HLEN || len > ETH_FRAME_MAX)
        return 0;
    if (memcmp(frame, me->mac, ETH_ALEN) && memcmp(frame, broadcast, ETH_ALEN))
        return 0;
    switch (get16(frame + 12)) {
    case ETHERTYPE_ARP:
        return arp_input(me, frame + ETH_HLEN, len - ETH_HLEN, reply, ev);
    case ETHERTYPE_IP:
        return ip_input(me, frame, frame + ETH_HLEN, len - ETH_HLEN, reply, ev);
    default:
        return 0;
    }
}

int inet_parse_addr(const char *s, uint32_t *out)
{
    uint32_t addr = 0;

    for (int part = 0; part < 4; part++) {
        uint32_t v = 0;
        int digits = 0;

        /* Decimal only: a leading zero would read as octal elsewhere. */
        if (s[0] == '0' && s[1] >= '0' && s[1] <= '9')
            return -EINVAL;
        while (*s >= '0' && *s <= '9' && digits < 4) {
            v = v * 10 + (uint32_t)(*s++ - '0');
            digits++;
        }
        if (!digits || v > 255 || (part < 3 ? *s++ != '.' : *s != '\0'))
            return -EINVAL;
        addr = addr << 8 | v;
    }
    *out = addr;
    return 0;
}
