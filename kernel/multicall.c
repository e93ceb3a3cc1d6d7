/*
 * multicall: a batch of hypercalls in one entry, each result written back
 * into its entry. As in Xen: a batch inside a batch is refused (-EINVAL
 * in that entry), an unknown operation gets -ENOSYS in its entry, and an
 * iret ends the batch, since the guest then continues elsewhere.
 */
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/guest_access.h>
#include <keel/hypercall.h>
#include <public/xen.h>

long do_multicall(hc_arg_t list, hc_arg_t nr)
{
    struct vcpu *v = current_vcpu();
    long rc = 0;

    if (v->in_multicall)
        return -EINVAL;
    v->in_multicall = true;
    for (hc_arg_t i = 0; i < nr; i++) {
        uint64_t at = list + i * sizeof(struct multicall_entry);
        struct multicall_entry call;

        if (copy_from_guest(&call, at, sizeof(call))) {
            rc = -EFAULT;
            break;
        }
        call.result = (unsigned long)hypercall_dispatch(call.op, call.args[0], call.args[1],
                                                        call.args[2], call.args[3],
                                                        call.args[4]);
        if (copy_to_guest(at + __builtin_offsetof(struct multicall_entry, result),
                          &call.result, sizeof(call.result))) {
            rc = -EFAULT;
            break;
        }
        if (call.op == __HYPERVISOR_iret) {
            rc = (long)call.result; /* RAX as the iret frame gave it */
            break;
        }
    }
    v->in_multicall = false;
    return rc;
}
