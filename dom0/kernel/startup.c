/*
 * Start-up, in the order NetBSD's rc.d scripts imply for a Xen dom0:
 * the root filesystem (the initrd), the drivers, /etc/rc.conf, the
 * services it enables, then the shell. Each step logs one line; a step
 * that fails says why and the next still runs, so that a bad initrd
 * still leaves a shell to look at it with. The steps run in their own
 * thread, "rc", so that they may wait for disks and domains.
 */
#include <stdint.h>
#include <keel/errno.h>
#include <keel/inflate.h>
#include <keel/string.h>
#include <dom0/alloc.h>
#include <dom0/console.h>
#include <dom0/consoled.h>
#include <dom0/dom_exc.h>
#include <dom0/layout.h>
#include <dom0/netif.h>
#include <dom0/pages.h>
#include <dom0/pci.h>
#include <dom0/portio.h>
#include <dom0/ramfs.h>
#include <dom0/rc_conf.h>
#include <dom0/sched.h>
#include <dom0/shell.h>
#include <dom0/startup.h>
#include <dom0/vfs.h>
#include <dom0/virtio_blk.h>
#include <dom0/virtio_net.h>
#include <dom0/xenstored.h>
#include <dom0/xl.h>

#define RC_CONF "/etc/rc.conf"

static uint64_t heap_free_bytes(void)
{
    return (uint64_t)pages_free_count() * PAGE_SIZE;
}

/* gzip's trailer holds the size modulo 2^32; an initrd is far smaller,
 * and inflate checks it against what comes out anyway. */
static uint32_t gzip_size(const uint8_t *gz, size_t len)
{
    return len < 18 ? 0 : (uint32_t)gz[len - 4] | (uint32_t)gz[len - 3] << 8 |
                          (uint32_t)gz[len - 2] << 16 | (uint32_t)gz[len - 1] << 24;
}

static int unpack_initrd(const uint8_t *mod, size_t len, char *err, size_t err_len)
{
    struct vfs_unpack_stats st = { 0 };
    uint8_t *cpio = NULL;
    size_t cpio_len = len;
    int rc;

    if (len >= 2 && mod[0] == 0x1f && mod[1] == 0x8b) {
        size_t cap = gzip_size(mod, len);

        if (cap > heap_free_bytes() / 2) {
            snprintf(err, err_len, "gzip says %zu bytes, more than dom0 can hold", cap);
            return -1;
        }
        if (!(cpio = malloc(cap ? cap : 1))) {
            snprintf(err, err_len, "no memory for %zu bytes", cap);
            return -1;
        }
        rc = inflate_gzip(mod, len, cpio, cap, &cpio_len, err, err_len);
        if (rc) {
            free(cpio);
            return rc;
        }
        mod = cpio;
    }
    rc = vfs_unpack_cpio("/", mod, cpio_len, &st, err, err_len);
    free(cpio);
    if (rc == 0)
        printk("dom0: root: initrd (%zu KiB), %u files in %u directories%s%s\n",
               cpio_len / 1024, st.files, st.dirs, err[0] ? "; " : "", err);
    return rc;
}

static void mount_root(const start_info_t *si)
{
    struct vfs_fs *root = ramfs_new(heap_free_bytes);
    char err[160] = "";
    int rc;

    if (!root || vfs_init_root(root)) {
        printk("dom0: root: cannot start the RAM filesystem: out of memory\n");
        return;
    }
    if (!si->mod_start || !si->mod_len) {
        printk("dom0: root: no initrd (the second boot module): an empty /\n");
        return;
    }
    rc = unpack_initrd((const uint8_t *)si->mod_start, si->mod_len, err, sizeof(err));
    if (rc)
        printk("dom0: root: initrd unusable (%s); what was unpacked stays\n", err);
}

static void rc_conf_report(void *arg, unsigned int line, const char *msg)
{
    (void)arg;
    printk("dom0: " RC_CONF ":%u: %s; line ignored\n", line, msg);
}

