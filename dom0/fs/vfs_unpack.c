/*
 * Unpacking a newc cpio archive into the VFS (see vfs_unpack_cpio in
 * dom0/vfs.h): one pass of cpio_next over the archive, each entry turned
 * into a directory or a file under the target directory.
 *
 * Entry names are relative: leading "./" and "/" are dropped, "." alone is
 * the target itself, and a ".." name is refused, so nothing is ever
 * written outside the target directory.
 *
 * Hard links: newc stores a linked file's data once, with its last link;
 * the earlier links come with size 0. Those are written empty and kept on
 * a pending list keyed by (device, inode) until the data arrives, then
 * rewritten with it, so every link ends up a full copy.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <dom0/alloc.h>
#include <dom0/cpio.h>
#include <dom0/vfs.h>
#include <keel/errmsg.h>
#include <keel/errno.h>
#include <keel/string.h>

/* A hard link written empty, waiting for its data. */
struct pending_link {
    struct pending_link *next;
    uint32_t ino, dev_major, dev_minor;
    char path[];
};

struct unpack {
    char base[VFS_PATH_MAX + 1];        /* the target, normalised */
    char path[VFS_PATH_MAX + 1];        /* the current entry's target */
    struct vfs_unpack_stats stats;
    const char *first_skipped;          /* a name inside the archive */
    struct pending_link *links;
    char *err;
    size_t err_len;
};

/* Reports code for entry e, with what was being done. */
static int entry_fail(struct unpack *u, const struct cpio_entry *e, int code,
                      const char *what)
{
    return errmsg(u->err, u->err_len, code,
                "cpio: entry '%s' at byte %zu: %s: %s",
                e->name, e->offset, what, vfs_strerror(code));
}

/* The name with leading "./" and "/" dropped; "" for the target itself. */
static const char *relative_name(const char *name)
{
    for (;;) {
        if (name[0] == '/')
            name++;
        else if (name[0] == '.' && name[1] == '/')
            name += 2;
        else if (name[0] == '.' && name[1] == '\0')
            return name + 1;
        else
            return name;
    }
}

static bool has_dotdot(const char *name)
{
    const char *p = name;

    while (*p) {
        const char *start = p;

        while (*p && *p != '/')
            p++;
        if (p - start == 2 && start[0] == '.' && start[1] == '.')
            return true;
        while (*p == '/')
            p++;
    }
    return false;
}

/* Sets u->path to base/rel; -ENAMETOOLONG if it does not fit. */
static int target_path(struct unpack *u, const char *rel)
{
    int n = snprintf(u->path, sizeof(u->path), "%s/%s",
                     strcmp(u->base, "/") == 0 ? "" : u->base, rel);

    if (n < 0 || (size_t)n > VFS_PATH_MAX)
        return -ENAMETOOLONG;
    return 0;
}

/* Makes the parents of u->path (which has a '/' past the first byte). */
static int make_parents(struct unpack *u)
{
    size_t cut = strlen(u->path);
    int rc;

    while (cut > 1 && u->path[cut - 1] != '/')
        cut--;
    if (cut <= 1)
        return 0;
    u->path[cut - 1] = '\0';
    rc = vfs_mkdir_p(u->path);
    u->path[cut - 1] = '/';
    return rc;
}

static int unpack_dir(struct unpack *u, const struct cpio_entry *e)
{
    struct vfs_stat st;
    int rc = vfs_mkdir_mode(u->path, e->mode);

    if (rc == -ENOENT) {
        rc = make_parents(u);
        if (rc == 0)
            rc = vfs_mkdir_mode(u->path, e->mode);
    }
    if (rc == -EEXIST && vfs_stat(u->path, &st) == 0 && st.type == VFS_DIR)
        rc = 0;
    if (rc < 0)
        return entry_fail(u, e, rc, "cannot make the directory");
    u->stats.dirs++;
    return 0;
}

static int write_file(struct unpack *u, const struct cpio_entry *e)
{
    int rc = vfs_write_file_mode(u->path, e->mode, e->data, e->size);

    if (rc == -ENOENT) {
        rc = make_parents(u);
        if (rc == 0)
            rc = vfs_write_file_mode(u->path, e->mode, e->data, e->size);
    }
    return rc;
}

static int add_pending(struct unpack *u, const struct cpio_entry *e)
{
    size_t len = strlen(u->path);
    struct pending_link *l = malloc(sizeof(*l) + len + 1);

    if (!l)
        return -ENOMEM;
    l->ino = e->ino;
    l->dev_major = e->dev_major;
    l->dev_minor = e->dev_minor;
    memcpy(l->path, u->path, len + 1);
    l->next = u->links;
    u->links = l;
    return 0;
}

