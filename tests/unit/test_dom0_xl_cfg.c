/*
 * Unit tests for dom0's xl.cfg parser (dom0/xl/xl_cfg*.c): the NetBSD Xen
 * HowTo's configs, every key, every disk and vif form, each error with its
 * exact FILE:LINE:COL message, overrides, and random input.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <dom0/xl_cfg.h>

#define DOM0_ALLOC_FAULT_CONTROL
#include "dom0_alloc_fault.h"
#include "xorshift.h"

#define FILE_NAME "/etc/keel/foo.cfg"
#define BASE "name = 'd'\nkernel = '/k'\n"     /* 2 lines */

static struct xl_domain_cfg cfg;
static struct xl_cfg_diag diag;

/* Every message: one line, a FILE:LINE:COL: prefix, within its buffer. */
static void check_messages(int rc)
{
    assert_null(strchr(diag.error, '\n'));
    assert_true(strlen(diag.error) < XL_CFG_MSG_MAX);
    if (rc)
        assert_true(!strncmp(diag.error, FILE_NAME ":", strlen(FILE_NAME) + 1)
                    || !strncmp(diag.error, "<command line>:", 15));
    else
        assert_string_equal(diag.error, "");
    assert_true(diag.n_warnings <= XL_CFG_MAX_WARNINGS);
    for (size_t k = 0; k < diag.n_warnings; k++) {
        assert_null(strchr(diag.warning[k], '\n'));
        assert_true(diag.warning[k][0] != '\0');
    }
}

/* The text is copied to a heap block of its exact length, so that ASan
 * sees any read past its end. */
static int parse_n(const char *text, size_t len, const char *const *ov,
                   size_t n_ov)
{
    char *copy = malloc(len ? len : 1);
    int rc;

    assert_non_null(copy);
    memcpy(copy, text, len);
    rc = xl_cfg_parse(FILE_NAME, copy, len, ov, n_ov, &cfg, &diag);
    free(copy);
    check_messages(rc);
    return rc;
}

static int parse_ov(const char *text, const char *const *ov, size_t n_ov)
{
    return parse_n(text, strlen(text), ov, n_ov);
}

static int parse(const char *text)
{
    return parse_ov(text, NULL, 0);
}

static void ok(const char *text)
{
    int rc = parse(text);

    if (rc)
        fail_msg("rc %d: %s", rc, diag.error);
}

static void err(const char *text, int rc, const char *msg)
{
    int got = parse(text);

    if (got != rc || strcmp(diag.error, msg))
        fail_msg("for %s\n got %d '%s'\nwant %d '%s'", text, got, diag.error,
                 rc, msg);
}

static void warned(size_t k, const char *msg)
{
    assert_true(k < diag.n_warnings);
    assert_string_equal(diag.warning[k], msg);
}

static void assert_mac(const uint8_t *mac, uint8_t a, uint8_t b, uint8_t c,
                       uint8_t d, uint8_t e, uint8_t f)
{
    const uint8_t want[6] = { a, b, c, d, e, f };

    assert_memory_equal(mac, want, 6);
}

/* --- The NetBSD Xen HowTo's configs -------------------------------------- */

static void test_howto_current(void **state)
{
    (void)state;
    ok("name = \"domU-id\"\n"
       "kernel = \"/netbsd-XEN3PAE_DOMU-i386-foo.gz\"\n"
       "memory = 1024\n"
       "vif = [ 'mac=aa:00:00:d1:00:09,bridge=bridge0' ]\n"
       "disk = [ 'file:/n0/xen/foo-wd0,0x0,w',\n"
       "'file:/n0/xen/foo-wd1,0x1,w' ]\n");
    assert_string_equal(cfg.name, "domU-id");
    assert_string_equal(cfg.kernel, "/netbsd-XEN3PAE_DOMU-i386-foo.gz");
    assert_string_equal(cfg.ramdisk, "");
    assert_string_equal(cfg.cmdline, "");
    assert_int_equal(cfg.memory_mb, 1024);
    assert_int_equal(cfg.maxmem_mb, 1024);
    assert_int_equal(cfg.vcpus, 1);
    assert_int_equal(cfg.maxvcpus, 1);
    assert_int_equal(cfg.n_vifs, 1);
    assert_true(cfg.vifs[0].mac_set);
    assert_mac(cfg.vifs[0].mac, 0xaa, 0, 0, 0xd1, 0, 9);
    assert_string_equal(cfg.vifs[0].bridge, "bridge0");
    assert_int_equal(cfg.n_disks, 2);
    for (unsigned int k = 0; k < 2; k++) {
        const struct xl_disk_cfg *d = &cfg.disks[k];

        assert_string_equal(d->target, k ? "/n0/xen/foo-wd1"
                                         : "/n0/xen/foo-wd0");
        assert_string_equal(d->prefix, "file");
        assert_string_equal(d->vdev_name, k ? "0x1" : "0x0");
        assert_int_equal(d->vdev, k);
        assert_false(d->readonly);
        assert_false(d->cdrom);
        assert_int_equal(d->format, XL_DISK_FORMAT_RAW);
        assert_int_equal(d->backend, XL_DISK_BACKEND_AUTO);
    }
    assert_int_equal(diag.n_warnings, 0);
}

/* rev 1.145 (xm days): no name=, which xl requires; an override gives it. */
static const char howto_old[] =
    "# -*- mode: python; -*-\n"
    "\n"
    "kernel = \"/netbsd-XEN3PAE_DOMU-i386-foo.gz\"\n"
    "memory = 1024\n"
    "vif = [ 'mac=aa:00:00:d1:00:09,bridge=bridge0' ]\n"
    "disk = [ 'file:/n0/xen/foo-wd0,0x0,w',\n"
    "         'file:/n0/xen/foo-wd1,0x1,w' ]\n";

static void test_howto_old_needs_name(void **state)
{
    const char *ov[] = { "name=\"foo\"" };

    (void)state;
    err(howto_old, -EINVAL, FILE_NAME ":1:1: no name given: name = \"...\" "
        "is required");
    assert_int_equal(parse_ov(howto_old, ov, 1), 0);
    assert_string_equal(cfg.name, "foo");
    assert_int_equal(cfg.n_disks, 2);
    assert_int_equal(cfg.disks[1].vdev, 1);
}

static void test_howto_cdrom_install(void **state)
{
    (void)state;
    ok(BASE "kernel = \"/home/bouyer/netbsd-INSTALL_XEN3_DOMU\"\n"
       "disk = [ 'phy:/dev/wd0e,0x1,w', 'phy:/dev/cd0a,0x2,r' ]\n");
    assert_string_equal(cfg.kernel, "/home/bouyer/netbsd-INSTALL_XEN3_DOMU");
    assert_int_equal(cfg.n_disks, 2);
    assert_string_equal(cfg.disks[0].target, "/dev/wd0e");
    assert_string_equal(cfg.disks[0].prefix, "phy");
    assert_int_equal(cfg.disks[0].backend, XL_DISK_BACKEND_PHY);
    assert_int_equal(cfg.disks[0].vdev, 1);
    assert_false(cfg.disks[0].readonly);
    assert_string_equal(cfg.disks[1].target, "/dev/cd0a");
    assert_int_equal(cfg.disks[1].vdev, 2);
    assert_true(cfg.disks[1].readonly);
}

static void test_howto_linux(void **state)
{
    (void)state;
    ok(BASE "disk = [ 'phy:/dev/wd0e,0x300,w' ]\n"
       "root = \"/dev/hda1 ro\"\n"
       "extra = \"xencons=tty1\"\n");
    assert_int_equal(cfg.disks[0].vdev, 0x300);
    assert_string_equal(cfg.root, "/dev/hda1 ro");
    assert_string_equal(cfg.extra, "xencons=tty1");
    assert_string_equal(cfg.cmdline, "root=/dev/hda1 ro xencons=tty1");
}

static void test_howto_pci_and_nat(void **state)
{
    (void)state;
    ok(BASE "pci = [ '0000:00:06.0', '0000:00:0a.0' ]\n"
       "vif = [ '' ]\n");
    assert_int_equal(cfg.n_pci, 2);
    assert_string_equal(cfg.pci[0], "0000:00:06.0");
    assert_string_equal(cfg.pci[1], "0000:00:0a.0");
    assert_int_equal(cfg.n_vifs, 1);
    assert_false(cfg.vifs[0].mac_set);
    assert_string_equal(cfg.vifs[0].bridge, "");
}

/* --- Keys ---------------------------------------------------------------- */

