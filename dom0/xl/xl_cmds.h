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
#include <dom0/xl.h>

int xl_create(int argc, char **argv);
int xl_list(int argc, char **argv);
int xl_domid(int argc, char **argv);
int xl_domname(int argc, char **argv);
int xl_info(int argc, char **argv);
int xl_dmesg(int argc, char **argv);
int xl_console(int argc, char **argv);
int xl_destroy(int argc, char **argv);
int xl_shutdown(int argc, char **argv);
int xl_reboot(int argc, char **argv);
int xl_pause(int argc, char **argv);
int xl_unpause(int argc, char **argv);
int xl_rename(int argc, char **argv);
int xl_vcpu_list(int argc, char **argv);
int xl_vcpu_pin(int argc, char **argv);
int xl_vcpu_set(int argc, char **argv);
int xl_sched_credit(int argc, char **argv);
int xl_uptime(int argc, char **argv);
int xl_mem_max(int argc, char **argv);
int xl_mem_set(int argc, char **argv);

struct xl_domain_cfg;

/* What the builder made for a domU's backends: frames and the domU's
 * ports (the unbound ends dom0 binds to). */
struct xl_guest_rings {
    uint64_t console_mfn, store_mfn;
    unsigned int console_port, store_port;
};

/*
 * Build a domU from a parsed config, as `xl create` does, and start it
 * unless paused: its xenstore area, xenstored and the console backend
 * serve it before it first runs, and xl's lifecycle keeps its config for
 * its on_* actions. 0 with *out set, or -1 (said why; nothing is left).
 */
int xl_create_domain(const struct xl_domain_cfg *cfg, bool paused, domid_t *out);

/* The domU's xenstore area (xl_xs_domain.c): written before it runs,
 * removed with it. */
int xl_xs_domain_write(domid_t domid, const struct xl_domain_cfg *cfg,
                       const struct xl_guest_rings *r, const uint8_t handle[16]);
void xl_xs_domain_remove(domid_t domid);

/* The config xl keeps for domid, or NULL if it made no such domain. */
const struct xl_domain_cfg *xl_lifecycle_config(domid_t domid);

/* xl list -l's JSON (xl_list_json.c): the opening, one domain, the
 * closing (any: whether a domain was printed). */
struct xen_domctl_getdomaininfo;
void xl_json_begin(void);
void xl_json_domain(const struct xen_domctl_getdomaininfo *d, bool first);
void xl_json_end(bool any);

/* Keep cfg (copied) for domid's actions; -ENOMEM. */
int xl_lifecycle_adopt(domid_t domid, const struct xl_domain_cfg *cfg);
/* Tear domid down as libxl does: backends let go of it, its xenstore
 * area goes, the hypervisor destroys it, xl forgets it. 0 or the
 * destroy's errno. */
int xl_domain_teardown(domid_t domid);

/* What happened to domains, as libxl's events: xl shutdown -w waits for
 * them. */
enum xl_event_type { XL_EVENT_SHUTDOWN, XL_EVENT_DEATH };
struct xl_event {
    enum xl_event_type type;
    domid_t domid;
    unsigned int reason;        /* SHUTDOWN_*, for XL_EVENT_SHUTDOWN */
};
/* The sequence number of the next event. */
uint64_t xl_event_next(void);
/* Event seq into *ev, sleeping until it happens; false if it is too old
 * to be kept. */
bool xl_event_wait(uint64_t seq, struct xl_event *ev);

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
