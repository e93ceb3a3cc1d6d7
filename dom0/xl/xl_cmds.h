/*
 * The xl subcommands, one function each (argv[0] is the subcommand's
 * name), and what they share: naming domains and reporting errors the
 * way Xen's xl does. Each returns 0 on success, 1 on failure.
 */
#ifndef DOM0_XL_CMDS_H
#define DOM0_XL_CMDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <public/xen.h>

int xl_create(int argc, char **argv);
int xl_list(int argc, char **argv);
int xl_domid(int argc, char **argv);
int xl_domname(int argc, char **argv);
int xl_info(int argc, char **argv);
int xl_dmesg(int argc, char **argv);
int xl_pause(int argc, char **argv);
int xl_unpause(int argc, char **argv);
int xl_rename(int argc, char **argv);
int xl_vcpu_list(int argc, char **argv);
int xl_vcpu_pin(int argc, char **argv);
int xl_sched_credit(int argc, char **argv);
int xl_uptime(int argc, char **argv);
int xl_mem_max(int argc, char **argv);

/*
 * A domain's name (its xenstore /local/domain/N/name) into buf; -ENOENT
 * when it has none, as a domain Keel started from a boot module.
 */
int xl_domain_name(domid_t domid, char *buf, size_t len);

/* The running domain called name; -ENOENT if none is. */
int xl_domain_by_name(const char *name, domid_t *out);

/*
 * The domain a command line names, by id or by name, as xl's
 * find_domain: prints the complaint and returns -1 when it names none.
 */
int xl_find_domain(const char *arg, domid_t *out);

/* A domain's name, or "(null)" as xl prints a domain without one. */
void xl_domain_label(domid_t domid, char *buf, size_t len);

/* libxl's complaint about domid: "libxl: error: Domain N:what (error rc)". */
void xl_libxl_error(domid_t domid, const char *what, int rc);

/*
 * The xenstore entries xl keeps for a domain (xl_store.c), at libxl's
 * paths. 0 or a negative errno (-ENOENT: no such entry, or xenstored is
 * not running). memory `which` is "target" or "static-max", in KiB.
 */
int xl_store_new_domain(domid_t domid, const char *name, const uint8_t handle[16],
                        uint64_t target_kb, uint64_t max_kb);
int xl_store_set_name(domid_t domid, const char *name);
int xl_store_start_time(domid_t domid, uint64_t *sec);
int xl_store_memory(domid_t domid, const char *which, uint64_t *kb);
int xl_store_set_memory(domid_t domid, const char *which, uint64_t kb);

/* Print the usage of subcommand name (as `xl help name`); returns 1. */
int xl_usage(const char *name);

/*
 * A subcommand's options, as xl's SWITCH_FOREACH_OPT reads them: the next
 * option letter from optstring, or -1 after the last. An unknown option
 * or a missing argument is reported with the usage, and gives '?'.
 */
struct getopt;
int xl_next_opt(struct getopt *g, int argc, char **argv, const char *optstring);

/* After the options: whether there are min to max operands; if not, says
 * so with the usage. */
bool xl_operands_ok(const struct getopt *g, int argc, char **argv, int min, int max);

/* Both, for a subcommand without options: the index of the first of its
 * min to max operands, or -1 (said why). */
int xl_no_options(int argc, char **argv, int min, int max);

#endif
