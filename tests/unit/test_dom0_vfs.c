/*
 * Unit tests for dom0's VFS and RAM filesystem (dom0/fs/vfs.c,
 * vfs_path.c, ramfs.c).
 *
 * Each test starts from vfs_init() (an empty ramfs at "/") and ends with
 * vfs_shutdown(), after which the VFS must hold no heap block: the sources
 * are built with dom0_alloc_fault.h, which counts their blocks and can
 * make allocations fail for the -ENOMEM paths.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <dom0/ramfs.h>
#include <dom0/vfs.h>
#include <keel/errno.h>

#define DOM0_ALLOC_FAULT_CONTROL
#include "dom0_alloc_fault.h"

static int setup(void **state)
{
    (void)state;
    alloc_fault_after(-1);
    alloc_fault_max_size(0);
    return vfs_init();
}

static int teardown(void **state)
{
    (void)state;
    alloc_fault_after(-1);
    alloc_fault_max_size(0);
    vfs_shutdown();
    if (alloc_fault_live() != 0)
        fail_msg("%ld heap blocks left after vfs_shutdown",
                 alloc_fault_live());
    return 0;
}

/* Writes text (its strlen) to path, which must succeed. */
static void put(const char *path, const char *text)
{
    assert_int_equal(vfs_write_file(path, text, strlen(text)), 0);
}

/* Asserts the whole of path's content is text. */
static void assert_content(const char *path, const char *text)
{
    char buf[4096];
    long n = vfs_read(path, 0, buf, sizeof(buf));

    assert_true(n >= 0);
    assert_int_equal(n, strlen(text));
    assert_memory_equal(buf, text, (size_t)n);
}

static void assert_type(const char *path, enum vfs_type type)
{
    struct vfs_stat st;

    assert_int_equal(vfs_stat(path, &st), 0);
    assert_int_equal(st.type, type);
}

/* A path of n bytes: "/" then n-1 'x's in names of at most 200. */
static void long_path(char *out, size_t n)
{
    size_t w = 0;

    while (w < n) {
        out[w++] = '/';
        for (int i = 0; i < 200 && w < n; i++)
            out[w++] = 'x';
    }
    out[w] = '\0';
}

/* ---- Paths ---- */

static void test_normalise(void **state)
{
    static const char *const cases[][2] = {
        { "/", "/" },           { "//", "/" },
        { "/a", "/a" },         { "/a/b/", "/a/b" },
        { "/a//b///c", "/a/b/c" }, { "/./a/.", "/a" },
        { "/a/../b", "/b" },    { "/..", "/" },
        { "/../../x", "/x" },   { "/a/b/../../..", "/" },
        { "/...", "/..." },     { "/.a/..b", "/.a/..b" },
        { "/a/./b/./../c/", "/a/c" },
    };
    char out[VFS_PATH_MAX + 1];

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        assert_int_equal(vfs_normalise(cases[i][0], out, sizeof(out)), 0);
        assert_string_equal(out, cases[i][1]);
    }
}

static void test_normalise_errors(void **state)
{
    char out[VFS_PATH_MAX + 1], path[VFS_PATH_MAX + 2], name[300];

    (void)state;
    assert_int_equal(vfs_normalise("a/b", out, sizeof(out)), -EINVAL);
    assert_int_equal(vfs_normalise("", out, sizeof(out)), -EINVAL);
    assert_int_equal(vfs_normalise(NULL, out, sizeof(out)), -EINVAL);

    name[0] = '/';
    memset(name + 1, 'n', 255);
    name[256] = '\0';
    assert_int_equal(vfs_normalise(name, out, sizeof(out)), 0);
    name[256] = 'n';
    name[257] = '\0';
    assert_int_equal(vfs_normalise(name, out, sizeof(out)), -ENAMETOOLONG);

    long_path(path, VFS_PATH_MAX);
    assert_int_equal(vfs_normalise(path, out, sizeof(out)), 0);
    assert_string_equal(out, path);
    long_path(path, VFS_PATH_MAX + 1);
    assert_int_equal(vfs_normalise(path, out, sizeof(out)), -ENAMETOOLONG);

    /* Too small an output buffer is refused, never overrun. */
    assert_int_equal(vfs_normalise("/abc", out, 4), -ENAMETOOLONG);
    assert_int_equal(vfs_normalise("/abc", out, 5), 0);
    assert_int_equal(vfs_normalise("/", out, 1), -ENAMETOOLONG);
}

/* ---- Setting up ---- */

static void test_init_twice_and_uninitialised(void **state)
{
    struct vfs_stat st;
    char buf[4];

    (void)state;
    assert_int_equal(vfs_init(), -EBUSY);
    assert_int_equal(vfs_init_root(NULL), -EINVAL);
    vfs_shutdown();

    assert_int_equal(vfs_stat("/", &st), -ENODEV);
    assert_int_equal(vfs_mkdir("/a"), -ENODEV);
    assert_int_equal(vfs_mkdir_p("/"), -ENODEV);
    assert_int_equal(vfs_mkdir_p("/a/b"), -ENODEV);
    assert_int_equal(vfs_write_file("/f", "x", 1), -ENODEV);
    assert_int_equal(vfs_append("/f", "x", 1), -ENODEV);
    assert_int_equal(vfs_read("/f", 0, buf, sizeof(buf)), -ENODEV);
    assert_int_equal(vfs_unlink("/f"), -ENODEV);
    assert_int_equal(vfs_umount("/"), -EINVAL);

    struct vfs_fs *fs = ramfs_new(NULL);
    assert_non_null(fs);
    assert_int_equal(vfs_mount("/", fs), -ENODEV);
    assert_int_equal(vfs_init_root(fs), 0);
    assert_int_equal(vfs_init_root(fs), -EBUSY);
    assert_type("/", VFS_DIR);
}

