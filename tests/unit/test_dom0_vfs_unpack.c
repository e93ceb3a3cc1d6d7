/*
 * Unit tests for unpacking a cpio archive into dom0's VFS
 * (dom0/fs/vfs_unpack.c, over the real VFS, ramfs and cpio reader).
 *
 * Archives come from dom0_cpio_builder.c and, when the host has a cpio
 * binary, from it (with a symlink, a FIFO and a hard link in them). As in
 * test_dom0_vfs.c, every test ends with no heap block left.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <dom0/cpio.h>
#include <dom0/vfs.h>
#include <keel/errno.h>

#define DOM0_ALLOC_FAULT_CONTROL
#include "dom0_alloc_fault.h"
#include "dom0_cpio_builder.h"

static char err[512];
static struct vfs_unpack_stats stats;

static int setup(void **state)
{
    (void)state;
    alloc_fault_after(-1);
    memset(&stats, 0, sizeof(stats));
    return vfs_init();
}

static int teardown(void **state)
{
    (void)state;
    alloc_fault_after(-1);
    vfs_shutdown();
    if (alloc_fault_live() != 0)
        fail_msg("%ld heap blocks left", alloc_fault_live());
    return 0;
}

/* Unpacks b (as a heap block of its exact length) under dir. */
static int unpack(const char *dir, struct cpio_builder *b)
{
    uint8_t *copy = malloc(b->len ? b->len : 1);
    int rc;

    assert_non_null(copy);
    memcpy(copy, b->buf, b->len);
    err[0] = '\0';
    rc = vfs_unpack_cpio(dir, copy, b->len, &stats, err, sizeof(err));
    free(copy);
    return rc;
}

static void assert_content(const char *path, const char *text)
{
    char buf[4096];
    long n = vfs_read(path, 0, buf, sizeof(buf));

    if (n < 0)
        fail_msg("%s: %s", path, vfs_strerror((int)n));
    assert_int_equal(n, strlen(text));
    assert_memory_equal(buf, text, (size_t)n);
}

static void assert_mode(const char *path, uint32_t mode)
{
    struct vfs_stat st;

    assert_int_equal(vfs_stat(path, &st), 0);
    assert_int_equal(st.mode, mode);
}

static void assert_err_has(const char *part)
{
    if (!strstr(err, part))
        fail_msg("message \"%s\" lacks \"%s\"", err, part);
}

/* ---- Normal use ---- */

static void test_unpack_tree(void **state)
{
    struct cpio_builder b;

    (void)state;
    cb_init(&b);
    cb_add_dir(&b, ".");
    cb_add(&b, "etc", 0040700, NULL, 0);
    cb_add(&b, "etc/rc.conf", 0100600, "a=YES\n", 6);
    cb_add_file(&b, "bin/sh", "#!shell");           /* no "bin" entry */
    cb_add_file(&b, "./usr/lib/x", "prefixed");
    cb_add(&b, "bin/ls", 0120777, "sh", 2);         /* a symlink */
    cb_add(&b, "dev/console", 0020600, NULL, 0);    /* a char device */
    cb_add_file(&b, "/abs", "leading slash");
    cb_add_file(&b, "empty", "");
    cb_add(&b, "x/y/z", 0040711, NULL, 0);          /* parents missing */
    cb_trailer(&b);

    assert_int_equal(unpack("/", &b), 0);
    assert_mode("/x/y", VFS_S_IFDIR | 0755);
    assert_mode("/x/y/z", VFS_S_IFDIR | 0711);
    assert_int_equal(stats.dirs, 2);
    assert_int_equal(stats.files, 5);
    assert_int_equal(stats.skipped, 2);
    assert_string_equal(err, "cpio: skipped 2 entries that are not a file "
                        "or directory (first: 'bin/ls')");
    assert_mode("/etc", VFS_S_IFDIR | 0700);
    assert_mode("/etc/rc.conf", VFS_S_IFREG | 0600);
    assert_content("/etc/rc.conf", "a=YES\n");
    assert_mode("/bin", VFS_S_IFDIR | 0755);
    assert_content("/bin/sh", "#!shell");
    assert_content("/usr/lib/x", "prefixed");
    assert_content("/abs", "leading slash");
    assert_content("/empty", "");
    struct vfs_stat st;
    assert_int_equal(vfs_stat("/bin/ls", &st), -ENOENT);
    assert_int_equal(vfs_stat("/dev", &st), -ENOENT);
    cb_free(&b);
}

