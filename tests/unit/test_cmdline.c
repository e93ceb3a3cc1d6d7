/*
 * Unit tests for the hypervisor command-line parser (kernel/cmdline.c).
 *
 * Every parse starts from cmdline_defaults() and records the reports; a
 * rejected option must produce exactly one report and leave every option
 * at its default.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "keel/cmdline.h"

#include "repeat.h"

#define MAX_MSGS  8
#define MSG_BOUND 160   /* no report may be longer than this */

static struct keel_options opts, defaults;
static char msgs[MAX_MSGS][MSG_BOUND];
static int n_msgs;

static void record(const char *msg)
{
    size_t len = strlen(msg);

    if (len >= MSG_BOUND)
        fail_msg("report of %zu chars: %.60s...", len, msg);
    assert_null(strchr(msg, '\n'));
    if (n_msgs < MAX_MSGS)
        memcpy(msgs[n_msgs], msg, len + 1);
    n_msgs++;
}

/* Parses line over defaults; returns the report count (checked = reports). */
static int parse(const char *line)
{
    int n;

    n_msgs = 0;
    cmdline_defaults(&opts);
    n = cmdline_parse(line, &opts, record);
    assert_int_equal(n, n_msgs);
    return n;
}

static void assert_com_equal(const struct com_config *a,
                             const struct com_config *b)
{
    assert_int_equal(a->baud, b->baud);
    assert_int_equal(a->data_bits, b->data_bits);
    assert_int_equal(a->parity, b->parity);
    assert_int_equal(a->stop_bits, b->stop_bits);
    assert_int_equal(a->io_base, b->io_base);
    assert_int_equal(a->irq, b->irq);
}

/* Field by field: struct padding is not guaranteed to compare equal. */
static void assert_opts_equal(const struct keel_options *a,
                              const struct keel_options *b)
{
    assert_int_equal(a->console, b->console);
    assert_int_equal(a->console_set, b->console_set);
    assert_com_equal(&a->com[0], &b->com[0]);
    assert_com_equal(&a->com[1], &b->com[1]);
    assert_int_equal(a->dom0_mem, b->dom0_mem);
    assert_int_equal(a->dom0_mem_max, b->dom0_mem_max);
    assert_int_equal(a->dom0_max_vcpus, b->dom0_max_vcpus);
    assert_int_equal(a->dom0_vcpus_pin, b->dom0_vcpus_pin);
    assert_int_equal(a->loglvl, b->loglvl);
    assert_int_equal(a->loglvl_ratelimit, b->loglvl_ratelimit);
    assert_int_equal(a->noreboot, b->noreboot);
    assert_int_equal(a->sync_console, b->sync_console);
    assert_int_equal(a->selftest, b->selftest);
    assert_int_equal(a->conring_size, b->conring_size);
}

static void assert_accepted(const char *line)
{
    if (parse(line) != 0)
        fail_msg("'%.60s' was rejected: %s", line, msgs[0]);
}

/* One report, containing `expect`, and every option left at its default. */
static void assert_rejected(const char *line, const char *expect)
{
    int n = parse(line);

    if (n != 1)
        fail_msg("'%.60s': %d reports, expected 1", line, n);
    if (!strstr(msgs[0], expect))
        fail_msg("report '%s' lacks '%s'", msgs[0], expect);
    assert_opts_equal(&opts, &defaults);
}

static int setup(void **state)
{
    (void)state;
    cmdline_defaults(&defaults);
    return 0;
}

/* ---- defaults and empty lines ---- */

static void test_defaults(void **state)
{
    (void)state;
    cmdline_defaults(&opts);
    assert_int_equal(opts.console, CONSOLE_COM1 | CONSOLE_VGA);
    assert_false(opts.console_set);
    assert_int_equal(opts.com[0].baud, 115200);
    assert_int_equal(opts.com[0].data_bits, 8);
    assert_int_equal(opts.com[0].parity, 'n');
    assert_int_equal(opts.com[0].stop_bits, 1);
    assert_int_equal(opts.com[0].io_base, 0x3f8);
    assert_int_equal(opts.com[0].irq, 4);
    assert_int_equal(opts.com[1].baud, 115200);
    assert_int_equal(opts.com[1].io_base, 0x2f8);
    assert_int_equal(opts.com[1].irq, 3);
    assert_int_equal(opts.dom0_mem, 0);
    assert_int_equal(opts.dom0_mem_max, 0);
    assert_int_equal(opts.dom0_max_vcpus, 0);
    assert_false(opts.dom0_vcpus_pin);
    assert_int_equal(opts.loglvl, LOGLVL_INFO);
    assert_int_equal(opts.loglvl_ratelimit, LOGLVL_INFO);
    assert_false(opts.noreboot);
    assert_false(opts.sync_console);
    assert_int_equal(opts.selftest, SELFTEST_NONE);
    assert_int_equal(opts.conring_size, CONRING_SIZE_DEFAULT);
}

