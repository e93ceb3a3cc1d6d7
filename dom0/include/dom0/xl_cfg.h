/*
 * xl domain configuration files (xl.cfg(5)), as `xl create` reads them.
 *
 * Pure logic: a text in, a struct xl_domain_cfg out, or the first error as
 * "FILE:LINE:COL: message". No file access, no domain is touched.
 *
 * Syntax (xl's):
 *   - statements `KEY = VALUE`, ended by a newline, a ';' or the end of the
 *     text; empty statements are allowed ("a = 1;;" or a lone ';');
 *   - KEY: a letter or '_', then letters, digits, '_' and '.';
 *   - VALUE: a string in '...' (taken as is) or "..." (where \" \\ \' \n
 *     and \t are escapes and any other backslash is an error), a number
 *     (decimal, 0x hexadecimal or 0-prefixed octal, as xl reads them), or a
 *     list [ VALUE, VALUE, ... ] that may span lines, hold comments and end
 *     with a trailing comma; lists nest (up to XL_CFG_MAX_NESTING deep);
 *   - strings do not span lines; '#' starts a comment to the end of line;
 *   - as in xl, every atom is text: memory = "256" is memory = 256, and
 *     cpus = 3 is cpus = "3".
 * A key given twice keeps its last value (a list replaces the whole list),
 * which is also how the command-line overrides work: they are parsed after
 * the file, with the same syntax, as "<command line>" whose LINE is the
 * override's position (1 for the first KEY=VALUE) and COL a byte column.
 * Columns count bytes from 1 (a tab is one column).
 *
 * Keys understood (xl.cfg(5) semantics unless said otherwise):
 *   name (required: letters, digits, '-', '_', '.'; not all digits, not
 *   "Domain-0"), type / builder (pv only: pvh and hvm are errors), kernel
 *   (required), ramdisk, cmdline, root, extra, memory, maxmem, vcpus,
 *   maxvcpus, cpus, cpu_weight, cap, on_poweroff, on_reboot, on_crash, vif,
 *   disk, pci (strings kept, nothing else), bootloader (an error: Keel boots
 *   kernel= directly). Any other key is ignored, as xl does, with a
 *   warning: "unknown key", or "not supported by Keel's xl" for the
 *   xl.cfg(5) keys Keel does not do (uuid, pool, vfb, vnc, ...).
 * Keel's own limits, beyond xl's: at most XL_CFG_MAX_VCPUS vCPUs, CPUs
 * 0..63 in cpus=, XL_CFG_MAX_DISKS disks, XL_CFG_MAX_VIFS vifs,
 * XL_CFG_MAX_PCI pci devices, and the string lengths below.
 */
#ifndef DOM0_XL_CFG_H
#define DOM0_XL_CFG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define XL_CFG_NAME_MAX     64    /* domain, bridge, interface names */
#define XL_CFG_PATH_MAX     256   /* kernel, ramdisk, disk targets, scripts */
#define XL_CFG_CMDLINE_MAX  1024  /* Xen's MAX_GUEST_CMDLINE, with its NUL */
#define XL_CFG_SHORT_MAX    32    /* vdev names, formats, models, prefixes */
#define XL_CFG_PCI_MAX      128   /* one pci = [ ... ] entry */
#define XL_CFG_MAX_DISKS    8
#define XL_CFG_MAX_VIFS     8
#define XL_CFG_MAX_PCI      8
#define XL_CFG_MAX_VCPUS    32    /* Keel's MAX_VIRT_CPUS (keel/domain.h) */
#define XL_CFG_MAX_CPUS     64    /* host CPUs a cpus= bitmap can name */
#define XL_CFG_MAX_NESTING  8     /* [[...]] depth the syntax accepts */

#define XL_CFG_DEFAULT_MEMORY_MB  128
#define XL_CFG_DEFAULT_WEIGHT     256
#define XL_CFG_MAX_MEMORY_MB      (16u * 1024 * 1024)   /* 16 TiB */

enum xl_action {
    XL_ACTION_DESTROY,
    XL_ACTION_RESTART,
    XL_ACTION_PRESERVE,
    XL_ACTION_RENAME_RESTART,
    XL_ACTION_COREDUMP_DESTROY,
    XL_ACTION_COREDUMP_RESTART,
    XL_ACTION_SOFT_RESET,
};

enum xl_disk_format {
    XL_DISK_FORMAT_RAW,      /* the default */
    XL_DISK_FORMAT_QCOW,
    XL_DISK_FORMAT_QCOW2,
    XL_DISK_FORMAT_VHD,
    XL_DISK_FORMAT_QED,
};

