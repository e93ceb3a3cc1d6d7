/*
 * The VFS proper (see dom0/vfs.h): the mount table, path resolution, and
 * the path-based operations built on the filesystems' ops tables.
 *
 * Invariants:
 *  - when initialised, mounts[0] is the root mount "/", and every mount
 *    path is normalised and unique;
 *  - a mount point's directory can be neither removed nor replaced while
 *    mounted (-EBUSY), and a directory holding one is never empty, so the
 *    longest-prefix match in find_mount always finds a live directory;
 *  - every public entry point normalises its path first: everything below
 *    that works on canonical paths only.
 *
 * Stack: a call keeps one normalised path (VFS_PATH_MAX + 1 bytes) and one
 * name buffer; vfs_mkdir_p works in place in its own copy.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <dom0/alloc.h>
#include <dom0/ramfs.h>
#include <dom0/vfs.h>
#include <keel/errno.h>
#include <keel/string.h>

struct mount {
    char path[VFS_PATH_MAX + 1];
    size_t path_len;
    struct vfs_fs *fs;
};

/* A resolved node: which filesystem, which node in it. */
struct where {
    struct vfs_fs *fs;
    vfs_ino_t ino;
};

static struct mount mounts[VFS_MOUNTS_MAX];
static int n_mounts;    /* 0: not initialised */

/* ---- Mounts ---- */

/* Does mount path m (length n) cover the canonical path p? */
static bool covers(const char *m, size_t n, const char *p)
{
    if (n == 1)     /* "/" covers everything */
        return true;
    return strncmp(p, m, n) == 0 && (p[n] == '\0' || p[n] == '/');
}

/* The mount serving canonical path p: the longest that covers it. */
static struct mount *find_mount(const char *p)
{
    struct mount *best = NULL;

    for (int i = 0; i < n_mounts; i++)
        if (covers(mounts[i].path, mounts[i].path_len, p) &&
            (!best || mounts[i].path_len > best->path_len))
            best = &mounts[i];
    return best;
}

static int mount_index(const char *p)
{
    for (int i = 0; i < n_mounts; i++)
        if (strcmp(mounts[i].path, p) == 0)
            return i;
    return -1;
}

static void destroy_fs(struct vfs_fs *fs)
{
    if (fs->ops->destroy)
        fs->ops->destroy(fs);
}

/* ---- Resolution ---- */

/* Bytes up to the next '/' or the end. */
static size_t name_len(const char *s)
{
    size_t n = 0;

    while (s[n] && s[n] != '/')
        n++;
    return n;
}

/* Walks canonical path p to its node. */
static int resolve(const char *p, struct where *w)
{
    struct mount *m = find_mount(p);
    char name[VFS_NAME_MAX + 1];
    const char *s;

    if (!m)
        return -ENODEV;
    w->fs = m->fs;
    w->ino = m->fs->root;
    s = m->path_len == 1 ? p : p + m->path_len;     /* the names after it */
    for (;;) {
        size_t n;
        int rc;

        while (*s == '/')
            s++;
        if (!*s)
            return 0;
        n = name_len(s);
        memcpy(name, s, n);             /* n <= VFS_NAME_MAX: canonical */
        name[n] = '\0';
        s += n;
        rc = w->fs->ops->lookup(w->fs, w->ino, name, &w->ino);
        if (rc < 0)
            return rc;
    }
}

/*
 * Splits canonical p (not "/") at its last '/': resolves the parent into
 * w and points *name at the last name, inside p.
 */
static int resolve_parent(char *p, struct where *w, const char **name)
{
    size_t cut = strlen(p);
    int rc;

    while (p[cut - 1] != '/')
        cut--;
    *name = p + cut;
    if (cut == 1)
        return resolve("/", w);
    p[cut - 1] = '\0';
    rc = resolve(p, w);
    p[cut - 1] = '/';
    return rc;
}

static int stat_where(const struct where *w, struct vfs_stat *st)
{
    return w->fs->ops->stat(w->fs, w->ino, st);
}

static int normalise(const char *path, char *out)
{
    return vfs_normalise(path, out, VFS_PATH_MAX + 1);
}