static void test_empty_lines(void **state)
{
    (void)state;
    assert_accepted("");
    assert_opts_equal(&opts, &defaults);
    assert_accepted("     ");
    assert_accepted(" \t\n\r\v\f ");
    assert_opts_equal(&opts, &defaults);

    cmdline_defaults(&opts);
    assert_int_equal(cmdline_parse(NULL, &opts, record), 0);
    assert_opts_equal(&opts, &defaults);
}

static void test_whitespace_separators(void **state)
{
    (void)state;
    assert_accepted("  noreboot\tsync_console\nloglvl=debug\r\n");
    assert_true(opts.noreboot);
    assert_true(opts.sync_console);
    assert_int_equal(opts.loglvl, LOGLVL_DEBUG);
}

/* ---- console= ---- */

static void test_console_good(void **state)
{
    (void)state;
    assert_accepted("console=com1");
    assert_int_equal(opts.console, CONSOLE_COM1);
    assert_true(opts.console_set);
    assert_accepted("console=com2");
    assert_int_equal(opts.console, CONSOLE_COM2);
    assert_accepted("console=vga");
    assert_int_equal(opts.console, CONSOLE_VGA);
    assert_accepted("console=none");
    assert_int_equal(opts.console, 0);
    assert_true(opts.console_set);
    assert_accepted("console=com1,vga");
    assert_int_equal(opts.console, CONSOLE_COM1 | CONSOLE_VGA);
    assert_accepted("console=vga,com2,com1,com1");
    assert_int_equal(opts.console, CONSOLE_COM1 | CONSOLE_COM2 | CONSOLE_VGA);
}

static void test_console_bad(void **state)
{
    (void)state;
    assert_rejected("console=bogus", "unknown console 'bogus'");
    assert_string_equal(msgs[0],
                        "console: unknown console 'bogus', option ignored");
    assert_rejected("console=com1,bogus", "unknown console 'bogus'");
    assert_rejected("console=com1,,vga", "empty entry in 'com1,,vga'");
    assert_rejected("console=com1,", "empty entry");
    assert_rejected("console=,com1", "empty entry");
    assert_rejected("console=,", "empty entry");
    assert_rejected("console=COM1", "unknown console");
    assert_rejected("console=com3", "unknown console");
    assert_rejected("console=", "missing value");
    assert_rejected("console", "missing value");
    assert_string_equal(msgs[0],
                        "console: missing value in 'console', option ignored");
}

/* ---- com1= / com2= ---- */

static void test_com_good(void **state)
{
    (void)state;
    assert_accepted("com1=9600,8n1");
    assert_com_equal(&opts.com[0], &(struct com_config){
        .baud = 9600, .data_bits = 8, .parity = 'n', .stop_bits = 1,
        .io_base = 0x3f8, .irq = 4 });
    assert_com_equal(&opts.com[1], &defaults.com[1]);

    assert_accepted("com1=115200,8n1,0x3f8,4");
    assert_com_equal(&opts.com[0], &defaults.com[0]);

    assert_accepted("com2=57600,7e2,0x2e8,5");
    assert_com_equal(&opts.com[1], &(struct com_config){
        .baud = 57600, .data_bits = 7, .parity = 'e', .stop_bits = 2,
        .io_base = 0x2e8, .irq = 5 });
    assert_com_equal(&opts.com[0], &defaults.com[0]);

    assert_accepted("com1=115200,,0x2f8");
    assert_int_equal(opts.com[0].io_base, 0x2f8);
    assert_int_equal(opts.com[0].data_bits, 8);
    assert_int_equal(opts.com[0].irq, 4);

    assert_accepted("com1=,,,7");
    assert_int_equal(opts.com[0].irq, 7);
    assert_int_equal(opts.com[0].baud, 115200);

    assert_accepted("com1=9600,");
    assert_int_equal(opts.com[0].baud, 9600);
    assert_accepted("com1=auto,5o1");
    assert_int_equal(opts.com[0].baud, 115200);
    assert_int_equal(opts.com[0].data_bits, 5);
    assert_int_equal(opts.com[0].parity, 'o');
    assert_accepted("com1=50,6m1,1,0");
    assert_int_equal(opts.com[0].baud, 50);
    assert_int_equal(opts.com[0].parity, 'm');
    assert_int_equal(opts.com[0].io_base, 1);
    assert_int_equal(opts.com[0].irq, 0);
    assert_accepted("com2=4000000,8s1,760,15");
    assert_int_equal(opts.com[1].baud, 4000000);
    assert_int_equal(opts.com[1].parity, 's');
    assert_int_equal(opts.com[1].io_base, 760);
    assert_int_equal(opts.com[1].irq, 15);
    assert_accepted("com1=9600,8n1,0xFFFF");
    assert_int_equal(opts.com[0].io_base, 0xffff);
}

