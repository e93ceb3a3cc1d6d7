/*
 * FIFO event delivery (Xen 4.17's xen/common/event_fifo.c).
 *
 * Each port has a 32-bit event word in a guest page (EVTCHNOP_expand_array
 * adds pages of 1024 words): PENDING, MASKED, LINKED and BUSY bits and a
 * 17-bit LINK to the next port of its queue. Each vCPU has a control block
 * in a guest page (EVTCHNOP_init_control) with a READY bit and a HEAD port
 * for each of its 16 priority queues; Keel keeps each queue's TAIL.
 *
 * Raising an event (evtchn_fifo_set_pending): set PENDING; unless MASKED,
 * set LINKED, and if it was clear, append the port to its queue: link the
 * old tail to it if the tail is still LINKED, else (the guest has consumed
 * the whole queue) make it the HEAD; then set READY for the queue and, if
 * that was clear, upcall the vCPU. An event that is already LINKED is not
 * linked again.
 *
 * The guest changes LINKED words concurrently in only these ways: set or
 * clear MASKED, clear PENDING, clear LINKED (and LINK) when it consumes
 * the port. Relinking a tail is a compare-and-swap of the whole word that
 * keeps its flags; while retrying, Keel sets BUSY, which stops the guest
 * from unmasking (the guest's unmask waits for BUSY to clear), so at most
 * 4 retries are needed.
 *
 * A port's event is raised on the queue of (notify vCPU, priority) at the
 * time; (last_vcpu, last_priority) remember the queue it was last put on,
 * so that when it moves, the old queue's tail no longer names it.
 */
#include <stdbool.h>
#include <stdint.h>

#include "keel/errno.h"
#include "keel/evtchn.h"
#include "keel/string.h"

#define FIFO_PAGE_SIZE 4096u
#define BIT(b) ((event_word_t)1 << (b))

static bool w_test(const event_word_t *w, unsigned int bit)
{
    return __atomic_load_n(w, __ATOMIC_SEQ_CST) & BIT(bit);
}

static bool w_test_and_set(event_word_t *w, unsigned int bit)
{
    return __atomic_fetch_or(w, BIT(bit), __ATOMIC_SEQ_CST) & BIT(bit);
}

static void w_set(event_word_t *w, unsigned int bit)
{
    __atomic_fetch_or(w, BIT(bit), __ATOMIC_SEQ_CST);
}

static void w_clear(event_word_t *w, unsigned int bit)
{
    __atomic_fetch_and(w, ~BIT(bit), __ATOMIC_SEQ_CST);
}

/* Port's event word, or NULL if the guest has not given its page yet. */
static event_word_t *word_from_port(const struct evtchn_domain *d,
                                    evtchn_port_t port)
{
    if (port >= d->fifo_nr_words)
        return NULL;
    return d->fifo_array[port / EVTCHN_FIFO_WORDS_PER_PAGE] +
           port % EVTCHN_FIFO_WORDS_PER_PAGE;
}

void evtchn_fifo_port_init(struct evtchn_domain *d, struct evtchn *chn)
{
    (void)d;
    chn->priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
    /*
     * Xen only warns if the port is still LINKED (its first event may then
     * go to the old queue); allocation skips such ports anyway.
     */
}

/*
 * Set the tail word's LINK to link iff it is still LINKED: 1 if done, 0 if
 * not LINKED (the queue was emptied), -EAGAIN if the word changed under us
 * (*w then holds what it changed to).
 */
static int try_set_link(event_word_t *word, event_word_t *w, uint32_t link)
{
    event_word_t new;

    if (!(*w & BIT(EVTCHN_FIFO_LINKED)))
        return 0;
    new = (*w & ~(BIT(EVTCHN_FIFO_BUSY) | EVTCHN_FIFO_LINK_MASK)) | link;
    if (__atomic_compare_exchange_n(word, w, new, false, __ATOMIC_SEQ_CST,
                                    __ATOMIC_SEQ_CST))
        return 1;
    return -EAGAIN;
}

/* Link word (a queue's tail) to port link; false if it was not LINKED. */
static bool set_link(event_word_t *word, uint32_t link)
{
    event_word_t w = __atomic_load_n(word, __ATOMIC_SEQ_CST);
    int ret = try_set_link(word, &w, link);

    if (ret >= 0)
        return ret;

    /* Stop the guest unmasking it while we retry. */
    w_set(word, EVTCHN_FIFO_BUSY);
    w = __atomic_load_n(word, __ATOMIC_SEQ_CST);
    for (unsigned int try = 0; try < 4; try++) {
        ret = try_set_link(word, &w, link);
        if (ret >= 0) {
            /* Success wrote the word without BUSY; failure must clear it. */
            if (ret == 0)
                w_clear(word, EVTCHN_FIFO_BUSY);
            return ret;
        }
    }
    /* The guest broke the rules: give up, as Xen does, as if linked. */
    w_clear(word, EVTCHN_FIFO_BUSY);
    return true;
}