/* ---- Directories ---- */

static void test_mkdir(void **state)
{
    struct vfs_stat st;

    (void)state;
    assert_int_equal(vfs_mkdir("/etc"), 0);
    assert_int_equal(vfs_stat("/etc", &st), 0);
    assert_int_equal(st.type, VFS_DIR);
    assert_int_equal(st.mode, VFS_S_IFDIR | 0755);
    assert_int_equal(st.size, 0);
    assert_int_equal(vfs_mkdir("/etc/"), -EEXIST);
    assert_int_equal(vfs_mkdir("/etc/./"), -EEXIST);
    assert_int_equal(vfs_mkdir("/"), -EEXIST);
    assert_int_equal(vfs_mkdir("/no/such"), -ENOENT);
    put("/etc/motd", "hi");
    assert_int_equal(vfs_mkdir("/etc/motd"), -EEXIST);
    assert_int_equal(vfs_mkdir("/etc/motd/x"), -ENOTDIR);
    assert_int_equal(vfs_mkdir("etc2"), -EINVAL);

    /* Only the permission bits of the mode are taken. */
    assert_int_equal(vfs_mkdir_mode("/priv", VFS_S_IFREG | 0700), 0);
    assert_int_equal(vfs_stat("/priv", &st), 0);
    assert_int_equal(st.mode, VFS_S_IFDIR | 0700);
}

static void test_mkdir_p(void **state)
{
    (void)state;
    assert_int_equal(vfs_mkdir_p("/a/b/c/"), 0);
    assert_type("/a", VFS_DIR);
    assert_type("/a/b", VFS_DIR);
    assert_type("/a/b/c", VFS_DIR);
    assert_int_equal(vfs_mkdir_p("/a/b/c"), 0);
    assert_int_equal(vfs_mkdir_p("/a//b/../b/d"), 0);
    assert_type("/a/b/d", VFS_DIR);
    assert_int_equal(vfs_mkdir_p("/"), 0);
    put("/a/file", "x");
    assert_int_equal(vfs_mkdir_p("/a/file"), -ENOTDIR);
    assert_int_equal(vfs_mkdir_p("/a/file/x/y"), -ENOTDIR);
    assert_int_equal(vfs_mkdir_p("relative"), -EINVAL);
}

/* A path nearly VFS_PATH_MAX long, 511 levels deep, freed at shutdown. */
static void test_deep_tree(void **state)
{
    char path[VFS_PATH_MAX + 1];
    size_t n = 0;

    (void)state;
    while (n + 2 <= VFS_PATH_MAX) {
        path[n++] = '/';
        path[n++] = 'd';
    }
    path[n] = '\0';
    assert_int_equal(vfs_mkdir_p(path), 0);
    assert_type(path, VFS_DIR);
    path[n - 1] = 'f';
    put(path, "deep");
    assert_content(path, "deep");
}

/* ---- Files ---- */

static void test_write_read(void **state)
{
    struct vfs_stat st;
    char buf[16];

    (void)state;
    put("/f", "hello world");
    assert_int_equal(vfs_stat("/f", &st), 0);
    assert_int_equal(st.type, VFS_FILE);
    assert_int_equal(st.size, 11);
    assert_int_equal(st.mode, VFS_S_IFREG | 0644);
    assert_content("/f", "hello world");

    assert_int_equal(vfs_read("/f", 6, buf, 3), 3);
    assert_memory_equal(buf, "wor", 3);
    assert_int_equal(vfs_read("/f", 6, buf, sizeof(buf)), 5);
    assert_memory_equal(buf, "world", 5);
    assert_int_equal(vfs_read("/f", 11, buf, sizeof(buf)), 0);
    assert_int_equal(vfs_read("/f", 1000, buf, sizeof(buf)), 0);
    assert_int_equal(vfs_read("/f", UINT64_MAX, buf, sizeof(buf)), 0);
    assert_int_equal(vfs_read("/f", 0, buf, 0), 0);

    /* Rewriting truncates. */
    put("/f", "bye");
    assert_content("/f", "bye");
    put("/f", "");
    assert_content("/f", "");
    assert_int_equal(vfs_stat("/f", &st), 0);
    assert_int_equal(st.size, 0);
    put("/f", "again");
    assert_content("/f", "again");
}

static void test_write_mode(void **state)
{
    struct vfs_stat st;

    (void)state;
    assert_int_equal(vfs_write_file_mode("/x", 0100755 | 04000, "#!", 2), 0);
    assert_int_equal(vfs_stat("/x", &st), 0);
    assert_int_equal(st.mode, VFS_S_IFREG | 04755);
    /* The mode applies to creation only. */
    assert_int_equal(vfs_write_file_mode("/x", 0600, "ok", 2), 0);
    assert_int_equal(vfs_stat("/x", &st), 0);
    assert_int_equal(st.mode, VFS_S_IFREG | 04755);
}

