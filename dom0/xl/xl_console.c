/*
 * xl console [-t pv] [-n 0] DOM: the domU's PV console, served by dom0's
 * console backend, until ^] (as Xen's xenconsole).
 */
#include <keel/string.h>
#include <dom0/console.h>
#include <dom0/consoled.h>
#include <dom0/getopt.h>
#include "xl_cmds.h"

int xl_console(int argc, char **argv)
{
    struct getopt g;
    domid_t domid;
    int c;

    getopt_init(&g);
    while ((c = xl_next_opt(&g, argc, argv, "t:n:")) != -1) {
        if (c == '?')
            return 1;
        if (c == 't' && strcmp(g.arg, "pv")) {
            printk("xl console: Keel's domUs have a pv console only, not %s\n", g.arg);
            return 1;
        }
        if (c == 'n' && strcmp(g.arg, "0")) {
            printk("xl console: no console number %s (a domU has console 0)\n", g.arg);
            return 1;
        }
    }
    if (!xl_operands_ok(&g, argc, argv, 1, 1) || xl_find_domain(argv[g.ind], &domid))
        return 1;
    if (consoled_attach(domid)) {
        printk("xl console: domain %u has no console that dom0 serves\n", domid);
        return 1;
    }
    return 0;
}