void evtchn_fifo_set_pending(struct evtchn_domain *d, unsigned int vcpu,
                             struct evtchn *chn)
{
    evtchn_port_t port = evtchn_port_of(d, chn);
    event_word_t *word = word_from_port(d, port);
    struct evtchn_fifo_vcpu *efv, *old_efv;
    struct evtchn_fifo_control_block *cb;
    unsigned int prio = chn->priority;
    bool linked = true, check_pollers;

    /* No event word yet: remember, and raise it when the page comes. */
    if (!word) {
        chn->pending = true;
        return;
    }
    if (!evtchn_vcpu_valid(d, vcpu) || prio > EVTCHN_FIFO_PRIORITY_MIN)
        return;
    efv = &d->fifo_vcpu[vcpu];
    old_efv = &d->fifo_vcpu[chn->last_vcpu < EVTCHN_MAX_VCPUS ?
                            chn->last_vcpu : 0];

    /*
     * No control block for this vCPU: the guest must not unmask a port
     * before giving one, so the event is dropped (not even PENDING).
     */
    cb = efv->control_block;
    if (!cb)
        return;

    check_pollers = !w_test_and_set(word, EVTCHN_FIFO_PENDING);

    /* Link the event if it is unmasked and not already linked. */
    if (!w_test(word, EVTCHN_FIFO_MASKED) &&
        !w_test_and_set(word, EVTCHN_FIFO_LINKED)) {
        evtchn_port_t *old_tail = &old_efv->tail[chn->last_priority & 15];
        evtchn_port_t *tail = &efv->tail[prio];

        /*
         * If it was the tail of its last queue, that queue is empty now
         * (the guest unlinked it): forget the tail, or linking to it
         * later would corrupt this queue.
         */
        if (*old_tail == port)
            *old_tail = 0;

        chn->last_vcpu = (uint16_t)vcpu;
        chn->last_priority = (uint8_t)prio;

        /*
         * Append to the tail iff the tail is still LINKED; otherwise (or
         * with no tail) the queue is empty and port becomes its head.
         * (The tail is never port itself here: that was forgotten above.)
         */
        linked = false;
        if (*tail) {
            event_word_t *tail_word = word_from_port(d, *tail);

            if (tail_word)
                linked = set_link(tail_word, port);
        }
        if (!linked)
            __atomic_store_n(&cb->head[prio], port, __ATOMIC_SEQ_CST);
        *tail = port;
    }

    if (!linked &&
        !(__atomic_fetch_or(&cb->ready, (uint32_t)1 << prio, __ATOMIC_SEQ_CST) &
          ((uint32_t)1 << prio)))
        evtchn_mark_events_pending(d, vcpu);

    if (check_pollers)
        evtchn_check_pollers(d, port);
}

void evtchn_fifo_clear_pending(struct evtchn_domain *d, struct evtchn *chn)
{
    event_word_t *word = word_from_port(d, evtchn_port_of(d, chn));

    /*
     * Only PENDING: the guest unlinks the port when it reaches it and
     * skips it, as it is no longer pending.
     */
    if (word)
        w_clear(word, EVTCHN_FIFO_PENDING);
}

void evtchn_fifo_unmask(struct evtchn_domain *d, struct evtchn *chn)
{
    event_word_t *word = word_from_port(d, evtchn_port_of(d, chn));

    if (!word)
        return;
    w_clear(word, EVTCHN_FIFO_MASKED);
    /* Link it now if it became pending while masked. */
    if (w_test(word, EVTCHN_FIFO_PENDING))
        evtchn_fifo_set_pending(d, chn->notify_vcpu, chn);
}

bool evtchn_fifo_is_pending(const struct evtchn_domain *d,
                            const struct evtchn *chn)
{
    const event_word_t *word = word_from_port(d, evtchn_port_of(d, chn));

    return word && w_test(word, EVTCHN_FIFO_PENDING);
}

bool evtchn_fifo_is_masked(const struct evtchn_domain *d,
                           const struct evtchn *chn)
{
    const event_word_t *word = word_from_port(d, evtchn_port_of(d, chn));

    return !word || w_test(word, EVTCHN_FIFO_MASKED);
}

bool evtchn_fifo_is_busy(const struct evtchn_domain *d,
                         const struct evtchn *chn)
{
    const event_word_t *word = word_from_port(d, evtchn_port_of(d, chn));

    /* Closed but still on a queue: not free for reuse until consumed. */
    return word && w_test(word, EVTCHN_FIFO_LINKED);
}

