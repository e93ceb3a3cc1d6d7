/*
 * The xenstore-* tools on dom0's shell, as Xen's: xenstore-read,
 * xenstore-write, xenstore-rm and xenstore-ls, through dom0's privileged
 * connection to its xenstored.
 */
#include <keel/string.h>
#include <dom0/alloc.h>
#include <dom0/console.h>
#include <dom0/shell.h>
#include <dom0/xenstored.h>

#define LS_DEPTH_MAX 16

static struct xs_client *client(const char *cmd)
{
    struct xs_client *cl = xenstore();

    if (!cl)
        printk("%s: xenstored is not running (xencommons=NO in /etc/rc.conf?)\n", cmd);
    return cl;
}

/* xenstore-read PATH...: each value on its own line. */
int cmd_xenstore_read(int argc, char **argv)
{
    struct xs_client *cl = client(argv[0]);

    if (!cl)
        return 1;
    if (argc < 2) {
        printk("usage: xenstore-read PATH...\n");
        return 1;
    }
    for (int i = 1; i < argc; i++) {
        char *value;
        size_t len;

        if (xs_read(cl, 0, argv[i], &value, &len)) {
            printk("%s: couldn't read path %s\n", argv[0], argv[i]);
            return 1;
        }
        printk("%.*s\n", (int)len, value);
        free(value);
    }
    return 0;
}

/* xenstore-write PATH VALUE [PATH VALUE...] */
int cmd_xenstore_write(int argc, char **argv)
{
    struct xs_client *cl = client(argv[0]);

    if (!cl)
        return 1;
    if (argc < 3 || argc % 2 == 0) {
        printk("usage: xenstore-write PATH VALUE [PATH VALUE...]\n");
        return 1;
    }
    for (int i = 1; i < argc; i += 2) {
        if (xs_write(cl, 0, argv[i], argv[i + 1], strlen(argv[i + 1]))) {
            printk("%s: could not write path %s\n", argv[0], argv[i]);
            return 1;
        }
    }
    return 0;
}

/* xenstore-rm PATH...: each node with everything under it. */
int cmd_xenstore_rm(int argc, char **argv)
{
    struct xs_client *cl = client(argv[0]);

    if (!cl)
        return 1;
    if (argc < 2) {
        printk("usage: xenstore-rm PATH...\n");
        return 1;
    }
    for (int i = 1; i < argc; i++) {
        if (xs_rm(cl, 0, argv[i])) {
            printk("%s: could not remove path %s\n", argv[0], argv[i]);
            return 1;
        }
    }
    return 0;
}

/* One node's children, each as `name = "value"`, then its own children
 * one space further in. */
static int ls_tree(struct xs_client *cl, const char *path, int depth)
{
    char *names, *child;
    size_t len;

    if (xs_directory(cl, 0, path, &names, &len))
        return -1;
    for (size_t off = 0; off < len; off += strlen(names + off) + 1) {
        size_t plen = strlen(path) + strlen(names + off) + 2;
        char *value = NULL;
        size_t vlen = 0;

        if (!(child = malloc(plen)))
            break;
        snprintf(child, plen, "%s/%s", strcmp(path, "/") ? path : "", names + off);
        xs_read(cl, 0, child, &value, &vlen);
        printk("%*s%s = \"%.*s\"\n", depth, "", names + off, (int)vlen, value ? value : "");
        free(value);
        if (depth < LS_DEPTH_MAX)
            ls_tree(cl, child, depth + 1);
        free(child);
    }
    free(names);
    return 0;
}

/* xenstore-ls [PATH]: the tree under PATH (default /). */
int cmd_xenstore_ls(int argc, char **argv)
{
    struct xs_client *cl = client(argv[0]);
    const char *path = argc > 1 ? argv[1] : "/";

    if (!cl)
        return 1;
    if (ls_tree(cl, path, 0)) {
        printk("%s: xs_directory (%s): No such file or directory\n", argv[0], path);
        return 1;
    }
    return 0;
}
