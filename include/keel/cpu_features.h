/* The boot CPU's feature flags, as Xen reports them to its toolstack. */
#ifndef KEEL_CPU_FEATURES_H
#define KEEL_CPU_FEATURES_H

#include <stdint.h>

/*
 * Xen's first eight featureset words (XEN_SYSCTL_physinfo's hw_cap, what
 * `xl info` prints as hw_caps), in its order: CPUID 1 EDX, 1 ECX,
 * 0x80000001 EDX, 0x80000001 ECX, 0xd.1 EAX, 7.0 EBX, 7.0 ECX,
 * 0x80000007 EDX; 0 for a leaf the CPU lacks.
 */
void arch_cpu_feature_words(uint32_t words[8]);

#endif
