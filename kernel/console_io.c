/*
 * console_io: a guest writes to Keel's console (dom0's kernel uses it for
 * everything before its own console driver runs). dom0's text goes out as
 * it is, as on Xen; other domains' lines carry "(dN) ".
 */
#include <keel/console.h>
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/guest_access.h>
#include <keel/hypercall.h>
#include <public/xen.h>

#define CHUNK 128

long do_console_io(hc_arg_t cmd, hc_arg_t count, hc_arg_t buffer)
{
    struct domain *d = current_vcpu()->domain;
    char buf[CHUNK];

    if (cmd == CONSOLEIO_read)
        return d->is_privileged ? 0 : -EPERM; /* no input for guests yet */
    if (cmd != CONSOLEIO_write)
        return -ENOSYS;
    for (hc_arg_t done = 0; done < count;) {
        size_t n = count - done < CHUNK ? count - done : CHUNK;

        if (copy_from_guest(buf, buffer + done, n))
            return -EFAULT;
        console_guest_write(d->domid, buf, n);
        done += n;
    }
    return 0;
}