static void test_com_bad(void **state)
{
    (void)state;
    assert_rejected("com1=0", "bad baud rate (50-4000000) '0'");
    assert_rejected("com1=49", "bad baud rate");
    assert_rejected("com1=4000001", "bad baud rate");
    assert_rejected("com1=banana", "bad baud rate");
    assert_rejected("com1=-9600", "bad baud rate");
    assert_rejected("com1=99999999999999999999999", "bad baud rate");
    assert_rejected("com1=9600,9x1", "bad data bits (5-8) '9x1'");
    assert_string_equal(msgs[0],
                        "com1: bad data bits (5-8) '9x1', option ignored");
    assert_rejected("com1=9600,4n1", "bad data bits");
    assert_rejected("com1=9600,8z1", "bad parity (n/o/e/m/s) '8z1'");
    assert_rejected("com1=9600,8N1", "bad parity");
    assert_rejected("com1=9600,8n3", "bad stop bits (1-2) '8n3'");
    assert_rejected("com1=9600,8n0", "bad stop bits");
    assert_rejected("com1=9600,8n", "malformed data/parity/stop '8n'");
    assert_rejected("com1=9600,8n11", "malformed data/parity/stop");
    assert_rejected("com1=9600,8n1,0", "bad I/O base (1-0xffff) '0'");
    assert_rejected("com1=9600,8n1,0x10000", "bad I/O base");
    assert_rejected("com1=9600,8n1,65536", "bad I/O base");
    assert_rejected("com1=9600,8n1,0x", "bad I/O base");
    assert_rejected("com1=9600,8n1,0xg", "bad I/O base");
    assert_rejected("com1=9600,8n1,3f8", "bad I/O base");
    assert_rejected("com2=9600,8n1,0x2f8,16", "bad IRQ (0-15) '16'");
    assert_rejected("com2=9600,8n1,0x2f8,-1", "bad IRQ");
    assert_rejected("com2=9600,8n1,0x2f8,x", "bad IRQ");
    assert_rejected("com1=9600,8n1,0x3f8,4,5", "too many fields in");
    assert_rejected("com1=9600,8n1,0x3f8,4,", "too many fields in");
    assert_rejected("com1=", "missing value in 'com1='");
    assert_rejected("com2", "missing value");
}

/* A bad field late in the value must not leave the earlier ones applied. */
static void test_com_all_or_nothing(void **state)
{
    (void)state;
    assert_rejected("com1=9600,7e2,0x100,99", "bad IRQ");
    assert_int_equal(opts.com[0].baud, 115200);
    assert_int_equal(opts.com[0].data_bits, 8);
    assert_int_equal(opts.com[0].io_base, 0x3f8);
}

/* ---- dom0_mem= ---- */