static void test_write_errors(void **state)
{
    char buf[4];

    (void)state;
    assert_int_equal(vfs_mkdir("/d"), 0);
    assert_int_equal(vfs_write_file("/d", "x", 1), -EISDIR);
    assert_int_equal(vfs_write_file("/", "x", 1), -EISDIR);
    assert_int_equal(vfs_write_file("/none/f", "x", 1), -ENOENT);
    put("/f", "x");
    assert_int_equal(vfs_write_file("/f/g", "x", 1), -ENOTDIR);
    assert_int_equal(vfs_write_file("f", "x", 1), -EINVAL);
    assert_int_equal(vfs_read("/d", 0, buf, sizeof(buf)), -EISDIR);
    assert_int_equal(vfs_read("/none", 0, buf, sizeof(buf)), -ENOENT);
    assert_int_equal(vfs_read("/f/g", 0, buf, sizeof(buf)), -ENOTDIR);
    assert_int_equal(vfs_read("f", 0, buf, sizeof(buf)), -EINVAL);
}

static void test_append(void **state)
{
    char expect[5000], buf[5000];
    size_t n = 0;

    (void)state;
    assert_int_equal(vfs_append("/log", "a", 1), 0);   /* created */
    expect[n++] = 'a';
    for (int i = 0; i < 500; i++) {
        char line[16];
        int len = snprintf(line, sizeof(line), "line %d\n", i);

        assert_int_equal(vfs_append("/log", line, (size_t)len), 0);
        memcpy(expect + n, line, (size_t)len);
        n += (size_t)len;
    }
    assert_int_equal(vfs_read("/log", 0, buf, sizeof(buf)), n);
    assert_memory_equal(buf, expect, n);
    assert_int_equal(vfs_append("/log", "", 0), 0);
    assert_int_equal(vfs_read("/log", 0, buf, sizeof(buf)), n);

    assert_int_equal(vfs_mkdir("/d"), 0);
    assert_int_equal(vfs_append("/d", "x", 1), -EISDIR);
    assert_int_equal(vfs_append("/none/x", "x", 1), -ENOENT);
    assert_int_equal(vfs_append("x", "x", 1), -EINVAL);
}

static void test_names_and_lengths(void **state)
{
    char path[VFS_PATH_MAX + 2];

    (void)state;
    path[0] = '/';
    memset(path + 1, 'n', 255);
    path[256] = '\0';
    put(path, "max name");
    assert_content(path, "max name");
    path[256] = 'n';
    path[257] = '\0';
    assert_int_equal(vfs_write_file(path, "x", 1), -ENAMETOOLONG);
    long_path(path, VFS_PATH_MAX + 1);
    assert_int_equal(vfs_mkdir_p(path), -ENAMETOOLONG);
}

static void test_stat_errors(void **state)
{
    struct vfs_stat st;

    (void)state;
    assert_int_equal(vfs_stat("/none", &st), -ENOENT);
    put("/f", "x");
    assert_int_equal(vfs_stat("/f/", &st), 0);  /* trailing slash dropped */
    assert_int_equal(vfs_stat("/f/x", &st), -ENOTDIR);
    assert_int_equal(vfs_stat("f", &st), -EINVAL);
}

/* ---- Listing ---- */

struct listing {
    char names[64][VFS_NAME_MAX + 1];
    enum vfs_type types[64];
    int n;
    int stop_at;        /* return 7 at this entry; -1: never */
    const char *dir;    /* for unlinking each entry while listing */
};

static int record(void *arg, const struct vfs_dirent *d)
{
    struct listing *l = arg;

    assert_true(l->n < 64);
    snprintf(l->names[l->n], sizeof(l->names[0]), "%s", d->name);
    l->types[l->n] = d->type;
    if (l->dir) {
        char path[VFS_PATH_MAX + 1];

        snprintf(path, sizeof(path), "%s/%s", l->dir, d->name);
        assert_int_equal(vfs_unlink(path), 0);
    }
    return l->n++ == l->stop_at ? 7 : 0;
}

static void list(const char *path, struct listing *l, int expect_rc)
{
    l->n = 0;
    assert_int_equal(vfs_readdir(path, record, l), expect_rc);
}

static void test_readdir_sorted(void **state)
{
    static const char *const made[] = { "b", "a", "c", "B", "aa", "_", "0" };
    static const char *const sorted[] = { "0", "B", "_", "a", "aa", "b", "c" };
    struct listing l = { .stop_at = -1 };

    (void)state;
    for (int i = 0; i < 7; i++) {
        char path[8];

        snprintf(path, sizeof(path), "/%s", made[i]);
        if (i % 2)
            assert_int_equal(vfs_mkdir(path), 0);
        else
            put(path, "x");
    }
    list("/", &l, 0);
    assert_int_equal(l.n, 7);
    for (int i = 0; i < 7; i++) {
        char path[8];

        assert_string_equal(l.names[i], sorted[i]);
        snprintf(path, sizeof(path), "/%s", sorted[i]);
        assert_type(path, l.types[i]);
    }
}

