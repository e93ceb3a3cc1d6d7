/* physdev_op: a vCPU's I/O privilege so far; the rest comes with dom0's
 * drivers. */
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/guest_access.h>
#include <keel/hypercall.h>
#include <public/physdev.h>

long do_physdev_op(hc_arg_t cmd, hc_arg_t arg)
{
    struct vcpu *v = current_vcpu();

    switch (cmd) {
    case PHYSDEVOP_set_iopl: {
        struct physdev_set_iopl s;

        if (copy_from_guest(&s, arg, sizeof(s)))
            return -EFAULT;
        if (s.iopl > 3)
            return -EINVAL;
        v->arch.iopl = (uint8_t)s.iopl;
        return 0;
    }
    default:
        return -ENOSYS;
    }
}
