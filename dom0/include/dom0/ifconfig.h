/*
 * An interface's address as NetBSD's ifconfig(8) and rc.conf's
 * ifconfig_IF lines give it: "inet 10.0.2.15 netmask 255.255.255.0",
 * "inet 10.0.2.15/24", or "inet 10.0.2.15 netmask 0xffffff00" (without a
 * netmask, /24). Pure logic; host-tested.
 */
#ifndef DOM0_IFCONFIG_H
#define DOM0_IFCONFIG_H

#include <stdint.h>

/* 0, or -EINVAL with *why saying what was wrong. */
int ifconfig_parse(const char *args, uint32_t *ip, uint32_t *netmask, const char **why);

#endif