static void test_dom0_mem_good(void **state)
{
    (void)state;
    assert_accepted("dom0_mem=512M");
    assert_int_equal(opts.dom0_mem, 512ull << 20);
    assert_int_equal(opts.dom0_mem_max, 0);
    assert_accepted("dom0_mem=1G,max:2G");
    assert_int_equal(opts.dom0_mem, 1ull << 30);
    assert_int_equal(opts.dom0_mem_max, 2ull << 30);
    assert_accepted("dom0_mem=max:4g");
    assert_int_equal(opts.dom0_mem, 0);
    assert_int_equal(opts.dom0_mem_max, 4ull << 30);
    assert_accepted("dom0_mem=max:1G,256m");
    assert_int_equal(opts.dom0_mem, 256ull << 20);
    assert_int_equal(opts.dom0_mem_max, 1ull << 30);
    assert_accepted("dom0_mem=4096"); /* a bare number is KiB, as in Xen */
    assert_int_equal(opts.dom0_mem, 4096ull << 10);
    assert_accepted("dom0_mem=4096B");
    assert_int_equal(opts.dom0_mem, 4096);
    assert_accepted("dom0-mem=1T");
    assert_int_equal(opts.dom0_mem, 1ull << 40);
    assert_accepted("dom0_mem=16777215T,max:18446744073709551615B");
    assert_int_equal(opts.dom0_mem, UINT64_MAX - ((1ull << 40) - 1));
    assert_int_equal(opts.dom0_mem_max, UINT64_MAX);
}

static void test_dom0_mem_bad(void **state)
{
    (void)state;
    assert_rejected("dom0_mem=banana", "malformed size 'banana'");
    assert_string_equal(msgs[0],
                        "dom0_mem: malformed size 'banana', option ignored");
    assert_rejected("dom0_mem=12Q", "malformed size '12Q'");
    assert_rejected("dom0_mem=99999999999999999999G",
                    "malformed size '99999999999999999999G'");
    assert_rejected("dom0_mem=16777216T", "malformed size");
    assert_rejected("dom0_mem=", "missing value");
    assert_rejected("dom0_mem", "missing value");
    assert_rejected("dom0_mem=512M,", "empty entry in '512M,'");
    assert_rejected("dom0_mem=,512M", "empty entry");
    assert_rejected("dom0_mem=max:", "malformed size ''");
    assert_rejected("dom0_mem=max:banana", "malformed size 'banana'");
    assert_rejected("dom0_mem=min:1G", "malformed size 'min:1G'");
    assert_rejected("dom0_mem=MAX:1G", "malformed size");
    assert_rejected("dom0_mem=-1G", "malformed size");
    assert_rejected("dom0_mem=1.5G", "malformed size");
    assert_rejected("dom0_mem=1GB", "malformed size");
    assert_int_equal(parse("dom0_mem=1 G"), 1);
    assert_string_equal(msgs[0], "unknown option 'G', ignored");
    assert_int_equal(opts.dom0_mem, 1024);
    /* The good first item must not be applied either. */
    assert_rejected("dom0_mem=512M,max:junk", "malformed size 'junk'");
    assert_int_equal(opts.dom0_mem, 0);
}

/* ---- dom0_max_vcpus= ---- */

static void test_dom0_max_vcpus(void **state)
{
    (void)state;
    assert_accepted("dom0_max_vcpus=1");
    assert_int_equal(opts.dom0_max_vcpus, 1);
    assert_accepted("dom0_max_vcpus=4096");
    assert_int_equal(opts.dom0_max_vcpus, 4096);
    assert_accepted("dom0-max-vcpus=0x10");
    assert_int_equal(opts.dom0_max_vcpus, 16);

    assert_rejected("dom0_max_vcpus=0", "bad vCPU count (1-4096) '0'");
    assert_rejected("dom0_max_vcpus=4097", "bad vCPU count");
    assert_rejected("dom0_max_vcpus=-1", "bad vCPU count");
    assert_rejected("dom0_max_vcpus=4k", "bad vCPU count");
    assert_rejected("dom0_max_vcpus=18446744073709551617", "bad vCPU count");
    assert_rejected("dom0_max_vcpus=", "missing value");
}

/* ---- booleans ---- */

static bool *bool_field(struct keel_options *o, const char *name)
{
    if (strstr(name, "dom0_vcpus_pin"))
        return &o->dom0_vcpus_pin;
    if (strstr(name, "noreboot"))
        return &o->noreboot;
    return &o->sync_console;
}

static void check_bool(const char *name, const char *suffix, bool expect)
{
    char line[64];

    snprintf(line, sizeof(line), "%s%s", name, suffix);
    assert_accepted(line);
    if (*bool_field(&opts, name) != expect)
        fail_msg("'%s' gave %d", line, !expect);
}

