/* Shell commands on dom0's network: ifconfig and ping, as on NetBSD. */
#include <stdbool.h>
#include <keel/errno.h>
#include <keel/string.h>
#include <dom0/console.h>
#include <dom0/getopt.h>
#include <dom0/ifconfig.h>
#include <dom0/netif.h>
#include <dom0/sched.h>
#include <dom0/shell.h>
#include <dom0/time.h>

#define PING_TIMEOUT_NS 1000000000ull
#define PING_GAP_NS     1000000000ull

static void print_addr(const char *label, uint32_t a)
{
    printk("%s%u.%u.%u.%u", label, a >> 24, a >> 16 & 0xff, a >> 8 & 0xff, a & 0xff);
}

static void show(struct netif *n, void *arg)
{
    const uint8_t *m = n->in.mac;

    (void)arg;
    printk("%s: flags=<UP,BROADCAST,RUNNING>\n", n->name);
    printk("\taddress: %02x:%02x:%02x:%02x:%02x:%02x\n", m[0], m[1], m[2], m[3], m[4], m[5]);
    if (n->in.ip) {
        print_addr("\tinet ", n->in.ip);
        print_addr(" netmask ", n->netmask);
        printk("\n");
    }
    printk("\tpackets: %llu in, %llu out, %llu dropped out\n",
           (unsigned long long)n->rx_packets, (unsigned long long)n->tx_packets,
           (unsigned long long)n->tx_dropped);
}

int netif_set_address(struct netif *n, const char *args, const char **why)
{
    uint32_t ip, mask;
    int rc = ifconfig_parse(args, &ip, &mask, why);

    if (rc == 0) {
        n->in.ip = ip;
        n->netmask = mask;
    }
    return rc;
}

/* ifconfig [-a] | ifconfig IF | ifconfig IF inet ADDR [netmask MASK] */
int cmd_ifconfig(int argc, char **argv)
{
    struct netif *n;
    char args[128] = "";
    const char *why;

    if (argc == 1 || (argc == 2 && !strcmp(argv[1], "-a"))) {
        netif_walk(show, NULL);
        return 0;
    }
    if (!(n = netif_find(argv[1]))) {
        printk("ifconfig: %s: no such interface\n", argv[1]);
        return 1;
    }
    if (argc == 2) {
        show(n, NULL);
        return 0;
    }
    for (int i = 2; i < argc; i++)
        snprintf(args + strlen(args), sizeof(args) - strlen(args), "%s%s", i > 2 ? " " : "",
                 argv[i]);
    if (netif_set_address(n, args, &why)) {
        printk("ifconfig: %s\n", why);
        return 1;
    }
    return 0;
}

struct ping_stats {
    unsigned int sent, received;
    uint64_t min, max, sum;
};

static void ping_one(uint32_t ip, uint16_t seq, size_t size, struct ping_stats *st)
{
    struct inet_event r;
    uint64_t rtt;
    int rc = netif_ping(ip, seq, size, PING_TIMEOUT_NS, &r, &rtt);

    st->sent++;
    if (rc == -EHOSTUNREACH) {
        printk("ping: sendto: No route to host\n");
        return;
    }
    if (rc)
        return; /* a timeout shows in the loss at the end, as on NetBSD */
    st->received++;
    st->min = st->received == 1 || rtt < st->min ? rtt : st->min;
    st->max = rtt > st->max ? rtt : st->max;
    st->sum += rtt;
    printk("%zu bytes from ", r.data_len + 8);
    print_addr("", r.ip);
    printk(": icmp_seq=%u ttl=%u time=%llu.%03llu ms\n", r.seq, r.ttl,
           (unsigned long long)(rtt / 1000000), (unsigned long long)(rtt / 1000 % 1000));
}

static void ms(uint64_t ns)
{
    printk("%llu.%03llu", (unsigned long long)(ns / 1000000),
           (unsigned long long)(ns / 1000 % 1000));
}

/* Decimal digits only, at most max. */
static bool parse_number(const char *s, unsigned long max, unsigned long *out)
{
    unsigned long v = 0;

    if (!*s)
        return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > (max - (unsigned long)(*s - '0')) / 10)
            return false;
        v = v * 10 + (unsigned long)(*s - '0');
    }
    *out = v;
    return true;
}

/* ping [-c COUNT] [-s SIZE] HOST: HOST is an address (dom0 has no DNS). */
int cmd_ping(int argc, char **argv)
{
    struct ping_stats st = { 0 };
    unsigned long count = 4, size = 56;
    struct getopt g;
    uint32_t ip;
    int c;

    getopt_init(&g);
    while ((c = getopt_next(&g, argc, argv, "c:s:")) != -1) {
        bool ok = c == 'c' ? parse_number(g.arg, 1000000, &count) && count
                  : c == 's' && parse_number(g.arg, 1472, &size);

        if (!ok) {
            printk("usage: ping [-c count] [-s size (0-1472)] host\n");
            return 1;
        }
    }
    if (g.ind != argc - 1 || inet_parse_addr(argv[g.ind], &ip)) {
        printk("usage: ping [-c count] [-s size (0-1472)] host\n");
        return 1;
    }
    printk("PING %s (%s): %lu data bytes\n", argv[g.ind], argv[g.ind], size);
    for (unsigned long i = 0; i < count; i++) {
        uint64_t next = now_ns() + PING_GAP_NS;

        ping_one(ip, (uint16_t)i, size, &st);
        if (i + 1 < count)
            while (now_ns() < next)
                sleep_ns(next - now_ns());
    }
    printk("\n----%s PING Statistics----\n", argv[g.ind]);
    printk("%u packets transmitted, %u packets received, %u.0%% packet loss\n", st.sent,
           st.received, (st.sent - st.received) * 100 / st.sent);
    if (st.received) {
        printk("round-trip min/avg/max = ");
        ms(st.min);
        printk("/");
        ms(st.sum / st.received);
        printk("/");
        ms(st.max);
        printk(" ms\n");
    }
    return st.received ? 0 : 2;
}