/* path made canonical into p, where it lives, and (unless st is NULL)
 * its stat: the first steps of most operations. 0 or a negative errno. */
static int find(const char *path, char *p, struct where *w, struct vfs_stat *st)
{
    int rc = normalise(path, p);

    if (rc >= 0)
        rc = resolve(p, w);
    if (rc >= 0 && st)
        rc = stat_where(w, st);
    return rc < 0 ? rc : 0;
}

/* ---- Setting up ---- */

int vfs_init_root(struct vfs_fs *root)
{
    if (!root)
        return -EINVAL;
    if (n_mounts)
        return -EBUSY;
    mounts[0].path[0] = '/';
    mounts[0].path[1] = '\0';
    mounts[0].path_len = 1;
    mounts[0].fs = root;
    n_mounts = 1;
    return 0;
}

int vfs_init(void)
{
    struct vfs_fs *root;
    int rc;

    if (n_mounts)
        return -EBUSY;
    root = ramfs_new(NULL);
    if (!root)
        return -ENOMEM;
    rc = vfs_init_root(root);
    if (rc < 0)
        destroy_fs(root);
    return rc;
}

void vfs_shutdown(void)
{
    /* Innermost first: later mounts may sit inside earlier ones. */
    while (n_mounts > 0)
        destroy_fs(mounts[--n_mounts].fs);
}

int vfs_mount(const char *path, struct vfs_fs *fs)
{
    char p[VFS_PATH_MAX + 1];
    struct where w;
    struct vfs_stat st;
    int rc;

    if (!fs || !fs->ops)
        return -EINVAL;
    rc = find(path, p, &w, &st);
    if (rc < 0)
        return rc;
    if (mount_index(p) >= 0)
        return -EBUSY;
    if (st.type != VFS_DIR)
        return -ENOTDIR;
    if (n_mounts == VFS_MOUNTS_MAX)
        return -ENOSPC;
    memcpy(mounts[n_mounts].path, p, strlen(p) + 1);
    mounts[n_mounts].path_len = strlen(p);
    mounts[n_mounts].fs = fs;
    n_mounts++;
    return 0;
}

int vfs_umount(const char *path)
{
    char p[VFS_PATH_MAX + 1];
    int rc = normalise(path, p), i;

    if (rc < 0)
        return rc;
    i = mount_index(p);
    if (i < 0)
        return -EINVAL;
    if (i == 0)
        return -EBUSY;
    for (int j = 0; j < n_mounts; j++)
        if (j != i && covers(p, mounts[i].path_len, mounts[j].path))
            return -EBUSY;
    destroy_fs(mounts[i].fs);
    memmove(&mounts[i], &mounts[i + 1],
            (size_t)(n_mounts - i - 1) * sizeof(mounts[0]));
    n_mounts--;
    return 0;
}

int vfs_mounts(int (*fn)(void *arg, const struct vfs_mount_info *m),
               void *arg)
{
    for (int i = 0; i < n_mounts; i++) {
        struct vfs_fs *fs = mounts[i].fs;
        struct vfs_mount_info info = {
            .path = mounts[i].path,
            .type = fs->ops->type,
        };
        int rc = fs->ops->statfs ? fs->ops->statfs(fs, &info.space) : 0;

        if (rc < 0)
            return rc;
        rc = fn(arg, &info);
        if (rc)
            return rc;
    }
    return 0;
}

/* ---- Operations ---- */

int vfs_stat(const char *path, struct vfs_stat *st)
{
    char p[VFS_PATH_MAX + 1];
    struct where w;

    return find(path, p, &w, st);
}

/* mkdir of canonical p; with exist_ok, an existing directory is fine. */
static int mkdir_canon(char *p, uint32_t perm, bool exist_ok)
{
    struct where w;
    struct vfs_stat st;
    const char *name;
    vfs_ino_t ino;
    int rc = resolve(p, &w);

    if (rc == 0) {
        if (!exist_ok)
            return -EEXIST;
        rc = stat_where(&w, &st);
        if (rc < 0)
            return rc;
        return st.type == VFS_DIR ? 0 : -ENOTDIR;
    }
    if (rc != -ENOENT)
        return rc;
    rc = resolve_parent(p, &w, &name);
    if (rc < 0)
        return rc;
    return w.fs->ops->mkdir(w.fs, w.ino, name, perm & VFS_PERM_MASK, &ino);
}

