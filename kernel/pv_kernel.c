/*
 * From a kernel image to what the PV builder needs: an ELF64 with Xen's
 * notes, as Xen's own loader reads it. A file that is not ELF, has no Xen
 * notes, or does not speak the 3.0 PV ABI is refused with a reason.
 */
#include <keel/dom0.h>
#include <keel/elf_loader.h>
#include <keel/errno.h>
#include <keel/pv_build.h>
#include <keel/string.h>
#include <public/elfnote.h>

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
