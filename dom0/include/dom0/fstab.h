/*
 * /etc/fstab in NetBSD's fstab(5) form, which dom0 reads at boot to mount
 * its disks:
 *
 *     # device     mount point  type  options  dump  pass
 *     /dev/vda1    /n0          ext2  rw       1     2
 *
 * Fields are separated by blanks; '#' starts a comment. The device is
 * /dev/NAME (a dom0 block device: vda, vda1, ...); options are a comma
 * list of which dom0 acts on rw, ro and noauto and ignores the rest (each
 * ignored one is reported); dump and pass are optional and unused. A bad
 * line is reported with its number and skipped. Pure logic.
 */
#ifndef DOM0_FSTAB_H
#define DOM0_FSTAB_H

#include <stdbool.h>
#include <stddef.h>

#define FSTAB_FIELD_MAX 255   /* bytes in one field */

struct fstab_entry {
    unsigned int line;
    char dev[FSTAB_FIELD_MAX + 1];      /* without "/dev/" */
    char dir[FSTAB_FIELD_MAX + 1];      /* absolute */
    char type[FSTAB_FIELD_MAX + 1];
    bool read_only;
    bool noauto;
};

typedef void (*fstab_report_fn)(void *arg, unsigned int line, const char *msg);

/*
 * Call each(arg, entry) for every good line of text (len bytes, no NUL
 * needed), in order; report(arg, line, msg) for each problem. Returns the
 * number of good lines.
 */
unsigned int fstab_parse(const char *text, size_t len,
                         void (*each)(void *arg, const struct fstab_entry *e),
                         fstab_report_fn report, void *arg);

#endif