static void test_readdir_cases(void **state)
{
    struct listing l = { .stop_at = -1 };

    (void)state;
    assert_int_equal(vfs_mkdir("/empty"), 0);
    list("/empty", &l, 0);
    assert_int_equal(l.n, 0);
    list("/none", &l, -ENOENT);
    put("/f", "x");
    list("/f", &l, -ENOTDIR);
    list("f", &l, -EINVAL);

    /* The callback's non-zero value stops the walk and comes back. */
    for (int i = 0; i < 5; i++) {
        char path[32];

        snprintf(path, sizeof(path), "/empty/%d", i);
        put(path, "x");
    }
    l.stop_at = 2;
    list("/empty", &l, 7);
    assert_int_equal(l.n, 3);

    /* The callback may remove what it is shown (rm -r). */
    l.stop_at = -1;
    l.dir = "/empty";
    list("/empty", &l, 0);
    assert_int_equal(l.n, 5);
    l.dir = NULL;
    list("/empty", &l, 0);
    assert_int_equal(l.n, 0);
    assert_int_equal(vfs_unlink("/empty"), 0);
}

static void test_readdir_many(void **state)
{
    struct listing l = { .stop_at = -1 };

    (void)state;
    /* More entries than the first gathering array holds, in reverse. */
    for (int i = 59; i >= 0; i--) {
        char path[32];

        snprintf(path, sizeof(path), "/n%02d", i);
        put(path, "x");
    }
    list("/", &l, 0);
    assert_int_equal(l.n, 60);
    for (int i = 0; i < 60; i++) {
        char name[32];

        snprintf(name, sizeof(name), "n%02d", i);
        assert_string_equal(l.names[i], name);
    }
}

/* ---- Removing ---- */

static void test_unlink(void **state)
{
    struct vfs_stat st;

    (void)state;
    assert_int_equal(vfs_mkdir_p("/a/b"), 0);
    put("/a/b/f", "x");
    assert_int_equal(vfs_unlink("/a/b"), -ENOTEMPTY);
    assert_int_equal(vfs_unlink("/a/b/f"), 0);
    assert_int_equal(vfs_stat("/a/b/f", &st), -ENOENT);
    assert_int_equal(vfs_unlink("/a/b/f"), -ENOENT);
    assert_int_equal(vfs_unlink("/a/b/"), 0);
    assert_int_equal(vfs_unlink("/a"), 0);
    assert_int_equal(vfs_unlink("/a"), -ENOENT);
    assert_int_equal(vfs_unlink("/x/y"), -ENOENT);
    assert_int_equal(vfs_unlink("/"), -EBUSY);
    assert_int_equal(vfs_unlink("/.."), -EBUSY);
    assert_int_equal(vfs_unlink("a"), -EINVAL);
    put("/f", "x");
    assert_int_equal(vfs_unlink("/f/g"), -ENOTDIR);
}

/* ---- Mounts ---- */

static uint64_t fake_free(void)
{
    return 1 << 20;
}

struct mount_list {
    char paths[VFS_MOUNTS_MAX][64];
    char types[VFS_MOUNTS_MAX][16];
    struct vfs_statfs space[VFS_MOUNTS_MAX];
    int n;
    int stop_at;
};

static int record_mount(void *arg, const struct vfs_mount_info *m)
{
    struct mount_list *ml = arg;

    snprintf(ml->paths[ml->n], sizeof(ml->paths[0]), "%s", m->path);
    snprintf(ml->types[ml->n], sizeof(ml->types[0]), "%s", m->type);
    ml->space[ml->n] = m->space;
    return ml->n++ == ml->stop_at ? 9 : 0;
}

static void mounts(struct mount_list *ml, int expect_rc)
{
    ml->n = 0;
    assert_int_equal(vfs_mounts(record_mount, ml), expect_rc);
}

static void test_mount_basic(void **state)
{
    struct mount_list ml = { .stop_at = -1 };
    struct listing l = { .stop_at = -1 };
    struct vfs_fs *fs;

    (void)state;
    assert_int_equal(vfs_mkdir("/mnt"), 0);
    put("/mnt/hidden", "under");
    fs = ramfs_new(fake_free);
    assert_non_null(fs);
    assert_int_equal(vfs_mount("/mnt/", fs), 0);

    /* The mount hides what was under it. */
    list("/mnt", &l, 0);
    assert_int_equal(l.n, 0);
    put("/mnt/x", "on the mount");
    assert_content("/mnt/x", "on the mount");
    assert_content("/mnt/../mnt/./x", "on the mount");
    list("/", &l, 0);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.names[0], "mnt");

    /* Only whole names match: /mntx is the root's. */
    assert_int_equal(vfs_mkdir("/mntx"), 0);
    put("/mntx/y", "root's");
    list("/mnt", &l, 0);
    assert_int_equal(l.n, 1);

    /* The mount point itself. */
    assert_int_equal(vfs_mkdir("/mnt"), -EEXIST);
    assert_int_equal(vfs_unlink("/mnt"), -EBUSY);
    assert_int_equal(vfs_write_file("/mnt", "x", 1), -EISDIR);
    assert_type("/mnt", VFS_DIR);

    mounts(&ml, 0);
    assert_int_equal(ml.n, 2);
    assert_string_equal(ml.paths[0], "/");
    assert_string_equal(ml.types[0], "ramfs");
    assert_string_equal(ml.paths[1], "/mnt");
    assert_int_equal(ml.space[0].total_bytes, 0);   /* no fixed size */
    assert_int_equal(ml.space[1].used_bytes,
                     2 * RAMFS_NODE_OVERHEAD + 1 + strlen("on the mount"));
    assert_int_equal(ml.space[1].total_bytes,
                     ml.space[1].used_bytes + (1 << 20));
    ml.stop_at = 0;
    mounts(&ml, 9);
    assert_int_equal(ml.n, 1);

    /* Unmounting destroys the fs and uncovers the directory. */
    assert_int_equal(vfs_umount("/mnt"), 0);
    assert_content("/mnt/hidden", "under");
    ml.stop_at = -1;
    mounts(&ml, 0);
    assert_int_equal(ml.n, 1);
}