static void test_unpack_under_dir(void **state)
{
    struct cpio_builder b;

    (void)state;
    cb_init(&b);
    cb_add_dir(&b, "./");
    cb_add_dir(&b, "d");
    cb_add_dir(&b, "d");                /* again: fine */
    cb_add_file(&b, "d/f", "in d");
    cb_add(&b, "p", 0010644, NULL, 0);  /* a FIFO */
    cb_trailer(&b);
    assert_int_equal(unpack("/srv//root/", &b), 0);
    assert_content("/srv/root/d/f", "in d");
    assert_int_equal(stats.dirs, 2);
    assert_int_equal(stats.files, 1);
    assert_int_equal(stats.skipped, 1);
    assert_string_equal(err, "cpio: skipped 1 entry that is not a file or "
                        "directory (first: 'p')");

    /* No skips: the message is empty; stats and err may be NULL. */
    cb_free(&b);
    cb_init(&b);
    cb_add_file(&b, "g", "x");
    cb_trailer(&b);
    assert_int_equal(unpack("/srv", &b), 0);
    assert_string_equal(err, "");
    assert_int_equal(vfs_unpack_cpio("/srv", b.buf, b.len, NULL, NULL, 0), 0);
    cb_free(&b);
}

/* newc keeps a linked file's data with its last link. */
static void test_hard_links(void **state)
{
    struct cpio_builder b;
    struct cb_entry e = { .mode = 0100644, .nlink = 3, .ino = 42 };

    (void)state;
    cb_init(&b);
    e.name = "one";
    cb_add_entry(&b, &e);
    e.name = "two";
    cb_add_entry(&b, &e);
    /* Same inode number, but this is another file: a lone empty one. */
    struct cb_entry other = { .name = "other", .mode = 0100644, .nlink = 2,
                              .ino = 43 };
    cb_add_entry(&b, &other);
    e.name = "three";
    e.data = "shared";
    e.size = 6;
    cb_add_entry(&b, &e);
    cb_trailer(&b);

    assert_int_equal(unpack("/", &b), 0);
    assert_int_equal(stats.files, 4);
    assert_content("/one", "shared");
    assert_content("/two", "shared");
    assert_content("/three", "shared");
    assert_content("/other", "");
    cb_free(&b);
}

/* ---- Errors ---- */

static void test_bad_target(void **state)
{
    struct cpio_builder b;

    (void)state;
    cb_init(&b);
    cb_add_file(&b, "f", "x");
    cb_trailer(&b);
    assert_int_equal(vfs_write_file("/file", "x", 1), 0);
    assert_int_equal(unpack("/file", &b), -ENOTDIR);
    assert_string_equal(err, "cpio: cannot unpack into '/file': not a "
                        "directory");
    assert_int_equal(unpack("relative", &b), -EINVAL);
    assert_err_has("cannot unpack into 'relative'");
    assert_int_equal(unpack(NULL, &b), -EINVAL);
    assert_err_has("'(null)'");
    cb_free(&b);
}

static void test_corrupt_archive_keeps_what_came_before(void **state)
{
    struct cpio_builder b;
    size_t second;

    (void)state;
    cb_init(&b);
    cb_add_file(&b, "first", "ok");
    second = cb_add_file(&b, "second", "lost");
    cb_trailer(&b);
    char want[64];

    b.buf[second] = 'X';
    assert_int_equal(unpack("/", &b), -EBADMSG);
    snprintf(want, sizeof(want), "bad magic at byte %zu", second);
    assert_err_has(want);
    assert_int_equal(stats.files, 1);
    assert_content("/first", "ok");

    b.len = 0;
    assert_int_equal(unpack("/", &b), -EBADMSG);
    assert_err_has("without a TRAILER!!!");
    cb_free(&b);
}

static void test_dotdot_refused(void **state)
{
    static const char *const names[] = {
        "..", "../etc/passwd", "a/../../x", "./..", "a/..",
    };

    (void)state;
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        struct cpio_builder b;

        cb_init(&b);
        cb_add_file(&b, names[i], "escape");
        cb_trailer(&b);
        assert_int_equal(unpack("/jail", &b), -EINVAL);
        assert_err_has("'..' in the name");
        assert_err_has(names[i]);
        cb_free(&b);
    }
    /* Names that only look like it are fine. */
    struct cpio_builder b;
    cb_init(&b);
    cb_add_file(&b, "..x", "1");
    cb_add_file(&b, "x..", "2");
    cb_add_file(&b, "a/.../b", "3");
    cb_trailer(&b);
    assert_int_equal(unpack("/jail", &b), 0);
    assert_content("/jail/..x", "1");
    assert_content("/jail/a/.../b", "3");
    cb_free(&b);
}

static void test_file_as_target(void **state)
{
    struct cpio_builder b;

    (void)state;
    cb_init(&b);
    cb_add_file(&b, ".", "a file called dot");
    cb_trailer(&b);
    assert_int_equal(unpack("/", &b), -EINVAL);
    assert_err_has("entry '.' at byte 0: a file cannot be the target");
    cb_free(&b);
}

