"""Keel on an emulated Intel CPU (Bochs, Skylake-X): x2APIC, TSC-deadline,
SMEP/SMAP and a second CPU, through the same GRUB2 ISO path users boot.
Bochs runs about a hundred times slower than QEMU: one boot, many checks."""

from harness import KEEL_GZ, Bochs, check, mkiso

T_BOCHS = 400  # SeaBIOS, GRUB and Keel at ~50 MIPS on a busy 2-core host


def test_bochs_intel_x2apic_smp():
    iso = mkiso("menu=Keel:multiboot /keel.gz console=com1 com1=115200,8n1\ntimeout=0\n",
                {"/keel.gz": KEEL_GZ}, "bochs.iso")
    with Bochs(iso, cpus=2) as m:
        m.expect_keel(r"^Boot protocol: multiboot2$", T_BOCHS, what="Keel started by GRUB2")
        m.expect_keel(r"^APIC: x2APIC mode, boot CPU APIC ID 0$", T_BOCHS, what="x2APIC mode")
        m.expect_keel(r"^APIC timer: TSC-deadline$", T_BOCHS, what="the TSC-deadline timer")
        feats = m.expect_keel(r"^CPU features:(.*)$", T_BOCHS, what="'CPU features:'").group(1).split()
        for f in ("NX", "SMEP", "SMAP"):
            check(f in feats, "%s enabled on Skylake-X, got %r" % (f, feats))
        m.expect_keel(r"^2 CPUs online$", T_BOCHS, what="both CPUs online")
        m.expect_keel(r"^Boot complete in", T_BOCHS, what="'Boot complete'")