static void test_mount_errors(void **state)
{
    struct vfs_fs *fs = ramfs_new(NULL), *extra[VFS_MOUNTS_MAX];

    (void)state;
    assert_non_null(fs);
    assert_int_equal(vfs_mount("/none", fs), -ENOENT);
    put("/f", "x");
    assert_int_equal(vfs_mount("/f", fs), -ENOTDIR);
    assert_int_equal(vfs_mount("/", fs), -EBUSY);
    assert_int_equal(vfs_mount("rel", fs), -EINVAL);
    assert_int_equal(vfs_mount("/", NULL), -EINVAL);
    assert_int_equal(vfs_mkdir("/m"), 0);
    assert_int_equal(vfs_mount("/m", fs), 0);
    fs = ramfs_new(NULL);
    assert_non_null(fs);
    assert_int_equal(vfs_mount("/m", fs), -EBUSY);

    /* Fill the table: the root and /m are two of the slots. */
    for (int i = 0; i < VFS_MOUNTS_MAX - 2; i++) {
        char path[16];

        snprintf(path, sizeof(path), "/m%d", i);
        assert_int_equal(vfs_mkdir(path), 0);
        extra[i] = ramfs_new(NULL);
        assert_non_null(extra[i]);
        assert_int_equal(vfs_mount(path, extra[i]), 0);
    }
    assert_int_equal(vfs_mkdir("/last"), 0);
    assert_int_equal(vfs_mount("/last", fs), -ENOSPC);
    fs->ops->destroy(fs);       /* never mounted: still ours */

    assert_int_equal(vfs_umount("/last"), -EINVAL);
    assert_int_equal(vfs_umount("/"), -EBUSY);
    assert_int_equal(vfs_umount("x"), -EINVAL);
    assert_int_equal(vfs_umount("/m"), 0);
}

static void test_nested_mounts(void **state)
{
    struct vfs_fs *outer = ramfs_new(NULL), *inner = ramfs_new(NULL);
    struct mount_list ml = { .stop_at = -1 };
    struct vfs_stat st;

    (void)state;
    assert_non_null(outer);
    assert_non_null(inner);
    assert_int_equal(vfs_mkdir("/data"), 0);
    assert_int_equal(vfs_mount("/data", outer), 0);
    assert_int_equal(vfs_mkdir_p("/data/in/sub"), 0);
    assert_int_equal(vfs_mount("/data/in", inner), 0);
    put("/data/in/f", "inner");
    assert_int_equal(vfs_stat("/data/in/sub", &st), -ENOENT);  /* hidden */
    assert_int_equal(vfs_umount("/data"), -EBUSY);
    assert_int_equal(vfs_unlink("/data/in"), -EBUSY);
    mounts(&ml, 0);
    assert_int_equal(ml.n, 3);
    assert_string_equal(ml.paths[2], "/data/in");
    assert_int_equal(vfs_umount("/data/in"), 0);
    assert_type("/data/in/sub", VFS_DIR);
    assert_int_equal(vfs_umount("/data"), 0);
    /* Shutdown with mounts still there frees them all (teardown). */
    outer = ramfs_new(NULL);
    assert_non_null(outer);
    assert_int_equal(vfs_mount("/data", outer), 0);
}

/* ---- Space accounting ---- */

static uint64_t root_used(void)
{
    struct mount_list ml = { .stop_at = -1 };

    mounts(&ml, 0);
    return ml.space[0].used_bytes;
}

static void test_used_bytes(void **state)
{
    uint64_t base;

    (void)state;
    base = root_used();
    assert_int_equal(base, RAMFS_NODE_OVERHEAD);
    put("/file", "0123456789");
    assert_int_equal(root_used(), base + RAMFS_NODE_OVERHEAD + 4 + 10);
    assert_int_equal(vfs_append("/file", "abc", 3), 0);
    assert_int_equal(root_used(), base + RAMFS_NODE_OVERHEAD + 4 + 13);
    put("/file", "z");
    assert_int_equal(root_used(), base + RAMFS_NODE_OVERHEAD + 4 + 1);
    assert_int_equal(vfs_mkdir("/dir"), 0);
    assert_int_equal(root_used(), base + 2 * RAMFS_NODE_OVERHEAD + 4 + 1 + 3);
    assert_int_equal(vfs_unlink("/file"), 0);
    assert_int_equal(vfs_unlink("/dir"), 0);
    assert_int_equal(root_used(), base);
}

/* ---- The ramfs ops directly: what the VFS API cannot reach ---- */