static void test_defaults(void **state)
{
    (void)state;
    ok(BASE);
    assert_string_equal(cfg.name, "d");
    assert_string_equal(cfg.kernel, "/k");
    assert_int_equal(cfg.memory_mb, 128);
    assert_int_equal(cfg.maxmem_mb, 128);
    assert_int_equal(cfg.vcpus, 1);
    assert_int_equal(cfg.maxvcpus, 1);
    assert_false(cfg.cpus_set);
    assert_true(cfg.cpumap == ~0ull);
    assert_int_equal(cfg.n_vcpu_cpumaps, 0);
    assert_int_equal(cfg.cpu_weight, 256);
    assert_int_equal(cfg.cap, 0);
    assert_int_equal(cfg.on_poweroff, XL_ACTION_DESTROY);
    assert_int_equal(cfg.on_reboot, XL_ACTION_RESTART);
    assert_int_equal(cfg.on_crash, XL_ACTION_DESTROY);
    assert_int_equal(cfg.n_disks, 0);
    assert_int_equal(cfg.n_vifs, 0);
    assert_int_equal(cfg.n_pci, 0);
    assert_string_equal(cfg.cmdline, "");
    assert_int_equal(diag.n_warnings, 0);
}

static void test_every_key(void **state)
{
    (void)state;
    ok("name = \"web-1.example_x\"\n"
       "type = \"pv\"\n"
       "kernel = \"/xen/netbsd-XEN3_DOMU.gz\"\n"
       "ramdisk = \"/xen/miniroot.kmod\"\n"
       "cmdline = \"root=xbd0a console=hvc0\"\n"
       "memory = 512\n"
       "maxmem = 1024\n"
       "vcpus = 2\n"
       "maxvcpus = 4\n"
       "cpus = \"0-3,5\"\n"
       "cpu_weight = 512\n"
       "cap = 150\n"
       "on_poweroff = \"preserve\"\n"
       "on_reboot = \"rename-restart\"\n"
       "on_crash = \"coredump-restart\"\n"
       "vif = [ 'mac=00:16:3E:74:3d:76,model=rtl8139,bridge=xenbr0',\n"
       "        'ip=10.0.0.2 10.0.0.3,vifname=web0,script=vif-bridge,"
       "type=vif,mtu=9000' ]\n"
       "disk = [ 'phy:/dev/wd1e,xvda,w', 'file:/xen/data.img,xvdb,r' ]\n"
       "pci = [ '0000:00:06.0' ]\n"
       "bootloader = \"\"\n");
    assert_string_equal(cfg.name, "web-1.example_x");
    assert_string_equal(cfg.kernel, "/xen/netbsd-XEN3_DOMU.gz");
    assert_string_equal(cfg.ramdisk, "/xen/miniroot.kmod");
    assert_string_equal(cfg.cmdline, "root=xbd0a console=hvc0");
    assert_int_equal(cfg.memory_mb, 512);
    assert_int_equal(cfg.maxmem_mb, 1024);
    assert_int_equal(cfg.vcpus, 2);
    assert_int_equal(cfg.maxvcpus, 4);
    assert_true(cfg.cpus_set);
    assert_true(cfg.cpumap == 0x2f);
    assert_int_equal(cfg.cpu_weight, 512);
    assert_int_equal(cfg.cap, 150);
    assert_int_equal(cfg.on_poweroff, XL_ACTION_PRESERVE);
    assert_int_equal(cfg.on_reboot, XL_ACTION_RENAME_RESTART);
    assert_int_equal(cfg.on_crash, XL_ACTION_COREDUMP_RESTART);
    assert_int_equal(cfg.n_vifs, 2);
    assert_mac(cfg.vifs[0].mac, 0x00, 0x16, 0x3e, 0x74, 0x3d, 0x76);
    assert_string_equal(cfg.vifs[0].model, "rtl8139");
    assert_string_equal(cfg.vifs[0].bridge, "xenbr0");
    assert_false(cfg.vifs[1].mac_set);
    assert_string_equal(cfg.vifs[1].ip, "10.0.0.2 10.0.0.3");
    assert_string_equal(cfg.vifs[1].vifname, "web0");
    assert_string_equal(cfg.vifs[1].script, "vif-bridge");
    assert_string_equal(cfg.vifs[1].type, "vif");
    assert_int_equal(cfg.vifs[1].mtu, 9000);
    assert_int_equal(cfg.n_disks, 2);
    assert_int_equal(cfg.disks[0].vdev, 51712);
    assert_int_equal(cfg.disks[1].vdev, 51728);
    assert_true(cfg.disks[1].readonly);
    assert_int_equal(cfg.n_pci, 1);
    assert_int_equal(diag.n_warnings, 0);
}

static void test_actions(void **state)
{
    static const char *const names[] = {
        "destroy", "restart", "preserve", "rename-restart",
        "coredump-destroy", "coredump-restart", "soft-reset",
    };
    char text[160];

    (void)state;
    for (unsigned int k = 0; k < 7; k++) {
        snprintf(text, sizeof(text), BASE "on_poweroff = '%s'\n"
                 "on_reboot = '%s'\non_crash = '%s'\n", names[k], names[k],
                 names[k]);
        ok(text);
        assert_int_equal(cfg.on_poweroff, k);
        assert_int_equal(cfg.on_reboot, k);
        assert_int_equal(cfg.on_crash, k);
    }
    err(BASE "on_crash = 'reboot'\n", -EINVAL, FILE_NAME ":3:12: unknown "
        "on_crash action 'reboot' (destroy, restart, preserve, "
        "rename-restart, coredump-destroy, coredump-restart or soft-reset)");
}

static void test_memory(void **state)
{
    (void)state;
    ok(BASE "memory = 256\n");
    assert_int_equal(cfg.memory_mb, 256);
    assert_int_equal(cfg.maxmem_mb, 256);
    ok(BASE "memory = \"256\"\n");         /* as xl: atoms are text */
    assert_int_equal(cfg.memory_mb, 256);
    ok(BASE "memory = 0x100\nmaxmem = 010000\n");
    assert_int_equal(cfg.memory_mb, 256);
    assert_int_equal(cfg.maxmem_mb, 4096);
    ok(BASE "memory = 256\nmaxmem = 256\n");
    ok(BASE "maxmem = 64\n");              /* as libxl: memory = maxmem */
    assert_int_equal(cfg.memory_mb, 64);
    assert_int_equal(cfg.maxmem_mb, 64);
    err(BASE "memory = 256\nmaxmem = 128\n", -EINVAL, FILE_NAME ":4:10: "
        "maxmem (128 MiB) is less than memory (256 MiB)");
    err(BASE "memory = 0\n", -EINVAL, FILE_NAME ":3:10: memory 0 is out of "
        "range (1 to 16777216)");
    err(BASE "memory = 16777217\n", -EINVAL, FILE_NAME ":3:10: memory "
        "16777217 is out of range (1 to 16777216)");
    err(BASE "memory = 99999999999999999999999\n", -EINVAL, FILE_NAME
        ":3:10: memory 99999999999999999999999 is out of range (1 to "
        "16777216)");
    err(BASE "memory = 'lots'\n", -EINVAL, FILE_NAME ":3:10: 'memory' wants "
        "a number, not 'lots'");
    err(BASE "memory = ' 12'\n", -EINVAL, FILE_NAME ":3:10: 'memory' wants "
        "a number, not ' 12'");
    err(BASE "memory = [ 1 ]\n", -EINVAL, FILE_NAME ":3:10: 'memory' wants "
        "a number, not a list");
}

static void test_vcpus(void **state)
{
    (void)state;
    ok(BASE "vcpus = 4\n");
    assert_int_equal(cfg.vcpus, 4);
    assert_int_equal(cfg.maxvcpus, 4);
    ok(BASE "vcpus = 2\nmaxvcpus = 32\n");
    assert_int_equal(cfg.maxvcpus, 32);
    err(BASE "vcpus = 4\nmaxvcpus = 2\n", -EINVAL, FILE_NAME ":4:12: "
        "maxvcpus (2) is less than vcpus (4)");
    err(BASE "vcpus = 0\n", -EINVAL, FILE_NAME ":3:9: vcpus 0 is out of "
        "range (1 to 32)");
    err(BASE "maxvcpus = 33\n", -EINVAL, FILE_NAME ":3:12: maxvcpus 33 is "
        "out of range (1 to 32)");
}

static void test_weight_and_cap(void **state)
{
    (void)state;
    ok(BASE "cpu_weight = 1\ncap = 0\n");
    assert_int_equal(cfg.cpu_weight, 1);
    ok(BASE "cpu_weight = 65535\ncap = 400\n");
    assert_int_equal(cfg.cpu_weight, 65535);
    assert_int_equal(cfg.cap, 400);
    err(BASE "cpu_weight = 0\n", -EINVAL, FILE_NAME ":3:14: cpu_weight 0 "
        "is out of range (1 to 65535)");
    err(BASE "cpu_weight = 65536\n", -EINVAL, FILE_NAME ":3:14: cpu_weight "
        "65536 is out of range (1 to 65535)");
    err(BASE "cap = 65536\n", -EINVAL, FILE_NAME ":3:7: cap 65536 is out of "
        "range (0 to 65535)");
}

