/*
 * xl, the toolstack's command: a table of subcommands with Xen's names,
 * their usage lines, and `xl help`. Output formats follow Xen 4.17's xl,
 * so that a user's habits and scripts carry over.
 */
#include <keel/string.h>
#include <dom0/console.h>
#include <dom0/getopt.h>
#include <dom0/shell.h>
#include "xl_cmds.h"

struct xl_cmd {
    const char *name;
    const char *usage;      /* the arguments */
    const char *help;       /* one line */
    int (*run)(int argc, char **argv);
};

static const struct xl_cmd xl_cmds[] = {
    { "create", "[-c] [-p] CONFIG [KEY=VALUE ...]", "create a domain from an xl.cfg file; -c attaches its console, -p leaves it paused", xl_create },
    { "list", "[-l] [DOM]", "list domains: Name ID Mem VCPUs State Time(s); -l: their configs, as JSON", xl_list },
    { "info", "[FIELD]", "information about the host and the hypervisor", xl_info },
    { "dmesg", "[-c]", "the hypervisor's log; -c clears what was read", xl_dmesg },
    { "console", "[-t pv] [-n 0] DOM", "attach to a domain's console; ^] leaves", xl_console },
    { "shutdown", "[-a] [-w] [-F] DOM", "ask a domain to shut down; -w waits, -a means all", xl_shutdown },
    { "reboot", "[-a] [-w] [-F] DOM", "ask a domain to reboot; -w waits, -a means all", xl_reboot },
    { "destroy", "[-f] DOM", "terminate a domain at once", xl_destroy },
    { "domid", "NAME", "the id of the domain named NAME", xl_domid },
    { "domname", "ID", "the name of domain ID", xl_domname },
    { "rename", "DOM NEWNAME", "rename a domain", xl_rename },
    { "pause", "DOM", "pause a domain's vCPUs", xl_pause },
    { "unpause", "DOM", "let a paused domain run again", xl_unpause },
    { "uptime", "[-s] [DOM...]", "how long each domain has run: Name ID Uptime", xl_uptime },
    { "mem-set", "DOM MEM[b|k|m|g|t]", "set a domain's memory target, for its balloon (MiB unless a unit is given)", xl_mem_set },
    { "mem-max", "DOM MEM[b|k|m|g|t]", "set a domain's memory ceiling (MiB unless a unit is given)", xl_mem_max },
    { "vcpu-list", "[DOM...]", "list vCPUs: CPU, state, time, hard and soft affinity", xl_vcpu_list },
    { "vcpu-pin", "[-f] DOM VCPU|all CPUS|-|all [CPUS-SOFT|-|all]", "set the CPUs a vCPU may use", xl_vcpu_pin },
    { "vcpu-set", "[-i] DOM N", "set how many vCPUs are online; -i allows more than the host's CPUs", xl_vcpu_set },
    { "sched-credit", "[-d DOM [-w WEIGHT] [-c CAP]] [-s] [-p CPUPOOL]", "get or set credit scheduler parameters", xl_sched_credit },
    { "help", "[COMMAND]", "list the commands, or one's usage", NULL },
    { NULL, NULL, NULL, NULL },
};

static const struct xl_cmd *xl_lookup(const char *name)
{
    for (const struct xl_cmd *c = xl_cmds; c->name; c++)
        if (!strcmp(c->name, name))
            return c;
    return NULL;
}

int xl_usage(const char *name)
{
    const struct xl_cmd *c = xl_lookup(name);

    if (c)
        printk("Usage: xl %s %s\n\n%s.\n", c->name, c->usage, c->help);
    return 1;
}

int xl_next_opt(struct getopt *g, int argc, char **argv, const char *optstring)
{
    int c = getopt_next(g, argc, argv, optstring);

    if (c == '?' || c == ':') {
        printk(c == '?' ? "%s: invalid option -- '%c'\n" : "%s: option requires an argument -- '%c'\n",
               argv[0], g->opt);
        xl_usage(argv[0]);
        return '?';
    }
    return c;
}

bool xl_operands_ok(const struct getopt *g, int argc, char **argv, int min, int max)
{
    int n = argc - g->ind;

    if (n < min)
        printk("'xl %s' requires at least %d argument%s.\n\n", argv[0], min, min > 1 ? "s" : "");
    if (n < min || n > max) {
        xl_usage(argv[0]);
        return false;
    }
    return true;
}

int xl_no_options(int argc, char **argv, int min, int max)
{
    struct getopt g;

    getopt_init(&g);
    if (xl_next_opt(&g, argc, argv, "") != -1 || !xl_operands_ok(&g, argc, argv, min, max))
        return -1;
    return g.ind;
}

static int xl_help(int argc, char **argv)
{
    if (argc > 1) {
        if (xl_lookup(argv[1]))
            return xl_usage(argv[1]) - 1;
        printk("command \"%s\" not implemented\n", argv[1]);
        return 1;
    }
    printk("Usage: xl <subcommand> [args]\n\nxl full list of subcommands:\n\n");
    for (const struct xl_cmd *c = xl_cmds; c->name; c++)
        printk(" %-20s%s\n", c->name, c->help);
    return 0;
}

int cmd_xl(int argc, char **argv)
{
    const struct xl_cmd *c;

    if (argc < 2)
        return xl_help(1, argv);
    c = xl_lookup(argv[1]);
    if (!c) {
        printk("command not implemented\n");
        return 1;
    }
    return c->run ? c->run(argc - 1, argv + 1) : xl_help(argc - 1, argv + 1);
}