static void test_type_conflicts(void **state)
{
    struct cpio_builder b;

    (void)state;
    cb_init(&b);
    cb_add_file(&b, "a", "file");
    cb_add_dir(&b, "a");
    cb_trailer(&b);
    assert_int_equal(unpack("/", &b), -EEXIST);
    assert_err_has("entry 'a' at byte 116: cannot make the directory: "
                   "already exists");
    cb_free(&b);

    cb_init(&b);
    cb_add_dir(&b, "d");
    cb_add_file(&b, "d", "file");
    cb_trailer(&b);
    assert_int_equal(unpack("/x", &b), -EISDIR);
    assert_err_has("cannot write the file: is a directory");
    cb_free(&b);

    /* A parent that is a file. */
    cb_init(&b);
    cb_add_file(&b, "p", "file");
    cb_add_file(&b, "p/q/r", "under a file");
    cb_trailer(&b);
    assert_int_equal(unpack("/y", &b), -ENOTDIR);
    assert_err_has("entry 'p/q/r'");
    cb_free(&b);

    cb_init(&b);
    cb_add_file(&b, "p", "file");
    cb_add_dir(&b, "p/q/r");
    cb_trailer(&b);
    assert_int_equal(unpack("/z", &b), -ENOTDIR);
    cb_free(&b);
}

static void test_path_too_long(void **state)
{
    char dir[VFS_PATH_MAX + 1], name[300];
    struct cpio_builder b;
    size_t n = 0;

    (void)state;
    while (n + 101 < 1000) {
        dir[n++] = '/';
        memset(dir + n, 'd', 100);
        n += 100;
    }
    dir[n] = '\0';
    memset(name, 'n', 200);
    name[200] = '\0';
    cb_init(&b);
    cb_add_file(&b, name, "x");
    cb_trailer(&b);
    assert_int_equal(unpack(dir, &b), -ENAMETOOLONG);
    assert_err_has("target path: name too long");
    cb_free(&b);
}

/* ---- Out of memory ---- */

static void test_out_of_memory(void **state)
{
    struct cpio_builder b;
    struct cb_entry e = { .name = "l1", .mode = 0100644, .nlink = 2,
                          .ino = 7 };
    long k;

    (void)state;
    cb_init(&b);
    cb_add_dir(&b, "etc");
    cb_add_file(&b, "etc/a", "aaaa");
    cb_add_file(&b, "deep/er/b", "bbbb");
    cb_add_entry(&b, &e);
    e.name = "l2";
    e.data = "link";
    e.size = 4;
    cb_add_entry(&b, &e);
    cb_trailer(&b);
    for (k = 0; k < 200; k++) {
        int rc;

        alloc_fault_after(k);
        rc = unpack("/t", &b);
        alloc_fault_after(-1);
        if (rc == 0)
            break;
        assert_int_equal(rc, -ENOMEM);
        assert_true(err[0] != '\0');
    }
    assert_true(k > 0 && k < 200);
    assert_content("/t/etc/a", "aaaa");
    assert_content("/t/deep/er/b", "bbbb");
    assert_content("/t/l1", "link");
    assert_content("/t/l2", "link");
    cb_free(&b);
}

/* ---- An archive from the host's cpio ---- */

static void test_host_cpio(void **state)
{
    char dir[] = "/tmp/keel-unpack-XXXXXX", cmd[1024], path[600];
    struct vfs_stat st;
    uint8_t *buf;
    FILE *f;
    long size;

    (void)state;
    if (system("command -v cpio >/dev/null 2>&1") != 0)
        skip();
    assert_non_null(mkdtemp(dir));
    snprintf(cmd, sizeof(cmd),
             "cd %s && mkdir -p t/etc t/bin t/empty && "
             "printf 'xendomains=\"dom1 dom2\"\\n' > t/etc/rc.conf && "
             "printf 'binary\\001\\002' > t/bin/tool && "
             "chmod 750 t/bin/tool && ln t/bin/tool t/bin/tool2 && "
             "ln -s tool t/bin/link && mkfifo t/fifo && "
             "cd t && find . | LC_ALL=C sort | "
             "cpio -o -H newc --quiet > ../a.cpio", dir);
    assert_int_equal(system(cmd), 0);
    snprintf(path, sizeof(path), "%s/a.cpio", dir);
    f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    rewind(f);
    buf = malloc((size_t)size);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
    fclose(f);

    assert_int_equal(vfs_unpack_cpio("/", buf, (size_t)size, &stats, err,
                                     sizeof(err)), 0);
    free(buf);
    assert_int_equal(stats.files, 3);
    assert_int_equal(stats.skipped, 2);     /* the symlink and the FIFO */
    assert_content("/etc/rc.conf", "xendomains=\"dom1 dom2\"\n");
    assert_content("/bin/tool", "binary\001\002");
    assert_content("/bin/tool2", "binary\001\002");
    assert_mode("/bin/tool", VFS_S_IFREG | 0750);
    assert_int_equal(vfs_stat("/empty", &st), 0);
    assert_int_equal(st.type, VFS_DIR);
    assert_int_equal(vfs_stat("/bin/link", &st), -ENOENT);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_unpack_tree),
        T(test_unpack_under_dir),
        T(test_hard_links),
        T(test_bad_target),
        T(test_corrupt_archive_keeps_what_came_before),
        T(test_dotdot_refused),
        T(test_file_as_target),
        T(test_type_conflicts),
        T(test_path_too_long),
        T(test_out_of_memory),
        T(test_host_cpio),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
