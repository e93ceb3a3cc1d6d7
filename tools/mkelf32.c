/*
 * mkelf32: wrap Keel's 64-bit ELF in the 32-bit ELF that multiboot1 loaders
 * (QEMU -kernel, GRUB `multiboot`, NetBSD's boot) accept.
 *
 * The output has one PT_LOAD segment covering the input's loadable
 * segments laid out by physical address (gaps zero-filled, BSS as memsz
 * beyond filesz), with virtual = physical addresses and the input's
 * (physical) entry point. Usage: mkelf32 IN.elf64 OUT.elf32
 */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FILE_ALIGN 0x1000 /* where the segment's bytes start in the file */

static void die(const char *what, const char *detail)
{
    fprintf(stderr, "mkelf32: %s%s%s\n", what, detail ? ": " : "",
            detail ? detail : "");
    exit(1);
}

static unsigned char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf;
    long n;

    if (!f)
        die(path, strerror(errno));
    if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
        die(path, "cannot size");
    buf = malloc((size_t)n);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n)
        die(path, "cannot read");
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* The physical span [lo, file_hi) with bytes and [lo, mem_hi) in memory. */
struct span {
    Elf64_Addr lo, file_hi, mem_hi;
};

static const Elf64_Phdr *phdrs(const unsigned char *img, size_t len,
                               const Elf64_Ehdr *eh)
{
    if (len < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
        eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_machine != EM_X86_64)
        die("input is not an x86_64 ELF", NULL);
    if (eh->e_phentsize != sizeof(Elf64_Phdr) ||
        eh->e_phoff > len || eh->e_phnum > (len - eh->e_phoff) / sizeof(Elf64_Phdr))
        die("input program headers are malformed", NULL);
    return (const Elf64_Phdr *)(img + eh->e_phoff);
}

static struct span find_span(const unsigned char *img, size_t len,
                             const Elf64_Ehdr *eh)
{
    const Elf64_Phdr *ph = phdrs(img, len, eh);
    struct span s = { (Elf64_Addr)-1, 0, 0 };

    for (int i = 0; i < eh->e_phnum; i++) {
        if (ph[i].p_type != PT_LOAD || !ph[i].p_memsz)
            continue;
        if (ph[i].p_offset > len || ph[i].p_filesz > len - ph[i].p_offset)
            die("a segment lies outside the input file", NULL);
        if (ph[i].p_paddr < s.lo)
            s.lo = ph[i].p_paddr;
        if (ph[i].p_filesz && ph[i].p_paddr + ph[i].p_filesz > s.file_hi)
            s.file_hi = ph[i].p_paddr + ph[i].p_filesz;
        if (ph[i].p_paddr + ph[i].p_memsz > s.mem_hi)
            s.mem_hi = ph[i].p_paddr + ph[i].p_memsz;
    }
    if (s.lo == (Elf64_Addr)-1 || s.mem_hi > 0xffffffffu)
        die("input has no loadable segment below 4 GiB", NULL);
    return s;
}

int main(int argc, char **argv)
{
    size_t len;
    unsigned char *img, *out;
    const Elf64_Ehdr *eh;
    const Elf64_Phdr *ph;
    struct span s;
    size_t out_len;
    FILE *f;

    if (argc != 3)
        die("usage: mkelf32 IN.elf64 OUT.elf32", NULL);
    img = read_file(argv[1], &len);
    eh = (const Elf64_Ehdr *)img;
    s = find_span(img, len, eh);
    ph = phdrs(img, len, eh);
    if (eh->e_entry < s.lo || eh->e_entry >= s.file_hi)
        die("entry point is not a physical address inside the image", NULL);

    out_len = FILE_ALIGN + (s.file_hi - s.lo);
    out = calloc(1, out_len);
    if (!out)
        die("out of memory", NULL);
    for (int i = 0; i < eh->e_phnum; i++)
        if (ph[i].p_type == PT_LOAD && ph[i].p_filesz)
            memcpy(out + FILE_ALIGN + (ph[i].p_paddr - s.lo),
                   img + ph[i].p_offset, ph[i].p_filesz);

    Elf32_Ehdr *oh = (Elf32_Ehdr *)out;
    Elf32_Phdr *op = (Elf32_Phdr *)(out + sizeof(*oh));
    memcpy(oh->e_ident, ELFMAG, SELFMAG);
    oh->e_ident[EI_CLASS] = ELFCLASS32;
    oh->e_ident[EI_DATA] = ELFDATA2LSB;
    oh->e_ident[EI_VERSION] = EV_CURRENT;
    oh->e_type = ET_EXEC;
    oh->e_machine = EM_386;
    oh->e_version = EV_CURRENT;
    oh->e_entry = (Elf32_Addr)eh->e_entry;
    oh->e_phoff = sizeof(*oh);
    oh->e_ehsize = sizeof(*oh);
    oh->e_phentsize = sizeof(*op);
    oh->e_phnum = 1;
    op->p_type = PT_LOAD;
    op->p_offset = FILE_ALIGN;
    op->p_vaddr = op->p_paddr = (Elf32_Addr)s.lo;
    op->p_filesz = (Elf32_Word)(s.file_hi - s.lo);
    op->p_memsz = (Elf32_Word)(s.mem_hi - s.lo);
    op->p_flags = PF_R | PF_W | PF_X;
    op->p_align = FILE_ALIGN;

    f = fopen(argv[2], "wb");
    if (!f || fwrite(out, 1, out_len, f) != out_len || fclose(f))
        die(argv[2], "cannot write");
    return 0;
}
