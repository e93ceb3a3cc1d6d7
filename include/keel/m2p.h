/* The machine-to-phys table PV guests read (see arch/x86/pv/m2p.c). */
#ifndef KEEL_M2P_H
#define KEEL_M2P_H

#include <stdint.h>

/* A frame no domain knows by a pseudo-physical number. */
#define INVALID_M2P_ENTRY (~0ull)

/* Build it for frames [0, nr_frames), all invalid, mapped for guests. */
void m2p_init(uint64_t nr_frames);

void m2p_set(uint64_t mfn, uint64_t pfn);

#endif
