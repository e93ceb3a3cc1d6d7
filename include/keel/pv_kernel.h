/*
 * PV kernel images as the builder takes them (kernel/pv_kernel.c): a
 * file, gzipped or not, opened into plain bytes, then parsed as an ELF
 * with Xen's notes.
 */
#ifndef KEEL_PV_KERNEL_H
#define KEEL_PV_KERNEL_H

#include <stddef.h>
#include <stdint.h>

struct pv_kernel;

/* An image's bytes: the file's own, or an inflated copy Keel owns. */
struct pv_image {
    const uint8_t *data;
    size_t len;
    uint8_t *owned;      /* inflated copy to free, or NULL */
    size_t owned_size;
};

/* Open raw[0 .. len): gunzip it if it is gzip. 0, or a negative errno
 * with the reason in err. pv_image_close frees what it made, also after
 * a failure. */
int pv_image_open(const uint8_t *raw, size_t len, struct pv_image *img, char *err,
                  size_t err_len);
void pv_image_close(struct pv_image *img);

/* Parse a PV kernel image (ELF with Xen notes) into what the builder needs. */
int pv_kernel_load(const uint8_t *img, size_t len, struct pv_kernel *k, char *err,
                   size_t err_len);

#endif
