/*
 * Finding ACPI tables: the RSDP (given, or searched for as the spec says),
 * the RSDT or XSDT, and any table they list, each checked before use.
 * A pointer from read_phys is used only until the next call, so whatever
 * outlives a read is copied out first.
 */
#include <keel/acpi.h>
#include <keel/string.h>

#define BDA_EBDA_SEGMENT 0x40e
#define EBDA_SEARCH_LEN  1024
#define BIOS_AREA_START  0xe0000
#define BIOS_AREA_LEN    0x20000
#define RSDP_V1_LEN      20
#define RSDP_V2_LEN      36
#define BAD_RSDP_REPORTS 3 /* one corrupt copy is news; a thousand are noise */

void acpi_say(struct acpi_ctx *c, const char *fmt, ...)
{
    char msg[160];
    va_list ap;

    if (!c->report || ++c->said > ACPI_MAX_REPORTS + 1)
        return;
    if (c->said == ACPI_MAX_REPORTS + 1) { /* corrupt tables can repeat a fault */
        c->report("ACPI: more problems; not reported");
        return;
    }
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    c->report(msg);
}

/* Sum of the bytes: 0 for a table whose checksum is right. */
uint8_t acpi_sum(const uint8_t *p, size_t len)
{
    uint8_t sum = 0;

    for (size_t i = 0; i < len; i++)
        sum += p[i];
    return sum;
}

/* Log name of a table: the spec's names for the two whose signatures differ. */
const char *acpi_table_name(const char *sig)
{
    if (!memcmp(sig, "APIC", 4))
        return "MADT";
    if (!memcmp(sig, "FACP", 4))
        return "FADT";
    return sig;
}

uint64_t acpi_scan(struct acpi_ctx *c, uint64_t start, size_t len,
                   acpi_match_fn match, void *arg)
{
    const uint8_t *p = c->read(start, len);

    if (!p) {
        acpi_say(c, "ACPI: cannot read 0x%lx-0x%lx to search it", start,
                 start + len - 1);
        return 0;
    }
    for (size_t off = 0; off + 16 <= len; off += 16)
        if (match(c, start + off, p + off, len - off, arg))
            return start + off;
    return 0;
}

/* The EBDA's address from the BIOS data area, or 0 if it makes no sense. */
uint64_t acpi_ebda_base(struct acpi_ctx *c)
{
    const uint8_t *p = c->read(BDA_EBDA_SEGMENT, 2);
    uint64_t base;

    if (!p)
        return 0;
    base = (uint64_t)acpi_get16(p) << 4;
    if (base < 0x400 || base >= 0xa0000) /* not below the VGA hole: garbage */
        return 0;
    return base;
}

struct rsdp_search {
    struct acpi_rsdp *r;
    unsigned int bad;
};

static void copy_oem(char *dst, const uint8_t *src)
{
    for (int i = 0; i < 6; i++)
        dst[i] = src[i] >= 0x20 && src[i] < 0x7f ? (char)src[i] :
                 src[i] ? '?' : ' ';
    dst[6] = '\0';
}

static bool rsdp_bad(struct rsdp_search *s, struct acpi_ctx *c, uint64_t pa,
                     uint8_t sum)
{
    if (++s->bad <= BAD_RSDP_REPORTS)
        acpi_say(c, "ACPI: RSDP at 0x%lx checksum wrong (sum 0x%02x); skipped",
                 pa, sum);
    return false;
}

/*
 * An RSDP at p: signature and checksum of the ACPI 1.0 part. A revision 2+
 * RSDP whose extended checksum fails still has a sound RSDT pointer, so it
 * is used as ACPI 1.0 rather than thrown away.
 */
static bool rsdp_match(struct acpi_ctx *c, uint64_t pa, const uint8_t *p,
                       size_t avail, void *arg)
{
    struct rsdp_search *s = arg;
    struct acpi_rsdp *r = s->r;
    uint8_t sum;

    if (avail < RSDP_V1_LEN || memcmp(p, "RSD PTR ", 8))
        return false;
    if ((sum = acpi_sum(p, RSDP_V1_LEN)))
        return rsdp_bad(s, c, pa, sum);
    r->pa = pa;
    copy_oem(r->oem, p + 9);
    r->revision = p[15];
    r->rsdt = acpi_get32(p + 16);
    r->xsdt = 0;
    if (r->revision < 2)
        return true;
    if (avail < RSDP_V2_LEN)
        acpi_say(c, "ACPI: RSDP at 0x%lx rev %u cut short; using its RSDT only",
                 pa, r->revision);
    else if ((sum = acpi_sum(p, RSDP_V2_LEN)))
        acpi_say(c, "ACPI: RSDP at 0x%lx extended checksum wrong (sum 0x%02x); "
                 "using its RSDT only", pa, sum);
    else
        r->xsdt = acpi_get64(p + 24);
    return true;
}

static bool rsdp_at_hint(struct acpi_ctx *c, uint64_t hint,
                         struct rsdp_search *s)
{
    size_t len = RSDP_V2_LEN;
    const uint8_t *p = c->read(hint, len);

    if (!p) /* a revision 0 copy may be only 20 bytes long */
        p = c->read(hint, len = RSDP_V1_LEN);
    if (p && rsdp_match(c, hint, p, len, s))
        return true;
    acpi_say(c, "ACPI: no valid RSDP at 0x%lx (from the loader); searching",
             hint);
    return false;
}