static bool same_file(const struct pending_link *l, const struct cpio_entry *e)
{
    return l->ino == e->ino && l->dev_major == e->dev_major &&
           l->dev_minor == e->dev_minor;
}

/* Gives e's data to the earlier links of the same file. */
static int fill_pending(struct unpack *u, const struct cpio_entry *e)
{
    struct pending_link **link = &u->links;

    while (*link) {
        struct pending_link *l = *link;
        int rc;

        if (!same_file(l, e)) {
            link = &l->next;
            continue;
        }
        rc = vfs_write_file(l->path, e->data, e->size);
        if (rc < 0)
            return errmsg(u->err, u->err_len, rc,
                        "cpio: entry '%s' at byte %zu: cannot write its hard "
                        "link %s: %s", e->name, e->offset, l->path,
                        vfs_strerror(rc));
        *link = l->next;
        free(l);
    }
    return 0;
}

static void free_pending(struct unpack *u)
{
    while (u->links) {
        struct pending_link *l = u->links;

        u->links = l->next;
        free(l);
    }
}

static int unpack_file(struct unpack *u, const struct cpio_entry *e)
{
    int rc = write_file(u, e);

    if (rc < 0)
        return entry_fail(u, e, rc, "cannot write the file");
    u->stats.files++;
    if (e->nlink < 2)
        return 0;
    if (e->size == 0) {
        rc = add_pending(u, e);
        if (rc < 0)
            return entry_fail(u, e, rc, "cannot note the hard link");
        return 0;
    }
    return fill_pending(u, e);
}

static int unpack_entry(struct unpack *u, const struct cpio_entry *e)
{
    const char *rel = relative_name(e->name);
    uint32_t type = e->mode & CPIO_S_IFMT;
    int rc;

    if (type != CPIO_S_IFDIR && type != CPIO_S_IFREG) {
        if (!u->stats.skipped++)
            u->first_skipped = e->name;
        return 0;
    }
    if (rel[0] == '\0') {
        /* "." is the target directory itself, already made. */
        if (type == CPIO_S_IFDIR)
            return 0;
        return entry_fail(u, e, -EINVAL, "a file cannot be the target");
    }
    if (has_dotdot(rel))
        return entry_fail(u, e, -EINVAL, "'..' in the name");
    rc = target_path(u, rel);
    if (rc < 0)
        return entry_fail(u, e, rc, "target path");
    if (type == CPIO_S_IFDIR)
        return unpack_dir(u, e);
    return unpack_file(u, e);
}

static int unpack_all(struct unpack *u, const uint8_t *archive, size_t len)
{
    size_t off = 0;
    struct cpio_entry e;
    int rc;

    while ((rc = cpio_next(archive, len, &off, &e, u->err, u->err_len)) > 0) {
        rc = unpack_entry(u, &e);
        if (rc < 0)
            return rc;
    }
    return rc;
}

static void note_skipped(struct unpack *u)
{
    if (!u->err || !u->err_len)
        return;
    u->err[0] = '\0';
    if (u->stats.skipped)
        snprintf(u->err, u->err_len,
                 "cpio: skipped %u entr%s that %s not a file or directory "
                 "(first: '%s')", u->stats.skipped,
                 u->stats.skipped == 1 ? "y" : "ies",
                 u->stats.skipped == 1 ? "is" : "are", u->first_skipped);
}

int vfs_unpack_cpio(const char *dir, const uint8_t *archive, size_t len,
                    struct vfs_unpack_stats *stats,
                    char *err, size_t err_len)
{
    struct unpack *u = calloc(1, sizeof(*u));   /* 2 KiB: off the stack */
    int rc;

    if (!u)
        return errmsg(err, err_len, -ENOMEM,
                    "cpio: no memory to unpack into %s", dir ? dir : "?");
    u->err = err;
    u->err_len = err_len;
    rc = vfs_normalise(dir ? dir : "", u->base, sizeof(u->base));
    if (rc == 0)
        rc = vfs_mkdir_p(u->base);
    if (rc < 0) {
        errmsg(err, err_len, rc, "cpio: cannot unpack into '%s': %s",
             dir ? dir : "(null)", vfs_strerror(rc));
    } else {
        rc = unpack_all(u, archive, len);
        if (rc == 0)
            note_skipped(u);
    }
    if (stats)
        *stats = u->stats;
    free_pending(u);
    free(u);
    return rc;
}
