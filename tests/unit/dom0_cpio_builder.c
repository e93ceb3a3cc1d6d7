/* See dom0_cpio_builder.h: newc archives made in memory for the tests. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dom0_cpio_builder.h"

#define HEADER_SIZE 110

void cb_init(struct cpio_builder *b)
{
    memset(b, 0, sizeof(*b));
    b->next_ino = 1000;
}

static void put(struct cpio_builder *b, const void *p, size_t n)
{
    if (b->len + n > b->cap) {
        b->cap = (b->len + n) * 2 + 256;
        b->buf = realloc(b->buf, b->cap);
        if (!b->buf)
            abort();
    }
    memcpy(b->buf + b->len, p, n);
    b->len += n;
}

static void pad4(struct cpio_builder *b)
{
    static const uint8_t zeros[4];

    put(b, zeros, (4 - b->len % 4) % 4);
}

static uint32_t sum_of(const void *data, size_t size)
{
    const uint8_t *p = data;
    uint32_t sum = 0;

    for (size_t i = 0; i < size; i++)
        sum += p[i];
    return sum;
}

size_t cb_add_entry(struct cpio_builder *b, const struct cb_entry *e)
{
    size_t off = b->len, namesize = strlen(e->name) + 1;
    uint32_t nlink = e->nlink ? e->nlink :
                     (e->mode & 0170000) == 0040000 ? 2 : 1;
    char hdr[HEADER_SIZE + 1];

    snprintf(hdr, sizeof(hdr),
             "%s%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
             b->crc ? "070702" : "070701",
             e->ino ? e->ino : b->next_ino++, e->mode, 0u, 0u, nlink,
             e->mtime, (uint32_t)e->size, 8u, 1u, 0u, 0u,
             (uint32_t)namesize,
             b->crc ? sum_of(e->data, e->size) : 0u);
    put(b, hdr, HEADER_SIZE);
    put(b, e->name, namesize);
    pad4(b);
    if (e->size)
        put(b, e->data, e->size);
    pad4(b);
    return off;
}

size_t cb_add(struct cpio_builder *b, const char *name, uint32_t mode,
              const void *data, size_t size)
{
    struct cb_entry e = { .name = name, .mode = mode, .data = data,
                          .size = size };

    return cb_add_entry(b, &e);
}

size_t cb_add_file(struct cpio_builder *b, const char *name, const char *text)
{
    return cb_add(b, name, 0100644, text, strlen(text));
}

size_t cb_add_dir(struct cpio_builder *b, const char *name)
{
    return cb_add(b, name, 0040755, NULL, 0);
}

size_t cb_trailer(struct cpio_builder *b)
{
    struct cb_entry e = { .name = "TRAILER!!!", .ino = 0xffffffff,
                          .nlink = 1 };

    return cb_add_entry(b, &e);
}

void cb_set_field(struct cpio_builder *b, size_t off, enum cb_field f,
                  uint32_t value)
{
    char digits[9];

    snprintf(digits, sizeof(digits), "%08X", value);
    memcpy(b->buf + off + 6 + 8 * (size_t)f, digits, 8);
}

void cb_free(struct cpio_builder *b)
{
    free(b->buf);
    memset(b, 0, sizeof(*b));
}