static void test_cpus(void **state)
{
    (void)state;
    ok(BASE "cpus = \"all\"\n");
    assert_true(cfg.cpus_set);
    assert_true(cfg.cpumap == ~0ull);
    ok(BASE "cpus = \"0-3,5,^1\"\n");
    assert_true(cfg.cpumap == 0x2d);
    ok(BASE "cpus = \"all,^7\"\n");
    assert_true(cfg.cpumap == ~0x80ull);
    ok(BASE "cpus = \" 63 , 0 \"\n");
    assert_true(cfg.cpumap == (1ull << 63 | 1));
    ok(BASE "cpus = 3\n");
    assert_true(cfg.cpumap == 8);
    ok(BASE "vcpus = 2\ncpus = [ '2', '3-8,^5' ]\n");
    assert_int_equal(cfg.n_vcpu_cpumaps, 2);
    assert_true(cfg.vcpu_cpumap[0] == 0x4);
    assert_true(cfg.vcpu_cpumap[1] == 0x1d8);
    assert_true(cfg.cpumap == 0x1dc);
    ok(BASE "cpus = []\n");
    assert_false(cfg.cpus_set);
    assert_true(cfg.cpumap == ~0ull);

    /* More vCPUs listed than the domain has: a warning, the rest dropped. */
    ok(BASE "cpus = [ '0', '1', '2' ]\nvcpus = 2\n");
    assert_int_equal(cfg.n_vcpu_cpumaps, 2);
    assert_true(cfg.cpumap == 3);
    warned(0, FILE_NAME ":3:8: cpus lists 3 vCPUs but the domain has 2; the "
           "others are ignored");

    err(BASE "cpus = \"^2\"\n", -EINVAL, FILE_NAME ":3:8: CPU list '^2' "
        "selects no CPU");
    err(BASE "cpus = \"1,64\"\n", -EINVAL, FILE_NAME ":3:11: bad CPU list "
        "'1,64': CPU number out of range (0-63)");
    err(BASE "cpus = \"3-1\"\n", -EINVAL, FILE_NAME ":3:9: bad CPU list "
        "'3-1': a range that goes backwards");
    err(BASE "cpus = \"nodes:0-3\"\n", -EINVAL, FILE_NAME ":3:9: bad CPU "
        "list 'nodes:0-3': NUMA node lists (node:, nodes:) are not "
        "supported");
    err(BASE "cpus = \"1,,2\"\n", -EINVAL, FILE_NAME ":3:11: bad CPU list "
        "'1,,2': an empty item");
    err(BASE "cpus = \"\"\n", -EINVAL, FILE_NAME ":3:9: bad CPU list '': "
        "an empty item");
    err(BASE "cpus = \"1-x\"\n", -EINVAL, FILE_NAME ":3:9: bad CPU list "
        "'1-x': not a CPU number or range");
    err(BASE "cpus = [ '1', [ '2' ] ]\n", -EINVAL, FILE_NAME ":3:15: a "
        "'cpus' entry is a string, not a list");
}

static void test_cpulist_direct(void **state)
{
    uint64_t map;
    size_t off;
    const char *why;

    (void)state;
    assert_int_equal(xl_cpulist_parse("0", &map, &off, &why), 0);
    assert_true(map == 1);
    assert_int_equal(xl_cpulist_parse("0-63", &map, &off, &why), 0);
    assert_true(map == ~0ull);
    assert_int_equal(xl_cpulist_parse("^all,4", &map, &off, &why), 0);
    assert_true(map == 0x10);
    assert_int_equal(xl_cpulist_parse("^2", &map, &off, &why), 0);
    assert_true(map == 0);
    assert_int_equal(xl_cpulist_parse("1, 2-x", &map, &off, &why), -EINVAL);
    assert_int_equal(off, 3);
    assert_string_equal(why, "not a CPU number or range");
    assert_int_equal(xl_cpulist_parse("01", &map, &off, &why), -EINVAL);
    assert_int_equal(xl_cpulist_parse("-1", &map, &off, &why), -EINVAL);
    assert_int_equal(xl_cpulist_parse("99999999999", &map, &off, &why),
                     -EINVAL);
}

static void test_type(void **state)
{
    const char *ov[] = { "type='pv'" };

    (void)state;
    ok(BASE "type = \"pv\"\n");
    ok(BASE "builder = \"generic\"\n");
    err(BASE "type = \"pvh\"\n", -EOPNOTSUPP, FILE_NAME ":3:8: type 'pvh' "
        "is not supported yet");
    err("type = 'hvm'\n" BASE, -EOPNOTSUPP, FILE_NAME ":1:8: type 'hvm' is "
        "not supported yet");
    err(BASE "builder = 'hvm'\n", -EOPNOTSUPP, FILE_NAME ":3:11: builder "
        "'hvm' is not supported yet");
    err(BASE "type = 'xen'\n", -EINVAL, FILE_NAME ":3:8: unknown type 'xen' "
        "(pv, pvh or hvm)");
    err(BASE "builder = 'pv'\n", -EINVAL, FILE_NAME ":3:11: unknown "
        "builder 'pv' (generic or hvm)");
    err(BASE "builder = 'linux'\n", -EINVAL, FILE_NAME ":3:11: unknown "
        "builder 'linux' (generic or hvm)");
    /* type= wins over builder=, and the last type= wins. */
    ok(BASE "builder = 'hvm'\ntype = 'pv'\n");
    assert_int_equal(parse_ov(BASE "type = 'pvh'\n", ov, 1), 0);
}

static void test_bootloader(void **state)
{
    (void)state;
    err(BASE "bootloader = \"pygrub\"\n", -EOPNOTSUPP, FILE_NAME ":3:14: "
        "bootloader 'pygrub' is not supported: give kernel= directly "
        "(pvgrub is not supported either)");
    err("name = 'd'\nbootloader = '/usr/bin/pygrub'\n", -EOPNOTSUPP,
        FILE_NAME ":2:14: bootloader '/usr/bin/pygrub' is not supported: "
        "give kernel= directly (pvgrub is not supported either)");
    ok(BASE "bootloader = 'pygrub'\nbootloader = ''\n");
}

static void test_name(void **state)
{
    char text[200];

    (void)state;
    ok("name = 'a'\nkernel = '/k'\n");
    ok("name = 'x123'\nkernel='/k'\n");
    err("name = 'my vm'\nkernel = '/k'\n", -EINVAL, FILE_NAME ":1:11: name "
        "'my vm': only letters, digits, '-', '_' and '.' are allowed");
    err("name = \"x/y\"\n", -EINVAL, FILE_NAME ":1:10: name 'x/y': only "
        "letters, digits, '-', '_' and '.' are allowed");
    err("name = ''\n", -EINVAL, FILE_NAME ":1:8: the name is empty");
    err("name = 42\n", -EINVAL, FILE_NAME ":1:8: name '42' is all digits, "
        "like a domain id");
    err("name = 'Domain-0'\n", -EINVAL, FILE_NAME ":1:8: name 'Domain-0' is "
        "dom0's");
    snprintf(text, sizeof(text), "name = '%065d'\n", 1);
    err(text, -EINVAL, FILE_NAME ":1:8: 'name' is 65 bytes long; at most 64 "
        "fit");
    snprintf(text, sizeof(text), "name = 'a%063d'\nkernel='/k'\n", 1);
    ok(text);
    assert_int_equal(strlen(cfg.name), 64);
    err("name = [ 'a' ]\n", -EINVAL, FILE_NAME ":1:8: 'name' wants a "
        "string, not a list");
}

static void test_kernel(void **state)
{
    char *text;

    (void)state;
    err("name = 'd'\n", -EINVAL, FILE_NAME ":1:1: no kernel given: kernel = "
        "\"/path\" is required (Keel boots PV kernels directly)");
    err("name = 'd'\nkernel = ''\n", -EINVAL, FILE_NAME ":2:10: kernel is "
        "empty");
    err("", -EINVAL, FILE_NAME ":1:1: no name given: name = \"...\" is "
        "required");

    text = malloc(400);
    assert_non_null(text);
    snprintf(text, 400, "name='d'\nkernel = '/%0256d'\n", 0);
    err(text, -EINVAL, FILE_NAME ":2:10: 'kernel' is 257 bytes long; at most "
        "256 fit");
    snprintf(text, 400, "name='d'\nkernel = '/%0255d'\n", 0);
    ok(text);
    free(text);
}

