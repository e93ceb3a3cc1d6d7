/*
 * The dom0 virtual filesystem: one tree of absolute '/'-separated paths,
 * made of filesystem instances mounted on directories. The first
 * filesystem type is the RAM filesystem (dom0/ramfs.h); others (ext2 on a
 * disk) plug in through struct vfs_fs_ops.
 *
 * Paths: absolute, at most VFS_PATH_MAX bytes, each name at most
 * VFS_NAME_MAX bytes. '.', '..', repeated and trailing slashes are
 * normalised away textually before anything is looked up (there are no
 * symbolic links, so "a/b/.." is always "a"); ".." at the root stays
 * there.
 *
 * Mounts: a filesystem is mounted on an existing directory and hides what
 * is under it; a path is served by the mount with the longest mount path
 * that is a whole-component prefix of it. The VFS owns mounted instances
 * and destroys them on vfs_umount and vfs_shutdown.
 *
 * Errors are negative errnos from <keel/errno.h>; vfs_strerror words them. Reading or writing a directory as a
 * file is -EISDIR.
 *
 * Concurrency: none. The VFS is a set of globals for the dom0 shell's
 * thread; callers serialise.
 */
#ifndef DOM0_VFS_H
#define DOM0_VFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <keel/errno.h>

#define VFS_PATH_MAX   1024  /* bytes in a path, without its NUL */
#define VFS_NAME_MAX   255   /* bytes in one name */
#define VFS_MOUNTS_MAX 16

/* Mode bits: type plus permissions, as POSIX st_mode. */
#define VFS_S_IFMT  0170000u
#define VFS_S_IFDIR 0040000u
#define VFS_S_IFREG 0100000u
#define VFS_PERM_MASK 07777u

#define VFS_FILE_MODE_DEFAULT 0644u
#define VFS_DIR_MODE_DEFAULT  0755u

enum vfs_type {
    VFS_FILE = 1,
    VFS_DIR = 2,
};

struct vfs_stat {
    enum vfs_type type;
    uint64_t size;      /* bytes for files; 0 for directories */
    uint32_t mode;      /* VFS_S_IF* | permissions */
};

/* One directory entry as vfs_readdir hands it out. */
struct vfs_dirent {
    const char *name;
    enum vfs_type type;
};

/* Space in one filesystem, for df. total 0 means "no fixed size". */
struct vfs_statfs {
    uint64_t total_bytes;
    uint64_t used_bytes;
};

/* One mount, for mount and df. */
struct vfs_mount_info {
    const char *path;       /* the mount point */
    const char *type;       /* the filesystem type's name */
    struct vfs_statfs space;
};

/* ---- The filesystem side: what a filesystem type implements ---- */

/*
 * A node of one filesystem instance: an inode number for ext2, a pointer
 * for ramfs. Node handles are only used within one VFS call, never kept.
 */
typedef uint64_t vfs_ino_t;

struct vfs_fs;

/* Called by a filesystem's readdir for each entry (not "." or ".."). */
typedef int (*vfs_fill_fn)(void *ctx, const char *name, enum vfs_type type);

/*
 * The operations of a filesystem type. Every one returns 0 or a negative
 * errno, except read. Names handed in are single components (no '/'),
 * 1..VFS_NAME_MAX bytes, never "." or "..". dir arguments that are not
 * directories give -ENOTDIR.
 */
struct vfs_fs_ops {
    const char *type;   /* "ramfs", "ext2": shown by mount and df */

    /* The node called name in dir: -ENOENT if none. */
    int (*lookup)(struct vfs_fs *fs, vfs_ino_t dir, const char *name,
                  vfs_ino_t *out);
    int (*stat)(struct vfs_fs *fs, vfs_ino_t ino, struct vfs_stat *st);
    /* Up to len bytes from offset; returns the count (0 at or past EOF). */
    long (*read)(struct vfs_fs *fs, vfs_ino_t file, uint64_t offset,
                 void *buf, size_t len);
    /* All len bytes at offset, extending the file (a gap reads as zeros). */
    int (*write)(struct vfs_fs *fs, vfs_ino_t file, uint64_t offset,
                 const void *buf, size_t len);
    /* Sets the file's size: shrinks, or extends with zeros. */
    int (*truncate)(struct vfs_fs *fs, vfs_ino_t file, uint64_t size);
    /* New empty file / directory called name in dir: -EEXIST if taken. */
    int (*create)(struct vfs_fs *fs, vfs_ino_t dir, const char *name,
                  uint32_t perm, vfs_ino_t *out);
    int (*mkdir)(struct vfs_fs *fs, vfs_ino_t dir, const char *name,
                 uint32_t perm, vfs_ino_t *out);
    /* Removes a file, or a directory only when empty (-ENOTEMPTY). */
    int (*unlink)(struct vfs_fs *fs, vfs_ino_t dir, const char *name);
    /* Calls fill for every entry, in any order; stops at fill's non-zero. */
    int (*readdir)(struct vfs_fs *fs, vfs_ino_t dir, vfs_fill_fn fill,
                   void *ctx);
    int (*statfs)(struct vfs_fs *fs, struct vfs_statfs *out);
    /* Frees the instance and everything in it (may be NULL). */
    void (*destroy)(struct vfs_fs *fs);
};

