/*
 * The HPET table: where the first HPET's registers are. Only a base in
 * system memory is usable; the spec allows nothing else for an HPET.
 */
#include <keel/acpi.h>

#define HPET_TABLE_LEN 56
#define HPET_BASE_GAS  40

void acpi_parse_hpet(struct acpi_ctx *c, struct platform_info *pi)
{
    uint32_t len;
    const uint8_t *t = acpi_get_table(c, "HPET", &len);
    uint64_t base;

    if (!t)
        return; /* many machines have none; not a fault */
    if (len < HPET_TABLE_LEN) {
        acpi_say(c, "ACPI: HPET length %u too short; table ignored", len);
        return;
    }
    base = acpi_get64(t + HPET_BASE_GAS + 4);
    if (t[HPET_BASE_GAS] != ACPI_SPACE_MEMORY || !base) {
        acpi_say(c, "ACPI: HPET base (space %u, 0x%lx) not in memory; ignored",
                 t[HPET_BASE_GAS], base);
        return;
    }
    pi->hpet_addr = base;
}
