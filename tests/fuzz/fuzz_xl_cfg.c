/*
 * libFuzzer target: the xl.cfg parser (dom0/xl/xl_cfg*.c) on any bytes.
 * The input is a config file; a NUL byte in it, if any, ends the file and
 * starts one command-line override, as `xl create CFG KEY=VALUE` gives.
 * Beyond not crashing (ASan, UBSan), a config the parser accepts must
 * hold what it promises callers.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <dom0/xl_cfg.h>

static void check_accepted(const struct xl_domain_cfg *c)
{
    if (!c->name[0] || !c->kernel[0] || c->memory_mb > c->maxmem_mb ||
        c->vcpus > c->maxvcpus || c->vcpus == 0 || c->cpu_weight == 0 ||
        c->n_disks > XL_CFG_MAX_DISKS || c->n_vifs > XL_CFG_MAX_VIFS)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct xl_domain_cfg cfg;
    static struct xl_cfg_diag diag;
    const char *text = (const char *)data;
    const uint8_t *nul = memchr(data, 0, size);
    size_t file_len = nul ? (size_t)(nul - data) : size;
    char *override = NULL;
    const char *overrides[1];
    size_t n = 0;

    if (nul) {
        size_t len = size - file_len - 1;

        if (!(override = malloc(len + 1)))
            return 0;
        memcpy(override, nul + 1, len);
        override[len] = '\0';
        overrides[n++] = override;
    }
    if (xl_cfg_parse("fuzz.cfg", text, file_len, overrides, n, &cfg, &diag) == 0)
        check_accepted(&cfg);
    else if (!diag.error[0])
        abort();        /* every refusal says why */
    free(override);
    return 0;
}
