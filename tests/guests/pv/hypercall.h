/*
 * Hypercalls from the PV test guest: the same hypercall-page call as
 * Keel's dom0 (dom0/include/dom0/hypercall.h), under the names the
 * checks use.
 */
#ifndef PVTEST_HYPERCALL_H
#define PVTEST_HYPERCALL_H

#include <dom0/hypercall.h>

#define hypercall5 hypercall
#define HYPERCALL(nr, a1, a2, a3) HC(nr, a1, a2, a3, 0, 0)

#endif
