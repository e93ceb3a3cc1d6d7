/*
 * A domain's memory, as libxl sets it (sizes in KiB in xenstore):
 *   xl mem-max DOM MEM   its ceiling (static maximum): never below its
 *                        target; XEN_DOMCTL_max_mem, memory/static-max
 *   xl mem-set DOM MEM   its target (the balloon's): never above the
 *                        ceiling; XEN_DOMCTL_max_mem to the target, which
 *                        Keel enforces, then memory/target, which the
 *                        guest's balloon driver watches
 * libxl adds 1 MiB of slack on x86; Keel's xl create gives no slack
 * either, so neither adds any.
 */
#include <keel/string.h>
#include <dom0/console.h>
#include <dom0/control.h>
#include "xl_cmds.h"
#include "xl_text.h"

/*
 * The two limits, as libxl sets them: each is checked against the other
 * (read from xenstore), then becomes the ceiling Keel enforces and the
 * domain's xenstore value.
 */
struct mem_limit {
    const char *node;           /* memory/<node>: what is set */
    const char *other;          /* memory/<other>: what it is checked against */
    bool at_least_other;        /* node >= other (else node <= other) */
    const char *refusal;        /* libxl's words when the check fails */
    const char *what;           /* xl's words when the command fails */
};

static const struct mem_limit static_max = {
    "static-max", "target", true,
    "memory_static_max must be greater than or or equal to memory_dynamic_max",
    "static max",
};

static const struct mem_limit target = {
    "target", "static-max", false,
    "memory_dynamic_max must be less than or equal to memory_static_max",
    "dynamic max",
};

/* libxl_domain_setmaxmem, or libxl_set_memory_target with enforce; says
 * why it fails. */
static int set_limit(domid_t domid, uint64_t kb, const struct mem_limit *l)
{
    char why[80];
    uint64_t other;
    int rc;

    if (xl_store_memory(domid, l->other, &other)) {
        printk("libxl: error: Domain %u:Cannot get memory info from "
               "/local/domain/%u/memory/%s\n", domid, domid, l->other);
        return -1;
    }
    if (l->at_least_other ? kb < other : kb > other) {
        printk("libxl: error: Domain %u:%s\n", domid, l->refusal);
        return -1;
    }
    if ((rc = domain_max_mem(domid, kb))) {
        xl_libxl_error(domid, "xc_domain_setmaxmem failed", rc);
        return -1;
    }
    if ((rc = xl_store_set_memory(domid, l->node, kb))) {
        snprintf(why, sizeof(why), "Couldn't set memory/%s", l->node);
        xl_libxl_error(domid, why, rc);
        return -1;
    }
    return 0;
}

/* xl mem-max / mem-set DOM MEM */
static int mem_command(int argc, char **argv, const struct mem_limit *l)
{
    int i = xl_no_options(argc, argv, 2, 2);
    domid_t domid;
    uint64_t kb;

    if (i < 0 || xl_find_domain(argv[i], &domid))
        return 1;
    if (xl_parse_mem_kb(argv[i + 1], &kb)) {
        printk("invalid memory size: %s\n", argv[i + 1]);
        return 1;
    }
    if (set_limit(domid, kb, l)) {
        printk("cannot set domid %u %s memory to : %s\n", domid, l->what, argv[i + 1]);
        return 1;
    }
    return 0;
}

int xl_mem_max(int argc, char **argv)
{
    return mem_command(argc, argv, &static_max);
}

int xl_mem_set(int argc, char **argv)
{
    return mem_command(argc, argv, &target);
}
