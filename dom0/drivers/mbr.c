/* MBR partition tables (dom0/mbr.h). */
#include <stddef.h>
#include <dom0/mbr.h>

#define MBR_TABLE 446
#define MBR_ENTRY_SIZE 16

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static const char *check_entry(uint8_t type, uint64_t first, uint64_t count, uint64_t disk)
{
    if (type == MBR_TYPE_GPT_PROTECTIVE)
        return "a GPT disk: dom0 reads MBR tables only";
    if (type == MBR_TYPE_EXTENDED || type == MBR_TYPE_EXTENDED_LBA)
        return "an extended partition: its logical partitions are not read";
    if (count == 0 || first == 0)
        return "empty or overlapping the table";
    if (first >= disk || count > disk - first)
        return "extends past the end of the disk";
    return NULL;
}

unsigned int mbr_parse(const uint8_t *sector0, uint64_t disk_sectors,
                       struct mbr_part parts[MBR_ENTRIES],
                       void (*report)(void *arg, unsigned int index, const char *why),
                       void *arg)
{
    unsigned int n = 0;

    if (sector0[510] != 0x55 || sector0[511] != 0xaa)
        return 0;
    for (unsigned int i = 0; i < MBR_ENTRIES; i++) {
        const uint8_t *e = sector0 + MBR_TABLE + i * MBR_ENTRY_SIZE;
        uint8_t type = e[4];
        uint64_t first = le32(e + 8), count = le32(e + 12);
        const char *why;

        if (type == 0)
            continue;
        if ((why = check_entry(type, first, count, disk_sectors))) {
            if (report)
                report(arg, i + 1, why);
            continue;
        }
        parts[n++] = (struct mbr_part){ .index = (uint8_t)(i + 1), .type = type,
                                        .first = first, .count = count };
    }
    return n;
}
