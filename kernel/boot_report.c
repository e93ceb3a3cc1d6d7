/* The first lines Keel prints: what it is and what the loader gave it. */
#include <keel/boot.h>
#include <keel/console.h>
#include <keel/string.h>

struct keel_options keel_options;

/* A byte count as "512 MiB", "640 KiB" or "100 bytes". */
static void format_size(char *buf, unsigned long size, uint64_t bytes)
{
    static const char *const units[] = { "bytes", "KiB", "MiB", "GiB", "TiB" };
    unsigned int u = 0;

    while (u < 4 && bytes && !(bytes & 1023)) {
        bytes >>= 10;
        u++;
    }
    snprintf(buf, size, "%llu %s", (unsigned long long)bytes, units[u]);
}

static void report_memory(const struct boot_info *bi)
{
    kinfo("Memory map:\n");
    for (unsigned int i = 0; i < bi->nr_mem; i++) {
        const struct boot_mem_region *r = &bi->mem[i];

        kinfo(" [%016llx-%016llx] %s\n", (unsigned long long)r->start,
              (unsigned long long)(r->start + r->size - 1), mem_type_name(r->type));
    }
    kinfo("RAM: %llu KiB usable\n",
          (unsigned long long)(bootinfo_usable_bytes(bi) >> 10));
}

static void report_modules(const struct boot_info *bi)
{
    kinfo("Modules: %u\n", bi->nr_modules);
    for (unsigned int i = 0; i < bi->nr_modules; i++) {
        const struct boot_module *m = &bi->modules[i];

        kinfo(" module %u: [%016llx-%016llx] %llu bytes: %s\n", i,
              (unsigned long long)m->start, (unsigned long long)m->end - 1,
              (unsigned long long)(m->end - m->start), m->cmdline);
    }
}

static const char *yes_no(bool b)
{
    return b ? "yes" : "no";
}

static void describe_size(char *buf, size_t size, uint64_t bytes)
{
    if (bytes)
        format_size(buf, size, bytes);
    else
        snprintf(buf, size, "unset");
}

static void describe_consoles(char *buf, size_t size, unsigned int mask)
{
    snprintf(buf, size, "%s%s%s%s", mask & CONSOLE_COM1 ? "com1," : "",
             mask & CONSOLE_COM2 ? "com2," : "", mask & CONSOLE_VGA ? "vga," : "",
             mask ? "" : "none");
    size_t n = strlen(buf);
    if (n && buf[n - 1] == ',')
        buf[n - 1] = '\0';
}

static void report_options(const struct keel_options *o)
{
    char con[32], mem[32], max[32], vcpus[16];

    describe_consoles(con, sizeof(con), o->console);
    describe_size(mem, sizeof(mem), o->dom0_mem);
    describe_size(max, sizeof(max), o->dom0_mem_max);
    if (o->dom0_max_vcpus)
        snprintf(vcpus, sizeof(vcpus), "%u", o->dom0_max_vcpus);
    else
        snprintf(vcpus, sizeof(vcpus), "unset");
    kinfo("Options: console=%s dom0_mem=%s dom0_mem_max=%s dom0_max_vcpus=%s "
          "dom0_vcpus_pin=%s loglvl=%s noreboot=%s sync_console=%s\n",
          con, mem, max, vcpus, yes_no(o->dom0_vcpus_pin),
          loglvl_name(o->loglvl), yes_no(o->noreboot), yes_no(o->sync_console));
}

void boot_report(const struct boot_info *bi, const struct keel_options *opts)
{
    kinfo("Keel " KEEL_VERSION " (x86_64, built with " KEEL_COMPILER ")\n");
    kinfo("Bootloader: %s\n", bi->loader);
    kinfo("Boot protocol: %s\n", bi->protocol);
    kinfo("Command line: %s\n", bi->cmdline);
    if (bi->cmdline_truncated)
        kwarn("Command line longer than %u characters: the rest is ignored\n",
              (unsigned int)sizeof(bi->cmdline_buf) - 1);
    report_memory(bi);
    report_modules(bi);
    if (bi->dropped)
        kwarn("The loader gave more regions or modules than Keel keeps: %u ignored\n",
              bi->dropped);
    report_options(opts);
}
