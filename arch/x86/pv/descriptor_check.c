/*
 * A 64-bit PV guest's segment descriptors, checked as Xen checks them
 * (see descriptor_check.h for what is accepted and why). Bits are named
 * in the descriptor's high word, as the SDM's figures number them.
 */
#include <public/xen.h>
#include "descriptor_check.h"

#define SEG_TYPE      (0xfu << 8)
#define SEG_S         (1u << 12)       /* code or data, not a system descriptor */
#define SEG_DPL_SHIFT 13
#define SEG_DPL       (3u << SEG_DPL_SHIFT)
#define SEG_P         (1u << 15)
#define TYPE_CALL_GATE (0xcu << 8)     /* 64-bit call gate in long mode */
#define GATE_RESERVED 0xffu            /* must be zero in a 64-bit gate */

#define GUEST_RPL     3                /* a 64-bit PV kernel runs in ring 3 */
#define SEL_LDT       4                /* selector bit: the LDT, not the GDT */

/* A gate may lead only into the guest's own descriptors or its flat code
 * segment: the gate ignores the selector's RPL, so a gate to Keel's code
 * segment would run guest code in ring 0. */
static bool gate_target_ok(uint16_t sel)
{
    return (sel >> 3) < FIRST_RESERVED_GDT_ENTRY || sel == FLAT_KERNEL_CS || (sel & SEL_LDT);
}

bool pv_descriptor_ok(uint64_t *desc)
{
    uint32_t lo = (uint32_t)*desc, hi = (uint32_t)(*desc >> 32);
    uint32_t dpl = (hi & SEG_DPL) >> SEG_DPL_SHIFT;
    uint16_t sel;

    if (!(hi & SEG_P))
        return true; /* loading it faults: harmless whatever it says */
    if (dpl < GUEST_RPL)
        dpl = GUEST_RPL;
    hi = (hi & ~SEG_DPL) | dpl << SEG_DPL_SHIFT;
    if (!(hi & SEG_S)) {
        if (!(hi & SEG_TYPE))
            return true; /* type 0: the upper half of a 16-byte gate */
        if ((hi & SEG_TYPE) != TYPE_CALL_GATE)
            return false;
        sel = lo >> 16;
        if (!gate_target_ok(sel))
            return false;
        /* DPL 0: any use faults; the wanted DPL is kept in the RPL. */
        hi &= ~SEG_DPL;
        sel = (uint16_t)((sel & ~3u) | dpl);
        lo = (lo & 0xffffu) | (uint32_t)sel << 16;
        if (hi & GATE_RESERVED)
            return false;
    }
    *desc = (uint64_t)hi << 32 | lo;
    return true;
}

bool pv_descriptor_page_ok(uint64_t descs[DESCS_PER_PAGE])
{
    for (unsigned int i = 0; i < DESCS_PER_PAGE; i++)
        if (!pv_descriptor_ok(&descs[i]))
            return false;
    return true;
}
