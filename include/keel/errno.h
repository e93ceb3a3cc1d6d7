/*
 * Error numbers, with Xen's values (which are Linux's): hypercalls return
 * them negated to guests, so they are ABI. Keel functions return 0 or -E*.
 *
 * The names are the plain C ones. A host unit test may include <errno.h>
 * as well: every value here is spelt exactly as Linux's headers spell it,
 * so the second definition is an identical redefinition, which C allows.
 */
#ifndef KEEL_ERRNO_H
#define KEEL_ERRNO_H

#define EPERM            1  /* operation not permitted */
#define ENOENT           2  /* no such entry */
#define ESRCH            3  /* no such domain or process */
#define EINTR            4  /* interrupted */
#define EIO              5  /* I/O error */
#define ENXIO            6  /* no such device or address */
#define E2BIG            7  /* argument list too long */
#define ENOEXEC          8  /* not an executable image */
#define EBADF            9  /* bad handle */
#define ECHILD          10  /* no child */
#define EAGAIN          11  /* try again */
#define ENOMEM          12  /* out of memory */
#define EACCES          13  /* access denied */
#define EFAULT          14  /* bad address */
#define EBUSY           16  /* resource busy */
#define EEXIST          17  /* already exists */
#define EXDEV           18  /* cross-domain operation */
#define ENODEV          19  /* no such device */
#define ENOTDIR         20  /* not a directory (dom0's files) */
#define EISDIR          21  /* is a directory (dom0's files) */
#define EINVAL          22  /* invalid argument */
#define ENFILE          23  /* too many open in the system */
#define EMFILE          24  /* too many open */
#define ENOSPC          28  /* no space left */
#define EROFS           30  /* read-only */
#define EMLINK          31  /* too many links */
#define EDOM            33  /* argument out of domain */
#define ERANGE          34  /* result out of range */
#define EDEADLK         35  /* deadlock would occur */
#define ENAMETOOLONG    36  /* name too long */
#define ENOLCK          37  /* no lock available */
#define ENOSYS          38  /* not implemented */
#define ENOTEMPTY       39  /* not empty */
#define ENODATA         61  /* no data available */
#define ETIME           62  /* timer expired */
#define EBADMSG         74  /* bad message */
#define EOVERFLOW       75  /* value too large */
#define EILSEQ          84  /* illegal byte sequence */
#define ENOTSOCK        88  /* not a socket */
#define EOPNOTSUPP      95  /* operation not supported */
#define EADDRINUSE      98  /* address in use */
#define EADDRNOTAVAIL   99  /* address not available */
#define ENOBUFS        105  /* no buffer space */
#define EISCONN        106  /* already connected */
#define ENOTCONN       107  /* not connected */
#define ETIMEDOUT      110  /* timed out */
#define EHOSTUNREACH   113  /* no route to host */
#define EALREADY       114  /* already done */
#define EINPROGRESS    115  /* in progress */

#endif
