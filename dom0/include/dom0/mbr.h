/*
 * The MBR partition table: four primary entries in sector 0, signed
 * 0x55 0xaa. Pure logic, so that a corrupt table is tested on the host:
 * an entry is used when its type is not 0 and its extent lies inside the
 * disk; one that does not is reported and skipped. Extended partitions
 * and a GPT behind a protective entry (type 0xee) are not looked into.
 */
#ifndef DOM0_MBR_H
#define DOM0_MBR_H

#include <stdint.h>

#define MBR_ENTRIES 4
#define MBR_TYPE_GPT_PROTECTIVE 0xee
#define MBR_TYPE_EXTENDED       0x05
#define MBR_TYPE_EXTENDED_LBA   0x0f

struct mbr_part {
    uint8_t index;      /* 1..4, as in vda1 */
    uint8_t type;
    uint64_t first;     /* sector */
    uint64_t count;     /* sectors */
};

/*
 * Read the table in sector0 (512 bytes) of a disk of disk_sectors: the
 * number of usable entries put in parts (up to MBR_ENTRIES), 0 if there
 * is no table. report(arg, msg) is told of each entry skipped, and why.
 */
unsigned int mbr_parse(const uint8_t *sector0, uint64_t disk_sectors,
                       struct mbr_part parts[MBR_ENTRIES],
                       void (*report)(void *arg, unsigned int index, const char *why),
                       void *arg);

#endif
