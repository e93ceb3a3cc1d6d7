/*
 * Xen guest ABI: the shared request/response ring of the split drivers
 * (block, net, ...). One shared page starts with a 64-byte header of
 * producer indices and event thresholds, followed by as many entries as
 * fit, rounded down to a power of two; each entry holds either a request
 * or a response. The frontend produces requests and consumes responses,
 * the backend the opposite, and each side also keeps private copies of
 * its indices (the front_ring / back_ring structs, never shared).
 *
 * Indices run freely (wrapping at 2^32) and are masked with size - 1 on
 * use, so "full" and "empty" never look alike.
 *
 * Notifications: a producer that publishes entries up to index new, having
 * published up to old before, notifies its peer only if the peer's event
 * threshold (req_event / rsp_event) lies in (old, new]. A consumer that
 * runs out of work sets its threshold to one past what it consumed, then
 * looks once more, so an entry published meanwhile is not missed.
 *
 * The layout and the protocol are Xen's; these macros are Keel's, named
 * as in Xen so that driver code reads the same. Barriers default to
 * compiler/CPU fences; define xen_mb, xen_rmb and xen_wmb first to
 * supply your own.
 */
#ifndef __XEN_PUBLIC_IO_RING_H__
#define __XEN_PUBLIC_IO_RING_H__

#include <stdint.h>

typedef unsigned int RING_IDX;

#ifndef xen_mb
#define xen_mb()  __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define xen_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define xen_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)
#endif

/*
 * Largest power of two <= x (0 for 0), as a constant expression: smear the
 * top set bit into every lower bit, then keep only the top one.
 */
#define __RING_SMEAR1(x)  ((x) | ((x) >> 1))
#define __RING_SMEAR2(x)  (__RING_SMEAR1(x) | (__RING_SMEAR1(x) >> 2))
#define __RING_SMEAR4(x)  (__RING_SMEAR2(x) | (__RING_SMEAR2(x) >> 4))
#define __RING_SMEAR8(x)  (__RING_SMEAR4(x) | (__RING_SMEAR4(x) >> 8))
#define __RING_SMEAR16(x) (__RING_SMEAR8(x) | (__RING_SMEAR8(x) >> 16))
#define __RING_POW2_FLOOR(x) \
    ((unsigned int)(__RING_SMEAR16((uint32_t)(x)) - (__RING_SMEAR16((uint32_t)(x)) >> 1)))

/*
 * Entries of ring type "name" that fit in sz bytes (e.g. 4096), as a
 * constant; and the same from a pointer to a shared ring.
 */
#define __CONST_RING_SIZE(name, sz)                                     \
    __RING_POW2_FLOOR(((sz) - sizeof(struct name##_sring)) /            \
                      sizeof(union name##_sring_entry))
#define __RING_SIZE(s, sz)                                              \
    __RING_POW2_FLOOR(((sz) - sizeof(*(s))) / sizeof((s)->ring[0]))

/*
 * DEFINE_RING_TYPES(name, req_t, rsp_t) declares
 *   union  name_sring_entry  one slot: a req_t or a rsp_t
 *   struct name_sring        the shared page (typedef name_sring_t)
 *   struct name_front_ring   the frontend's private state (..._t)
 *   struct name_back_ring    the backend's private state (..._t)
 */
#define DEFINE_RING_TYPES(name, req_t, rsp_t)                           \
union name##_sring_entry {                                              \
    req_t req;                                                          \
    rsp_t rsp;                                                          \
};                                                                      \
struct name##_sring {                                                   \
    RING_IDX req_prod;      /* requests published up to here */         \
    RING_IDX req_event;     /* notify the backend on reaching this */   \
    RING_IDX rsp_prod;      /* responses published up to here */        \
    RING_IDX rsp_event;     /* notify the frontend on reaching this */  \
    union {                 /* per-protocol use, else zero */           \
        struct { uint8_t smartpoll_active; } netif;                     \
        struct { uint8_t msg; } tapif_user;                             \
        uint8_t pvt_pad[4];                                             \
    } pvt;                                                              \
    uint8_t __pad[44];      /* header is 64 bytes */                    \
    union name##_sring_entry ring[];                                    \
};                                                                      \
struct name##_front_ring {                                              \
    RING_IDX req_prod_pvt;  /* next request slot to fill */             \
    RING_IDX rsp_cons;      /* next response to read */                 \
    unsigned int nr_ents;   /* entries in the ring */                   \
    struct name##_sring *sring;                                         \
};                                                                      \
struct name##_back_ring {                                               \
    RING_IDX rsp_prod_pvt;  /* next response slot to fill */            \
    RING_IDX req_cons;      /* next request to read */                  \
    unsigned int nr_ents;                                               \
    struct name##_sring *sring;                                         \
};                                                                      \
typedef struct name##_sring name##_sring_t;                             \
typedef struct name##_front_ring name##_front_ring_t;                   \
typedef struct name##_back_ring name##_back_ring_t

