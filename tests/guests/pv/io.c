/*
 * Port I/O for dom0: with its virtual IOPL raised (PHYSDEVOP_set_iopl),
 * the kernel's IN/OUT in ring 3 trap and the hypervisor carries them out,
 * for the ports dom0 may use. Included by main.c.
 */
#include <public/physdev.h>

static inline void out32(uint16_t port, uint32_t v)
{
    asm volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint32_t in32(uint16_t port)
{
    uint32_t v;

    asm volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline uint8_t in8(uint16_t port)
{
    uint8_t v;

    asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static void check_port_io(void)
{
    struct physdev_set_iopl iopl = { 4 };
    long rc = HYPERCALL(__HYPERVISOR_physdev_op, PHYSDEVOP_set_iopl, &iopl, 0);
    uint32_t id;

    check(rc == -XEN_EINVAL, "physdev_op: IOPL 4: -EINVAL", rc);
    iopl.iopl = 1;
    rc = HYPERCALL(__HYPERVISOR_physdev_op, PHYSDEVOP_set_iopl, &iopl, 0);
    check(rc == 0, "physdev_op: IOPL 1 for the kernel", rc);
    if (rc)
        return; /* without it, IN/OUT would fault */
    out32(0xcf8, 0x80000000u);          /* bus 0, device 0, function 0, register 0 */
    id = in32(0xcfc);
    check((id & 0xffff) == 0x8086, "port I/O: PCI config space, host bridge vendor Intel",
          id & 0xffff);
    check(in32(0xcf8) == 0x80000000u, "port I/O: CONFIG_ADDRESS reads back", in32(0xcf8));
    check(in8(0x3fd) == 0xff, "port I/O: the hypervisor's console UART reads as all ones",
          in8(0x3fd));
    iopl.iopl = 0;
    HYPERCALL(__HYPERVISOR_physdev_op, PHYSDEVOP_set_iopl, &iopl, 0);
}
