/*
 * A reader for cpio archives in the "newc" format (the one Linux initramfs
 * and `cpio -o -H newc` use), by iteration over an archive held in memory.
 *
 * Format: each entry is a 110-byte ASCII header (magic "070701", or
 * "070702" for the "crc" variant, then thirteen 8-digit hex fields), the
 * name (namesize bytes, including its NUL) padded with zeros so that
 * header + name ends 4-aligned, then the file data padded to 4. The entry
 * named "TRAILER!!!" ends the archive. Alignment is counted from the start
 * of buf, so buf must be the start of the archive.
 *
 * The "crc" variant's check field (the 32-bit sum of the data bytes) is
 * verified: a mismatch is reported as corruption. For "070701" the field
 * is ignored.
 *
 * Invariant: cpio_next never reads outside buf[0, len); everything it hands
 * back (name, data) lies inside buf.
 */
#ifndef DOM0_CPIO_H
#define DOM0_CPIO_H

#include <stddef.h>
#include <stdint.h>

/* File type bits of cpio_entry.mode (the same values as POSIX st_mode). */
#define CPIO_S_IFMT  0170000u
#define CPIO_S_IFDIR 0040000u
#define CPIO_S_IFREG 0100000u
#define CPIO_S_IFLNK 0120000u

#define CPIO_HEADER_SIZE 110

/* One archive member, pointing into the archive buffer. */
struct cpio_entry {
    const char *name;       /* NUL-terminated, inside buf */
    size_t name_len;        /* strlen(name): namesize - 1 */
    const uint8_t *data;    /* size bytes inside buf */
    size_t size;
    uint32_t mode;          /* type (CPIO_S_IF*) and permission bits */
    uint32_t ino;
    uint32_t uid, gid;
    uint32_t nlink;
    uint32_t mtime;         /* seconds since the epoch */
    uint32_t dev_major, dev_minor;    /* device holding the file */
    uint32_t rdev_major, rdev_minor;  /* for device nodes */
    size_t offset;          /* byte offset of the entry's header in buf */
};

/*
 * Reads the entry whose header starts at *offset (0 for the first).
 * Returns 1 with *e filled and *offset moved to the next header; 0 at the
 * trailer, with *offset just past it (or at len); -EBADMSG on a corrupt
 * archive (bad magic, a non-hex digit, truncation, namesize 0, a name not
 * ending in its only NUL, sizes past the end, a checksum mismatch), with a
 * message in err that names the byte offset. On error *e and *offset are
 * left alone. err may be NULL.
 */
int cpio_next(const uint8_t *buf, size_t len, size_t *offset,
              struct cpio_entry *e, char *err, size_t err_len);

#endif