static void test_bools(void **state)
{
    static const char *const names[] = {
        "dom0_vcpus_pin", "noreboot", "sync_console",
    };
    static const struct {
        const char *suffix;
        bool value;
    } forms[] = {
        { "", true },          { "=1", true },       { "=0", false },
        { "=yes", true },      { "=no", false },     { "=true", true },
        { "=false", false },   { "=on", true },      { "=off", false },
        { "=enable", true },   { "=disable", false },
    };

    (void)state;
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        char neg[32];

        for (size_t j = 0; j < sizeof(forms) / sizeof(forms[0]); j++)
            check_bool(names[i], forms[j].suffix, forms[j].value);
        snprintf(neg, sizeof(neg), "no-%s", names[i]);
        check_bool(neg, "", false);
        /* As in Xen, no-name=<bool> stores the inverse. */
        check_bool(neg, "=0", true);
        check_bool(neg, "=yes", false);
    }
}

static void test_bool_no_prefix_clears(void **state)
{
    (void)state;
    assert_accepted("noreboot no-noreboot");
    assert_false(opts.noreboot);
    assert_accepted("sync-console dom0-vcpus-pin");
    assert_true(opts.sync_console);
    assert_true(opts.dom0_vcpus_pin);
    assert_accepted("no-sync-console");
    assert_false(opts.sync_console);
}

static void test_bool_bad(void **state)
{
    (void)state;
    assert_rejected("noreboot=maybe", "malformed boolean 'maybe'");
    assert_string_equal(msgs[0],
                        "noreboot: malformed boolean 'maybe', option ignored");
    assert_rejected("noreboot=", "malformed boolean ''");
    assert_rejected("sync_console=2", "malformed boolean");
    assert_rejected("sync_console=YES", "malformed boolean");
    assert_rejected("dom0_vcpus_pin=onn", "malformed boolean");
    assert_rejected("no-noreboot=maybe", "malformed boolean");
    /* no- applies to booleans only, and only as a literal "no-" prefix. */
    assert_rejected("no-console", "unknown option 'no-console'");
    assert_rejected("no-dom0_mem=1G", "unknown option");
    assert_rejected("no_noreboot", "unknown option");
    assert_rejected("no-", "unknown option 'no-'");
    assert_rejected("no-no-noreboot", "unknown option");
}

/* ---- loglvl= ---- */

static void test_loglvl(void **state)
{
    static const char *const names[] = {
        "none", "error", "warning", "info", "debug", "all",
    };
    char line[40];

    (void)state;
    for (int i = 0; i < 6; i++) {
        snprintf(line, sizeof(line), "loglvl=%s", names[i]);
        assert_accepted(line);
        assert_int_equal(opts.loglvl, i);
        assert_int_equal(opts.loglvl_ratelimit, LOGLVL_INFO);
    }
    assert_accepted("loglvl=debug/warning");
    assert_int_equal(opts.loglvl, LOGLVL_DEBUG);
    assert_int_equal(opts.loglvl_ratelimit, LOGLVL_WARNING);
    assert_accepted("loglvl=none/all");
    assert_int_equal(opts.loglvl, LOGLVL_NONE);
    assert_int_equal(opts.loglvl_ratelimit, LOGLVL_ALL);

    assert_rejected("loglvl=loud", "unknown log level 'loud'");
    assert_rejected("loglvl=info/", "unknown log level ''");
    assert_rejected("loglvl=/info", "unknown log level ''");
    assert_rejected("loglvl=debug/loud", "unknown log level 'loud'");
    assert_rejected("loglvl=debug/info/all", "unknown log level 'info/all'");
    assert_rejected("loglvl=DEBUG", "unknown log level");
    assert_rejected("loglvl", "missing value");
}

static void test_loglvl_name(void **state)
{
    (void)state;
    assert_string_equal(loglvl_name(LOGLVL_NONE), "none");
    assert_string_equal(loglvl_name(LOGLVL_ERROR), "error");
    assert_string_equal(loglvl_name(LOGLVL_WARNING), "warning");
    assert_string_equal(loglvl_name(LOGLVL_INFO), "info");
    assert_string_equal(loglvl_name(LOGLVL_DEBUG), "debug");
    assert_string_equal(loglvl_name(LOGLVL_ALL), "all");
    assert_string_equal(loglvl_name((enum loglvl)99), "unknown");
    assert_string_equal(loglvl_name((enum loglvl)-1), "unknown");
}

/* ---- keel_selftest= ---- */