int vfs_mkdir_mode(const char *path, uint32_t perm)
{
    char p[VFS_PATH_MAX + 1];
    int rc = normalise(path, p);

    if (rc < 0)
        return rc;
    return mkdir_canon(p, perm, false);
}

int vfs_mkdir(const char *path)
{
    return vfs_mkdir_mode(path, VFS_DIR_MODE_DEFAULT);
}

int vfs_mkdir_p(const char *path)
{
    char p[VFS_PATH_MAX + 1];
    int rc = normalise(path, p);

    if (rc < 0)
        return rc;
    if (!n_mounts)
        return -ENODEV;
    /* Each prefix ending before a '/' (the root needs no making). */
    for (size_t i = 1; p[i]; i++) {
        if (p[i] != '/')
            continue;
        p[i] = '\0';
        rc = mkdir_canon(p, VFS_DIR_MODE_DEFAULT, true);
        p[i] = '/';
        if (rc < 0)
            return rc;
    }
    if (strcmp(p, "/") == 0)
        return 0;
    return mkdir_canon(p, VFS_DIR_MODE_DEFAULT, true);
}

/*
 * Finds the file at canonical p, or creates it with perm when missing.
 * Sets *size to its current size. -EISDIR for a directory.
 */
static int open_file(char *p, uint32_t perm, struct where *w, uint64_t *size)
{
    struct vfs_stat st;
    const char *name;
    int rc = resolve(p, w);

    if (rc == -ENOENT) {
        rc = resolve_parent(p, w, &name);
        if (rc < 0)
            return rc;
        *size = 0;
        return w->fs->ops->create(w->fs, w->ino, name, perm & VFS_PERM_MASK,
                                  &w->ino);
    }
    if (rc < 0)
        return rc;
    rc = stat_where(w, &st);
    if (rc < 0)
        return rc;
    if (st.type != VFS_FILE)
        return -EISDIR;
    *size = st.size;
    return 0;
}

/* open_file on path as the caller wrote it. */
static int open_path(const char *path, uint32_t perm, struct where *w, uint64_t *size)
{
    char p[VFS_PATH_MAX + 1];
    int rc = normalise(path, p);

    return rc < 0 ? rc : open_file(p, perm, w, size);
}

int vfs_write_file_mode(const char *path, uint32_t perm,
                        const void *data, size_t len)
{
    struct where w;
    uint64_t size;
    int rc = open_path(path, perm, &w, &size);

    if (rc < 0)
        return rc;
    if (size) {
        rc = w.fs->ops->truncate(w.fs, w.ino, 0);
        if (rc < 0)
            return rc;
    }
    return w.fs->ops->write(w.fs, w.ino, 0, data, len);
}

int vfs_write_file(const char *path, const void *data, size_t len)
{
    return vfs_write_file_mode(path, VFS_FILE_MODE_DEFAULT, data, len);
}

int vfs_append(const char *path, const void *data, size_t len)
{
    struct where w;
    uint64_t size;
    int rc = open_path(path, VFS_FILE_MODE_DEFAULT, &w, &size);

    if (rc < 0)
        return rc;
    return w.fs->ops->write(w.fs, w.ino, size, data, len);
}

long vfs_read(const char *path, uint64_t offset, void *buf, size_t len)
{
    char p[VFS_PATH_MAX + 1];
    struct where w;
    struct vfs_stat st;
    int rc = find(path, p, &w, &st);

    if (rc < 0)
        return rc;
    if (st.type != VFS_FILE)
        return -EISDIR;
    return w.fs->ops->read(w.fs, w.ino, offset, buf, len);
}

