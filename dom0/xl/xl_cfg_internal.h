/*
 * Shared between the parts of the xl.cfg interpretation: xl_cfg.c (the
 * keys) and xl_cfg_dev.c (the disk, vif and CPU list specs inside them).
 */
#ifndef DOM0_XL_CFG_INTERNAL_H
#define DOM0_XL_CFG_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <dom0/xl_cfg.h>

#include "xl_cfg_syntax.h"

/* Where a key was last given. */
struct xl_where {
    bool set;
    const char *src;
    struct xl_pos pos;
};

enum xl_guest_type { XL_TYPE_PV, XL_TYPE_PVH, XL_TYPE_HVM };

struct xl_ctx {
    struct xl_domain_cfg *out;
    struct xl_cfg_diag *diag;   /* may be NULL */
    const char *file;           /* the config file's name */
    const char *src;            /* the source being parsed now */

    struct xl_where name, kernel, cmdline, root, extra, memory, maxmem,
                    vcpus, maxvcpus, cpus, type, builder, bootloader;
    enum xl_guest_type type_val, builder_val;
    char type_text[8], builder_text[8];
    char bootloader_text[XL_QUOTE_BUF];
};

/* Records the first error at pos in the current source; returns code. */
__attribute__((format(printf, 4, 5)))
int xl_error(struct xl_ctx *c, int code, struct xl_pos pos,
             const char *fmt, ...);

/* Records a warning at pos in the current source. */
__attribute__((format(printf, 3, 4)))
void xl_warn(struct xl_ctx *c, struct xl_pos pos, const char *fmt, ...);

/*
 * s[0..len) as an unsigned number, decimal, 0x hex or 0 octal (as xl reads
 * them: with strtoul's base 0, but no sign and no spaces). Returns 0,
 * -EINVAL if it is not a number, -ERANGE if above UINT64_MAX.
 */
int xl_parse_u64(const char *s, size_t len, uint64_t *v);

/* Copies s[0..len) to dst[size] if it fits with its NUL; returns whether. */
bool xl_copy(char *dst, size_t size, const char *s, size_t len);

/* One disk or vif spec: an atom of the disk = [...] or vif = [...] list. */
int xl_disk_parse(struct xl_ctx *c, const struct xl_val *v,
                  struct xl_disk_cfg *d);
int xl_vif_parse(struct xl_ctx *c, const struct xl_val *v,
                 struct xl_vif_cfg *vif);

#endif