/* Empty a shared ring; only the frontend does this, before connecting. */
#define SHARED_RING_INIT(s) do {                                        \
    unsigned int __ri;                                                  \
    (s)->req_prod = 0;                                                  \
    (s)->rsp_prod = 0;                                                  \
    (s)->req_event = 1;                                                 \
    (s)->rsp_event = 1;                                                 \
    for (__ri = 0; __ri < sizeof((s)->pvt.pvt_pad); __ri++)             \
        (s)->pvt.pvt_pad[__ri] = 0;                                     \
    for (__ri = 0; __ri < sizeof((s)->__pad); __ri++)                   \
        (s)->__pad[__ri] = 0;                                           \
} while (0)

/* Attach private state to shared ring s of sz bytes, at index i. */
#define FRONT_RING_ATTACH(r, s, i, sz) do {                             \
    (r)->req_prod_pvt = (i);                                            \
    (r)->rsp_cons = (i);                                                \
    (r)->nr_ents = __RING_SIZE(s, sz);                                  \
    (r)->sring = (s);                                                   \
} while (0)
#define FRONT_RING_INIT(r, s, sz) FRONT_RING_ATTACH(r, s, 0, sz)
#define XEN_FRONT_RING_INIT(r, s, sz) do {                              \
    SHARED_RING_INIT(s);                                                \
    FRONT_RING_INIT(r, s, sz);                                          \
} while (0)

#define BACK_RING_ATTACH(r, s, i, sz) do {                              \
    (r)->rsp_prod_pvt = (i);                                            \
    (r)->req_cons = (i);                                                \
    (r)->nr_ents = __RING_SIZE(s, sz);                                  \
    (r)->sring = (s);                                                   \
} while (0)
#define BACK_RING_INIT(r, s, sz) BACK_RING_ATTACH(r, s, 0, sz)

#define RING_SIZE(r) ((r)->nr_ents)

/* Frontend: slots not holding an unanswered request. */
#define RING_FREE_REQUESTS(r) \
    (RING_SIZE(r) - ((r)->req_prod_pvt - (r)->rsp_cons))
#define RING_FULL(r) (RING_FREE_REQUESTS(r) == 0)

/* Frontend: responses published but not yet read. */
#define XEN_RING_NR_UNCONSUMED_RESPONSES(r) \
    ((r)->sring->rsp_prod - (r)->rsp_cons)

/*
 * Backend: requests published but not yet read, never more than it has
 * room to answer (a frontend cannot make it overrun its responses).
 */
#define __RING_REQS_PUBLISHED(r) ((r)->sring->req_prod - (r)->req_cons)
#define __RING_REQS_ROOM(r) \
    (RING_SIZE(r) - ((r)->req_cons - (r)->rsp_prod_pvt))
#define XEN_RING_NR_UNCONSUMED_REQUESTS(r)                              \
    (__RING_REQS_PUBLISHED(r) < __RING_REQS_ROOM(r) ?                   \
     __RING_REQS_PUBLISHED(r) : __RING_REQS_ROOM(r))

#define RING_HAS_UNCONSUMED_RESPONSES(r) XEN_RING_NR_UNCONSUMED_RESPONSES(r)
#define RING_HAS_UNCONSUMED_REQUESTS(r)  XEN_RING_NR_UNCONSUMED_REQUESTS(r)

