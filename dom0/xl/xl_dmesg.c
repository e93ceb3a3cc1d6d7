/*
 * xl dmesg [-c]: the hypervisor's log, read from its console ring a piece
 * at a time (each piece straight to the console, so no big buffer); -c
 * clears what was read.
 */
#include <dom0/console.h>
#include <dom0/control.h>
#include <dom0/getopt.h>
#include "xl_cmds.h"

int xl_dmesg(int argc, char **argv)
{
    static char piece[4096];
    struct getopt g;
    bool clear = false;
    uint32_t index = 0;
    long n;
    int c;

    getopt_init(&g);
    while ((c = xl_next_opt(&g, argc, argv, "c")) != -1) {
        if (c == '?')
            return 1;
        clear = true;
    }
    if (!xl_operands_ok(&g, argc, argv, 0, 0))
        return 1;
    while ((n = host_readconsole(&index, piece, sizeof(piece), clear)) > 0)
        console_write(piece, (size_t)n);
    if (n < 0) {
        printk("reading console ring buffer: error %ld\n", n);
        return 1;
    }
    return 0;
}
