/*
 * libFuzzer target: xenstored's engine (dom0/xenstore/) fed any byte
 * stream on an unprivileged guest connection, as a hostile domU's ring
 * would deliver it, split where the input says. Beyond not crashing
 * (ASan, UBSan), the store's invariants must hold afterwards and the
 * queued output must stay bounded.
 */
#include <stdint.h>
#include <stdlib.h>
#include <dom0/xenstore.h>

#define OUTPUT_BOUND (1u << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct xs_conn *guest;
    char sink[4096];
    size_t pos = 0;

    if (xs_init(NULL, NULL))
        return 0;
    if (!(guest = xs_conn_new(1, false))) {
        xs_shutdown();
        return 0;
    }
    /* The first byte of each step sets the next chunk's length (1-64). */
    while (pos < size) {
        size_t chunk = (size_t)(data[pos++] & 63) + 1;
        long took;

        if (chunk > size - pos)
            chunk = size - pos;
        took = xs_conn_input(guest, data + pos, chunk);
        if (took < 0)
            break;
        pos += (size_t)took;
        if (xs_conn_output_pending(guest) > OUTPUT_BOUND)
            abort();
        while (xs_conn_output(guest, sink, sizeof(sink)))
            ;
    }
    if (xs_check())
        abort();
    xs_shutdown();
    return 0;
}