int evtchn_fifo_set_priority(struct evtchn_domain *d, struct evtchn *chn,
                             uint32_t priority)
{
    (void)d;
    if (priority > EVTCHN_FIFO_PRIORITY_MIN)
        return -EINVAL;
    /*
     * Only later events use the new queue; one already linked stays where
     * it is.
     */
    chn->priority = (uint8_t)priority;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Control blocks and event array                                      */

static int map_frame(struct evtchn_domain *d, uint64_t gfn, void **va)
{
    const struct evtchn_hooks *h = d->hooks;

    if (!h->map_guest_frame)
        return -EINVAL;
    return h->map_guest_frame(h->ctx, d, gfn, va);
}

static void unmap_frame(struct evtchn_domain *d, void *va)
{
    const struct evtchn_hooks *h = d->hooks;

    /* A control block sits inside its page: give back the page. */
    uintptr_t page = (uintptr_t)va & ~(uintptr_t)(FIFO_PAGE_SIZE - 1);

    if (va && h->unmap_guest_frame)
        h->unmap_guest_frame(h->ctx, d, (void *)page);
}

static int map_control_block(struct evtchn_domain *d, unsigned int vcpu,
                             uint64_t gfn, uint32_t offset)
{
    struct evtchn_fifo_vcpu *efv = &d->fifo_vcpu[vcpu];
    void *va;
    int rc;

    if (efv->control_block)
        return -EINVAL;
    rc = map_frame(d, gfn, &va);
    if (rc < 0)
        return rc;
    efv->control_block =
        (struct evtchn_fifo_control_block *)((char *)va + offset);
    return 0;
}

void evtchn_fifo_destroy(struct evtchn_domain *d)
{
    for (unsigned int v = 0; v < EVTCHN_MAX_VCPUS; v++) {
        unmap_frame(d, d->fifo_vcpu[v].control_block);
        memset(&d->fifo_vcpu[v], 0, sizeof(d->fifo_vcpu[v]));
    }
    for (unsigned int i = 0; i < EVTCHN_FIFO_MAX_PAGES; i++) {
        unmap_frame(d, d->fifo_array[i]);
        d->fifo_array[i] = NULL;
    }
    d->fifo_nr_words = 0;
}

/*
 * On switching to FIFO, every port below the old limit keeps its 2-level
 * pending state (raised when its event word arrives) and gets the default
 * priority.
 */
static void setup_ports(struct evtchn_domain *d, uint32_t prev_evtchns)
{
    for (evtchn_port_t port = 1; port < prev_evtchns; port++) {
        struct evtchn *chn;

        if (port >= d->valid_evtchns)
            break;
        chn = &d->ports[port];
        if (evtchn_2l_is_pending(d, port))
            chn->pending = true;
        evtchn_fifo_set_priority(d, chn, EVTCHN_FIFO_PRIORITY_DEFAULT);
    }
}

int evtchn_init_control(struct evtchn_domain *cur,
                        struct evtchn_init_control *init)
{
    struct evtchn_domain *d = cur;
    uint32_t vcpu = init->vcpu, offset = init->offset;
    uint64_t gfn = init->control_gfn;
    int rc;

    init->link_bits = EVTCHN_FIFO_LINK_BITS;

    if (!evtchn_vcpu_valid(d, vcpu))
        return -ENOENT;
    /* Within one page, 8-byte aligned. */
    if (offset > FIFO_PAGE_SIZE - sizeof(struct evtchn_fifo_control_block))
        return -EINVAL;
    if (offset & 7)
        return -EINVAL;

    if (d->abi == EVTCHN_ABI_FIFO)
        return map_control_block(d, vcpu, gfn, offset);

    /* The first control block: an empty event array, then switch. */
    {
        uint32_t prev_evtchns = evtchn_max_ports(d);

        memset(d->fifo_vcpu, 0, sizeof(d->fifo_vcpu));
        memset(d->fifo_array, 0, sizeof(d->fifo_array));
        d->fifo_nr_words = 0;

        rc = map_control_block(d, vcpu, gfn, offset);
        if (rc < 0) {
            evtchn_fifo_destroy(d);
            return rc;
        }
        d->abi = EVTCHN_ABI_FIFO;
        setup_ports(d, prev_evtchns);
    }
    return 0;
}

int evtchn_expand_array(struct evtchn_domain *cur,
                        const struct evtchn_expand_array *expand)
{
    struct evtchn_domain *d = cur;
    evtchn_port_t port = d->fifo_nr_words;
    uint32_t slot = d->fifo_nr_words / EVTCHN_FIFO_WORDS_PER_PAGE;
    void *va;
    int rc;

    if (d->abi != EVTCHN_ABI_FIFO)
        return -EOPNOTSUPP;
    if (slot >= EVTCHN_FIFO_MAX_PAGES)
        return -ENOSPC;

    rc = map_frame(d, expand->array_gfn, &va);
    if (rc < 0)
        return rc;
    d->fifo_array[slot] = va;
    d->fifo_nr_words += EVTCHN_FIFO_WORDS_PER_PAGE;

    /* Raise the events that came while these ports had no word. */
    for (; port < d->fifo_nr_words; port++) {
        struct evtchn *chn;

        if (port >= d->valid_evtchns)
            break;
        chn = &d->ports[port];
        if (chn->pending)
            evtchn_fifo_set_pending(d, chn->notify_vcpu, chn);
    }
    return 0;
}
