/*
 * Address-to-name lookup over the table that tools/gensyms generates from
 * a first link of the image (see the Makefile). Entries are sorted by
 * address; a function ends where the next symbol begins.
 */
#include <stddef.h>
#include <keel/symbols.h>

struct keel_sym {
    uint64_t addr;
    uint32_t name; /* offset into keel_sym_names */
    uint32_t reserved;
};

extern const struct keel_sym keel_syms[];
extern const uint32_t keel_syms_count;
extern const char keel_sym_names[];
extern const char _etext[];

const char *symbols_lookup(uint64_t addr, uint64_t *offset, uint64_t *size)
{
    uint32_t lo = 0, hi = keel_syms_count;

    if (!hi || addr < keel_syms[0].addr || addr >= (uint64_t)_etext)
        return NULL;
    while (hi - lo > 1) { /* last entry with .addr <= addr */
        uint32_t mid = lo + (hi - lo) / 2;

        if (keel_syms[mid].addr <= addr)
            lo = mid;
        else
            hi = mid;
    }
    *offset = addr - keel_syms[lo].addr;
    *size = (lo + 1 < keel_syms_count ? keel_syms[lo + 1].addr
                                      : (uint64_t)_etext) - keel_syms[lo].addr;
    return keel_sym_names + keel_syms[lo].name;
}
