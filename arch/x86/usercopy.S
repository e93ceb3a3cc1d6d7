/*
 * Copying to and from a guest's virtual addresses. The guest maps its
 * pages user-accessible, so with SMAP on the copy runs between STAC and
 * CLAC; a fault in the copy (unmapped, read-only) is fixed up by the
 * exception table and reported as the number of bytes left.
 *
 * unsigned long raw_copy_guest(void *dst, const void *src, unsigned long n)
 * returns the bytes NOT copied (0 on success).
 */
    .text
    .globl raw_copy_guest
raw_copy_guest:
    mov %rdx, %rcx
    testb $1, smap_enabled(%rip)
    jz 1f
    stac
1:
copy_insn:
    rep movsb
    testb $1, smap_enabled(%rip)
    jz 2f
    clac
2:
    mov %rcx, %rax
    ret

/* A fault in copy_insn lands here with RCX = bytes left. */
copy_fixup:
    testb $1, smap_enabled(%rip)
    jz 3f
    clac
3:
    mov %rcx, %rax
    ret

    .section .ex_table, "a"
    .balign 8
    .quad copy_insn, copy_fixup