int vfs_unlink(const char *path)
{
    char p[VFS_PATH_MAX + 1];
    struct where w;
    const char *name;
    int rc = normalise(path, p);

    if (rc < 0)
        return rc;
    if (!n_mounts)
        return -ENODEV;
    if (mount_index(p) >= 0)
        return -EBUSY;
    rc = resolve_parent(p, &w, &name);
    if (rc < 0)
        return rc;
    return w.fs->ops->unlink(w.fs, w.ino, name);
}

/* ---- Directory listing: gathered, sorted, then handed out ---- */

struct dir_rec {
    enum vfs_type type;
    char name[];
};

struct gather {
    struct dir_rec **recs;
    size_t n, cap;
};

static int gather_one(void *ctx, const char *name, enum vfs_type type)
{
    struct gather *g = ctx;
    size_t len = strlen(name);
    struct dir_rec *r;

    if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        return 0;
    if (g->n == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 16;
        struct dir_rec **recs = realloc(g->recs, cap * sizeof(*recs));

        if (!recs)
            return -ENOMEM;
        g->recs = recs;
        g->cap = cap;
    }
    r = malloc(sizeof(*r) + len + 1);
    if (!r)
        return -ENOMEM;
    r->type = type;
    memcpy(r->name, name, len + 1);
    g->recs[g->n++] = r;
    return 0;
}

static void gather_free(struct gather *g)
{
    for (size_t i = 0; i < g->n; i++)
        free(g->recs[i]);
    free(g->recs);
}

static bool rec_less(const struct dir_rec *a, const struct dir_rec *b)
{
    return strcmp(a->name, b->name) < 0;
}

/* Moves v[i] down the max-heap v[0, n) to its place. */
static void sift_down(struct dir_rec **v, size_t i, size_t n)
{
    for (;;) {
        size_t big = i, l = 2 * i + 1, r = l + 1;
        struct dir_rec *t;

        if (l < n && rec_less(v[big], v[l]))
            big = l;
        if (r < n && rec_less(v[big], v[r]))
            big = r;
        if (big == i)
            return;
        t = v[i];
        v[i] = v[big];
        v[big] = t;
        i = big;
    }
}

/* Heapsort: O(n log n) with no recursion and no extra memory. */
static void sort_recs(struct dir_rec **v, size_t n)
{
    for (size_t i = n / 2; i-- > 0;)
        sift_down(v, i, n);
    for (size_t end = n; end > 1; end--) {
        struct dir_rec *t = v[0];

        v[0] = v[end - 1];
        v[end - 1] = t;
        sift_down(v, 0, end - 1);
    }
}

int vfs_readdir(const char *path,
                int (*fn)(void *arg, const struct vfs_dirent *d), void *arg)
{
    char p[VFS_PATH_MAX + 1];
    struct gather g = { 0 };
    struct where w;
    int rc = find(path, p, &w, NULL);

    if (rc < 0)
        return rc;
    rc = w.fs->ops->readdir(w.fs, w.ino, gather_one, &g);
    if (rc == 0) {
        sort_recs(g.recs, g.n);
        for (size_t i = 0; i < g.n && rc == 0; i++) {
            struct vfs_dirent d = { g.recs[i]->name, g.recs[i]->type };

            rc = fn(arg, &d);
        }
    }
    gather_free(&g);
    return rc;
}

/* ---- Messages ---- */

const char *vfs_strerror(int err)
{
    switch (err) {
    case 0:             return "success";
    case -ENOENT:       return "no such file or directory";
    case -ENOTDIR:      return "not a directory";
    case -EEXIST:       return "already exists";
    case -ENOTEMPTY:    return "directory not empty";
    case -EBUSY:        return "busy (a mount point)";
    case -ENOMEM:       return "out of memory";
    case -ENOSPC:       return "no space left";
    case -ENAMETOOLONG: return "name too long";
    case -EISDIR:       return "is a directory";
    case -EINVAL:       return "invalid argument";
    case -ENODEV:       return "no filesystem mounted";
    case -EOVERFLOW:    return "file too large";
    case -EIO:          return "I/O error";
    case -EROFS:        return "read-only filesystem";
    case -EBADMSG:      return "corrupt archive";
    default:            return "unknown error";
    }
}