static void test_cmdline(void **state)
{
    char *text;

    (void)state;
    ok(BASE "root = '/dev/xbd0a'\n");
    assert_string_equal(cfg.cmdline, "root=/dev/xbd0a");
    ok(BASE "extra = 'single'\n");
    assert_string_equal(cfg.cmdline, "single");
    ok(BASE "extra = 'single'\nroot = '/dev/xbd0a ro'\n");
    assert_string_equal(cfg.cmdline, "root=/dev/xbd0a ro single");
    ok(BASE "cmdline = 'console=hvc0'\n");
    assert_string_equal(cfg.cmdline, "console=hvc0");
    assert_int_equal(diag.n_warnings, 0);
    ok(BASE "root = '/dev/xvda1'\ncmdline = 'console=hvc0'\n"
       "extra = 'x'\n");
    assert_string_equal(cfg.cmdline, "console=hvc0");
    assert_string_equal(cfg.root, "/dev/xvda1");
    assert_int_equal(diag.n_warnings, 1);
    warned(0, FILE_NAME ":4:11: root= and extra= are ignored: cmdline= is "
           "given");

    text = malloc(3000);
    assert_non_null(text);
    snprintf(text, 3000, BASE "root = '%01000d'\nextra = '%017d'\n", 0, 0);
    ok(text);
    assert_int_equal(strlen(cfg.cmdline), 1023);
    snprintf(text, 3000, BASE "root = '%01000d'\nextra = '%018d'\n", 0, 0);
    err(text, -EINVAL, FILE_NAME ":3:8: root= and extra= make a command "
        "line of 1024 bytes; at most 1023 fit");
    snprintf(text, 3000, BASE "cmdline = '%01024d'\n", 0);
    err(text, -EINVAL, FILE_NAME ":3:11: 'cmdline' is 1024 bytes long; at "
        "most 1023 fit");
    free(text);
}

static void test_pci(void **state)
{
    (void)state;
    ok(BASE "pci = [ '0000:00:06.0,permissive=1' ]\n");
    assert_string_equal(cfg.pci[0], "0000:00:06.0,permissive=1");
    err(BASE "pci = '0000:00:06.0'\n", -EINVAL, FILE_NAME ":3:7: 'pci' "
        "wants a list, as in pci = [ '...' ]");
    err(BASE "pci = [ '1','2','3','4','5','6','7','8','9' ]\n", -EINVAL,
        FILE_NAME ":3:41: more than 8 pci devices");
}

/* --- Disks --------------------------------------------------------------- */

/* Parses one disk spec (as disk = [ 'SPEC' ]); returns the rc. */
static int disk(const char *spec)
{
    char text[600];

    snprintf(text, sizeof(text), BASE "disk = [ '%s' ]\n", spec);
    return parse(text);
}

static void disk_ok(const char *spec)
{
    if (disk(spec))
        fail_msg("%s: %s", spec, diag.error);
    assert_int_equal(cfg.n_disks, 1);
}

static void disk_err(const char *spec, const char *msg)
{
    char want[600];

    snprintf(want, sizeof(want), FILE_NAME ":3:%s", msg);
    if (disk(spec) != -EINVAL || strcmp(diag.error, want))
        fail_msg("%s:\n got '%s'\nwant '%s'", spec, diag.error, want);
}

static void test_disk_equivalent_forms(void **state)
{
    static const char *const plain[] = {
        "/dev/vg/guest-volume,,hda",
        "/dev/vg/guest-volume,raw,hda,rw",
        "format=raw, vdev=hda, access=rw, target=/dev/vg/guest-volume",
        "raw:/dev/vg/guest-volume,hda,w",
        "/dev/vg/guest-volume,hda,w",        /* old syntax, no prefix */
        "vdev=hda,/dev/vg/guest-volume",
    };
    static const char *const cdrom[] = {
        "/root/image.iso,,hdc,cdrom",
        "/root/image.iso,,hdc,,cdrom",
        "/root/image.iso,raw,hdc,devtype=cdrom",
        "format=raw, vdev=hdc, access=ro, devtype=cdrom, "
            "target=/root/image.iso",
        "raw:/root/image.iso,hdc:cdrom,ro",
    };

    (void)state;
    for (size_t k = 0; k < sizeof(plain) / sizeof(plain[0]); k++) {
        disk_ok(plain[k]);
        assert_string_equal(cfg.disks[0].target, "/dev/vg/guest-volume");
        assert_string_equal(cfg.disks[0].vdev_name, "hda");
        assert_int_equal(cfg.disks[0].vdev, 768);
        assert_int_equal(cfg.disks[0].format, XL_DISK_FORMAT_RAW);
        assert_false(cfg.disks[0].readonly);
        assert_false(cfg.disks[0].cdrom);
    }
    for (size_t k = 0; k < sizeof(cdrom) / sizeof(cdrom[0]); k++) {
        disk_ok(cdrom[k]);
        assert_string_equal(cfg.disks[0].target, "/root/image.iso");
        assert_string_equal(cfg.disks[0].vdev_name, "hdc");
        assert_int_equal(cfg.disks[0].vdev, 22 << 8);
        assert_true(cfg.disks[0].readonly);
        assert_true(cfg.disks[0].cdrom);
    }
    assert_int_equal(diag.n_warnings, 0);
}

static void test_disk_forms(void **state)
{
    const struct xl_disk_cfg *d = &cfg.disks[0];

    (void)state;
    /* An empty cdrom drive, xend's way. */
    disk_ok(",hdc:cdrom,r");
    assert_string_equal(d->target, "");
    assert_true(d->cdrom && d->readonly);
    disk_ok("vdev=xvdc,devtype=cdrom");
    assert_string_equal(d->target, "");

    disk_ok("tap:aio:/xen/img,xvda,w");
    assert_string_equal(d->prefix, "tap:aio");
    assert_int_equal(d->backend, XL_DISK_BACKEND_TAP);
    assert_string_equal(d->target, "/xen/img");

    disk_ok("tap:qcow2:/xen/img.qcow2,xvda,w");
    assert_string_equal(d->prefix, "tap:qcow2");
    assert_int_equal(d->format, XL_DISK_FORMAT_QCOW2);

    disk_ok("/xen/img.vhd,vhd,xvda");
    assert_int_equal(d->format, XL_DISK_FORMAT_VHD);
    assert_string_equal(d->prefix, "");
    disk_ok("format=qcow,/a,xvda");
    assert_int_equal(d->format, XL_DISK_FORMAT_QCOW);
    disk_ok("/a,qed,xvda,ro");
    assert_int_equal(d->format, XL_DISK_FORMAT_QED);
    assert_true(d->readonly);

    /* target= takes the rest: commas, colons, trailing blanks. */
    disk_ok("vdev=xvda, target=/odd,name:x ");
    assert_string_equal(d->target, "/odd,name:x ");

    disk_ok("backendtype=phy,vdev=xvda,target=/dev/wd0e");
    assert_int_equal(d->backend, XL_DISK_BACKEND_PHY);
    disk_ok("/a,,xvda,backendtype=qdisk");
    assert_int_equal(d->backend, XL_DISK_BACKEND_QDISK);
    disk_ok("/a,,xvda,backendtype=tap");
    assert_int_equal(d->backend, XL_DISK_BACKEND_TAP);
    disk_ok("/a,,xvda,backendtype=standalone");
    assert_int_equal(d->backend, XL_DISK_BACKEND_STANDALONE);

    /* A target that is not a path gets /dev/, unless a script reads it. */
    disk_ok("wd0e,,xvda");
    assert_string_equal(d->target, "/dev/wd0e");
    disk_ok("phy:vg0/lv,xvda,w");
    assert_string_equal(d->target, "/dev/vg0/lv");
    disk_ok("nbd:host:1234,xvda,w");
    assert_string_equal(d->script, "block-nbd");
    assert_string_equal(d->target, "host:1234");
    disk_ok("script=block-iscsi,vdev=xvda,target=iqn.2001-04.com.example");
    assert_string_equal(d->script, "block-iscsi");
    assert_string_equal(d->target, "iqn.2001-04.com.example");

    disk_ok("/a,,xvda,direct-io-safe,no-discard,untrusted");
    assert_true(d->direct_io_safe && d->no_discard && d->untrusted);
    disk_ok("/a,,xvda,no-discard,discard,untrusted,trusted");
    assert_false(d->no_discard || d->untrusted);

    /* Access: every spelling; a cdrom can be made writable explicitly. */
    disk_ok("/a,,xvda,r");
    assert_true(d->readonly);
    disk_ok("/a,,xvda,ro");
    assert_true(d->readonly);
    disk_ok("/a,,xvda,w");
    assert_false(d->readonly);
    disk_ok("/a,,xvda,rw");
    assert_false(d->readonly);
    disk_ok("/a,,xvda,rw,cdrom");
    assert_false(d->readonly);
    disk_ok("  /a ,  , xvda  ");
    assert_string_equal(d->target, "/a");
    assert_int_equal(diag.n_warnings, 0);
}