bool acpi_find_rsdp(struct acpi_ctx *c, uint64_t hint, struct acpi_rsdp *r)
{
    struct rsdp_search s = { r, 0 };
    uint64_t ebda;

    memset(r, 0, sizeof(*r));
    if (hint && rsdp_at_hint(c, hint, &s))
        return true;
    ebda = acpi_ebda_base(c);
    if (ebda && acpi_scan(c, ebda, EBDA_SEARCH_LEN, rsdp_match, &s))
        return true;
    return acpi_scan(c, BIOS_AREA_START, BIOS_AREA_LEN, rsdp_match, &s) != 0;
}

/* The 4 signature bytes as text, with '?' for what is not printable. */
static void sig_text(char out[5], const uint8_t *p)
{
    for (int i = 0; i < 4; i++)
        out[i] = p[i] >= 0x20 && p[i] < 0x7f ? (char)p[i] : '?';
    out[4] = '\0';
}

/* Header checks that need only the first ACPI_HEADER_LEN bytes. */
static bool header_ok(struct acpi_ctx *c, uint64_t pa, const uint8_t *h,
                      const char *sig, uint32_t len)
{
    const char *name = acpi_table_name(sig);
    char got[5];

    if (memcmp(h, sig, 4)) {
        sig_text(got, h);
        acpi_say(c, "ACPI: %s at 0x%lx has signature \"%s\"; table ignored",
                 name, pa, got);
        return false;
    }
    if (len < ACPI_HEADER_LEN) {
        acpi_say(c, "ACPI: %s length %u too short; table ignored", name, len);
        return false;
    }
    if (len > ACPI_MAX_TABLE_LEN || pa > UINT64_MAX - len) {
        acpi_say(c, "ACPI: %s length 0x%x implausible; table ignored", name, len);
        return false;
    }
    return true;
}

const uint8_t *acpi_map_table(struct acpi_ctx *c, uint64_t pa,
                              const char *sig, uint32_t *lenp)
{
    const char *name = acpi_table_name(sig);
    const uint8_t *t = pa ? c->read(pa, ACPI_HEADER_LEN) : NULL;
    uint32_t len;
    uint8_t sum;

    if (!t) {
        acpi_say(c, "ACPI: %s at 0x%lx cannot be read; table ignored", name, pa);
        return NULL;
    }
    len = acpi_get32(t + 4);
    if (!header_ok(c, pa, t, sig, len))
        return NULL;
    if (!(t = c->read(pa, len))) {
        acpi_say(c, "ACPI: %s at 0x%lx length %u cannot be read; table ignored",
                 name, pa, len);
        return NULL;
    }
    if ((sum = acpi_sum(t, len))) {
        acpi_say(c, "ACPI: %s checksum wrong (sum 0x%02x); table ignored",
                 name, sum);
        return NULL;
    }
    *lenp = len;
    return t;
}

/* Note each listed table's signature, so lookups need not read them again. */
static void note_tables(struct acpi_ctx *c, const char *root,
                        const uint64_t *pa, unsigned int n)
{
    for (unsigned int i = 0; i < n; i++) {
        const uint8_t *h = pa[i] ? c->read(pa[i], 4) : NULL;

        if (!h) {
            acpi_say(c, "ACPI: %s entry %u (0x%lx) cannot be read; skipped",
                     root, i, pa[i]);
            continue;
        }
        c->tables[c->nr_tables].pa = pa[i];
        memcpy(c->tables[c->nr_tables].sig, h, 4);
        c->nr_tables++;
    }
}

static bool load_root_table(struct acpi_ctx *c, uint64_t pa, const char *sig,
                            size_t entry_size)
{
    uint64_t entries[ACPI_MAX_TABLES];
    uint32_t len;
    const uint8_t *t = acpi_map_table(c, pa, sig, &len);
    size_t n;

    if (!t)
        return false;
    n = (len - ACPI_HEADER_LEN) / entry_size;
    if ((len - ACPI_HEADER_LEN) % entry_size)
        acpi_say(c, "ACPI: %s length %u is not a whole number of entries; "
                 "last bytes ignored", sig, len);
    if (n > ACPI_MAX_TABLES) {
        acpi_say(c, "ACPI: %s lists %zu tables; only the first %u are used",
                 sig, n, ACPI_MAX_TABLES);
        n = ACPI_MAX_TABLES;
    }
    for (size_t i = 0; i < n; i++) {
        const uint8_t *e = t + ACPI_HEADER_LEN + i * entry_size;

        entries[i] = entry_size == 8 ? acpi_get64(e) : acpi_get32(e);
    }
    c->nr_tables = 0;
    note_tables(c, sig, entries, (unsigned int)n);
    return true;
}

const char *acpi_load_root(struct acpi_ctx *c, const struct acpi_rsdp *r)
{
    if (r->xsdt) {
        if (load_root_table(c, r->xsdt, "XSDT", 8))
            return "XSDT";
        if (r->rsdt)
            acpi_say(c, "ACPI: using the RSDT instead");
    }
    if (r->rsdt && load_root_table(c, r->rsdt, "RSDT", 4))
        return "RSDT";
    if (!r->rsdt && !r->xsdt)
        acpi_say(c, "ACPI: RSDP at 0x%lx gives no RSDT or XSDT", r->pa);
    return NULL;
}

/* The first table with this signature that passes the checks, or NULL. */
const uint8_t *acpi_get_table(struct acpi_ctx *c, const char *sig,
                              uint32_t *len)
{
    for (unsigned int i = 0; i < c->nr_tables; i++) {
        const uint8_t *t;

        if (memcmp(c->tables[i].sig, sig, 4))
            continue;
        if ((t = acpi_map_table(c, c->tables[i].pa, sig, len)))
            return t;
    }
    return NULL;
}
