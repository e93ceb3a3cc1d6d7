/*
 * Text in and out of the xl commands, as Xen 4.17's xl reads and writes
 * it: memory sizes, CPU maps, uptimes, scheduler parameters, UUIDs. Pure logic
 * (host-tested: tests/unit/test_dom0_xl_text.c).
 */
#ifndef DOM0_XL_TEXT_H
#define DOM0_XL_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A -w or -c value that was not given (libxl's "default"). */
#define XL_SCHED_KEEP (-1L)

/*
 * A memory size as xl's parse_mem_size_kb reads it: digits, then at
 * most one unit letter, any case: b(ytes), k, m, g, t; no letter is m.
 * The KiB; -EINVAL for anything else or a size past 2^63 KiB.
 */
int xl_parse_mem_kb(const char *s, uint64_t *kb);

/* As strtol(s, NULL, 10): an optional sign and digits, what follows
 * ignored, 0 without digits; saturates at the long range. */
long xl_parse_long(const char *s);

/*
 * CPUs of map among the first nr_cpus (at most 64) as xl prints them:
 * "all" (every one), "none", or ranges: "1", "0-1", "0,2-3".
 */
void xl_format_cpumap(uint64_t map, unsigned int nr_cpus, char *buf, size_t len);

/* A span of seconds as xl uptime prints it: "[D day(s), ]HH:MM:SS", or
 * without the seconds in short mode (-s). */
void xl_format_uptime(uint64_t secs, bool short_mode, char *buf, size_t len);

/*
 * libxl's checks before setting credit parameters for a domain with
 * nr_vcpus vCPUs: weight 1-65535, cap 0 to 100 per vCPU (either may be
 * XL_SCHED_KEEP). 0, or -EINVAL with libxl's complaint in why.
 */
int xl_credit_check(long weight, long cap, unsigned int nr_vcpus, char *why, size_t len);

/* A domain handle as a UUID string ("8-4-4-4-12" hex digits). */
void xl_format_uuid(const uint8_t handle[16], char out[37]);

#endif
