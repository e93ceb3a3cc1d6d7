/*
 * From a kernel image to what the PV builder needs: an ELF64 with Xen's
 * notes, as Xen's own loader reads it. A file that is not ELF, has no Xen
 * notes, or does not speak the 3.0 PV ABI is refused with a reason.
 */
#include <keel/elf_loader.h>
#include <keel/errno.h>
#include <keel/heap.h>
#include <keel/inflate.h>
#include <keel/pv_build.h>
#include <keel/pv_kernel.h>
#include <keel/string.h>
#include <public/elfnote.h>

#define MAX_KERNEL_SIZE (256ull << 20) /* a gzip trailer claiming more is corrupt */

static bool is_gzip(const uint8_t *p, size_t len)
{
    return len >= 18 && p[0] == 0x1f && p[1] == 0x8b;
}

int pv_image_open(const uint8_t *raw, size_t raw_len, struct pv_image *img, char *err,
                  size_t len)
{
    size_t out_len = 0, size;
    char why[120];
    int rc;

    *img = (struct pv_image){ raw, raw_len, NULL, 0 };
    if (!is_gzip(raw, raw_len))
        return 0;
    size = gzip_isize(raw, raw_len);
    if (!size || size > MAX_KERNEL_SIZE) {
        snprintf(err, len, "cannot decompress the gzip image: its trailer claims %zu bytes",
                 size);
        return -EINVAL;
    }
    img->owned = alloc_xen_memory(size);
    if (!img->owned) {
        snprintf(err, len, "no memory to inflate %zu bytes", size);
        return -ENOMEM;
    }
    img->owned_size = size;
    rc = inflate_gzip(raw, raw_len, img->owned, size, &out_len, why, sizeof(why));
    if (rc)
        snprintf(err, len, "cannot decompress the gzip image: %s", why);
    img->data = img->owned;
    img->len = out_len;
    return rc;
}

void pv_image_close(struct pv_image *img)
{
    if (img->owned)
        free_xen_memory(img->owned, img->owned_size);
    img->owned = NULL;
}

static bool note(const struct elf_image *e, unsigned int type)
{
    return e->xen.present & (1u << type);
}

static bool str_is(const struct elf_str *s, const char *want)
{
    size_t n = strlen(want);

    return s->len >= n && !memcmp(s->s, want, n);
}

int pv_kernel_load(const uint8_t *img, size_t len, struct pv_kernel *k, char *err,
                   size_t err_len)
{
    static struct elf_image e; /* large; one kernel is loaded at a time */
    int rc = elf_parse(img, len, &e, err, err_len);

    if (rc)
        return rc;
    if (!e.xen.present) {
        snprintf(err, err_len, "not a Xen PV kernel: no Xen ELF notes");
        return -ENOEXEC;
    }
    if (!note(&e, XEN_ELFNOTE_XEN_VERSION) || !str_is(&e.xen.xen_version, "xen-3.0")) {
        snprintf(err, err_len, "the kernel does not ask for the xen-3.0 ABI");
        return -ENOEXEC;
    }
    if (e.nr_segments > PV_MAX_SEGMENTS) {
        snprintf(err, err_len, "%u segments; Keel loads at most %u", e.nr_segments,
                 PV_MAX_SEGMENTS);
        return -E2BIG;
    }
    *k = (struct pv_kernel){
        .entry = e.entry,
        .virt_base = note(&e, XEN_ELFNOTE_VIRT_BASE) ? e.xen.virt_base : 0,
        .vstart = e.vstart, .vend = e.vend,
        .hypercall_page = note(&e, XEN_ELFNOTE_HYPERCALL_PAGE) ? e.xen.hypercall_page : 0,
        .nr_segments = e.nr_segments,
    };
    for (unsigned int i = 0; i < e.nr_segments; i++)
        k->segments[i] = (struct pv_segment){
            .vaddr = e.seg[i].vaddr, .data = img + e.seg[i].offset,
            .filesz = e.seg[i].filesz, .memsz = e.seg[i].memsz,
        };
    return 0;
}
