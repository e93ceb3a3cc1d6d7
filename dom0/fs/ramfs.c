/*
 * The RAM filesystem (see dom0/ramfs.h): a tree of heap-allocated nodes.
 *
 * Invariants:
 *  - a node handle (vfs_ino_t) is the node's address; the VFS only holds
 *    one for the length of a call, so no handle outlives its node;
 *  - a directory's children form a singly linked list in strcmp order of
 *    names, with no two names equal;
 *  - a file's data has cap >= size bytes allocated (data NULL when cap 0);
 *  - fs->used always equals, over all nodes, RAMFS_NODE_OVERHEAD + name
 *    length + file size: every change to the tree adjusts it.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <dom0/alloc.h>
#include <dom0/ramfs.h>
#include <dom0/vfs.h>
#include <keel/errno.h>
#include <keel/string.h>

#define MIN_CAP 64  /* first allocation for a file's data */

struct rnode {
    struct rnode *parent;
    struct rnode *next;         /* next sibling in name order */
    struct rnode *children;     /* first child, for a directory */
    uint8_t *data;              /* a file's bytes */
    size_t size, cap;
    uint32_t mode;              /* VFS_S_IF* | permissions */
    size_t name_len;
    char name[];                /* NUL-terminated; "" for the root */
};

struct ramfs {
    struct vfs_fs fs;           /* first: the VFS hands us &fs */
    struct rnode *root;
    uint64_t used;
    uint64_t (*free_bytes)(void);
};

static struct ramfs *ramfs_of(struct vfs_fs *fs)
{
    return fs->priv;
}

static struct rnode *node_of(vfs_ino_t ino)
{
    return (struct rnode *)(uintptr_t)ino;
}

static vfs_ino_t ino_of(struct rnode *n)
{
    return (vfs_ino_t)(uintptr_t)n;
}

static bool is_dir(const struct rnode *n)
{
    return (n->mode & VFS_S_IFMT) == VFS_S_IFDIR;
}

static uint64_t node_cost(const struct rnode *n)
{
    return RAMFS_NODE_OVERHEAD + n->name_len + n->size;
}

static struct rnode *node_new(const char *name, uint32_t mode)
{
    size_t len = strlen(name);
    struct rnode *n = calloc(1, sizeof(*n) + len + 1);

    if (!n)
        return NULL;
    n->mode = mode;
    n->name_len = len;
    memcpy(n->name, name, len + 1);
    return n;
}

static void node_free(struct rnode *n)
{
    free(n->data);
    free(n);
}

/*
 * The link that points at the first child whose name is >= name: where
 * name is, or where it would be inserted.
 */
static struct rnode **child_link(struct rnode *dir, const char *name)
{
    struct rnode **link = &dir->children;

    while (*link && strcmp((*link)->name, name) < 0)
        link = &(*link)->next;
    return link;
}

static struct rnode *child_find(struct rnode *dir, const char *name)
{
    struct rnode *n = *child_link(dir, name);

    return n && strcmp(n->name, name) == 0 ? n : NULL;
}

static int check_name(const char *name)
{
    size_t len = strnlen(name, VFS_NAME_MAX + 1);

    if (len == 0 || strchr(name, '/'))
        return -EINVAL;
    if (len > VFS_NAME_MAX)
        return -ENAMETOOLONG;
    return 0;
}

/* ---- vfs_fs_ops ---- */

static int ramfs_lookup(struct vfs_fs *fs, vfs_ino_t dir, const char *name,
                        vfs_ino_t *out)
{
    struct rnode *d = node_of(dir), *n;

    (void)fs;
    if (!is_dir(d))
        return -ENOTDIR;
    n = child_find(d, name);
    if (!n)
        return -ENOENT;
    *out = ino_of(n);
    return 0;
}

