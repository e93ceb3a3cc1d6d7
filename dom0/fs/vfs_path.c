/*
 * Path normalisation for the VFS (see dom0/vfs.h): an absolute path in,
 * its canonical form out: "/" alone, or "/name/name..." with no empty,
 * "." or ".." names and no trailing slash.
 *
 * The work is textual, which is right because the VFS has no symbolic
 * links. The output is never longer than the input, and every write to
 * out is bounds-checked against out_len all the same.
 */
#include <stddef.h>

#include <dom0/vfs.h>
#include <keel/errno.h>
#include <keel/string.h>

/* Drops the last name of out[0, *w): "/a/b" becomes "/a", "/a" becomes "". */
static void pop_name(const char *out, size_t *w)
{
    while (*w > 0 && out[*w - 1] != '/')
        (*w)--;
    if (*w > 0)
        (*w)--;     /* the '/' before the name */
}

/* Appends "/" and the n bytes of name at out[*w]; -ENAMETOOLONG if no room. */
static int push_name(char *out, size_t out_len, size_t *w,
                     const char *name, size_t n)
{
    if (n > VFS_NAME_MAX)
        return -ENAMETOOLONG;
    if (out_len - *w < n + 2)       /* '/', the name, and the final NUL */
        return -ENAMETOOLONG;
    out[(*w)++] = '/';
    memcpy(out + *w, name, n);
    *w += n;
    return 0;
}

int vfs_normalise(const char *path, char *out, size_t out_len)
{
    size_t w = 0;   /* out[0, w) is the result so far, "" for the root */

    if (!path || path[0] != '/')
        return -EINVAL;
    if (strnlen(path, VFS_PATH_MAX + 1) > VFS_PATH_MAX || out_len < 2)
        return -ENAMETOOLONG;

    for (const char *p = path; *p;) {
        const char *name;
        size_t n;
        int rc;

        while (*p == '/')
            p++;
        name = p;
        while (*p && *p != '/')
            p++;
        n = (size_t)(p - name);
        if (n == 0 || (n == 1 && name[0] == '.'))
            continue;
        if (n == 2 && name[0] == '.' && name[1] == '.') {
            pop_name(out, &w);
            continue;
        }
        rc = push_name(out, out_len, &w, name, n);
        if (rc < 0)
            return rc;
    }
    if (w == 0)
        out[w++] = '/';
    out[w] = '\0';
    return 0;
}
