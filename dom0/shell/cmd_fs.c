/* Shell commands on dom0's files: ls, cat, echo, mount, df. */
#include <stdint.h>
#include <keel/string.h>
#include <dom0/console.h>
#include <dom0/shell.h>
#include <dom0/vfs.h>

static int fs_error(const char *cmd, const char *path, int err)
{
    printk("%s: %s: %s\n", cmd, path, vfs_strerror(err));
    return 1;
}

struct ls_ctx {
    const char *dir;
    bool longform;
};

static int ls_entry(void *arg, const struct vfs_dirent *d)
{
    const struct ls_ctx *ctx = arg;
    char path[VFS_PATH_MAX + 1];
    struct vfs_stat st;

    if (!ctx->longform) {
        printk("%s%s\n", d->name, d->type == VFS_DIR ? "/" : "");
        return 0;
    }
    snprintf(path, sizeof(path), "%s/%s", strcmp(ctx->dir, "/") ? ctx->dir : "", d->name);
    if (vfs_stat(path, &st) == 0)
        printk("%c%04o %10lu %s\n", st.type == VFS_DIR ? 'd' : '-', st.mode & VFS_PERM_MASK,
               (unsigned long)st.size, d->name);
    return 0;
}

static int ls_one(const char *path, struct ls_ctx *ctx, bool named)
{
    struct vfs_stat st;
    int rc = vfs_stat(path, &st);

    if (rc)
        return fs_error("ls", path, rc);
    if (st.type != VFS_DIR) {
        printk("%s\n", path);
        return 0;
    }
    if (named)
        printk("%s:\n", path);
    ctx->dir = path;
    rc = vfs_readdir(path, ls_entry, ctx);
    return rc ? fs_error("ls", path, rc) : 0;
}

/* ls [-l] [PATH...]: a directory's entries (a / marks directories), or a
 * file's own name; / when no path is given. */
int cmd_ls(int argc, char **argv)
{
    struct ls_ctx ctx = { "/", false };
    int first = 1, status = 0;

    if (argc > 1 && !strcmp(argv[1], "-l")) {
        ctx.longform = true;
        first = 2;
    }
    if (first == argc)
        return ls_one("/", &ctx, false);
    for (int i = first; i < argc; i++)
        status |= ls_one(argv[i], &ctx, argc - first > 1);
    return status;
}

/* cat FILE...: the files' bytes, in order. */
int cmd_cat(int argc, char **argv)
{
    int status = 0;

    if (argc < 2) {
        printk("usage: cat FILE...\n");
        return 1;
    }
    for (int i = 1; i < argc; i++) {
        char buf[512];
        uint64_t off = 0;
        long n;

        while ((n = vfs_read(argv[i], off, buf, sizeof(buf))) > 0) {
            console_write(buf, (size_t)n);
            off += (uint64_t)n;
        }
        if (n < 0)
            status = fs_error("cat", argv[i], (int)n);
    }
    return status;
}

/* echo [ARG...]: the arguments, separated by spaces. */
int cmd_echo(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        printk("%s%s", argv[i], i + 1 < argc ? " " : "");
    printk("\n");
    return 0;
}

static int mount_line(void *arg, const struct vfs_mount_info *m)
{
    (void)arg;
    printk("%s on %s type %s\n", m->type, m->path, m->type);
    return 0;
}

/* mount: what is mounted where (mounting comes with the disk drivers). */
int cmd_mount(int argc, char **argv)
{
    (void)argv;
    if (argc > 1) {
        printk("usage: mount (lists mounts)\n");
        return 1;
    }
    return vfs_mounts(mount_line, NULL) ? 1 : 0;
}

static int df_line(void *arg, const struct vfs_mount_info *m)
{
    uint64_t total = m->space.total_bytes / 1024, used = m->space.used_bytes / 1024;

    (void)arg;
    printk("%-12s %10lu %10lu %10lu %4lu%% %s\n", m->type, (unsigned long)total,
           (unsigned long)used, (unsigned long)(total > used ? total - used : 0),
           (unsigned long)(total ? used * 100 / total : 0), m->path);
    return 0;
}

/* df: space on each mounted filesystem, in KiB. */
int cmd_df(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printk("%-12s %10s %10s %10s %5s %s\n", "Filesystem", "1K-blocks", "Used", "Avail",
           "Use%", "Mounted on");
    return vfs_mounts(df_line, NULL) ? 1 : 0;
}
