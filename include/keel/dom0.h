/* dom0, the hardware domain, and any domUs, built at boot from the multiboot modules. */
#ifndef KEEL_DOM0_H
#define KEEL_DOM0_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct boot_info;

/*
 * Build dom0, then the domUs marked `domU` among the other modules, and
 * queue them to run; false (with the reason logged) if dom0 could not be.
 */
bool dom0_construct(const struct boot_info *bi);

#endif
