/*
 * Keel hypervisor command line: the options a loader passes on the
 * `multiboot /keel.gz ...` line, parsed by one table-driven parser.
 *
 * Invariant: parsing never fails as a whole. Unknown options are reported
 * and skipped; a malformed value is reported with its option's name and the
 * option keeps its previous (default) value.
 */
#ifndef KEEL_CMDLINE_H
#define KEEL_CMDLINE_H

#include <stdbool.h>
#include <stdint.h>

/* Console outputs selected by console= (a bitmask; none = 0). */
#define CONSOLE_COM1 (1u << 0)
#define CONSOLE_COM2 (1u << 1)
#define CONSOLE_VGA  (1u << 2)

/* Log levels, as Xen's loglvl= names them. */
enum loglvl {
    LOGLVL_NONE = 0,
    LOGLVL_ERROR,
    LOGLVL_WARNING,
    LOGLVL_INFO,
    LOGLVL_DEBUG,
    LOGLVL_ALL,
};

/* One serial port's settings from comN= (cmdline_defaults fills in the usual ones). */
struct com_config {
    uint32_t baud;      /* bits per second */
    uint8_t data_bits;  /* 5..8 */
    char parity;        /* 'n', 'o', 'e', 'm' or 's' */
    uint8_t stop_bits;  /* 1 or 2 */
    uint16_t io_base;   /* I/O port of the UART */
    uint8_t irq;        /* legacy IRQ line */
};

/* keel_selftest=: a deliberate failure after boot, for the system tests. */
enum keel_selftest {
    SELFTEST_NONE = 0,
    SELFTEST_PANIC,     /* panic() once boot completes */
    SELFTEST_FAULT,     /* take a deliberate page fault once boot completes */
    SELFTEST_STACK,     /* overflow the stack into its guard page */
    SELFTEST_WX,        /* write to Keel's own text, which W^X forbids */
    SELFTEST_POWEROFF,  /* power the machine off through ACPI */
};

/* conring_size= bounds; values in between are rounded up to a power of two. */
#define CONRING_SIZE_DEFAULT (64u << 10)
#define CONRING_SIZE_MIN     (4u << 10)
#define CONRING_SIZE_MAX     (16u << 20)

struct keel_options {
    unsigned int console;        /* CONSOLE_* bits */
    bool console_set;            /* console= was given */
    struct com_config com[2];    /* com1=, com2= */
    uint64_t dom0_mem;           /* bytes; 0 = unset */
    uint64_t dom0_mem_max;       /* bytes; 0 = unset */
    unsigned int dom0_max_vcpus; /* 0 = unset */
    bool dom0_vcpus_pin;
    enum loglvl loglvl;          /* what reaches the console */
    enum loglvl loglvl_ratelimit; /* after '/': Xen rate-limits above it */
    bool noreboot;
    bool sync_console;
    enum keel_selftest selftest; /* keel_selftest= */
    uint32_t conring_size;       /* console ring bytes, a power of two */
};

/* Called once per problem found, with a complete message (no newline). */
typedef void (*cmdline_report_fn)(const char *msg);

/* Defaults used before and without a command line. */
void cmdline_defaults(struct keel_options *opts);

/*
 * Parse a NUL-terminated command line into *opts (which should hold
 * defaults). Returns the number of problems reported.
 */
int cmdline_parse(const char *line, struct keel_options *opts,
                  cmdline_report_fn report);

/*
 * Parse a decimal size with an optional B/K/M/G/T suffix (case-insensitive,
 * binary units). A bare number is KiB, as in Xen. Returns false on
 * malformed input or overflow.
 */
bool parse_size(const char *s, uint64_t *out);

/* Human-readable name of a log level ("info", ...). */
const char *loglvl_name(enum loglvl lvl);

/*
 * Whether `word`, up to '=' or `len` characters, names a Keel option,
 * counting a boolean's no-name form (used to spot a loader's image path).
 */
bool cmdline_is_option(const char *word, unsigned int len);

#endif