enum xl_disk_backend {
    XL_DISK_BACKEND_AUTO,    /* not said: the toolstack chooses */
    XL_DISK_BACKEND_PHY,     /* backendtype=phy, or a "phy:" prefix */
    XL_DISK_BACKEND_QDISK,
    XL_DISK_BACKEND_TAP,     /* backendtype=tap, "tap:", "tap2:", "tapdisk:" */
    XL_DISK_BACKEND_STANDALONE,
};

/*
 * disk = [ 'SPEC', ... ], each SPEC as xl-disk-configuration(5) has it:
 * comma-separated positional fields target,format,vdev,access (an empty
 * one takes the default), key=value (format, vdev, access, devtype=cdrom,
 * backendtype, script, and target=, which must come last since it takes
 * the rest, commas and all) and flags (cdrom, discard, no-discard,
 * trusted, untrusted, direct-io-safe). The deprecated forms too: target
 * prefixes ("file:", "phy:", "tap:aio:", "raw:", "qcow2:", "nbd:", ...),
 * which make the fields target,vdev,access, as the NetBSD HowTo's
 * 'file:/n0/xen/foo-wd0,0x0,w'; "vdev:cdrom"; and target,vdev,access with
 * no prefix ('/dev/wd0e,0x1,w', ',hdc:cdrom,r'), told apart by a second
 * field that is a vdev rather than a format. Keys backend=,
 * specification=, colo... and unknown ones are ignored with a warning.
 */
struct xl_disk_cfg {
    /* The host path. "" for an empty cdrom drive. A target that does not
     * start with '/' gets "/dev/" prepended (xl-disk-configuration(5)),
     * unless a script interprets it. */
    char target[XL_CFG_PATH_MAX + 1];
    /* The deprecated prefixes as written, without their last ':' (e.g.
     * "file", "phy", "tap:aio"), "" if none; xl ignores most of them, but a
     * NetBSD dom0 tells files ("file") from devices ("phy") by them. */
    char prefix[XL_CFG_SHORT_MAX + 1];
    char vdev_name[XL_CFG_SHORT_MAX + 1];  /* as written: "xvda", "0x1" */
    uint32_t vdev;                          /* xen-vbd-interface(7) number */
    enum xl_disk_format format;
    enum xl_disk_backend backend;
    bool readonly;          /* access r/ro; the default for a cdrom */
    bool cdrom;             /* devtype=cdrom, "cdrom" or "vdev:cdrom" */
    bool no_discard;        /* "no-discard" */
    bool untrusted;         /* "untrusted" */
    bool direct_io_safe;    /* "direct-io-safe" */
    /* script=..., or "block-X" from an "iscsi:", "nbd:", "enbd:" or
     * "drbd:" prefix; "" if none. */
    char script[XL_CFG_PATH_MAX + 1];
};

/*
 * vif = [ 'SPEC', ... ], each SPEC comma-separated key=value
 * (xl-network-configuration(5)): mac, bridge, vifname, ip, model, type
 * (vif or ioemu), script, mtu; others (rate, backend, vlan, ...) are
 * ignored with a warning. '' is a vif with every default.
 */
struct xl_vif_cfg {
    bool mac_set;
    uint8_t mac[6];         /* only if mac_set: otherwise the toolstack picks */
    char bridge[XL_CFG_NAME_MAX + 1];   /* "" = the toolstack's default */
    char vifname[XL_CFG_NAME_MAX + 1];  /* "" = vifDOMID.DEVID */
    char ip[XL_CFG_PATH_MAX + 1];       /* as written; may hold several */
    char model[XL_CFG_SHORT_MAX + 1];
    char type[XL_CFG_SHORT_MAX + 1];    /* "ioemu", "vif" or "" */
    char script[XL_CFG_PATH_MAX + 1];
    uint32_t mtu;                       /* 0 = default */
};

struct xl_domain_cfg {
    char name[XL_CFG_NAME_MAX + 1];
    char kernel[XL_CFG_PATH_MAX + 1];
    char ramdisk[XL_CFG_PATH_MAX + 1];        /* "" = none */
    /* The kernel command line to give the guest, built as xl does: cmdline=
     * if given (root= and extra= are then ignored with a warning), else
     * "root=ROOT EXTRA", "root=ROOT" or "EXTRA" from what is given. */
    char cmdline[XL_CFG_CMDLINE_MAX];
    char root[XL_CFG_CMDLINE_MAX];            /* as given, "" if not */
    char extra[XL_CFG_CMDLINE_MAX];           /* as given, "" if not */

