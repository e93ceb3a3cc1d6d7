/*
 * Building dom0 from the first multiboot module (the kernel, gzipped or
 * not) and the second (an optional initrd), each with its own command
 * line, with the memory dom0_mem gives it.
 */
#include <keel/page.h>
#include <keel/boot.h>
#include <keel/bootinfo.h>
#include <keel/console.h>
#include <keel/console_io.h>
#include <keel/domain.h>
#include <keel/dom0.h>
#include <keel/errno.h>
#include <keel/event_channel_op.h>
#include <keel/grant_table_op.h>
#include <keel/heap.h>
#include <keel/inflate.h>
#include <keel/layout.h>
#include <keel/percpu.h>
#include <keel/pv_build.h>
#include <keel/sched.h>
#include <keel/string.h>
#include <public/xen.h>

#define MAX_KERNEL_SIZE (256ull << 20) /* a gzip trailer claiming more is corrupt */

struct image {
    const uint8_t *data;
    size_t len;
    uint8_t *owned;      /* inflated copy to free, or NULL */
    size_t owned_size;
};

static bool is_gzip(const uint8_t *p, size_t len)
{
    return len >= 18 && p[0] == 0x1f && p[1] == 0x8b;
}

static int open_kernel(const struct boot_module *m, struct image *img, char *err, size_t len)
{
    const uint8_t *raw = phys_to_virt(m->start);
    size_t raw_len = m->end - m->start, out_len = 0, size;
    char why[120];
    int rc;

    *img = (struct image){ raw, raw_len, NULL, 0 };
    if (!is_gzip(raw, raw_len))
        return 0;
    size = gzip_isize(raw, raw_len);
    if (!size || size > MAX_KERNEL_SIZE) {
        snprintf(err, len, "cannot decompress the gzip image: its trailer claims %zu bytes",
                 size);
        return -EINVAL;
    }
    img->owned = alloc_xen_memory(size);
    if (!img->owned) {
        snprintf(err, len, "no memory to inflate %zu bytes", size);
        return -ENOMEM;
    }
    img->owned_size = size;
    rc = inflate_gzip(raw, raw_len, img->owned, size, &out_len, why, sizeof(why));
    if (rc)
        snprintf(err, len, "cannot decompress the gzip image: %s", why);
    img->data = img->owned;
    img->len = out_len;
    return rc;
}

static void close_kernel(struct image *img)
{
    if (img->owned)
        free_xen_memory(img->owned, img->owned_size);
}

/*
 * As on Xen: dom0 gets a vCPU per CPU unless dom0_max_vcpus says fewer;
 * all but vCPU 0 start offline, for its kernel to bring up.
 */
static int create_secondary_vcpus(struct domain *d)
{
    unsigned int n = keel_options.dom0_max_vcpus ? keel_options.dom0_max_vcpus
                                                 : nr_cpus_online;

    if (n > MAX_VIRT_CPUS)
        n = MAX_VIRT_CPUS;
    for (unsigned int id = 1; id < n; id++)
        if (!vcpu_create(d, id, id % nr_cpus_online))
            return -ENOMEM;
    return 0;
}

static int build(const struct boot_info *bi, const struct image *img, char *err, size_t len)
{
    struct pv_kernel kernel;
    struct mem_summary mem;
    struct pv_build_args args = { .kernel = &kernel,
                                  .si_flags = SIF_PRIVILEGED | SIF_INITDOMAIN };
    struct domain *d;
    struct vcpu *v;
    int rc;

    if ((rc = pv_kernel_load(img->data, img->len, &kernel, err, len)))
        return rc;
    heap_summary(&mem, keel_options.dom0_mem, keel_options.dom0_mem_max);
    d = domain_create(0, true);
    if (!d || !(v = vcpu_create(d, 0, 0)) || create_secondary_vcpus(d) ||
        domain_evtchn_init(d) || domain_grant_init(d)) {
        snprintf(err, len, "no memory for the domain");
        return -ENOMEM;
    }
    d->max_pages = mem.dom0 >> PAGE_SHIFT;
    args.cmdline = bi->modules[0].cmdline;
    if (bi->nr_modules > 1) {
        args.initrd = phys_to_virt(bi->modules[1].start);
        args.initrd_len = bi->modules[1].end - bi->modules[1].start;
    }
    if ((rc = pv_build(d, &args, err, len)))
        return rc;
    kinfo("dom0: %llu MiB, %u vCPU%s, entry %#llx, command line \"%s\"%s\n",
          (unsigned long long)(d->tot_pages >> 8), d->nr_vcpus, d->nr_vcpus == 1 ? "" : "s",
          (unsigned long long)kernel.entry, args.cmdline, args.initrd ? ", with an initrd" : "");
    sched_add_vcpu(v);
    console_input_to_dom0();
    return 0;
}

bool dom0_construct(const struct boot_info *bi)
{
    struct image img;
    char err[160] = "";
    int rc;

    if (!bi->nr_modules) {
        kinfo("No dom0 kernel given (no multiboot module): idle\n");
        return false;
    }
    rc = open_kernel(&bi->modules[0], &img, err, sizeof(err));
    if (!rc)
        rc = build(bi, &img, err, sizeof(err));
    close_kernel(&img);
    if (rc) {
        kerr("dom0: cannot build it from module 0: %s (error %d)\n", err, rc);
        return false;
    }
    return true;
}