/* One filesystem instance, made by its type's constructor (ramfs_new). */
struct vfs_fs {
    const struct vfs_fs_ops *ops;
    vfs_ino_t root;     /* its root directory */
    void *priv;         /* the type's own state */
};

/* ---- Setting up ---- */

/* Starts the VFS with an empty ramfs (no fixed size) at "/". */
int vfs_init(void);
/* Starts the VFS with root (owned by the VFS from now on) at "/". */
int vfs_init_root(struct vfs_fs *root);
/* Unmounts and destroys everything; vfs_init may be called again. */
void vfs_shutdown(void);

/*
 * Mounts fs on the existing directory path, taking ownership on success.
 * -EBUSY if path is already a mount point, -ENOSPC if the table is full.
 */
int vfs_mount(const char *path, struct vfs_fs *fs);
/* Unmounts and destroys the fs on path: -EINVAL if not a mount point,
 * -EBUSY for "/" or while another mount lies under it. */
int vfs_umount(const char *path);
/* Calls fn for each mount, root first then in mount order. */
int vfs_mounts(int (*fn)(void *arg, const struct vfs_mount_info *m),
               void *arg);

/* ---- Paths ---- */

/*
 * Writes the normalised form of path to out (out_len >= VFS_PATH_MAX + 1
 * is always enough). -EINVAL if not absolute, -ENAMETOOLONG if the path
 * or a name is too long.
 */
int vfs_normalise(const char *path, char *out, size_t out_len);

/* ---- Operations ---- */

int vfs_stat(const char *path, struct vfs_stat *st);
/* A directory; its parent must exist. -EEXIST, -ENOENT, -ENOTDIR. */
int vfs_mkdir(const char *path);
int vfs_mkdir_mode(const char *path, uint32_t perm);
/* A directory and any missing parents; 0 if it is already a directory. */
int vfs_mkdir_p(const char *path);
/*
 * Creates (parent must exist) or truncates path, then writes data. If the
 * write fails (-ENOMEM) the file is left empty.
 */
int vfs_write_file(const char *path, const void *data, size_t len);
/* As vfs_write_file; perm applies only when the file is created. */
int vfs_write_file_mode(const char *path, uint32_t perm,
                        const void *data, size_t len);
/* Appends to path, creating it if missing. */
int vfs_append(const char *path, const void *data, size_t len);
/* Up to len bytes from offset; returns the count or a negative errno. */
long vfs_read(const char *path, uint64_t offset, void *buf, size_t len);
/*
 * Calls fn for each entry of the directory path in strcmp order of names;
 * a non-zero return from fn stops the walk and is returned. fn may change
 * the directory (the names are gathered first).
 */
int vfs_readdir(const char *path,
                int (*fn)(void *arg, const struct vfs_dirent *d), void *arg);
/* Removes a file or an empty directory: -ENOTEMPTY, -EBUSY (a mount point). */
int vfs_unlink(const char *path);

/* A short English phrase for a VFS error ("no such file or directory"). */
const char *vfs_strerror(int err);

/* ---- Unpacking an archive ---- */

struct vfs_unpack_stats {
    unsigned dirs;      /* directories created or already there */
    unsigned files;     /* regular files written */
    unsigned skipped;   /* symlinks, devices, FIFOs, sockets: not unpacked */
};

/*
 * Unpacks a newc cpio archive under the directory dir (created if
 * missing): directories and regular files with their permissions, parents
 * made as needed; "." and "./" prefixes are dropped, and other entry types
 * are counted in stats->skipped. Hard links come out as separate copies of
 * the file. On success err holds "" or, when entries were skipped, a note
 * naming the first; on failure (a corrupt archive, a name with "..", a
 * VFS error) it says which entry and why, and what was unpacked so far
 * stays. stats and err may be NULL.
 */
int vfs_unpack_cpio(const char *dir, const uint8_t *archive, size_t len,
                    struct vfs_unpack_stats *stats,
                    char *err, size_t err_len);

#endif