static void test_disk_warnings(void **state)
{
    (void)state;
    disk_ok("backend=dd,phy:/a,xvda,w");
    assert_int_equal(diag.n_warnings, 1);
    warned(0, FILE_NAME ":3:11: disk key 'backend' is not supported by "
           "Keel's xl; ignored");
    disk_ok("phy:/a,xvda,w,foo=bar,colo");
    assert_int_equal(diag.n_warnings, 2);
    warned(0, FILE_NAME ":3:25: unknown disk key 'foo' ignored");
    warned(1, FILE_NAME ":3:33: disk flag 'colo' is not supported by Keel's "
           "xl; ignored");
}

static void test_disk_errors(void **state)
{
    char spec[400];

    (void)state;
    disk_err("/a,foo,xvda", "14: unknown disk format 'foo' (raw, qcow, "
             "qcow2, vhd or qed)");
    disk_err("phy:/a,xvdA,w", "18: 'xvdA' is not a virtual device (xvda, "
             "hda, sda, d0p1 or a number)");
    disk_err("phy:/a,xvda,x", "23: unknown access 'x' (r, ro, w or rw)");
    disk_err("phy:/a,xvda,w,extra", "25: 'extra' is one field too many "
             "(target, format, vdev, access)");
    disk_err("phy:/a", "10: disk spec has no vdev (as in "
             "'phy:/dev/wd0e,xvda,w')");
    disk_err("phy:/a,,w", "10: disk spec has no vdev (as in "
             "'phy:/dev/wd0e,xvda,w')");
    disk_err(",,xvda", "10: disk spec has no target (only a cdrom drive may "
             "be empty)");
    disk_err("foo:/a,xvda,w", "11: unknown disk prefix 'foo:' (file:, phy:, "
             "tap:aio:, raw:, qcow2:, ...)");
    disk_err("tap:bar:/a,xvda,w", "15: unknown disk prefix 'bar:' (file:, "
             "phy:, tap:aio:, raw:, qcow2:, ...)");
    disk_err("vdev=xvda,vdev=xvdb,target=/a", "21: 'vdev' is given twice");
    disk_err("/a,,xvda,format=raw", "20: 'format' is given twice");
    disk_err("/b,vdev=xvda,target=/a", "24: 'target' is given twice");
    disk_err("/a,,xvda,devtype=floppy", "28: unknown devtype 'floppy' (only "
             "cdrom)");
    disk_err("phy:/a,hdc:floppy,r", "22: unknown device type 'floppy' after "
             "':' (only cdrom)");
    disk_err("/a,,xvda,backendtype=nfs", "32: unknown backendtype 'nfs' "
             "(phy, qdisk, tap or standalone)");
    disk_err("/a,,hde", "15: 'hde' is not a virtual device (xvda, hda, sda, "
             "d0p1 or a number)");

    snprintf(spec, sizeof(spec), "/%0256d,,xvda", 0);
    disk_err(spec, "11: disk target is longer than 256 bytes");
    snprintf(spec, sizeof(spec), "%0252d,,xvda", 0);
    disk_err(spec, "10: disk target is longer than 256 bytes with /dev/ "
             "added");
    snprintf(spec, sizeof(spec), "%0251d,,xvda", 0);
    disk_ok(spec);
    assert_int_equal(strlen(cfg.disks[0].target), 256);

    err(BASE "disk = [ 'phy:/a,xvda,w', 'phy:/b,d0,w' ]\n", -EINVAL,
        FILE_NAME ":3:27: disk 1 has the vdev of disk 0 (d0, number 51712)");
    err(BASE "disk = 'phy:/a,xvda,w'\n", -EINVAL, FILE_NAME ":3:8: 'disk' "
        "wants a list, as in disk = [ '...' ]");
    err(BASE "disk = [ [ 'x' ] ]\n", -EINVAL, FILE_NAME ":3:10: a 'disk' "
        "entry is a string, not a list");
    err(BASE "disk = [ '/a,,xvda', '/a,,xvdb', '/a,,xvdc', '/a,,xvdd',\n"
        "'/a,,xvde', '/a,,xvdf', '/a,,xvdg', '/a,,xvdh', '/a,,xvdi' ]\n",
        -EINVAL, FILE_NAME ":4:49: more than 8 disks");
}

/* A disk spec with a double-quoted escape: positions fall back to the
 * string's start, the rest is the same. */
static void test_disk_escaped(void **state)
{
    (void)state;
    ok(BASE "disk = [ \"phy:/a\\\\b,xvda,w\" ]\n");
    assert_string_equal(cfg.disks[0].target, "/a\\b");
    err(BASE "disk = [ \"phy:/a\\\\b,xvdA,w\" ]\n", -EINVAL, FILE_NAME
        ":3:10: 'xvdA' is not a virtual device (xvda, hda, sda, d0p1 or a "
        "number)");
}

static void test_vdev_numbers(void **state)
{
    static const struct {
        const char *name;
        uint32_t number;
    } good[] = {
        { "xvda", 202 << 8 },
        { "xvda1", (202 << 8) | 1 },
        { "xvda15", (202 << 8) | 15 },
        { "xvdb", (202 << 8) | (1 << 4) },
        { "xvdb2", (202 << 8) | (1 << 4) | 2 },
        { "xvdp", (202 << 8) | (15 << 4) },
        { "xvdp15", (202 << 8) | (15 << 4) | 15 },
        { "xvda16", (1u << 28) | 16 },
        { "xvda255", (1u << 28) | 255 },
        { "xvdq", (1u << 28) | (16 << 8) },
        { "xvdz", (1u << 28) | (25 << 8) },
        { "xvdaa", (1u << 28) | (26 << 8) },
        { "xvdaz", (1u << 28) | (51 << 8) },
        { "xvdba", (1u << 28) | (52 << 8) },
        { "xvdzz", (1u << 28) | (701 << 8) },
        { "xvdaaa", (1u << 28) | (702 << 8) },
        { "xvdtq37", (1u << 28) | (536 << 8) | 37 },
        { "xvdaaaaa", (1u << 28) | (475254u << 8) },
        { "d0", 202 << 8 },
        { "d0p0", 202 << 8 },
        { "d1p2", (202 << 8) | (1 << 4) | 2 },
        { "d15p15", (202 << 8) | (15 << 4) | 15 },
        { "d16", (1u << 28) | (16 << 8) },
        { "d536p37", (1u << 28) | (536 << 8) | 37 },
        { "d1048575p255", (1u << 28) | (1048575u << 8) | 255 },
        { "hda", 3 << 8 },
        { "hda1", (3 << 8) | 1 },
        { "hda63", (3 << 8) | 63 },
        { "hdb", (3 << 8) | (1 << 6) },
        { "hdb5", (3 << 8) | (1 << 6) | 5 },
        { "hdc", 22 << 8 },
        { "hdc2", (22 << 8) | 2 },
        { "hdd", (22 << 8) | (1 << 6) },
        { "hdd63", (22 << 8) | (1 << 6) | 63 },
        { "sda", 8 << 8 },
        { "sda1", (8 << 8) | 1 },
        { "sdb3", (8 << 8) | (1 << 4) | 3 },
        { "sdp", (8 << 8) | (15 << 4) },
        { "sdp15", (8 << 8) | (15 << 4) | 15 },
        { "0", 0 },
        { "0x0", 0 },
        { "0x1", 1 },
        { "0x300", 0x300 },
        { "0x301", 0x301 },
        { "0X301", 0x301 },
        { "769", 769 },
        { "51712", 51712 },
        { "0777", 0777 },
        { "2147483647", 2147483647u },
        { "0x7fffffff", 0x7fffffff },
    };
    static const char *const bad[] = {
        "", "x", "xvd", "xvdA", "xvda-1", "xvda01", "xvda256", "xvd1",
        "xvdaaaaaa", "xvda 1", " xvda", "xvda\t", "d", "dp1", "d0p", "d01",
        "d1048576", "d0p256", "d0q1", "hd", "hde", "hda64", "hdaa", "hd1",
        "sd", "sdq", "sda16", "sdaa", "sd1", "0x", "08", "0x80000000",
        "2147483648", "1a", "-1", "vda", "xvda1p1", "foo", "cdrom",
    };
    char text[200];
    uint32_t n;

    (void)state;
    for (size_t k = 0; k < sizeof(good) / sizeof(good[0]); k++) {
        n = 0xdeadbeef;
        if (xl_vdev_to_number(good[k].name, &n) || n != good[k].number)
            fail_msg("%s: got %#x, want %#x", good[k].name, n,
                     good[k].number);
        /* And through a config, NetBSD style. */
        snprintf(text, sizeof(text), "file:/n0/xen/x,%s,w", good[k].name);
        disk_ok(text);
        assert_int_equal(cfg.disks[0].vdev, good[k].number);
        assert_string_equal(cfg.disks[0].vdev_name, good[k].name);
    }
    for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++)
        if (!xl_vdev_to_number(bad[k], &n))
            fail_msg("'%s' accepted as %#x", bad[k], n);
    assert_int_equal(xl_vdev_to_number(NULL, &n), -EINVAL);
}

