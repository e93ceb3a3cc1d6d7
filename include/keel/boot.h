/* Boot-time reports shared by the architecture's start-up code. */
#ifndef KEEL_BOOT_H
#define KEEL_BOOT_H

#include <keel/bootinfo.h>
#include <keel/cmdline.h>

/* The options in force, parsed from the hypervisor command line. */
extern struct keel_options keel_options;

/* Banner, loader, command line, memory map, modules and parsed options. */
void boot_report(const struct boot_info *bi, const struct keel_options *opts);

#endif