static void test_ramfs_ops(void **state)
{
    struct vfs_fs *fs = ramfs_new(NULL);
    const struct vfs_fs_ops *ops;
    struct vfs_statfs sf;
    struct vfs_stat st;
    vfs_ino_t f, d, x;
    char buf[32], name[VFS_NAME_MAX + 2];

    (void)state;
    assert_non_null(fs);
    ops = fs->ops;
    assert_int_equal(ops->create(fs, fs->root, "f", 0644, &f), 0);
    assert_int_equal(ops->mkdir(fs, fs->root, "d", 0755, &d), 0);

    /* Writing past the end leaves a gap of zeros. */
    assert_int_equal(ops->write(fs, f, 10, "abcd", 4), 0);
    assert_int_equal(ops->stat(fs, f, &st), 0);
    assert_int_equal(st.size, 14);
    assert_int_equal(ops->read(fs, f, 0, buf, sizeof(buf)), 14);
    assert_memory_equal(buf, "\0\0\0\0\0\0\0\0\0\0abcd", 14);
    /* Overwriting inside keeps the size. */
    assert_int_equal(ops->write(fs, f, 1, "XY", 2), 0);
    assert_int_equal(ops->read(fs, f, 0, buf, 4), 4);
    assert_memory_equal(buf, "\0XY\0", 4);
    assert_int_equal(ops->stat(fs, f, &st), 0);
    assert_int_equal(st.size, 14);

    /* Truncate shrinks, extends with zeros, empties. */
    assert_int_equal(ops->truncate(fs, f, 3), 0);
    assert_int_equal(ops->truncate(fs, f, 6), 0);
    assert_int_equal(ops->read(fs, f, 0, buf, sizeof(buf)), 6);
    assert_memory_equal(buf, "\0XY\0\0\0", 6);
    assert_int_equal(ops->truncate(fs, f, 0), 0);
    assert_int_equal(ops->read(fs, f, 0, buf, sizeof(buf)), 0);
    alloc_fault_after(0);
    assert_int_equal(ops->truncate(fs, f, 100), -ENOMEM);
    alloc_fault_after(-1);
    assert_int_equal(ops->stat(fs, f, &st), 0);
    assert_int_equal(st.size, 0);
    assert_int_equal(ops->write(fs, f, UINT64_MAX, "a", 1), -EOVERFLOW);
    assert_int_equal(ops->write(fs, f, 0, "a", 0), 0);

    /* Wrong node types. */
    assert_int_equal(ops->lookup(fs, f, "x", &x), -ENOTDIR);
    assert_int_equal(ops->create(fs, f, "x", 0644, &x), -ENOTDIR);
    assert_int_equal(ops->mkdir(fs, f, "x", 0755, &x), -ENOTDIR);
    assert_int_equal(ops->unlink(fs, f, "x"), -ENOTDIR);
    assert_int_equal(ops->readdir(fs, f, NULL, NULL), -ENOTDIR);
    assert_int_equal(ops->read(fs, d, 0, buf, 1), -EISDIR);
    assert_int_equal(ops->write(fs, d, 0, "a", 1), -EISDIR);
    assert_int_equal(ops->truncate(fs, d, 0), -EISDIR);

    /* Names the VFS would never pass on. */
    assert_int_equal(ops->create(fs, fs->root, "", 0644, &x), -EINVAL);
    assert_int_equal(ops->create(fs, fs->root, "a/b", 0644, &x), -EINVAL);
    memset(name, 'n', sizeof(name) - 1);
    name[sizeof(name) - 1] = '\0';
    assert_int_equal(ops->create(fs, fs->root, name, 0644, &x),
                     -ENAMETOOLONG);
    assert_int_equal(ops->create(fs, fs->root, "f", 0644, &x), -EEXIST);
    assert_int_equal(ops->lookup(fs, fs->root, "zz", &x), -ENOENT);
    assert_int_equal(ops->unlink(fs, fs->root, "zz"), -ENOENT);
    assert_int_equal(ops->unlink(fs, fs->root, "0"), -ENOENT);

    assert_int_equal(ops->statfs(fs, &sf), 0);
    assert_int_equal(sf.total_bytes, 0);
    assert_int_equal(sf.used_bytes, 3 * RAMFS_NODE_OVERHEAD + 2);
    ops->destroy(fs);
}

/* ---- A second filesystem type through the ops table ---- */

/*
 * fakefs: a read-only tree made up on the spot, the way ext2 will come in.
 * Its readdir gives "." and ".." and an unsorted order, one of its nodes
 * cannot be stat'ed (-EIO), and it has no statfs and no destroy.
 */
enum { FAKE_ROOT = 1, FAKE_ZETA, FAKE_ALPHA, FAKE_BROKEN };

static const struct { const char *name; vfs_ino_t ino; } fake_entries[] = {
    { ".", FAKE_ROOT }, { "..", FAKE_ROOT }, { "zeta", FAKE_ZETA },
    { "alpha", FAKE_ALPHA }, { "broken", FAKE_BROKEN },
};

static int fake_lookup(struct vfs_fs *fs, vfs_ino_t dir, const char *name,
                       vfs_ino_t *out)
{
    (void)fs;
    if (dir != FAKE_ROOT)
        return dir == FAKE_ZETA ? -ENOTDIR : -ENOENT;
    for (size_t i = 2; i < 5; i++)
        if (strcmp(fake_entries[i].name, name) == 0) {
            *out = fake_entries[i].ino;
            return 0;
        }
    return -ENOENT;
}

