/*
 * The shell on dom0's console: prompt `dom0# `, a line editor, commands
 * from a table. A command prints with printk and returns its exit status
 * (0 for success), as a Unix command would.
 */
#ifndef DOM0_SHELL_H
#define DOM0_SHELL_H

struct shell_cmd {
    const char *name;
    const char *usage;   /* the arguments, for help */
    const char *help;    /* one line */
    int (*run)(int argc, char **argv);
};

/* Every command, in the order `help` lists them; ends with a NULL name. */
extern const struct shell_cmd shell_commands[];

/* The shell thread's body. */
void shell_main(void *arg);

/* The commands, by file. */
int cmd_help(int argc, char **argv);
int cmd_ls(int argc, char **argv);
int cmd_cat(int argc, char **argv);
int cmd_echo(int argc, char **argv);
int cmd_mount(int argc, char **argv);
int cmd_df(int argc, char **argv);
int cmd_ifconfig(int argc, char **argv);
int cmd_ping(int argc, char **argv);
int cmd_free(int argc, char **argv);
int cmd_ps(int argc, char **argv);
int cmd_uptime(int argc, char **argv);
int cmd_reboot(int argc, char **argv);
int cmd_poweroff(int argc, char **argv);
int cmd_xl(int argc, char **argv);
int cmd_xenstore_ls(int argc, char **argv);
int cmd_xenstore_read(int argc, char **argv);
int cmd_xenstore_write(int argc, char **argv);
int cmd_xenstore_rm(int argc, char **argv);

#endif
