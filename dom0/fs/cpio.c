/*
 * The newc cpio reader (see dom0/cpio.h for the format).
 *
 * Every bound is checked by subtraction from len before any addition, so a
 * hostile size field (up to 0xffffffff) cannot wrap an offset and send a
 * read outside the buffer. A header is validated completely before *e or
 * *offset are touched: on error both keep their previous values.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <dom0/cpio.h>
#include <keel/errmsg.h>
#include <keel/errno.h>
#include <keel/string.h>

#define MAGIC_LEN   6
#define FIELD_LEN   8
#define FIELD_COUNT 13

/* Field order in the header, after the magic. */
enum field {
    F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE,
    F_DEVMAJOR, F_DEVMINOR, F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE, F_CHECK,
};

static const char *const field_names[FIELD_COUNT] = {
    "ino", "mode", "uid", "gid", "nlink", "mtime", "filesize",
    "devmajor", "devminor", "rdevmajor", "rdevminor", "namesize", "check",
};

static const char trailer_name[] = "TRAILER!!!";

/* Rounds up to a multiple of 4; callers ensure x + 3 cannot wrap. */
static size_t align4(size_t x)
{
    return (x + 3) & ~(size_t)3;
}

/* Parses the 8 hex digits at p; returns the index of a bad digit, or -1. */
static int parse_field(const uint8_t *p, uint32_t *out)
{
    uint32_t v = 0;

    for (int i = 0; i < FIELD_LEN; i++) {
        unsigned int d = digit_value(p[i]);

        if (d >= 16)
            return i;
        v = (v << 4) | d;
    }
    *out = v;
    return -1;
}

static uint32_t byte_sum(const uint8_t *p, size_t n)
{
    uint32_t sum = 0;

    for (size_t i = 0; i < n; i++)
        sum += p[i];
    return sum;
}

/* Checks the magic at hdr; sets *crc for the "070702" variant. */
static bool magic_ok(const uint8_t *hdr, bool *crc)
{
    if (memcmp(hdr, "070701", MAGIC_LEN) == 0) {
        *crc = false;
        return true;
    }
    if (memcmp(hdr, "070702", MAGIC_LEN) == 0) {
        *crc = true;
        return true;
    }
    return false;
}

/* Parses all thirteen fields of the header at off into f. */
static int parse_fields(const uint8_t *buf, size_t off, uint32_t *f,
                        char *err, size_t err_len)
{
    for (int i = 0; i < FIELD_COUNT; i++) {
        size_t at = off + MAGIC_LEN + (size_t)i * FIELD_LEN;
        int bad = parse_field(buf + at, &f[i]);

        if (bad >= 0)
            return errmsg(err, err_len, -EBADMSG,
                        "cpio: non-hex digit 0x%02x in the %s field at byte %zu",
                        buf[at + (size_t)bad], field_names[i],
                        at + (size_t)bad);
    }
    return 0;
}

/*
 * Checks the name of namesize bytes at name_off: inside the buffer, ending
 * in its only NUL.
 */
static int check_name(const uint8_t *buf, size_t len, size_t off,
                      size_t name_off, uint32_t namesize,
                      char *err, size_t err_len)
{
    if (namesize == 0)
        return errmsg(err, err_len, -EBADMSG,
                    "cpio: entry at byte %zu has namesize 0", off);
    if (namesize > len - name_off)
        return errmsg(err, err_len, -EBADMSG,
                    "cpio: name of the entry at byte %zu (namesize %u) runs "
                    "past the end of the archive (%zu bytes)",
                    off, namesize, len);
    if (buf[name_off + namesize - 1] != '\0')
        return errmsg(err, err_len, -EBADMSG,
                    "cpio: name at byte %zu is not NUL-terminated", name_off);
    if (strnlen((const char *)buf + name_off, namesize - 1) != namesize - 1)
        return errmsg(err, err_len, -EBADMSG,
                    "cpio: name at byte %zu has a NUL inside it", name_off);
    return 0;
}

/*
 * Checks the data of the entry at off, whose name is valid: inside the
 * buffer and, for the "crc" variant, matching its checksum. Sets
 * *data_off to where the data starts (clamped to len when empty).
 */
static int check_data(const uint8_t *buf, size_t len, size_t off,
                      const uint32_t *f, bool crc, size_t *data_off,
                      char *err, size_t err_len)
{
    /* The name fits in buf, so this sum and its rounding cannot wrap. */
    size_t d = align4(off + CPIO_HEADER_SIZE + f[F_NAMESIZE]);

    if (f[F_FILESIZE] > 0 && (d > len || f[F_FILESIZE] > len - d))
        return errmsg(err, err_len, -EBADMSG,
                    "cpio: data of the entry at byte %zu (filesize %u) runs "
                    "past the end of the archive (%zu bytes)",
                    off, f[F_FILESIZE], len);
    /* The last entry's padding may be cut off: clamp to the end. */
    if (d > len)
        d = len;
    if (crc && byte_sum(buf + d, f[F_FILESIZE]) != f[F_CHECK])
        return errmsg(err, err_len, -EBADMSG,
                    "cpio: checksum mismatch in the entry at byte %zu", off);
    *data_off = d;
    return 0;
}

static void fill_entry(struct cpio_entry *e, const uint8_t *buf, size_t off,
                       const uint32_t *f, size_t data_off)
{
    e->name = (const char *)buf + off + CPIO_HEADER_SIZE;
    e->name_len = f[F_NAMESIZE] - 1;
    e->data = buf + data_off;
    e->size = f[F_FILESIZE];
    e->mode = f[F_MODE];
    e->ino = f[F_INO];
    e->uid = f[F_UID];
    e->gid = f[F_GID];
    e->nlink = f[F_NLINK];
    e->mtime = f[F_MTIME];
    e->dev_major = f[F_DEVMAJOR];
    e->dev_minor = f[F_DEVMINOR];
    e->rdev_major = f[F_RDEVMAJOR];
    e->rdev_minor = f[F_RDEVMINOR];
    e->offset = off;
}

int cpio_next(const uint8_t *buf, size_t len, size_t *offset,
              struct cpio_entry *e, char *err, size_t err_len)
{
    size_t off = *offset, name_off, data_off = 0, end, pad;
    uint32_t f[FIELD_COUNT];
    bool crc;
    int rc;

    if (off >= len)
        return errmsg(err, err_len, -EBADMSG,
                    "cpio: archive ends at byte %zu without a TRAILER!!! entry",
                    len);
    if (len - off < CPIO_HEADER_SIZE)
        return errmsg(err, err_len, -EBADMSG,
                    "cpio: truncated header at byte %zu (%zu of %d bytes)",
                    off, len - off, CPIO_HEADER_SIZE);
    if (!magic_ok(buf + off, &crc))
        return errmsg(err, err_len, -EBADMSG,
                    "cpio: bad magic at byte %zu (want 070701 or 070702)", off);
    rc = parse_fields(buf, off, f, err, err_len);
    if (rc < 0)
        return rc;

    name_off = off + CPIO_HEADER_SIZE;
    rc = check_name(buf, len, off, name_off, f[F_NAMESIZE], err, err_len);
    if (rc < 0)
        return rc;

    rc = check_data(buf, len, off, f, crc, &data_off, err, err_len);
    if (rc < 0)
        return rc;

    fill_entry(e, buf, off, f, data_off);
    /* end <= len; the next header is 4-aligned, or the archive is over. */
    end = data_off + f[F_FILESIZE];
    pad = (4 - end % 4) % 4;
    *offset = pad > len - end ? len : end + pad;
    if (strcmp(e->name, trailer_name) == 0)
        return 0;
    return 1;
}
