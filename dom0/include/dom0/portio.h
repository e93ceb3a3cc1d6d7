/*
 * Port I/O from dom0. dom0's kernel runs in ring 3, so each IN or OUT
 * traps to the hypervisor, which performs it when the vCPU's virtual IOPL
 * allows (portio_init asks for it) and the port is one dom0 may use.
 */
#ifndef DOM0_PORTIO_H
#define DOM0_PORTIO_H

#include <stdint.h>

/* Ask for the I/O privilege dom0's kernel needs; 0 or a negative errno. */
int portio_init(void);

static inline uint8_t inb(uint16_t port)
{
    uint8_t v;

    asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline uint16_t inw(uint16_t port)
{
    uint16_t v;

    asm volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline uint32_t inl(uint16_t port)
{
    uint32_t v;

    asm volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline void outb(uint16_t port, uint8_t v)
{
    asm volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outw(uint16_t port, uint16_t v)
{
    asm volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(uint16_t port, uint32_t v)
{
    asm volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

#endif
