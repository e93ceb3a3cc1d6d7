/* Hypercalls from the PV test guest, through its hypercall page. */
#ifndef PVTEST_HYPERCALL_H
#define PVTEST_HYPERCALL_H

extern char hypercall_page[];

/* Entry n of the hypercall page; RDI, RSI, RDX, R10, R8 carry arguments. */
static inline long hypercall5(unsigned int nr, unsigned long a1, unsigned long a2,
                              unsigned long a3, unsigned long a4, unsigned long a5)
{
    register unsigned long r10 asm("r10") = a4;
    register unsigned long r8 asm("r8") = a5;
    long ret;

    asm volatile("call *%[entry]"
                 : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10), "+r"(r8)
                 : [entry] "r"(hypercall_page + nr * 32)
                 : "memory", "rcx", "r9", "r11");
    return ret;
}

#define HYPERCALL(nr, a1, a2, a3) hypercall5(nr, (unsigned long)(a1), \
    (unsigned long)(a2), (unsigned long)(a3), 0, 0)

#endif
