/* dom0's I/O privilege (dom0/portio.h). */
#include <public/physdev.h>
#include <dom0/hypercall.h>
#include <dom0/portio.h>

int portio_init(void)
{
    /* IOPL 1: the guest kernel's ring as the hypervisor counts it. */
    struct physdev_set_iopl iopl = { .iopl = 1 };

    return (int)hyp_physdev_op(PHYSDEVOP_set_iopl, &iopl);
}
