/*
 * Builds newc cpio archives in memory for the dom0 cpio and VFS tests,
 * and pokes fields of the result to make corrupt ones.
 */
#ifndef DOM0_CPIO_BUILDER_H
#define DOM0_CPIO_BUILDER_H

#include <stddef.h>
#include <stdint.h>

/* The header fields, in header order (what cb_set_field takes). */
enum cb_field {
    CB_INO, CB_MODE, CB_UID, CB_GID, CB_NLINK, CB_MTIME, CB_FILESIZE,
    CB_DEVMAJOR, CB_DEVMINOR, CB_RDEVMAJOR, CB_RDEVMINOR, CB_NAMESIZE,
    CB_CHECK,
};

struct cpio_builder {
    uint8_t *buf;
    size_t len, cap;
    uint32_t next_ino;
    int crc;            /* write "070702" headers with the data's sum */
};

/* Everything about one entry; zeros are fine for a plain file. */
struct cb_entry {
    const char *name;
    uint32_t mode;
    const void *data;
    size_t size;
    uint32_t ino;       /* 0: the next free one */
    uint32_t nlink;     /* 0: 2 for a directory, 1 otherwise */
    uint32_t mtime;
};

void cb_init(struct cpio_builder *b);
/* Appends an entry; returns its header's offset. */
size_t cb_add_entry(struct cpio_builder *b, const struct cb_entry *e);
size_t cb_add(struct cpio_builder *b, const char *name, uint32_t mode,
              const void *data, size_t size);
size_t cb_add_file(struct cpio_builder *b, const char *name, const char *text);
size_t cb_add_dir(struct cpio_builder *b, const char *name);
size_t cb_trailer(struct cpio_builder *b);
/* Overwrites one 8-digit field of the header at off with value. */
void cb_set_field(struct cpio_builder *b, size_t off, enum cb_field f,
                  uint32_t value);
void cb_free(struct cpio_builder *b);

#endif
