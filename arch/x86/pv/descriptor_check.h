/*
 * Which segment descriptors a 64-bit PV guest may put in its GDT or LDT:
 * Xen's rules (check_descriptor in xen/arch/x86/pv/descriptor-tables.c),
 * written anew. Pure, so the host tests run it (test_descriptor_check.c).
 *
 * The guarantee: no accepted descriptor gives ring 3 more than ring 3
 * has. Its kernel runs in ring 3 too, so code and data descriptors are
 * accepted with their DPL raised to 3 (never refused: Xen fixes them up);
 * of system descriptors only call gates pass, made DPL 0 so that using
 * one faults (Keel does not emulate gates; the guest sees #GP) and only
 * to a guest selector or FLAT_KERNEL_CS; the empty type-0 descriptor (a
 * 64-bit gate's upper half) and anything not present pass unchanged.
 * TSS and LDT descriptors, interrupt and trap gates are refused.
 */
#ifndef ARCH_X86_PV_DESCRIPTOR_CHECK_H
#define ARCH_X86_PV_DESCRIPTOR_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#define DESCS_PER_PAGE 512

/* Whether *desc is allowed; if so it is rewritten as the guest gets it. */
bool pv_descriptor_ok(uint64_t *desc);

/* Every descriptor of a would-be GDT/LDT page, fixed up in place as far
 * as the first refused one (idempotent: Xen does the same). */
bool pv_descriptor_page_ok(uint64_t descs[DESCS_PER_PAGE]);

#endif
