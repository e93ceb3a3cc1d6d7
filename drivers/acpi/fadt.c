/*
 * The FADT ("FACP"): reset register, PM1 control blocks, PM timer, SMI
 * command, RTC century, and the DSDT, whose \_S5 package gives the
 * SLP_TYP values for soft-off. Keel has no AML interpreter: \_S5 is found
 * by its byte pattern, which is how firmware writes it in practice.
 * Fields beyond the table's length read as 0, as old, short FADTs expect.
 */
#include <keel/acpi.h>
#include <keel/string.h>

enum {
    FADT_DSDT = 40, FADT_SMI_CMD = 48, FADT_ACPI_ENABLE = 52,
    FADT_PM1A_CNT = 64, FADT_PM1B_CNT = 68, FADT_PM_TMR = 76,
    FADT_PM_TMR_LEN = 91, FADT_CENTURY = 108, FADT_FLAGS = 112,
    FADT_RESET_REG = 116, FADT_RESET_VALUE = 128, FADT_X_DSDT = 140,
    FADT_X_PM1A_CNT = 172, FADT_X_PM1B_CNT = 184, FADT_X_PM_TMR = 208,
    FADT_V1_LEN = 116,
};

#define FADT_TMR_VAL_EXT   (1u << 8)
#define FADT_RESET_REG_SUP (1u << 10)

#define AML_NAME_OP    0x08
#define AML_PACKAGE_OP 0x12
#define AML_ROOT_CHAR  '\\'

static uint8_t f8(const uint8_t *t, uint32_t len, uint32_t off)
{
    return off < len ? t[off] : 0;
}

static uint32_t f32(const uint8_t *t, uint32_t len, uint32_t off)
{
    return off + 4 <= len ? acpi_get32(t + off) : 0;
}

static uint64_t f64(const uint8_t *t, uint32_t len, uint32_t off)
{
    return off + 8 <= len ? acpi_get64(t + off) : 0;
}

static struct acpi_gas fgas(const uint8_t *t, uint32_t len, uint32_t off)
{
    struct acpi_gas g = { 0, 0, 0, 0, 0 };

    if (off + 12 <= len)
        g = (struct acpi_gas){ t[off], t[off + 1], t[off + 2], t[off + 3],
                               acpi_get64(t + off + 4) };
    return g;
}

/*
 * An I/O port from the X_ field when it is one, else from the 32-bit
 * field. Ports are 16 bits: anything larger is not a port.
 */
static uint32_t io_port(struct acpi_ctx *c, const char *name,
                        struct acpi_gas x, uint32_t legacy)
{
    if (x.address && x.space_id == ACPI_SPACE_IO && x.address <= 0xffff)
        return (uint32_t)x.address;
    if (x.address)
        acpi_say(c, "ACPI: FADT X_%s is not an I/O port (space %u, 0x%lx); "
                 "using %s 0x%x", name, x.space_id, x.address, name, legacy);
    if (legacy > 0xffff) {
        acpi_say(c, "ACPI: FADT %s 0x%x is not an I/O port; ignored", name,
                 legacy);
        return 0;
    }
    return legacy;
}

/*
 * The reset register, when the flag says it exists and the table is new
 * enough to hold it. Its bit width and offset are not checked: firmware
 * gets them wrong and Windows, hence every OS, ignores them.
 */
static void parse_reset(struct acpi_ctx *c, struct platform_info *pi,
                        const uint8_t *t, uint32_t len)
{
    struct acpi_gas r = fgas(t, len, FADT_RESET_REG);

    if (!(f32(t, len, FADT_FLAGS) & FADT_RESET_REG_SUP))
        return;
    if (t[8] < 2 || len <= FADT_RESET_VALUE) { /* the field came in rev 2 */
        acpi_say(c, "ACPI: FADT rev %u length %u claims a reset register it "
                 "cannot hold; not used", t[8], len);
        return;
    }
    if (!r.address || r.space_id > ACPI_SPACE_PCI) {
        acpi_say(c, "ACPI: FADT reset register (space %u, 0x%lx) unusable; "
                 "not used", r.space_id, r.address);
        return;
    }
    pi->reset_supported = true;
    pi->reset_reg = r;
    pi->reset_value = t[FADT_RESET_VALUE];
}

static void parse_pm(struct acpi_ctx *c, struct platform_info *pi,
                     const uint8_t *t, uint32_t len)
{
    struct acpi_gas tmr = fgas(t, len, FADT_X_PM_TMR);
    uint32_t legacy_tmr = f8(t, len, FADT_PM_TMR_LEN) >= 4 ?
                          f32(t, len, FADT_PM_TMR) : 0;

    pi->pm1a_cnt = io_port(c, "PM1a_CNT_BLK", fgas(t, len, FADT_X_PM1A_CNT),
                           f32(t, len, FADT_PM1A_CNT));
    pi->pm1b_cnt = io_port(c, "PM1b_CNT_BLK", fgas(t, len, FADT_X_PM1B_CNT),
                           f32(t, len, FADT_PM1B_CNT));
    pi->pm_timer_port = io_port(c, "PM_TMR_BLK", tmr, legacy_tmr);
    pi->pm_timer_32bit = f32(t, len, FADT_FLAGS) & FADT_TMR_VAL_EXT;
    pi->smi_cmd = f32(t, len, FADT_SMI_CMD);
    pi->acpi_enable = f8(t, len, FADT_ACPI_ENABLE);
    pi->century = f8(t, len, FADT_CENTURY);
}