/* --- Vifs ---------------------------------------------------------------- */

static int vif(const char *spec)
{
    char text[600];

    snprintf(text, sizeof(text), BASE "vif = [ '%s' ]\n", spec);
    return parse(text);
}

static void vif_err(const char *spec, const char *msg)
{
    char want[600];

    snprintf(want, sizeof(want), FILE_NAME ":3:%s", msg);
    if (vif(spec) != -EINVAL || strcmp(diag.error, want))
        fail_msg("%s:\n got '%s'\nwant '%s'", spec, diag.error, want);
}

static void test_vif(void **state)
{
    const struct xl_vif_cfg *v = &cfg.vifs[0];
    char spec[100];

    (void)state;
    assert_int_equal(vif("mac=00:16:3e:5f:48:e4,bridge=xenbr1"), 0);
    assert_mac(v->mac, 0, 0x16, 0x3e, 0x5f, 0x48, 0xe4);
    assert_string_equal(v->bridge, "xenbr1");
    assert_int_equal(vif(" mac=AA:BB:CC:DD:EE:FE , , bridge=br0 ,"), 0);
    assert_mac(v->mac, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xfe);
    assert_string_equal(v->bridge, "br0");
    assert_int_equal(vif("type=ioemu,model=e1000,mtu=68"), 0);
    assert_string_equal(v->type, "ioemu");
    assert_string_equal(v->model, "e1000");
    assert_int_equal(v->mtu, 68);
    assert_int_equal(diag.n_warnings, 0);

    assert_int_equal(vif("rate=10Mb/s,foo=1,trusted,bridge=b"), 0);
    assert_string_equal(v->bridge, "b");
    assert_int_equal(diag.n_warnings, 3);
    warned(0, FILE_NAME ":3:10: vif key 'rate' is not supported by Keel's "
           "xl; ignored");
    warned(1, FILE_NAME ":3:22: unknown vif key 'foo' ignored");
    warned(2, FILE_NAME ":3:28: vif key 'trusted' is not supported by "
           "Keel's xl; ignored");

    assert_int_equal(vif("mac=01:00:5e:00:00:01"), 0);
    warned(0, FILE_NAME ":3:14: MAC address '01:00:5e:00:00:01' is a "
           "multicast address");

    vif_err("mac=00:16:3e:5f:48", "14: bad MAC address '00:16:3e:5f:48' (six "
            "hex pairs, as in 00:16:3e:01:02:03)");
    vif_err("bridge=b,mac=00-16-3e-5f-48-e4", "23: bad MAC address "
            "'00-16-3e-5f-48-e4' (six hex pairs, as in 00:16:3e:01:02:03)");
    vif_err("mac=0g:16:3e:5f:48:e4", "14: bad MAC address "
            "'0g:16:3e:5f:48:e4' (six hex pairs, as in 00:16:3e:01:02:03)");
    vif_err("type=netfront", "15: unknown vif type 'netfront' (vif or "
            "ioemu)");
    vif_err("mtu=67", "14: bad vif mtu '67' (68 to 65535)");
    vif_err("mtu=65536", "14: bad vif mtu '65536' (68 to 65535)");
    vif_err("mtu=x", "14: bad vif mtu 'x' (68 to 65535)");
    vif_err("model=abcdefghijklmnopqrstuvwxyz0123456789", "16: vif model is "
            "longer than 32 bytes");
    snprintf(spec, sizeof(spec), "bridge=%065d", 0);
    vif_err(spec, "17: vif bridge is longer than 64 bytes");
    snprintf(spec, sizeof(spec), "bridge=%064d", 0);
    assert_int_equal(vif(spec), 0);
    assert_int_equal(strlen(v->bridge), 64);

    err(BASE "vif = [ 'mac=00:16:3e:00:00:01', 'mac=00:16:3E:00:00:01' ]\n",
        -EINVAL, FILE_NAME ":3:34: vif 1 has the MAC address of vif 0");
    err(BASE "vif = [ '','','','','','','','','' ]\n", -EINVAL,
        FILE_NAME ":3:33: more than 8 vifs");
    ok(BASE "vif = [ '','','','','','','','' ]\n");
    assert_int_equal(cfg.n_vifs, 8);
    ok(BASE "vif = []\n");
    assert_int_equal(cfg.n_vifs, 0);
}

/* --- Syntax -------------------------------------------------------------- */

static void test_syntax_errors(void **state)
{
    char text[200];

    (void)state;
    err("name =\n", -EINVAL, FILE_NAME ":1:7: expected a value after '='");
    err("name =   # nothing\n", -EINVAL, FILE_NAME ":1:10: expected a value "
        "after '='");
    err("name = ;\n", -EINVAL, FILE_NAME ":1:8: expected a value after '='");
    err("name =", -EINVAL, FILE_NAME ":1:7: expected a value after '='");
    err(BASE "kernel = /netbsd\n", -EINVAL, FILE_NAME ":3:10: expected a "
        "value after '=' (a string needs quotes)");
    err("name = -1\n", -EINVAL, FILE_NAME ":1:8: expected a value after '=', "
        "not '-'");
    err("name 'x'\n", -EINVAL, FILE_NAME ":1:6: expected '=' after 'name'");
    err("name\n", -EINVAL, FILE_NAME ":1:5: expected '=' after 'name'");
    err("\n  = 3\n", -EINVAL, FILE_NAME ":2:3: expected a key name, not '='");
    err("9lives = 3\n", -EINVAL, FILE_NAME ":1:1: expected a key name, not "
        "'9'");
    err("na-me = 3\n", -EINVAL, FILE_NAME ":1:3: expected '=' after 'na'");
    err("name = 'x' 'y'\n", -EINVAL, FILE_NAME ":1:12: expected the end of "
        "the line or ';' after the value of 'name', not '''");
    err("name = 'x', 'y'\n", -EINVAL, FILE_NAME ":1:11: expected the end of "
        "the line or ';' after the value of 'name', not ','");
    err("name = 'x\n", -EINVAL, FILE_NAME ":1:8: missing closing ': a string "
        "ends on the line it starts");
    err("name = \"x", -EINVAL, FILE_NAME ":1:8: missing closing \": a string "
        "ends on the line it starts");
    err("name = \"x\\\"\n", -EINVAL, FILE_NAME ":1:8: missing closing \": a "
        "string ends on the line it starts");
    err("name = \"x\\", -EINVAL, FILE_NAME ":1:8: missing closing \": a "
        "string ends on the line it starts");
    err("name = \"a\\qb\"\n", -EINVAL, FILE_NAME ":1:10: unknown escape \\q "
        "in a \"...\" string (write \\\\ for a backslash, or use '...')");
    err("disk = [ 'a',\n  'b'\n", -EINVAL, FILE_NAME ":3:1: missing ']' for "
        "the list opened at 1:8");
    err("disk = [", -EINVAL, FILE_NAME ":1:9: missing ']' for the list opened "
        "at 1:8");
    err("disk = [ 'a' 'b' ]\n", -EINVAL, FILE_NAME ":1:14: expected ',' or "
        "']' after a list item, not '''");
    err("disk = [ , ]\n", -EINVAL, FILE_NAME ":1:10: expected a value or ']' "
        "in the list, not ','");
    err("disk = [ 'a',, ]\n", -EINVAL, FILE_NAME ":1:14: expected a value or "
        "']' in the list, not ','");
    err("disk = [ 'a' ] ]\n", -EINVAL, FILE_NAME ":1:16: expected the end of "
        "the line or ';' after the value of 'disk', not ']'");
    err("memory = 12abc\n", -EINVAL, FILE_NAME ":1:10: invalid number "
        "'12abc'");
    err("memory = 1.5\n", -EINVAL, FILE_NAME ":1:10: invalid number '1.5'");
    err("memory = 0x\n", -EINVAL, FILE_NAME ":1:10: invalid number '0x'");
    err("memory = 0xfg\n", -EINVAL, FILE_NAME ":1:10: invalid number "
        "'0xfg'");
    err("memory = 0128\n", -EINVAL, FILE_NAME ":1:10: invalid number '0128' "
        "(a leading 0 makes it octal)");
    err("x = [[[[[[[[[ ]]]]]]]]]\n", -EINVAL, FILE_NAME ":1:13: lists nested "
        "more than 8 deep");
    ok(BASE "x = [[[[[[[[ ]]]]]]]]\n");

    snprintf(text, sizeof(text), "a%064d = 1\n", 0);
    err(text, -EINVAL, FILE_NAME ":1:1: key name longer than 64 characters");
    snprintf(text, sizeof(text), BASE "a%063d = 1\n", 0);
    ok(text);
    assert_int_equal(diag.n_warnings, 1);
}

