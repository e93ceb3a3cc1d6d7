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
#include <dom0/console.h>
#include <dom0/control.h>
#include "xl_cmds.h"
#include "xl_text.h"

/* libxl_domain_setmaxmem; says why it fails. */
static int set_max(domid_t domid, uint64_t kb)
{
    uint64_t target;
    int rc;

    if (xl_store_memory(domid, "target", &target)) {
        printk("libxl: error: Domain %u:Cannot get memory info from "
               "/local/domain/%u/memory/target\n", domid, domid);
        return -1;
    }
    if (kb < target) {
        printk("libxl: error: Domain %u:memory_static_max must be greater than or or equal "
               "to memory_dynamic_max\n", domid);
        return -1;
    }
    if ((rc = domain_max_mem(domid, kb))) {
        xl_libxl_error(domid, "xc_domain_setmaxmem failed", rc);
        return -1;
    }
    if ((rc = xl_store_set_memory(domid, "static-max", kb))) {
        xl_libxl_error(domid, "Couldn't set memory/static-max", rc);
        return -1;
    }
    return 0;
}

int xl_mem_max(int argc, char **argv)
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
    if (set_max(domid, kb)) {
        printk("cannot set domid %u static max memory to : %s\n", domid, argv[i + 1]);
        return 1;
    }
    return 0;
}

/* libxl_set_memory_target with enforce; says why it fails. */
static int set_target(domid_t domid, uint64_t kb)
{
    uint64_t max;
    int rc;

    if (xl_store_memory(domid, "static-max", &max)) {
        printk("libxl: error: Domain %u:Cannot get memory info from "
               "/local/domain/%u/memory/static-max\n", domid, domid);
        return -1;
    }
    if (kb > max) {
        printk("libxl: error: Domain %u:memory_dynamic_max must be less than or equal to "
               "memory_static_max\n", domid);
        return -1;
    }
    if ((rc = domain_max_mem(domid, kb))) {
        xl_libxl_error(domid, "xc_domain_setmaxmem failed", rc);
        return -1;
    }
    if ((rc = xl_store_set_memory(domid, "target", kb))) {
        xl_libxl_error(domid, "Couldn't set memory/target", rc);
        return -1;
    }
    return 0;
}

int xl_mem_set(int argc, char **argv)
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
    if (set_target(domid, kb)) {
        printk("cannot set domid %u dynamic max memory to : %s\n", domid, argv[i + 1]);
        return 1;
    }
    return 0;
}
