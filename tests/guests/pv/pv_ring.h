/*
 * The ring logic of the PV test guest's console and xenstore clients,
 * apart from everything that needs a hypervisor, so that it also builds on
 * the host (tests/unit/test_pv_ring.c). The guest links pv_ring.c as a
 * translation unit of its own.
 *
 * Both pages hold byte rings with free-running 32-bit indices, each index
 * written by one side only: the producer owns prod, the consumer cons,
 * and 0 <= prod - cons <= size always holds (io/console.h, io/xs_wire.h).
 */
#ifndef PVTEST_PV_RING_H
#define PVTEST_PV_RING_H

#include <stdint.h>
#include <public/io/xs_wire.h>

/* One direction of a shared page: size is a power of two. */
struct byte_ring {
    char *data;
    uint32_t size;
    uint32_t *cons, *prod;
};

/* As the producer: copy up to len bytes in, return how many fitted. */
uint32_t ring_put(const struct byte_ring *r, const void *src, uint32_t len);
/* As the consumer: take up to len bytes out, return how many there were. */
uint32_t ring_get(const struct byte_ring *r, void *dst, uint32_t len);
/* How many bytes the ring holds (as the producer sees it: 0 once the
 * consumer has taken everything). */
uint32_t ring_used(const struct byte_ring *r);

/* A xenstore message: the header, then hdr.len bytes of payload (kept
 * NUL-terminated one past them once received, for reading as a string). */
struct xs_msg {
    struct xsd_sockmsg hdr;
    char body[XENSTORE_PAYLOAD_MAX + 1];
};

/* A message crossing a ring in pieces: `done` bytes of it so far. */
struct xs_stream {
    struct xs_msg msg;
    uint32_t done;
};

/*
 * Start sending a request, outside any transaction, whose payload is path
 * NUL then, unless arg is NULL, arg: NUL-terminated too, except as the
 * value of an XS_WRITE (xs_wire.h's layouts: XS_READ path; XS_WATCH path,
 * token; XS_WRITE path, value). -1 if that exceeds XENSTORE_PAYLOAD_MAX.
 */
int xs_stream_frame(struct xs_stream *s, uint32_t type, uint32_t req_id,
                    const char *path, const char *arg);
/* Push what fits of the message into the ring: 1 once all of it is in. */
int xs_stream_send(struct xs_stream *s, const struct byte_ring *r);
/* Gather a message from the ring (starting from done = 0): 1 once it is
 * whole, and it stays so, taking nothing more, until the caller sets done
 * back to 0 for the next; 0 if more is to come; -1 if its header claims a
 * payload over XENSTORE_PAYLOAD_MAX (the ring is out of step for good). */
int xs_stream_recv(struct xs_stream *s, const struct byte_ring *r);

/* An XS_WATCH_EVENT's token (its payload is path NUL token NUL), or NULL
 * if the payload is not two strings. */
const char *xs_watch_token(const struct xs_msg *m);

/* A line of console input being gathered: text NUL-terminated. */
struct input_line {
    char text[80];
    uint32_t len;
    int complete;
};

/*
 * Take console input from the ring up to the end of a line (CR or LF: a
 * terminal in raw mode sends CR for Enter). 1 when a non-empty line is
 * complete (the next call starts a new one); a line longer than the
 * buffer is cut into pieces. Backspace and DEL erase the last character.
 */
int input_line_take(struct input_line *l, const struct byte_ring *r);

#endif