    /* MiB. Neither given: 128 each. One given: the other is the same (as
     * libxl: maxmem alone starts the guest with all of it). */
    uint64_t memory_mb;
    uint64_t maxmem_mb;     /* never less than memory_mb */
    uint32_t vcpus;         /* default 1 */
    uint32_t maxvcpus;      /* default vcpus; never less than it */

    /* cpus=: hard affinity. Not given: cpus_set false, cpumap all ones.
     * A string gives one map for every vCPU (n_vcpu_cpumaps 0). A list
     * gives vCPU i the map vcpu_cpumap[i] (for i < n_vcpu_cpumaps, which is
     * at most maxvcpus; later vCPUs are not pinned) and cpumap is their
     * union. Bit n is host CPU n. */
    bool cpus_set;
    uint64_t cpumap;
    uint32_t n_vcpu_cpumaps;
    uint64_t vcpu_cpumap[XL_CFG_MAX_VCPUS];

    uint32_t cpu_weight;    /* 1..65535, default 256 */
    uint32_t cap;           /* percent of one CPU, 0 (default) = no cap */

    enum xl_action on_poweroff;  /* default destroy */
    enum xl_action on_reboot;    /* default restart */
    enum xl_action on_crash;     /* default destroy */

    uint32_t n_disks;
    struct xl_disk_cfg disks[XL_CFG_MAX_DISKS];
    uint32_t n_vifs;
    struct xl_vif_cfg vifs[XL_CFG_MAX_VIFS];   /* vif i is DEVID i */
    uint32_t n_pci;
    char pci[XL_CFG_MAX_PCI][XL_CFG_PCI_MAX + 1];
};
/* (About 15 KiB: keep it off small stacks.) */

#define XL_CFG_MSG_MAX       320
#define XL_CFG_MAX_WARNINGS  16

/* What a parse has to say. Every message is one line, no '\n', starting
 * "FILE:LINE:COL: " (cut to XL_CFG_MSG_MAX - 1 bytes if longer). */
struct xl_cfg_diag {
    char error[XL_CFG_MSG_MAX];     /* the first error; "" on success */
    size_t n_warnings;              /* in warning[], in the order found */
    size_t n_warnings_dropped;      /* found beyond XL_CFG_MAX_WARNINGS */
    char warning[XL_CFG_MAX_WARNINGS][XL_CFG_MSG_MAX];
};

/*
 * Parses text[0..len) (any bytes: NULs and a missing final newline are
 * fine) as the config file file_name, then each of overrides[0..n) (C
 * strings, e.g. "memory=256" or "name='x'", as given to `xl create`), and
 * fills *out with the result over the defaults. text may be NULL when len
 * is 0; diag may be NULL.
 *
 * Returns 0; -EINVAL for a config error; -EOPNOTSUPP for something valid
 * for xl that Keel does not do (type pvh/hvm, bootloader); -ENOMEM when out
 * of memory. On failure diag->error says why and *out is unspecified.
 */
int xl_cfg_parse(const char *file_name, const char *text, size_t len,
                 const char *const *overrides, size_t n_overrides,
                 struct xl_domain_cfg *out, struct xl_cfg_diag *diag);

/* An on_* action as a config names it ("destroy", "rename-restart"...). */
const char *xl_action_name(enum xl_action a);

/*
 * A disk's virtual device name to its number (xen-vbd-interface(7)):
 * xvdX[N] (X: a..z, aa.., disk < 2^20), dD[pP], hdX[N] (disks a..d,
 * partitions < 64), sdX[N] (disks a..p, partitions < 16), or a plain number
 * (decimal, 0x hex or 0 octal, at most 0x7fffffff) used as is.
 * Returns 0, or -EINVAL for anything else.
 */
int xl_vdev_to_number(const char *vdev, uint32_t *number);

/*
 * A CPU list (xl.cfg(5) "cpus") to a bitmap of CPUs 0..63: comma-separated
 * items, taken in order, "N", "N-M" and "all" adding CPUs, "^N" and "^N-M"
 * removing them ("0-3,5,^1" is 0,2,3,5). Spaces around items are allowed.
 * Returns 0 (the map may be empty), or -EINVAL with *err_offset the byte
 * offset of the bad item in s and *why a static message.
 */
int xl_cpulist_parse(const char *s, uint64_t *map, size_t *err_offset,
                     const char **why);

#endif