/* The slot for free-running index idx. */
#define RING_GET_REQUEST(r, idx) \
    (&(r)->sring->ring[(idx) & (RING_SIZE(r) - 1)].req)
#define RING_GET_RESPONSE(r, idx) \
    (&(r)->sring->ring[(idx) & (RING_SIZE(r) - 1)].rsp)

/*
 * Copy a slot into *dest with one read of shared memory, so the peer
 * cannot change it under us between checks (use these on untrusted input).
 */
#define RING_COPY_REQUEST(r, idx, dest) do {                            \
    const volatile __typeof__(*(dest)) *__rs = RING_GET_REQUEST(r, idx); \
    *(dest) = *__rs;                                                    \
} while (0)
#define RING_COPY_RESPONSE(r, idx, dest) do {                           \
    const volatile __typeof__(*(dest)) *__rs = RING_GET_RESPONSE(r, idx); \
    *(dest) = *__rs;                                                    \
} while (0)

/* Backend: would reading request cons overrun the responses? */
#define RING_REQUEST_CONS_OVERFLOW(r, cons) \
    (((cons) - (r)->rsp_prod_pvt) >= RING_SIZE(r))
/* Backend: is a frontend's req_prod impossible (a broken or hostile peer)? */
#define RING_REQUEST_PROD_OVERFLOW(r, prod) \
    (((prod) - (r)->rsp_prod_pvt) > RING_SIZE(r))
/* Frontend: is a backend's rsp_prod impossible? */
#define RING_RESPONSE_PROD_OVERFLOW(r, prod) \
    (((prod) - (r)->rsp_cons) > RING_SIZE(r))

/* Publish the entries filled so far (entries before the index). */
#define RING_PUSH_REQUESTS(r) do {                                      \
    xen_wmb();                                                          \
    (r)->sring->req_prod = (r)->req_prod_pvt;                           \
} while (0)
#define RING_PUSH_RESPONSES(r) do {                                     \
    xen_wmb();                                                          \
    (r)->sring->rsp_prod = (r)->rsp_prod_pvt;                           \
} while (0)

/* Publish, and set notify to whether the peer asked to be told. */
#define __RING_PUSH_CHECK(r, prod, pvt, event, notify) do {             \
    RING_IDX __old = (r)->sring->prod;                                  \
    RING_IDX __new = (r)->pvt;                                          \
    xen_wmb();              /* entries before the index */              \
    (r)->sring->prod = __new;                                           \
    xen_mb();               /* index before reading the threshold */    \
    (notify) = (RING_IDX)(__new - (r)->sring->event) <                  \
               (RING_IDX)(__new - __old);                               \
} while (0)
#define RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(r, notify) \
    __RING_PUSH_CHECK(r, req_prod, req_prod_pvt, req_event, notify)
#define RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(r, notify) \
    __RING_PUSH_CHECK(r, rsp_prod, rsp_prod_pvt, rsp_event, notify)

/*
 * Before sleeping: set work to whether anything is left, arming the
 * threshold for the next entry if nothing is.
 */
#define RING_FINAL_CHECK_FOR_REQUESTS(r, work) do {                     \
    (work) = RING_HAS_UNCONSUMED_REQUESTS(r);                           \
    if (!(work)) {                                                      \
        (r)->sring->req_event = (r)->req_cons + 1;                      \
        xen_mb();                                                       \
        (work) = RING_HAS_UNCONSUMED_REQUESTS(r);                       \
    }                                                                   \
} while (0)
#define RING_FINAL_CHECK_FOR_RESPONSES(r, work) do {                    \
    (work) = RING_HAS_UNCONSUMED_RESPONSES(r);                          \
    if (!(work)) {                                                      \
        (r)->sring->rsp_event = (r)->rsp_cons + 1;                      \
        xen_mb();                                                       \
        (work) = RING_HAS_UNCONSUMED_RESPONSES(r);                      \
    }                                                                   \
} while (0)

#endif /* __XEN_PUBLIC_IO_RING_H__ */