/* Find \_S5 in the DSDT; the X_DSDT address first, as the spec prefers. */
static void parse_dsdt(struct acpi_ctx *c, struct platform_info *pi,
                       uint64_t x_dsdt, uint32_t dsdt)
{
    const uint8_t *t = NULL;
    uint32_t len;

    if (x_dsdt)
        t = acpi_map_table(c, x_dsdt, "DSDT", &len);
    if (!t && dsdt && dsdt != x_dsdt) {
        if (x_dsdt)
            acpi_say(c, "ACPI: trying the FADT's 32-bit DSDT address 0x%x", dsdt);
        t = acpi_map_table(c, dsdt, "DSDT", &len);
    }
    if (!t) {
        if (!x_dsdt && !dsdt)
            acpi_say(c, "ACPI: FADT gives no DSDT; S5 unknown");
        return;
    }
    pi->s5_valid = acpi_find_s5(c, t + ACPI_HEADER_LEN, len - ACPI_HEADER_LEN,
                                &pi->slp_typa, &pi->slp_typb);
}

void acpi_parse_fadt(struct acpi_ctx *c, struct platform_info *pi)
{
    uint32_t len, dsdt;
    uint64_t x_dsdt;
    const uint8_t *t = acpi_get_table(c, "FACP", &len);

    if (!t) {
        acpi_say(c, "ACPI: no usable FADT; no reset register or S5");
        return;
    }
    if (len < FADT_V1_LEN)
        acpi_say(c, "ACPI: FADT length %u shorter than ACPI 1.0's %u; "
                 "missing fields taken as 0", len, FADT_V1_LEN);
    parse_reset(c, pi, t, len);
    parse_pm(c, pi, t, len);
    dsdt = f32(t, len, FADT_DSDT);
    x_dsdt = f64(t, len, FADT_X_DSDT);
    parse_dsdt(c, pi, x_dsdt, dsdt); /* t is not used after this read */
}

/* ---- \_S5 in AML ---- */

/*
 * One integer element of a package at aml[*pos], before end: the
 * Zero/One/Ones opcodes, Byte/Word/DWord/QWordConst, or (as simple
 * decoders accept) a raw small value 2-9, which no data opcode uses.
 */
static bool aml_integer(const uint8_t *aml, size_t *pos, size_t end,
                        uint64_t *v)
{
    static const uint8_t const_bytes[] = { [0x0a] = 1, [0x0b] = 2,
                                           [0x0c] = 4, [0x0e] = 8 };
    uint8_t op;
    size_t n;

    if (*pos >= end)
        return false;
    op = aml[*pos];
    if (op == 0xff) { /* OnesOp */
        *v = ~0ull;
        *pos += 1;
        return true;
    }
    if (op > 0x0e || op == 0x0d) /* 0x0d starts a string */
        return false;
    n = const_bytes[op]; /* 0 for Zero, One and raw values */
    if (n > end - *pos - 1)
        return false;
    *v = n ? 0 : op;
    for (size_t i = n; i > 0; i--)
        *v = *v << 8 | aml[*pos + i];
    *pos += 1 + n;
    return true;
}

static bool s5_bad(struct acpi_ctx *c, const char *why)
{
    acpi_say(c, "ACPI: \\_S5 package %s; ignored", why);
    return false;
}

/*
 * The package at aml[0] (the PackageOp): PkgLength (1-4 bytes, counting
 * itself), NumElements, then the elements. One element holds both values
 * (a in bits 0-7, b in 8-15), as ACPICA also accepts.
 */
static bool decode_s5(struct acpi_ctx *c, const uint8_t *aml, size_t avail,
                      uint8_t *typa, uint8_t *typb)
{
    size_t extra, pkglen, end, pos;
    uint64_t a, b;

    if (avail < 3)
        return s5_bad(c, "cut off by the end of the table");
    extra = aml[1] >> 6;
    if (avail < 3 + extra)
        return s5_bad(c, "cut off by the end of the table");
    pkglen = extra ? aml[1] & 0x0f : aml[1] & 0x3f;
    for (size_t i = 0; i < extra; i++)
        pkglen |= (size_t)aml[2 + i] << (4 + 8 * i);
    end = 1 + pkglen;
    if (pkglen < extra + 2 || end > avail)
        return s5_bad(c, "length does not fit the table");
    pos = 3 + extra;
    if (aml[2 + extra] == 0)
        return s5_bad(c, "is empty");
    if (!aml_integer(aml, &pos, end, &a))
        return s5_bad(c, "element 0 is not an integer constant");
    if (aml[2 + extra] == 1) {
        b = a >> 8;
    } else if (!aml_integer(aml, &pos, end, &b)) {
        return s5_bad(c, "element 1 is not an integer constant");
    }
    *typa = (uint8_t)a;
    *typb = (uint8_t)b;
    return true;
}

/* NameOp right before the name at aml[i], maybe with the root prefix. */
static bool named_here(const uint8_t *aml, size_t i)
{
    if (i >= 1 && aml[i - 1] == AML_NAME_OP)
        return true;
    return i >= 2 && aml[i - 1] == AML_ROOT_CHAR && aml[i - 2] == AML_NAME_OP;
}

bool acpi_find_s5(struct acpi_ctx *c, const uint8_t *aml, size_t len,
                  uint8_t *typa, uint8_t *typb)
{
    bool seen = false;

    for (size_t i = 0; i + 4 <= len; i++) {
        if (memcmp(aml + i, "_S5_", 4) || !named_here(aml, i))
            continue;
        seen = true;
        if (i + 4 < len && aml[i + 4] != AML_PACKAGE_OP) {
            acpi_say(c, "ACPI: \\_S5 is not a package (byte 0x%02x); ignored",
                     aml[i + 4]);
            continue;
        }
        if (decode_s5(c, aml + i + 4, len - i - 4, typa, typb))
            return true;
    }
    if (!seen)
        acpi_say(c, "ACPI: DSDT has no \\_S5 package; S5 unknown");
    return false;
}
