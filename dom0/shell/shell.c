/*
 * The shell: a line editor on dom0's console, a command table, and the
 * `help` command that prints it. Lines are split like a Bourne shell's
 * simple commands (dom0/shell/args.c); the first word names the command.
 */
#include <stdint.h>
#include <keel/string.h>
#include <dom0/args.h>
#include <dom0/console.h>
#include <dom0/line_edit.h>
#include <dom0/shell.h>

#define PROMPT "dom0# "

const struct shell_cmd shell_commands[] = {
    { "help", "", "list the commands", cmd_help },
    { "ls", "[-l] [PATH...]", "list a directory", cmd_ls },
    { "cat", "FILE...", "print files", cmd_cat },
    { "echo", "[ARG...]", "print the arguments", cmd_echo },
    { "mount", "", "list mounted filesystems", cmd_mount },
    { "df", "", "space on mounted filesystems", cmd_df },
    { "ifconfig", "[IF [inet ADDR[/LEN] [netmask MASK]]]", "network interfaces",
      cmd_ifconfig },
    { "ping", "[-c N] [-s SIZE] ADDR", "ICMP echo to an address", cmd_ping },
    { "free", "", "memory of dom0 and of the host, in KiB", cmd_free },
    { "ps", "", "dom0's threads", cmd_ps },
    { "uptime", "", "time since the hypervisor started", cmd_uptime },
    { "reboot", "", "stop every domU, then reboot the machine", cmd_reboot },
    { "poweroff", "", "stop every domU, then power the machine off", cmd_poweroff },
    { "xenstore-ls", "[PATH]", "the xenstore tree under PATH", cmd_xenstore_ls },
    { "xenstore-read", "PATH...", "read xenstore values", cmd_xenstore_read },
    { "xenstore-write", "PATH VALUE...", "write xenstore values", cmd_xenstore_write },
    { "xenstore-rm", "PATH...", "remove xenstore nodes", cmd_xenstore_rm },
    { "xl", "SUBCOMMAND [ARG...]", "the toolstack (xl help lists its commands)", cmd_xl },
    { NULL, NULL, NULL, NULL },
};

int cmd_help(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    for (const struct shell_cmd *c = shell_commands; c->name; c++) {
        char synopsis[48];

        snprintf(synopsis, sizeof(synopsis), "%s %s", c->name, c->usage);
        printk("  %-28s %s\n", synopsis, c->help);
    }
    return 0;
}

static void run_line(char *line)
{
    char *argv[ARGS_MAX + 1];
    char err[80];
    int argc = args_split(line, argv, err, sizeof(err));

    if (argc < 0) {
        printk("dom0: %s\n", err);
        return;
    }
    if (argc == 0)
        return;
    for (const struct shell_cmd *c = shell_commands; c->name; c++) {
        if (!strcmp(c->name, argv[0])) {
            c->run(argc, argv);
            return;
        }
    }
    printk("%s: command not found (try help)\n", argv[0]);
}

static void flush(struct le_out *out)
{
    console_write(out->buf, out->len);
    out->len = 0;
}

void shell_main(void *arg)
{
    static struct line_edit le;
    static struct le_out out;
    char line[LE_LINE_MAX + 1];

    (void)arg;
    line_edit_init(&le, PROMPT);
    for (;;) {
        int r;

        line_edit_start(&le, &out);
        flush(&out);
        do {
            r = line_edit_feed(&le, console_getc(), &out);
            flush(&out);
        } while (r == LE_MORE);
        if (r == LE_DONE) {
            snprintf(line, sizeof(line), "%s", line_edit_line(&le));
            run_line(line);
        }
    }
}