static void test_syntax_bytes(void **state)
{
    (void)state;
    assert_int_equal(parse_n("name = 'a\0b'\n", 13, NULL, 0), -EINVAL);
    assert_string_equal(diag.error, FILE_NAME ":1:10: NUL byte in a string");
    assert_int_equal(parse_n(BASE "\0", sizeof(BASE), NULL, 0), -EINVAL);
    assert_string_equal(diag.error, FILE_NAME ":3:1: expected a key name, "
                        "not byte 0x00");
    assert_int_equal(parse_n("name = \"\\\0\"", 11, NULL, 0), -EINVAL);
    assert_string_equal(diag.error, FILE_NAME ":1:9: unknown escape \\ "
                        "(byte 0x00) in a \"...\" string (write \\\\ for a "
                        "backslash, or use '...')");
    err("\xc3\xa9t\xc3\xa9 = 1\n", -EINVAL, FILE_NAME ":1:1: expected a key "
        "name, not byte 0xc3");
    /* Bytes beyond ASCII are fine inside strings, kept as they are. */
    ok(BASE "extra = 'caf\xc3\xa9'\n");
    assert_string_equal(cfg.cmdline, "caf\xc3\xa9");
    /* The text's length rules, not a NUL: this one stops before "memory". */
    assert_int_equal(parse_n(BASE "memory = 64", sizeof(BASE) - 1, NULL, 0),
                     0);
    assert_int_equal(cfg.memory_mb, 128);
    assert_int_equal(xl_cfg_parse(FILE_NAME, NULL, 0, NULL, 0, &cfg, &diag),
                     -EINVAL);
    assert_string_equal(diag.error, FILE_NAME ":1:1: no name given: name = "
                        "\"...\" is required");
}

static void test_syntax_layout(void **state)
{
    (void)state;
    /* Comments everywhere, ';', CRLF, tabs, lists across lines, trailing
     * commas, no final newline. */
    ok("# a domain\n"
       "   # indented comment\n"
       "\n"
       "name = 'lay' # after a value\n"
       "kernel='/k';memory=64 ; vcpus = 2;\n"
       "\tmaxvcpus\t=\t3\t\r\n"
       ";;\n"
       "disk = [ # the disks\n"
       "   'phy:/dev/wd0e,xvda,w', # the first\n"
       "\n"
       "   # between items\n"
       "   'phy:/dev/wd1e,xvdb,w',\n"
       "] # done\n"
       "vif = [ 'bridge=bridge0', ]\n"
       "pci = [\n]\n"
       "extra = \"a \\\"quoted\\\" \\\\ back\\tslash\\n\"\n"
       "root = 'C:\\raw\\'\n"
       "on_crash = 'preserve'");
    assert_string_equal(cfg.name, "lay");
    assert_int_equal(cfg.memory_mb, 64);
    assert_int_equal(cfg.vcpus, 2);
    assert_int_equal(cfg.maxvcpus, 3);
    assert_int_equal(cfg.n_disks, 2);
    assert_int_equal(cfg.disks[1].vdev, 51728);
    assert_int_equal(cfg.n_vifs, 1);
    assert_int_equal(cfg.n_pci, 0);
    assert_string_equal(cfg.extra, "a \"quoted\" \\ back\tslash\n");
    assert_string_equal(cfg.root, "C:\\raw\\");
    assert_int_equal(cfg.on_crash, XL_ACTION_PRESERVE);
    assert_int_equal(diag.n_warnings, 0);

    /* '#' inside a string is not a comment; ';' inside one is no end. */
    ok(BASE "extra = 'a#b;c' ; cap = 5 # x\n");
    assert_string_equal(cfg.extra, "a#b;c");
    assert_int_equal(cfg.cap, 5);

    /* Columns count bytes, a tab as one. */
    err(BASE "\t\tmemory = 'x'\r\n", -EINVAL, FILE_NAME ":3:12: 'memory' "
        "wants a number, not 'x'");
    err("name = 'a'\r\nkernel = '/k'\r\nmemory = \r\n", -EINVAL,
        FILE_NAME ":3:10: expected a value after '='");
}

static void test_last_wins(void **state)
{
    (void)state;
    ok(BASE "memory = 64\nmemory = 96\n"
       "disk = [ '/a,,xvda', '/b,,xvdb' ]\ndisk = [ '/c,,xvdc' ]\n"
       "name = 'e'\n");
    assert_int_equal(cfg.memory_mb, 96);
    assert_string_equal(cfg.name, "e");
    assert_int_equal(cfg.n_disks, 1);
    assert_string_equal(cfg.disks[0].target, "/c");
    ok(BASE "cpus = [ '1', '2' ]\ncpus = '3'\n");
    assert_int_equal(cfg.n_vcpu_cpumaps, 0);
    assert_true(cfg.cpumap == 8);
}

static void test_unknown_keys(void **state)
{
    char text[2000];
    size_t n;

    (void)state;
    ok(BASE "foo = 1\n  uuid = '0-1'\nvnc=[1,[2,'x']]\nMemory = 64\n");
    assert_int_equal(diag.n_warnings, 4);
    warned(0, FILE_NAME ":3:1: unknown key 'foo' ignored");
    warned(1, FILE_NAME ":4:3: 'uuid' is not supported by Keel's xl; "
           "ignored");
    warned(2, FILE_NAME ":5:1: 'vnc' is not supported by Keel's xl; "
           "ignored");
    warned(3, FILE_NAME ":6:1: unknown key 'Memory' ignored");
    assert_int_equal(cfg.memory_mb, 128);

    n = (size_t)snprintf(text, sizeof(text), BASE);
    for (int k = 0; k < 20; k++)
        n += (size_t)snprintf(text + n, sizeof(text) - n, "k%d = %d\n", k, k);
    ok(text);
    assert_int_equal(diag.n_warnings, XL_CFG_MAX_WARNINGS);
    assert_int_equal(diag.n_warnings_dropped, 20 - XL_CFG_MAX_WARNINGS);
    warned(XL_CFG_MAX_WARNINGS - 1, FILE_NAME ":18:1: unknown key 'k15' "
           "ignored");
}

/* --- Overrides ----------------------------------------------------------- */

static void test_overrides(void **state)
{
    const char *ov1[] = { "memory=256", "name=\"x\"", "vcpus = 2; cap=50" };
    const char *ov2[] = { "disk=['phy:/dev/wd1e,xvdb,r',\n'/c,,xvdc']" };
    const char *ov3[] = { "memory=64", "maxmem=" };
    const char *ov4[] = { "memory=512", "maxmem=256" };
    const char *ov5[] = { "cdrom=1", NULL, "" };
    const char *ov6[] = { "memory = 'big'" };
    const char *ov7[] = { "type='hvm'" };

    (void)state;
    assert_int_equal(parse_ov(BASE "memory = 128\nname = 'y'\n", ov1, 3), 0);
    assert_int_equal(cfg.memory_mb, 256);
    assert_int_equal(cfg.maxmem_mb, 256);
    assert_string_equal(cfg.name, "x");
    assert_int_equal(cfg.vcpus, 2);
    assert_int_equal(cfg.cap, 50);

    assert_int_equal(parse_ov(BASE "disk = [ '/a,,xvda' ]\n", ov2, 1), 0);
    assert_int_equal(cfg.n_disks, 2);
    assert_int_equal(cfg.disks[0].vdev, 51728);
    assert_true(cfg.disks[0].readonly);

    assert_int_equal(parse_ov(BASE, ov3, 2), -EINVAL);
    assert_string_equal(diag.error, "<command line>:2:8: expected a value "
                        "after '='");
    assert_int_equal(parse_ov(BASE "maxmem = 1024\n", ov4, 2), -EINVAL);
    assert_string_equal(diag.error, "<command line>:2:8: maxmem (256 MiB) is "
                        "less than memory (512 MiB)");
    assert_int_equal(parse_ov(BASE "maxmem = 256\n", ov4, 1), -EINVAL);
    assert_string_equal(diag.error, FILE_NAME ":3:10: maxmem (256 MiB) is "
                        "less than memory (512 MiB)");
    assert_int_equal(parse_ov(BASE, ov5, 3), 0);
    assert_int_equal(diag.n_warnings, 1);
    warned(0, "<command line>:1:1: unknown key 'cdrom' ignored");
    assert_int_equal(parse_ov(BASE, ov6, 1), -EINVAL);
    assert_string_equal(diag.error, "<command line>:1:10: 'memory' wants a "
                        "number, not 'big'");
    assert_int_equal(parse_ov(BASE, ov7, 1), -EOPNOTSUPP);
    assert_string_equal(diag.error, "<command line>:1:6: type 'hvm' is not "
                        "supported yet");
    /* The file's errors come first. */
    assert_int_equal(parse_ov("name = \n", ov6, 1), -EINVAL);
    assert_string_equal(diag.error, FILE_NAME ":1:8: expected a value after "
                        "'='");
}

