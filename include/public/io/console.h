/*
 * Xen guest ABI: the PV console page (start_info.console.domU.mfn, event
 * channel console.domU.evtchn). Two byte rings with free-running indices:
 * the guest writes out and reads in, the console backend the opposite.
 */
#ifndef __XEN_PUBLIC_IO_CONSOLE_H__
#define __XEN_PUBLIC_IO_CONSOLE_H__

#include <stdint.h>

typedef uint32_t XENCONS_RING_IDX;

/* Offset in ring (an array of power-of-two size) of free-running idx. */
#define MASK_XENCONS_IDX(idx, ring) ((idx) & (sizeof(ring) - 1))

struct xencons_interface {
    char in[1024];              /* input to the guest */
    char out[2048];             /* output from the guest */
    XENCONS_RING_IDX in_cons, in_prod;
    XENCONS_RING_IDX out_cons, out_prod;
    /*
     * Set by the backend: XENCONSOLE_CONNECTED once it services the rings
     * (so output will drain). Starts as XENCONSOLE_DISCONNECTED.
     */
#define XENCONSOLE_DISCONNECTED 1
#define XENCONSOLE_CONNECTED    0
    uint8_t connection;
};

#endif /* __XEN_PUBLIC_IO_CONSOLE_H__ */
