/*
 * xl pause DOM, xl unpause DOM: the toolstack's pause, which nests (each
 * pause needs its unpause); `xl list` shows it as the p of its State.
 */
#include <dom0/console.h>
#include <dom0/control.h>
#include "xl_cmds.h"

static int pause_or_unpause(int argc, char **argv, bool pause)
{
    int i = xl_no_options(argc, argv, 1, 1);
    domid_t domid;
    int rc;

    if (i < 0 || xl_find_domain(argv[i], &domid))
        return 1;
    rc = pause ? domain_pause(domid) : domain_unpause(domid);
    if (rc) {
        xl_libxl_error(domid, pause ? "Pausing domain" : "Unpausing domain", rc);
        return 1;
    }
    return 0;
}

int xl_pause(int argc, char **argv)
{
    return pause_or_unpause(argc, argv, true);
}

int xl_unpause(int argc, char **argv)
{
    return pause_or_unpause(argc, argv, false);
}
