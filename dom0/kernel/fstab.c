/* /etc/fstab (dom0/fstab.h). */
#include <keel/string.h>
#include <dom0/fstab.h>

#define MAX_FIELDS 6

struct field {
    const char *p;
    size_t len;
};

static bool blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* Split one line (comment removed) into at most MAX_FIELDS + 1 fields. */
static unsigned int split(const char *p, size_t len, struct field f[MAX_FIELDS + 1])
{
    unsigned int n = 0;
    size_t i = 0;

    while (i < len && n <= MAX_FIELDS) {
        while (i < len && blank(p[i]))
            i++;
        if (i == len)
            break;
        f[n].p = p + i;
        while (i < len && !blank(p[i]))
            i++;
        f[n].len = (size_t)(p + i - f[n].p);
        n++;
    }
    return n;
}

static bool is(const struct field *f, const char *word)
{
    return f->len == strlen(word) && !memcmp(f->p, word, f->len);
}

static void copy(char *dst, const struct field *f)
{
    memcpy(dst, f->p, f->len);
    dst[f->len] = '\0';
}

/* The comma list of options: rw, ro, noauto; the rest reported. */
static void options(const struct field *f, struct fstab_entry *e, fstab_report_fn report,
                    void *arg)
{
    size_t i = 0;

    while (i <= f->len) {
        struct field o = { f->p + i, 0 };
        char msg[FSTAB_FIELD_MAX + 40];

        while (i < f->len && f->p[i] != ',')
            i++;
        o.len = (size_t)(f->p + i - o.p);
        i++;
        if (is(&o, "rw"))
            e->read_only = false;
        else if (is(&o, "ro"))
            e->read_only = true;
        else if (is(&o, "noauto"))
            e->noauto = true;
        else if (o.len) {
            snprintf(msg, sizeof(msg), "option '%.*s' ignored", (int)o.len, o.p);
            report(arg, e->line, msg);
        }
    }
}

static const char *check(const struct field f[], unsigned int n)
{
    if (n < 4)
        return "needs device, mount point, type and options";
    if (n > MAX_FIELDS)
        return "more than six fields";
    for (unsigned int i = 0; i < n; i++)
        if (f[i].len > FSTAB_FIELD_MAX)
            return "a field longer than 255 bytes";
    if (f[0].len <= 5 || memcmp(f[0].p, "/dev/", 5) || memchr(f[0].p + 5, '/', f[0].len - 5))
        return "the device must be /dev/NAME";
    if (f[1].p[0] != '/')
        return "the mount point must be an absolute path";
    return NULL;
}

unsigned int fstab_parse(const char *text, size_t len,
                         void (*each)(void *arg, const struct fstab_entry *e),
                         fstab_report_fn report, void *arg)
{
    unsigned int line = 0, good = 0;
    size_t pos = 0;

    while (pos < len) {
        const char *start = text + pos, *nl = memchr(start, '\n', len - pos);
        size_t llen = nl ? (size_t)(nl - start) : len - pos;
        const char *hash = memchr(start, '#', llen);
        struct field f[MAX_FIELDS + 1];
        struct fstab_entry e = { 0 };
        unsigned int n = split(start, hash ? (size_t)(hash - start) : llen, f);
        const char *why;

        pos += llen + 1;
        line++;
        if (n == 0)
            continue;
        if ((why = check(f, n))) {
            report(arg, line, why);
            continue;
        }
        e.line = line;
        f[0].p += 5;
        f[0].len -= 5;
        copy(e.dev, &f[0]);
        copy(e.dir, &f[1]);
        copy(e.type, &f[2]);
        options(&f[3], &e, report, arg);
        each(arg, &e);
        good++;
    }
    return good;
}
