/*
 * A domU's birth through the toolstack: XEN_DOMCTL_createdomain makes an
 * empty, paused domain; max_mem (kernel/domctl.c) sets its memory; Keel's
 * XEN_DOMCTL_keel_build_pv lays it out with the builder that built dom0,
 * from images in the caller's memory. The toolstack then unpauses it.
 * Called under the domctl lock.
 */
#include <keel/domain.h>
#include <keel/console.h>
#include <keel/domctl.h>
#include <keel/errno.h>
#include <keel/event_channel_op.h>
#include <keel/grant_table_op.h>
#include <keel/guest_access.h>
#include <keel/heap.h>
#include <keel/percpu.h>
#include <keel/pv_build.h>
#include <keel/pv_kernel.h>
#include <keel/sched.h>
#include <keel/string.h>
#include <public/domctl.h>
#include <public/grant_table.h>

#define MAX_IMAGE  (256ull << 20)
#define MAX_CMDLINE 1024

/* Flags Keel honours: a PV domain, possibly hosting xenstored. */
#define CDF_SUPPORTED (XEN_DOMCTL_CDF_xs_domain | XEN_DOMCTL_CDF_oos_off)

static long check_config(const struct xen_domctl_createdomain *c)
{
    if (c->flags & (XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap))
        return -EOPNOTSUPP;
    if (c->flags & ~CDF_SUPPORTED || c->iommu_opts || c->vmtrace_size)
        return -EINVAL;
    if (!c->max_vcpus || c->max_vcpus > MAX_VIRT_CPUS)
        return -EINVAL;
    if ((c->grant_opts & 0xf) > 1) /* grant tables v2: not yet */
        return -EINVAL;
    return c->cpupool_id ? -ENOENT : 0;
}

/* The id asked for, or the next free one for 0 and reserved ids. */
static long choose_id(domid_t want, domid_t *id)
{
    if (want == 0 || want >= DOMID_FIRST_RESERVED)
        return domain_free_id(id);
    if (want >= MAX_DOMAINS)
        return -EINVAL;
    if (domain_by_id(want))
        return -EEXIST;
    *id = want;
    return 0;
}

long domctl_createdomain(domid_t *domid, const struct xen_domctl_createdomain *c)
{
    struct domain *d;
    domid_t id;
    long rc;

    if ((rc = check_config(c)) || (rc = choose_id(*domid, &id)))
        return rc;
    if (!(d = domain_create(id, false)))
        return domain_by_id(id) ? -EEXIST : -ENOMEM;
    memcpy(d->handle, c->handle, sizeof(d->handle));
    /* The toolstack's pause, undone by its unpause once the domain is built. */
    domain_pause(d);
    for (unsigned int i = 0; i < c->max_vcpus; i++) {
        if (!vcpu_create(d, i, (id + i) % nr_cpus_online)) {
            domain_kill(d);
            return -ENOMEM;
        }
    }
    if (domain_evtchn_init(d) || domain_grant_init(d)) {
        domain_kill(d);
        return -ENOMEM;
    }
    *domid = id;
    return 0;
}

/* A copy in Keel's memory of len bytes at guest address va. */
static long copy_in(uint64_t va, uint64_t len, uint8_t **out)
{
    if (len > MAX_IMAGE)
        return -E2BIG;
    if (!(*out = alloc_xen_memory(len)))
        return -ENOMEM;
    if (copy_from_guest(*out, va, len)) {
        free_xen_memory(*out, len);
        *out = NULL;
        return -EFAULT;
    }
    return 0;
}

/* The NUL-terminated command line at va, at most MAX_CMDLINE bytes. */
static long copy_cmdline(uint64_t va, char *out)
{
    if (!va) {
        out[0] = '\0';
        return 0;
    }
    for (size_t i = 0; i < MAX_CMDLINE; i++) {
        if (copy_from_guest(&out[i], va + i, 1))
            return -EFAULT;
        if (!out[i])
            return 0;
    }
    return -E2BIG;
}

/* Grant the ring pages to their backends, as the guest would have. */
static long seed_grants(struct domain *d, const struct xen_domctl_keel_build_pv *b,
                        const struct pv_rings *r)
{
    long rc = domain_grant_seed(d, GNTTAB_RESERVED_CONSOLE, b->console_domid, r->console_mfn);

    return rc ? rc : domain_grant_seed(d, GNTTAB_RESERVED_XENSTORE, b->store_domid, r->store_mfn);
}

static long build(struct domain *d, struct xen_domctl_keel_build_pv *b, const uint8_t *kernel,
                  const uint8_t *ramdisk, const char *cmdline)
{
    struct pv_rings rings = { .console_port = b->console_port, .store_port = b->store_port };
    struct pv_build_args args = { .cmdline = cmdline, .rings = &rings,
                                  .initrd = ramdisk, .initrd_len = b->ramdisk_len };
    static struct pv_kernel k;  /* large; builds are serialised by the domctl lock */
    struct pv_image img;
    char err[160] = "";
    long rc = pv_image_open(kernel, b->kernel_len, &img, err, sizeof(err));

    if (!rc)
        rc = pv_kernel_load(img.data, img.len, &k, err, sizeof(err));
    args.kernel = &k;
    if (!rc)
        rc = pv_build(d, &args, err, sizeof(err));
    pv_image_close(&img);
    if (rc) {
        kerr("d%u: cannot build it: %s (error %ld)\n", d->domid, err, rc);
        return rc;
    }
    b->console_mfn = rings.console_mfn;
    b->store_mfn = rings.store_mfn;
    if ((rc = seed_grants(d, b, &rings)))
        return rc;
    kinfo("d%u: built by dom0: %llu MiB, %u vCPU%s, entry %#llx, command line \"%s\"%s\n",
          d->domid, (unsigned long long)(d->tot_pages >> 8), d->nr_vcpus,
          d->nr_vcpus == 1 ? "" : "s", (unsigned long long)k.entry, cmdline,
          ramdisk ? ", with a ramdisk" : "");
    sched_add_vcpu(d->vcpus[0]);
    return 0;
}

long domctl_keel_build_pv(struct domain *d, struct xen_domctl_keel_build_pv *b)
{
    static char cmdline[MAX_CMDLINE];
    uint8_t *kernel = NULL, *ramdisk = NULL;
    long rc;

    if (d->tot_pages || !d->vcpus[0] || d->is_privileged)
        return -EEXIST;
    if (!d->max_pages || !b->kernel_len || (b->ramdisk_len && !b->ramdisk))
        return -EINVAL;
    rc = copy_cmdline((uint64_t)(uintptr_t)b->cmdline, cmdline);
    if (!rc)
        rc = copy_in((uint64_t)(uintptr_t)b->kernel, b->kernel_len, &kernel);
    if (!rc && b->ramdisk_len)
        rc = copy_in((uint64_t)(uintptr_t)b->ramdisk, b->ramdisk_len, &ramdisk);
    if (!rc)
        rc = build(d, b, kernel, ramdisk, cmdline);
    if (kernel)
        free_xen_memory(kernel, b->kernel_len);
    if (ramdisk)
        free_xen_memory(ramdisk, b->ramdisk_len);
    return rc;
}
