/*
 * xen_version: what a guest learns about the hypervisor. Keel answers as
 * the Xen version whose ABI it implements (4.17), since guests check the
 * number, and names itself in the extra version string.
 */
#include <keel/bootinfo.h>
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/guest_access.h>
#include <keel/hypercall.h>
#include <keel/string.h>
#include <public/features.h>
#include <public/version.h>
#include <public/xen.h>

#define ABI_MAJOR 4
#define ABI_MINOR 17

static int copy_string(hc_arg_t arg, const char *s, size_t size)
{
    char buf[1024] = { 0 };

    snprintf(buf, size < sizeof(buf) ? size : sizeof(buf), "%s", s);
    return copy_to_guest(arg, buf, size) ? -EFAULT : 0;
}

static uint32_t features(const struct domain *d)
{
    uint32_t f = (1u << XENFEAT_writable_page_tables) |
                 (1u << XENFEAT_mmu_pt_update_preserve_ad) |
                 (1u << XENFEAT_gnttab_map_avail_bits);

    if (d->is_privileged)
        f |= 1u << XENFEAT_dom0;
    return f;
}

long do_xen_version(hc_arg_t cmd, hc_arg_t arg)
{
    struct domain *d = current_vcpu()->domain;

    switch (cmd) {
    case XENVER_version:
        return (ABI_MAJOR << 16) | ABI_MINOR;
    case XENVER_extraversion:
        return copy_string(arg, "-keel", sizeof(xen_extraversion_t));
    case XENVER_capabilities:
        return copy_string(arg, "xen-3.0-x86_64", sizeof(xen_capabilities_info_t));
    case XENVER_changeset:
        return copy_string(arg, "keel " KEEL_VERSION, sizeof(xen_changeset_info_t));
    case XENVER_compile_info: {
        xen_compile_info_t ci;

        memset(&ci, 0, sizeof(ci));
        snprintf(ci.compiler, sizeof(ci.compiler), "%s", KEEL_COMPILER);
        snprintf(ci.compile_by, sizeof(ci.compile_by), "keel");
        snprintf(ci.compile_domain, sizeof(ci.compile_domain), "keel");
        snprintf(ci.compile_date, sizeof(ci.compile_date), "%s", __DATE__);
        return copy_to_guest(arg, &ci, sizeof(ci)) ? -EFAULT : 0;
    }
    case XENVER_platform_parameters: {
        xen_platform_parameters_t p = { .virt_start = HYPERVISOR_VIRT_START };

        return copy_to_guest(arg, &p, sizeof(p)) ? -EFAULT : 0;
    }
    case XENVER_get_features: {
        xen_feature_info_t fi;

        if (copy_from_guest(&fi, arg, sizeof(fi)))
            return -EFAULT;
        fi.submap = fi.submap_idx == 0 ? features(d) : 0;
        return copy_to_guest(arg, &fi, sizeof(fi)) ? -EFAULT : 0;
    }
    case XENVER_pagesize:
        return 4096;
    case XENVER_commandline:
        /* As Xen: only the control domain learns it; others get a word
         * saying so, not an error. */
        return copy_string(arg, d->is_privileged ? boot_info_get()->cmdline : "<denied>",
                           sizeof(xen_commandline_t));
    case XENVER_guest_handle: {
        uint8_t handle[16] = { 0 };

        return copy_to_guest(arg, handle, sizeof(handle)) ? -EFAULT : 0;
    }
    default:
        return -ENOSYS;
    }
}