static void test_selftest(void **state)
{
    (void)state;
    assert_accepted("keel_selftest=panic");
    assert_int_equal(opts.selftest, SELFTEST_PANIC);
    assert_accepted("keel_selftest=fault");
    assert_int_equal(opts.selftest, SELFTEST_FAULT);
    assert_accepted("keel_selftest=stack");
    assert_int_equal(opts.selftest, SELFTEST_STACK);
    assert_accepted("keel_selftest=wx");
    assert_int_equal(opts.selftest, SELFTEST_WX);
    assert_accepted("keel_selftest=poweroff");
    assert_int_equal(opts.selftest, SELFTEST_POWEROFF);
    assert_accepted("keel_selftest=panic keel_selftest=none");
    assert_int_equal(opts.selftest, SELFTEST_NONE);

    assert_rejected("keel_selftest=boom", "unknown self-test 'boom'");
    assert_rejected("keel_selftest", "missing value");
    assert_rejected("no-keel_selftest", "unknown option");
}

/* ---- conring_size= ---- */

static void test_conring_size(void **state)
{
    (void)state;
    assert_accepted("conring_size=4K");
    assert_int_equal(opts.conring_size, 4096);
    assert_accepted("conring_size=4");
    assert_int_equal(opts.conring_size, 4096);
    assert_accepted("conring_size=4097B");
    assert_int_equal(opts.conring_size, 8192);
    assert_accepted("conring_size=5000B");
    assert_int_equal(opts.conring_size, 8192);
    assert_accepted("conring_size=1048577B");
    assert_int_equal(opts.conring_size, 2u << 20);
    assert_accepted("conring_size=16M");
    assert_int_equal(opts.conring_size, 16u << 20);
    assert_accepted("conring_size=16777215B");
    assert_int_equal(opts.conring_size, 16u << 20);

    assert_rejected("conring_size=4095B", "size out of range (4K-16M) '4095B'");
    assert_rejected("conring_size=0", "size out of range");
    assert_rejected("conring_size=16777217B", "size out of range");
    assert_rejected("conring_size=1G", "size out of range");
    assert_rejected("conring_size=99999999999999999999G", "malformed size");
    assert_rejected("conring_size=banana", "malformed size 'banana'");
}

/* ---- unknown options, repeats, reports ---- */

static void test_unknown_options(void **state)
{
    (void)state;
    assert_int_equal(parse("foo noreboot bar=1 dom0_mem=1G"), 2);
    assert_string_equal(msgs[0], "unknown option 'foo', ignored");
    assert_string_equal(msgs[1], "unknown option 'bar=1', ignored");
    assert_true(opts.noreboot);
    assert_int_equal(opts.dom0_mem, 1ull << 30);

    assert_rejected("=", "unknown option '='");
    assert_rejected("=1", "unknown option '=1'");
    assert_rejected("==", "unknown option '=='");
    assert_rejected("/keel.gz", "unknown option '/keel.gz'");
    assert_rejected("Noreboot", "unknown option");
    assert_rejected("noreboo", "unknown option");
    assert_rejected("norebootx", "unknown option");
    assert_rejected("com", "unknown option");
    assert_rejected("com1x=9600", "unknown option");
}

static void test_problems_counted_and_others_parsed(void **state)
{
    (void)state;
    assert_int_equal(parse("dom0_mem=banana console=vga foo com1=0 "
                           "loglvl=debug noreboot=2 sync_console"),
                     4);
    assert_string_equal(msgs[0],
                        "dom0_mem: malformed size 'banana', option ignored");
    assert_string_equal(msgs[1], "unknown option 'foo', ignored");
    assert_string_equal(msgs[2],
                        "com1: bad baud rate (50-4000000) '0', option ignored");
    assert_string_equal(msgs[3],
                        "noreboot: malformed boolean '2', option ignored");
    assert_int_equal(opts.dom0_mem, 0);
    assert_int_equal(opts.console, CONSOLE_VGA);
    assert_int_equal(opts.loglvl, LOGLVL_DEBUG);
    assert_false(opts.noreboot);
    assert_true(opts.sync_console);
}

static void test_null_report_still_counts(void **state)
{
    (void)state;
    cmdline_defaults(&opts);
    assert_int_equal(cmdline_parse("foo bar=1 dom0_mem=x noreboot", &opts,
                                   NULL),
                     3);
    assert_true(opts.noreboot);
}