static int ramfs_stat(struct vfs_fs *fs, vfs_ino_t ino, struct vfs_stat *st)
{
    struct rnode *n = node_of(ino);

    (void)fs;
    st->type = is_dir(n) ? VFS_DIR : VFS_FILE;
    st->size = n->size;
    st->mode = n->mode;
    return 0;
}

static long ramfs_read(struct vfs_fs *fs, vfs_ino_t file, uint64_t offset,
                       void *buf, size_t len)
{
    struct rnode *n = node_of(file);
    size_t avail;

    (void)fs;
    if (is_dir(n))
        return -EISDIR;
    if (offset >= n->size)
        return 0;
    avail = n->size - (size_t)offset;
    if (len > avail)
        len = avail;
    if (len > (size_t)INT64_MAX)    /* keep the count positive as a long */
        len = (size_t)INT64_MAX;
    memcpy(buf, n->data + offset, len);
    return (long)len;
}

/*
 * Makes room for need bytes of data: at least double the old space, so a
 * run of appends stays linear, but exactly need for a first big write.
 */
static int reserve(struct rnode *n, size_t need)
{
    size_t cap;
    uint8_t *data;

    if (need <= n->cap)
        return 0;
    cap = n->cap <= SIZE_MAX / 2 ? n->cap * 2 : SIZE_MAX;
    if (cap < MIN_CAP)
        cap = MIN_CAP;
    if (cap < need)
        cap = need;
    data = realloc(n->data, cap);
    if (!data && cap > need) {
        /* Doubling may ask too much: the exact size may still fit. */
        cap = need;
        data = realloc(n->data, cap);
    }
    if (!data)
        return -ENOMEM;
    n->data = data;
    n->cap = cap;
    return 0;
}

/* Sets the size to new_size, zero-filling any growth; space reserved. */
static void set_size(struct ramfs *rf, struct rnode *n, size_t new_size)
{
    if (new_size > n->size)
        memset(n->data + n->size, 0, new_size - n->size);
    rf->used = rf->used - n->size + new_size;
    n->size = new_size;
}

static int ramfs_write(struct vfs_fs *fs, vfs_ino_t file, uint64_t offset,
                       const void *buf, size_t len)
{
    struct ramfs *rf = ramfs_of(fs);
    struct rnode *n = node_of(file);
    size_t end;
    int rc;

    if (is_dir(n))
        return -EISDIR;
    if (offset > SIZE_MAX || len > SIZE_MAX - (size_t)offset)
        return -EOVERFLOW;
    end = (size_t)offset + len;
    rc = reserve(n, end);
    if (rc < 0)
        return rc;
    if ((size_t)offset > n->size)
        set_size(rf, n, (size_t)offset);    /* the gap reads as zeros */
    if (len)
        memcpy(n->data + offset, buf, len);
    if (end > n->size) {
        rf->used += end - n->size;
        n->size = end;
    }
    return 0;
}

static int ramfs_truncate(struct vfs_fs *fs, vfs_ino_t file, uint64_t size)
{
    struct ramfs *rf = ramfs_of(fs);
    struct rnode *n = node_of(file);
    int rc;

    if (is_dir(n))
        return -EISDIR;
    if (size > SIZE_MAX)
        return -EOVERFLOW;
    if (size == 0) {
        /* An emptied file gives its memory back. */
        free(n->data);
        n->data = NULL;
        n->cap = 0;
    } else {
        rc = reserve(n, (size_t)size);
        if (rc < 0)
            return rc;
    }
    set_size(rf, n, (size_t)size);
    return 0;
}

/* Creates a child of dir with mode; the common part of create and mkdir. */
static int add_node(struct vfs_fs *fs, vfs_ino_t dir, const char *name,
                    uint32_t mode, vfs_ino_t *out)
{
    struct ramfs *rf = ramfs_of(fs);
    struct rnode *d = node_of(dir), *n, **link;
    int rc = check_name(name);

    if (rc < 0)
        return rc;
    if (!is_dir(d))
        return -ENOTDIR;
    link = child_link(d, name);
    if (*link && strcmp((*link)->name, name) == 0)
        return -EEXIST;
    n = node_new(name, mode);
    if (!n)
        return -ENOMEM;
    n->parent = d;
    n->next = *link;
    *link = n;
    rf->used += node_cost(n);
    *out = ino_of(n);
    return 0;
}