static int fake_stat(struct vfs_fs *fs, vfs_ino_t ino, struct vfs_stat *st)
{
    (void)fs;
    if (ino == FAKE_BROKEN)
        return -EIO;
    st->type = ino == FAKE_ZETA ? VFS_FILE : VFS_DIR;
    st->size = ino == FAKE_ZETA ? 4 : 0;
    st->mode = ino == FAKE_ZETA ? VFS_S_IFREG | 0444 : VFS_S_IFDIR | 0555;
    return 0;
}

static long fake_read(struct vfs_fs *fs, vfs_ino_t file, uint64_t offset,
                      void *buf, size_t len)
{
    (void)fs;
    (void)file;
    if (offset >= 4)
        return 0;
    if (len > 4 - offset)
        len = 4 - (size_t)offset;
    memcpy(buf, "fake" + offset, len);
    return (long)len;
}

static int fake_write(struct vfs_fs *fs, vfs_ino_t file, uint64_t offset,
                      const void *buf, size_t len)
{
    (void)fs, (void)file, (void)offset, (void)buf, (void)len;
    return -EROFS;
}

static int fake_truncate(struct vfs_fs *fs, vfs_ino_t file, uint64_t size)
{
    (void)fs, (void)file, (void)size;
    return -EROFS;
}

static int fake_make(struct vfs_fs *fs, vfs_ino_t dir, const char *name,
                     uint32_t perm, vfs_ino_t *out)
{
    (void)fs, (void)dir, (void)name, (void)perm, (void)out;
    return -EROFS;
}

static int fake_unlink(struct vfs_fs *fs, vfs_ino_t dir, const char *name)
{
    (void)fs, (void)dir, (void)name;
    return -EROFS;
}

static int fake_readdir(struct vfs_fs *fs, vfs_ino_t dir, vfs_fill_fn fill,
                        void *ctx)
{
    (void)fs;
    if (dir != FAKE_ROOT)
        return -ENOTDIR;
    for (size_t i = 0; i < 5; i++) {
        int rc = fill(ctx, fake_entries[i].name,
                      fake_entries[i].ino == FAKE_ZETA ? VFS_FILE : VFS_DIR);

        if (rc)
            return rc;
    }
    return 0;
}

static const struct vfs_fs_ops fake_ops = {
    .type = "fakefs",
    .lookup = fake_lookup,
    .stat = fake_stat,
    .read = fake_read,
    .write = fake_write,
    .truncate = fake_truncate,
    .create = fake_make,
    .mkdir = fake_make,
    .unlink = fake_unlink,
    .readdir = fake_readdir,
};

static void test_second_fs_type(void **state)
{
    static struct vfs_fs fake = { &fake_ops, FAKE_ROOT, NULL };
    struct vfs_fs *other = ramfs_new(NULL);
    struct listing l = { .stop_at = -1 };
    struct mount_list ml = { .stop_at = -1 };
    struct vfs_stat st;
    char buf[8];

    (void)state;
    assert_non_null(other);
    assert_int_equal(vfs_mkdir("/fake"), 0);
    assert_int_equal(vfs_mount("/fake", &fake), 0);

    list("/fake", &l, 0);           /* sorted, without "." and ".." */
    assert_int_equal(l.n, 3);
    assert_string_equal(l.names[0], "alpha");
    assert_string_equal(l.names[1], "broken");
    assert_string_equal(l.names[2], "zeta");
    assert_int_equal(l.types[2], VFS_FILE);

    assert_int_equal(vfs_read("/fake/zeta", 1, buf, sizeof(buf)), 3);
    assert_memory_equal(buf, "ake", 3);
    assert_int_equal(vfs_stat("/fake/zeta", &st), 0);
    assert_int_equal(st.mode, VFS_S_IFREG | 0444);
    assert_int_equal(vfs_stat("/fake/zeta/x", &st), -ENOTDIR);

    /* Its errors come through as they are. */
    assert_int_equal(vfs_stat("/fake/broken", &st), -EIO);
    assert_int_equal(vfs_read("/fake/broken", 0, buf, 1), -EIO);
    assert_int_equal(vfs_append("/fake/broken", "x", 1), -EIO);
    assert_int_equal(vfs_mkdir_p("/fake/broken"), -EIO);
    assert_int_equal(vfs_mount("/fake/broken", other), -EIO);
    assert_int_equal(vfs_write_file("/fake/zeta", "x", 1), -EROFS);
    assert_int_equal(vfs_write_file("/fake/new", "x", 1), -EROFS);
    assert_int_equal(vfs_mkdir("/fake/new"), -EROFS);
    assert_int_equal(vfs_unlink("/fake/zeta"), -EROFS);
    assert_string_equal(vfs_strerror(-EROFS), "read-only filesystem");

    /* No statfs: no space to show. */
    mounts(&ml, 0);
    assert_int_equal(ml.n, 2);
    assert_string_equal(ml.types[1], "fakefs");
    assert_int_equal(ml.space[1].total_bytes, 0);
    assert_int_equal(ml.space[1].used_bytes, 0);

    /* A ramfs mounted inside it, then both gone (no destroy: nothing). */
    assert_int_equal(vfs_mount("/fake/alpha", other), 0);
    put("/fake/alpha/f", "in ramfs");
    assert_content("/fake/alpha/f", "in ramfs");
    assert_int_equal(vfs_umount("/fake/alpha"), 0);
    assert_int_equal(vfs_umount("/fake"), 0);
    assert_int_equal(vfs_stat("/fake/zeta", &st), -ENOENT);
}