static void test_repeated_last_wins(void **state)
{
    (void)state;
    assert_accepted("dom0_mem=1G dom0_mem=2G");
    assert_int_equal(opts.dom0_mem, 2ull << 30);
    assert_accepted("dom0_mem=1G,max:4G dom0_mem=2G");
    assert_int_equal(opts.dom0_mem, 2ull << 30);
    assert_int_equal(opts.dom0_mem_max, 4ull << 30);
    assert_accepted("console=vga console=com1");
    assert_int_equal(opts.console, CONSOLE_COM1);
    assert_accepted("loglvl=error loglvl=all");
    assert_int_equal(opts.loglvl, LOGLVL_ALL);
    assert_accepted("noreboot no-noreboot noreboot");
    assert_true(opts.noreboot);
    assert_accepted("com1=9600 com1=19200");
    assert_int_equal(opts.com[0].baud, 19200);
    /* A malformed repeat keeps the earlier good value. */
    assert_int_equal(parse("dom0_mem=1G dom0_mem=banana"), 1);
    assert_int_equal(opts.dom0_mem, 1ull << 30);
}

static void test_unprintable_quoted(void **state)
{
    (void)state;
    assert_rejected("foo\x01\x7f\xff", "unknown option 'foo\?\?\?'");
    assert_rejected("dom0_mem=\x1b[2J", "malformed size '?[2J'");
}

/* ---- very long input ---- */

/* prefix and 10000 copies of c: rejected as assert_rejected() says. */
static void assert_long_rejected(const char *prefix, char c, const char *expect)
{
    char *line = repeat(prefix, c, 10000);

    assert_rejected(line, expect);
    free(line);
}

static void test_long_value(void **state)
{
    (void)state;
    assert_long_rejected("dom0_mem=", '9', "malformed size '9999999999");
    assert_non_null(strstr(msgs[0], "...', option ignored"));
    assert_long_rejected("console=", 'x', "unknown console 'xxxx");
    assert_true(strlen(msgs[0]) < 100);
    assert_long_rejected("com1=", ',', "too many fields in ',,,,");
    assert_long_rejected("noreboot=", '1', "malformed boolean");
}

static void test_long_unknown_word(void **state)
{
    (void)state;
    assert_long_rejected("", 'z', "unknown option 'zzzz");
    assert_int_equal(strlen(msgs[0]),
                     strlen("unknown option '', ignored") + 40 + 3);
    assert_long_rejected("", '=', "unknown option '====");
    assert_long_rejected("no-", '-', "unknown option 'no---");
}

static void test_long_lines(void **state)
{
    size_t n = 2000, len = strlen("noreboot ");
    char *line = malloc(n * len + 1);

    (void)state;
    assert_non_null(line);
    for (size_t i = 0; i < n; i++)
        memcpy(line + i * len, "noreboot ", len);
    line[n * len] = '\0';
    assert_accepted(line);
    assert_true(opts.noreboot);
    free(line);

    line = repeat("", ' ', 10000);
    assert_accepted(line);
    free(line);

    /* Many problems: each is reported and counted. */
    line = malloc(3 * 1000 + 1);
    assert_non_null(line);
    for (int i = 0; i < 1000; i++)
        memcpy(line + 3 * i, "xx ", 3);
    line[3000] = '\0';
    assert_int_equal(parse(line), 1000);
    free(line);
}

/* ---- parse_size ---- */

static void check_size(const char *s, uint64_t expect)
{
    uint64_t v = 12345;

    if (!parse_size(s, &v))
        fail_msg("parse_size('%s') failed", s);
    if (v != expect)
        fail_msg("parse_size('%s') = %llu", s, (unsigned long long)v);
}

static void check_size_bad(const char *s)
{
    uint64_t v = 12345;

    if (parse_size(s, &v))
        fail_msg("parse_size('%s') accepted", s ? s : "(null)");
    assert_int_equal(v, 12345);
}