static void test_no_diag(void **state)
{
    (void)state;
    assert_int_equal(xl_cfg_parse(FILE_NAME, BASE, strlen(BASE), NULL, 0,
                                  &cfg, NULL), 0);
    assert_int_equal(xl_cfg_parse(NULL, "x =", 3, NULL, 0, &cfg, NULL),
                     -EINVAL);
    assert_int_equal(xl_cfg_parse(NULL, "x =", 3, NULL, 0, &cfg, &diag),
                     -EINVAL);
    assert_string_equal(diag.error, "<config>:1:4: expected a value after "
                        "'='");
}

/* --- Big and random input ------------------------------------------------ */

static void test_huge(void **state)
{
    size_t n = 4u << 20, k;
    char *text = malloc(n + 100);

    (void)state;
    assert_non_null(text);
    /* A 4 MiB string in an unknown key: fine, ignored. */
    k = (size_t)sprintf(text, BASE "big = '");
    memset(text + k, 'x', n);
    k += n;
    k += (size_t)sprintf(text + k, "'\n");
    assert_int_equal(parse_n(text, k, NULL, 0), 0);
    assert_int_equal(diag.n_warnings, 1);

    /* ...but not as the kernel's name. */
    k = (size_t)sprintf(text, "name='a'\nkernel = '");
    memset(text + k, 'x', n);
    k += n;
    k += (size_t)sprintf(text + k, "'\n");
    assert_int_equal(parse_n(text, k, NULL, 0), -EINVAL);
    assert_string_equal(diag.error, FILE_NAME ":2:10: 'kernel' is 4194304 "
                        "bytes long; at most 256 fit");

    /* A huge line of blanks, then an error at its far end. */
    memset(text, ' ', n);
    memcpy(text + n, "=", 1);
    assert_int_equal(parse_n(text, n + 1, NULL, 0), -EINVAL);
    assert_string_equal(diag.error, FILE_NAME ":1:4194305: expected a key "
                        "name, not '='");

    /* A list of 100000 items. */
    k = (size_t)sprintf(text, BASE "many = [");
    for (int i = 0; i < 100000; i++)
        k += (size_t)sprintf(text + k, "%d,", i);
    k += (size_t)sprintf(text + k, "]");
    assert_int_equal(parse_n(text, k, NULL, 0), 0);
    free(text);
}

/* Every allocation failing in turn: -ENOMEM with a message, no leak. */
static void test_out_of_memory(void **state)
{
    static const char text[] =
        "name = 'm'\nkernel = '/k'\nx = [ [ 1, 2, 3, 4, 5 ], 'a' ]\n"
        "disk = [ 'phy:/a,xvda,w', 'phy:/b,xvdb,w' ]\n";
    const char *ov[] = { "memory = 64", "vif = [ '', '' ]" };
    long n;

    (void)state;
    for (n = 0;; n++) {
        int rc;

        alloc_fault_after(n);
        rc = parse_ov(text, ov, 2);
        assert_int_equal(alloc_fault_live(), 0);
        if (!alloc_fault_refused()) {
            assert_int_equal(rc, 0);
            break;
        }
        assert_int_equal(rc, -ENOMEM);
        assert_non_null(strstr(diag.error, ": out of memory"));
    }
    alloc_fault_after(-1);
    assert_true(n > 10);
    assert_int_equal(cfg.memory_mb, 64);
    assert_int_equal(cfg.n_vifs, 2);
}

static int n_accepted, n_rejected;

static void check_random_result(int rc)
{
    if (rc != 0 && rc != -EINVAL && rc != -EOPNOTSUPP)
        fail_msg("rc %d", rc);
    if (rc)
        assert_true(diag.error[0] != '\0');
    if (rc)
        n_rejected++;
    else
        n_accepted++;
}

/* Random bytes, biased towards the syntax's own characters. */
static void test_fuzz_bytes(void **state)
{
    static const char alphabet[] = "name=kernel'\"[],;#\n\\ 0x1aA\t\r\0disk";
    uint64_t seed = 0x5eed0f00d;
    char buf[256];

    (void)state;
    for (int it = 0; it < 5000; it++) {
        size_t len = xorshift64(&seed) % sizeof(buf);

        for (size_t k = 0; k < len; k++) {
            uint64_t r = xorshift64(&seed);

            buf[k] = (r & 0x100) ? (char)r
                                 : alphabet[(r >> 16) % (sizeof(alphabet) - 1)];
        }
        check_random_result(parse_n(buf, len, NULL, 0));
    }
}

/* Valid configs with a few bytes changed, so that the parse goes deep. */
static void test_fuzz_mutations(void **state)
{
    static const char good[] =
        "name = \"domU-id\"\n"
        "kernel = \"/netbsd-XEN3PAE_DOMU-i386-foo.gz\"\n"
        "memory = 1024 ; maxmem = 0x800\n"
        "vcpus = 2\ncpus = [ '0-3,^1', \"all\" ]\n"
        "root = '/dev/xbd0a'\nextra = \"-s \\\"x\\\"\"\n"
        "vif = [ 'mac=aa:00:00:d1:00:09,bridge=bridge0,mtu=1500', '' ]\n"
        "disk = [ 'file:/n0/xen/foo-wd0,0x0,w', # c\n"
        "  'format=raw,vdev=hdc:cdrom,access=ro,target=/a,b',\n"
        "  'tap:aio:/x,xvdq7,r', 'phy:/dev/wd0e,d3p1,w,no-discard', ]\n"
        "pci = [ '0000:00:06.0' ]\non_crash = 'preserve'\n";
    static const char bytes[] = "'\"[],;#=\n\\:x0-^ \0";
    const char *ov[] = { "memory=2048", "vif=['bridge=b0']" };
    uint64_t seed = 0xfeedbeef;
    char buf[sizeof(good)];
    size_t cut;

    (void)state;
    n_accepted = n_rejected = 0;
    assert_int_equal(parse_n(good, sizeof(good) - 1, NULL, 0), 0);
    assert_int_equal(cfg.n_disks, 4);
    for (int it = 0; it < 5000; it++) {
        unsigned int n = 1 + xorshift64(&seed) % 4;

        memcpy(buf, good, sizeof(good));
        for (unsigned int k = 0; k < n; k++) {
            uint64_t r = xorshift64(&seed);
            size_t at = r % (sizeof(good) - 1);

            buf[at] = (r >> 32) & 1 ? (char)(r >> 40)
                                    : bytes[(r >> 48) % (sizeof(bytes) - 1)];
        }
        /* Now and then cut the end off too. */
        cut = it % 8 ? 0 : xorshift64(&seed) % 16;
        check_random_result(parse_n(buf, sizeof(good) - 1 - cut, ov,
                                    xorshift64(&seed) % 3));
    }
    /* Both ways, often: the mutations reach past the syntax. */
    assert_true(n_accepted > 500);
    assert_true(n_rejected > 500);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_howto_current),
        cmocka_unit_test(test_howto_old_needs_name),
        cmocka_unit_test(test_howto_cdrom_install),
        cmocka_unit_test(test_howto_linux),
        cmocka_unit_test(test_howto_pci_and_nat),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_every_key),
        cmocka_unit_test(test_actions),
        cmocka_unit_test(test_memory),
        cmocka_unit_test(test_vcpus),
        cmocka_unit_test(test_weight_and_cap),
        cmocka_unit_test(test_cpus),
        cmocka_unit_test(test_cpulist_direct),
        cmocka_unit_test(test_type),
        cmocka_unit_test(test_bootloader),
        cmocka_unit_test(test_name),
        cmocka_unit_test(test_kernel),
        cmocka_unit_test(test_cmdline),
        cmocka_unit_test(test_pci),
        cmocka_unit_test(test_disk_equivalent_forms),
        cmocka_unit_test(test_disk_forms),
        cmocka_unit_test(test_disk_warnings),
        cmocka_unit_test(test_disk_errors),
        cmocka_unit_test(test_disk_escaped),
        cmocka_unit_test(test_vdev_numbers),
        cmocka_unit_test(test_vif),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_syntax_bytes),
        cmocka_unit_test(test_syntax_layout),
        cmocka_unit_test(test_last_wins),
        cmocka_unit_test(test_unknown_keys),
        cmocka_unit_test(test_overrides),
        cmocka_unit_test(test_no_diag),
        cmocka_unit_test(test_out_of_memory),
        cmocka_unit_test(test_huge),
        cmocka_unit_test(test_fuzz_bytes),
        cmocka_unit_test(test_fuzz_mutations),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
