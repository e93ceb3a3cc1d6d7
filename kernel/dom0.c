/*
 * The domains Keel builds at boot from the multiboot modules: dom0 from
 * the first (the kernel, gzipped or not) and the second (an optional
 * initrd), each with its own command line, with the memory dom0_mem gives
 * it; then any module marked `domU` as an unprivileged PV domain (see
 * build_domus).
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
#include <keel/layout.h>
#include <keel/percpu.h>
#include <keel/pv_build.h>
#include <keel/pv_kernel.h>
#include <keel/sched.h>
#include <keel/string.h>
#include <public/xen.h>

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

/* What a boot-time domain is built from. */
struct boot_domain {
    domid_t domid;
    unsigned int module;    /* the kernel's module number */
    const struct boot_module *kernel, *initrd;
    uint64_t pages;
};

static int build(const struct boot_domain *bd, const struct pv_image *img, char *err, size_t len)
{
    bool privileged = bd->domid == 0;
    struct pv_kernel kernel;
    struct pv_build_args args = { .kernel = &kernel, .cmdline = bd->kernel->cmdline,
                                  .si_flags = privileged ? SIF_PRIVILEGED | SIF_INITDOMAIN : 0 };
    struct domain *d;
    struct vcpu *v;
    int rc;

    if ((rc = pv_kernel_load(img->data, img->len, &kernel, err, len)))
        return rc;
    if (!(d = domain_create(bd->domid, privileged))) {
        snprintf(err, len, "no memory for the domain");
        return -ENOMEM;
    }
    if (!(v = vcpu_create(d, 0, bd->domid % nr_cpus_online)) ||
        (privileged && create_secondary_vcpus(d)) || domain_evtchn_init(d) ||
        domain_grant_init(d)) {
        snprintf(err, len, "no memory for the domain");
        domain_kill(d);
        return -ENOMEM;
    }
    d->max_pages = bd->pages;
    if (bd->initrd) {
        args.initrd = phys_to_virt(bd->initrd->start);
        args.initrd_len = bd->initrd->end - bd->initrd->start;
    }
    if ((rc = pv_build(d, &args, err, len))) {
        domain_kill(d); /* every frame it got goes back */
        return rc;
    }
    kinfo("%s: %llu MiB, %u vCPU%s, entry %#llx, command line \"%s\"%s\n",
          privileged ? "dom0" : d->name, (unsigned long long)(d->tot_pages >> 8), d->nr_vcpus,
          d->nr_vcpus == 1 ? "" : "s", (unsigned long long)kernel.entry, args.cmdline,
          args.initrd ? ", with an initrd" : "");
    sched_add_vcpu(v);
    return 0;
}

static bool build_from(const struct boot_domain *bd)
{
    struct pv_image img;
    char err[160] = "";
    int rc;

    rc = pv_image_open(phys_to_virt(bd->kernel->start), bd->kernel->end - bd->kernel->start,
                       &img, err, sizeof(err));
    if (!rc)
        rc = build(bd, &img, err, sizeof(err));
    pv_image_close(&img);
    if (rc)
        kerr("%s: cannot build it from module %u: %s (error %d)\n",
             bd->domid ? "domU" : "dom0", bd->module, err, rc);
    return !rc;
}

/*
 * Whether a module's command line holds the word `word`; with value,
 * also `word=VALUE`, whose value it returns.
 */
static bool module_word(const char *line, const char *word, const char **value)
{
    size_t n = strlen(word);

    for (const char *p = line; p && *p; p = strchr(p, ' ')) {
        while (*p == ' ')
            p++;
        if (strncmp(p, word, n))
            continue;
        if (!value && (p[n] == ' ' || !p[n]))
            return true;
        if (value && p[n] == '=') {
            *value = p + n + 1;
            return true;
        }
    }
    return false;
}

static bool is_domu_module(const struct boot_module *m)
{
    return module_word(m->cmdline, "domU", NULL);
}

/* A domU's memory: memory=MiB on its line (as xl.cfg's `memory`), else 32. */
static uint64_t domu_pages(const struct boot_module *m)
{
    const char *v;
    uint64_t mib = 0;

    if (module_word(m->cmdline, "memory", &v))
        while (*v >= '0' && *v <= '9' && mib < (1ull << 20))
            mib = mib * 10 + (uint64_t)(*v++ - '0');
    return (mib ? mib : 32) << (20 - PAGE_SHIFT);
}

/*
 * The domUs Keel starts itself, before any toolstack exists: each module
 * after the first whose command line holds the word `domU` becomes an
 * unprivileged PV domain, numbered from 1 in module order. A failed one
 * uses up its id, as on Xen, while its remains are reaped.
 */
static void build_domus(const struct boot_info *bi)
{
    domid_t next = 1;

    for (unsigned int i = 1; i < bi->nr_modules; i++) {
        struct boot_domain bd = { next, i, &bi->modules[i], NULL, domu_pages(&bi->modules[i]) };

        if (is_domu_module(&bi->modules[i])) {
            build_from(&bd);
            next++;
        }
    }
}

bool dom0_construct(const struct boot_info *bi)
{
    struct mem_summary mem;
    struct boot_domain bd = { 0, 0, &bi->modules[0], NULL, 0 };

    if (!bi->nr_modules) {
        kinfo("No dom0 kernel given (no multiboot module): idle\n");
        return false;
    }
    heap_summary(&mem, keel_options.dom0_mem, keel_options.dom0_mem_max);
    bd.pages = mem.dom0 >> PAGE_SHIFT;
    if (bi->nr_modules > 1 && !is_domu_module(&bi->modules[1]))
        bd.initrd = &bi->modules[1];
    if (!build_from(&bd))
        return false;
    console_input_to_dom0();
    build_domus(bi);
    return true;
}