static void test_parse_size(void **state)
{
    (void)state;
    check_size("0", 0);
    check_size("0K", 0);
    check_size("1", 1024);
    check_size("1B", 1);
    check_size("1b", 1);
    check_size("1K", 1024);
    check_size("1k", 1024);
    check_size("512m", 512ull << 20);
    check_size("4G", 4ull << 30);
    check_size("1T", 1ull << 40);
    check_size("1t", 1ull << 40);
    check_size("007K", 7 << 10);
    check_size("18446744073709551615B", UINT64_MAX);
    check_size("18014398509481983", UINT64_MAX - 1023);
    check_size("18014398509481983K", UINT64_MAX - 1023);
    check_size("17592186044415M", UINT64_MAX - ((1ull << 20) - 1));
    check_size("17179869183G", UINT64_MAX - ((1ull << 30) - 1));
    check_size("16777215T", UINT64_MAX - ((1ull << 40) - 1));

    check_size_bad("18446744073709551616B");
    check_size_bad("18014398509481984");
    check_size_bad("99999999999999999999");
    check_size_bad("18014398509481984K");
    check_size_bad("17592186044416M");
    check_size_bad("17179869184G");
    check_size_bad("16777216T");
    check_size_bad("99999999999999999999G");
    check_size_bad("banana");
    check_size_bad("12Q");
    check_size_bad("");
    check_size_bad("K");
    check_size_bad("1KK");
    check_size_bad("1K1");
    check_size_bad(" 1");
    check_size_bad("1 ");
    check_size_bad("-1");
    check_size_bad("+1");
    check_size_bad("0x10");
    check_size_bad("1P");
    check_size_bad("1BB");
    check_size_bad(NULL);
}

/* ---- cmdline_is_option ---- */

static bool is_opt(const char *word)
{
    return cmdline_is_option(word, (unsigned int)strlen(word));
}

static void test_is_option(void **state)
{
    (void)state;
    assert_true(is_opt("console"));
    assert_true(is_opt("console=com1"));
    assert_true(is_opt("com1=9600"));
    assert_true(is_opt("com2"));
    assert_true(is_opt("dom0_mem=banana"));
    assert_true(is_opt("dom0-mem"));
    assert_true(is_opt("dom0_max_vcpus"));
    assert_true(is_opt("dom0_vcpus_pin"));
    assert_true(is_opt("loglvl=all"));
    assert_true(is_opt("noreboot"));
    assert_true(is_opt("no-noreboot"));
    assert_true(is_opt("no-sync-console=1"));
    assert_true(is_opt("sync_console"));
    assert_true(is_opt("keel_selftest=panic"));
    assert_true(is_opt("conring_size=1M"));

    assert_false(is_opt(""));
    assert_false(is_opt("="));
    assert_false(is_opt("=console"));
    assert_false(is_opt("/keel.gz"));
    assert_false(is_opt("foo"));
    assert_false(is_opt("no-console"));
    assert_false(is_opt("no-"));
    assert_false(is_opt("consol"));
    assert_false(is_opt("consolee"));
    assert_false(cmdline_is_option(NULL, 5));

    /* len bounds the word: only the first len characters count. */
    assert_true(cmdline_is_option("console /keel.gz", 7));
    assert_true(cmdline_is_option("noreboots", 8));
    assert_false(cmdline_is_option("noreboot", 7));
    assert_false(cmdline_is_option("noreboot", 0));
    /* A NUL ends the word even if len says more. */
    assert_true(cmdline_is_option("noreboot", 100));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_empty_lines),
        cmocka_unit_test(test_whitespace_separators),
        cmocka_unit_test(test_console_good),
        cmocka_unit_test(test_console_bad),
        cmocka_unit_test(test_com_good),
        cmocka_unit_test(test_com_bad),
        cmocka_unit_test(test_com_all_or_nothing),
        cmocka_unit_test(test_dom0_mem_good),
        cmocka_unit_test(test_dom0_mem_bad),
        cmocka_unit_test(test_dom0_max_vcpus),
        cmocka_unit_test(test_bools),
        cmocka_unit_test(test_bool_no_prefix_clears),
        cmocka_unit_test(test_bool_bad),
        cmocka_unit_test(test_loglvl),
        cmocka_unit_test(test_loglvl_name),
        cmocka_unit_test(test_selftest),
        cmocka_unit_test(test_conring_size),
        cmocka_unit_test(test_unknown_options),
        cmocka_unit_test(test_problems_counted_and_others_parsed),
        cmocka_unit_test(test_null_report_still_counts),
        cmocka_unit_test(test_repeated_last_wins),
        cmocka_unit_test(test_unprintable_quoted),
        cmocka_unit_test(test_long_value),
        cmocka_unit_test(test_long_unknown_word),
        cmocka_unit_test(test_long_lines),
        cmocka_unit_test(test_parse_size),
        cmocka_unit_test(test_is_option),
    };

    return cmocka_run_group_tests(tests, setup, NULL);
}