static void read_rc_conf(struct rc_conf *rc)
{
    struct vfs_stat st;
    char *text = NULL;
    long n = vfs_stat(RC_CONF, &st);

    rc_conf_init(rc);
    if (n == 0 && !(text = malloc(st.size + 1)))
        n = -ENOMEM;
    if (n == 0)
        n = vfs_read(RC_CONF, 0, text, st.size);
    if (n < 0) {
        printk("dom0: " RC_CONF ": %s; starting nothing\n", vfs_strerror((int)n));
        free(text);
        return;
    }
    rc_conf_parse(rc, text, (size_t)n, rc_conf_report, NULL);
    free(text);
    printk("dom0: " RC_CONF ": xencommons=%s xendomains=\"%s\"\n",
           rc_conf_enabled(rc, "xencommons") ? "YES" : "NO",
           rc_conf_get(rc, "xendomains") ? rc_conf_get(rc, "xendomains") : "");
}

static struct rc_conf rc;

/* rc.conf's ifconfig_IF="inet ADDR ..." for each interface found. */
static void configure_interface(struct netif *n, void *arg)
{
    char key[sizeof("ifconfig_") + NETIF_NAME_MAX];
    const char *args, *why;

    (void)arg;
    snprintf(key, sizeof(key), "ifconfig_%s", n->name);
    if (!(args = rc_conf_get(&rc, key))) {
        printk("dom0: %s: no %s in " RC_CONF "; left unconfigured\n", n->name, key);
        return;
    }
    if (netif_set_address(n, args, &why))
        printk("dom0: " RC_CONF ": %s=\"%s\": %s; left unconfigured\n", key, args, why);
    else
        printk("dom0: %s: %s\n", n->name, args);
}

/* xencommons: the services every domU needs: xenstored and the console
 * backend, both told of domains' deaths through VIRQ_DOM_EXC. */
static void start_xencommons(void)
{
    int err;

    if (!rc_conf_enabled(&rc, "xencommons")) {
        printk("dom0: xencommons=NO: no xenstored, so no domU can use xenstore\n");
        return;
    }
    if ((err = dom_exc_init()))
        printk("dom0: VIRQ_DOM_EXC: cannot bind (error %d); domains' deaths go unseen\n", err);
    err = xenstored_start();
    if (err)
        printk("dom0: xenstored: cannot start (error %d)\n", err);
    else
        printk("dom0: xenstored: running\n");
    err = consoled_start();
    if (err)
        printk("dom0: xenconsoled: cannot start (%s)\n", vfs_strerror(err));
    else
        printk("dom0: xenconsoled: running, guests' output logged in " CONSOLED_LOG_DIR "\n");
}

const char *dom0_hostname(void)
{
    const char *name = rc_conf_get(&rc, "hostname");

    return name && *name ? name : "dom0";
}

/* The hardware dom0 drives for everyone; what is missing is reported. */
static void start_drivers(void)
{
    static const struct pci_driver *const drivers[] = { &virtio_blk_driver,
                                                        &virtio_net_driver };
    int rc = portio_init();

    if (rc) {
        printk("dom0: drivers: no I/O privilege (error %d); no devices\n", rc);
        return;
    }
    pci_scan(drivers, sizeof(drivers) / sizeof(drivers[0]));
}

static void rc_main(void *arg)
{
    const start_info_t *si = arg;

    mount_root(si);
    start_drivers();
    read_rc_conf(&rc);
    netif_walk(configure_interface, NULL);
    start_xencommons();
    xl_lifecycle_start();
    xendomains_start(rc_conf_get(&rc, "xendomains"));
    if (!thread_create("shell", shell_main, NULL))
        printk("dom0: no memory for the shell\n");
}

void startup(const start_info_t *si)
{
    console_input_init();
    if (!thread_create("rc", rc_main, (void *)si))
        printk("dom0: no memory for the start-up thread\n");
}