static int ramfs_create(struct vfs_fs *fs, vfs_ino_t dir, const char *name,
                        uint32_t perm, vfs_ino_t *out)
{
    return add_node(fs, dir, name, VFS_S_IFREG | (perm & VFS_PERM_MASK), out);
}

static int ramfs_mkdir(struct vfs_fs *fs, vfs_ino_t dir, const char *name,
                       uint32_t perm, vfs_ino_t *out)
{
    return add_node(fs, dir, name, VFS_S_IFDIR | (perm & VFS_PERM_MASK), out);
}

static int ramfs_unlink(struct vfs_fs *fs, vfs_ino_t dir, const char *name)
{
    struct ramfs *rf = ramfs_of(fs);
    struct rnode *d = node_of(dir), *n, **link;

    if (!is_dir(d))
        return -ENOTDIR;
    link = child_link(d, name);
    n = *link;
    if (!n || strcmp(n->name, name) != 0)
        return -ENOENT;
    if (n->children)
        return -ENOTEMPTY;
    *link = n->next;
    rf->used -= node_cost(n);
    node_free(n);
    return 0;
}

static int ramfs_readdir(struct vfs_fs *fs, vfs_ino_t dir, vfs_fill_fn fill,
                         void *ctx)
{
    struct rnode *d = node_of(dir);

    (void)fs;
    if (!is_dir(d))
        return -ENOTDIR;
    for (struct rnode *n = d->children; n; n = n->next) {
        int rc = fill(ctx, n->name, is_dir(n) ? VFS_DIR : VFS_FILE);

        if (rc)
            return rc;
    }
    return 0;
}

static int ramfs_statfs(struct vfs_fs *fs, struct vfs_statfs *out)
{
    struct ramfs *rf = ramfs_of(fs);

    out->used_bytes = rf->used;
    out->total_bytes = rf->free_bytes ? rf->used + rf->free_bytes() : 0;
    return 0;
}

/* Frees the tree leaves first, without recursion (paths can be deep). */
static void ramfs_destroy(struct vfs_fs *fs)
{
    struct ramfs *rf = ramfs_of(fs);
    struct rnode *n = rf->root;

    while (n) {
        struct rnode *parent = n->parent;

        if (n->children) {
            n = n->children;
            continue;
        }
        if (parent)
            parent->children = n->next;
        node_free(n);
        n = parent;
    }
    free(rf);
}

static const struct vfs_fs_ops ramfs_ops = {
    .type = "ramfs",
    .lookup = ramfs_lookup,
    .stat = ramfs_stat,
    .read = ramfs_read,
    .write = ramfs_write,
    .truncate = ramfs_truncate,
    .create = ramfs_create,
    .mkdir = ramfs_mkdir,
    .unlink = ramfs_unlink,
    .readdir = ramfs_readdir,
    .statfs = ramfs_statfs,
    .destroy = ramfs_destroy,
};

struct vfs_fs *ramfs_new(uint64_t (*free_bytes)(void))
{
    struct ramfs *rf = calloc(1, sizeof(*rf));

    if (!rf)
        return NULL;
    rf->root = node_new("", VFS_S_IFDIR | VFS_DIR_MODE_DEFAULT);
    if (!rf->root) {
        free(rf);
        return NULL;
    }
    rf->used = node_cost(rf->root);
    rf->free_bytes = free_bytes;
    rf->fs.ops = &ramfs_ops;
    rf->fs.root = ino_of(rf->root);
    rf->fs.priv = rf;
    return &rf->fs;
}