/* ---- Out of memory: every allocation in turn fails, cleanly ---- */

/* Runs op with 0, 1, 2... allocations allowed until it succeeds; each
 * failure must be -ENOMEM and leave unchanged() true. */
static void exhaust(int (*op)(void), int (*unchanged)(void))
{
    long k;

    for (k = 0; k < 100; k++) {
        int rc;

        alloc_fault_after(k);
        rc = op();
        alloc_fault_after(-1);
        if (rc == 0)
            break;
        assert_int_equal(rc, -ENOMEM);
        assert_true(unchanged());
    }
    assert_true(k > 0);     /* the wrappers did make it fail */
    assert_true(k < 100);
}

static int op_mkdir(void) { return vfs_mkdir("/d"); }
static int no_d(void)
{
    struct vfs_stat st;

    return vfs_stat("/d", &st) == -ENOENT;
}

static int op_write(void) { return vfs_write_file("/d/f", "data", 4); }
static int no_f(void)
{
    struct vfs_stat st;

    return vfs_stat("/d/f", &st) == -ENOENT ||
           (vfs_stat("/d/f", &st) == 0 && st.size == 0);
}

static char big[1000];
static int op_append(void) { return vfs_append("/d/f", big, sizeof(big)); }
static int f_unchanged(void)
{
    struct vfs_stat st;

    return vfs_stat("/d/f", &st) == 0 && st.size == 4;
}

static int ok_visits;
static int visit(void *arg, const struct vfs_dirent *d)
{
    (void)arg;
    (void)d;
    ok_visits++;
    return 0;
}
static int op_readdir(void)
{
    ok_visits = 0;
    return vfs_readdir("/many", visit, NULL);
}
static int nothing_seen(void) { return ok_visits == 0; }

static int op_mkdir_p(void) { return vfs_mkdir_p("/p/q/r"); }
static int always(void) { return 1; }

static void test_out_of_memory(void **state)
{
    (void)state;
    exhaust(op_mkdir, no_d);
    exhaust(op_write, no_f);
    exhaust(op_append, f_unchanged);
    assert_int_equal(vfs_mkdir("/many"), 0);
    for (int i = 0; i < 40; i++) {
        char path[32];

        snprintf(path, sizeof(path), "/many/%d", i);
        put(path, "");
    }
    exhaust(op_readdir, nothing_seen);
    assert_int_equal(ok_visits, 40);
    exhaust(op_mkdir_p, always);
    assert_type("/p/q/r", VFS_DIR);
}

static void test_out_of_memory_init(void **state)
{
    int rc;

    (void)state;
    vfs_shutdown();
    for (long k = 0; k < 2; k++) {
        alloc_fault_after(k);
        assert_null(ramfs_new(NULL));
        assert_int_equal(vfs_init(), -ENOMEM);
        assert_int_equal(alloc_fault_live(), 0);
    }
    alloc_fault_after(-1);
    rc = vfs_init();
    assert_int_equal(rc, 0);
}

/* Doubling a file's space may fail where the exact size would not. */
static void test_growth_falls_back_to_exact(void **state)
{
    char data[100];

    (void)state;
    memset(data, 'q', sizeof(data));
    assert_int_equal(vfs_write_file("/f", data, 60), 0);     /* cap 64 */
    alloc_fault_max_size(100);      /* 128 fails, 100 fits */
    assert_int_equal(vfs_append("/f", data, 40), 0);
    assert_int_equal(alloc_fault_refused(), 1);
    alloc_fault_max_size(0);
    assert_int_equal(vfs_read("/f", 0, data, sizeof(data)), 100);
}

static void test_strerror(void **state)
{
    static const int codes[] = {
        0, -ENOENT, -ENOTDIR, -EEXIST, -ENOTEMPTY, -EBUSY, -ENOMEM,
        -ENOSPC, -ENAMETOOLONG, -EISDIR, -EINVAL, -ENODEV, -EOVERFLOW,
        -EIO, -EROFS, -EBADMSG,
    };

    (void)state;
    for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
        assert_string_not_equal(vfs_strerror(codes[i]), "unknown error");
    assert_string_equal(vfs_strerror(-ENOENT), "no such file or directory");
    assert_string_equal(vfs_strerror(-9999), "unknown error");
    assert_string_equal(vfs_strerror(ENOENT), "unknown error");
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_normalise),
        T(test_normalise_errors),
        T(test_init_twice_and_uninitialised),
        T(test_mkdir),
        T(test_mkdir_p),
        T(test_deep_tree),
        T(test_write_read),
        T(test_write_mode),
        T(test_write_errors),
        T(test_append),
        T(test_names_and_lengths),
        T(test_stat_errors),
        T(test_readdir_sorted),
        T(test_readdir_cases),
        T(test_readdir_many),
        T(test_unlink),
        T(test_mount_basic),
        T(test_mount_errors),
        T(test_nested_mounts),
        T(test_used_bytes),
        T(test_ramfs_ops),
        T(test_second_fs_type),
        T(test_out_of_memory),
        T(test_out_of_memory_init),
        T(test_growth_falls_back_to_exact),
        T(test_strerror),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
