/*
 * Included first in every hypervisor source (-include). Keel is one static
 * image: no symbol can be preempted, so declaring everything hidden lets the
 * compiler address every symbol RIP-relative instead of through a GOT,
 * which a static link at a high address could not fill in.
 */
#ifndef KEEL_COMPILER_H
#define KEEL_COMPILER_H

#pragma GCC visibility push(hidden)

#endif
