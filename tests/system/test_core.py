"""Hypervisor core: what a user checks on the console about CPUs, memory,
interrupts, time, the debug keys and the fatal paths."""

import re

from harness import KEEL, Machine, check

T_BOOT = 60
T_LINE = 30
KEEL_LINE_RX = re.compile(r"^\(KEEL\) ")
STAMPED_RX = re.compile(r"^\(KEEL\) \[\s*\d+\.\d{6}\] ")


def cpus_online(m):
    """The number of CPUs Keel says are online."""
    return int(m.expect_keel(r"^(\d+) CPUs? online$", T_BOOT, what="'N CPUs online'").group(1))


def boot_complete(m):
    m.expect_keel(r"^Boot complete in", T_LINE, what="'Boot complete'")


def boot(m):
    """Wait for the end of boot; return the number of CPUs online."""
    n = cpus_online(m)
    boot_complete(m)
    return n


def check_all_stamped(m):
    keel = [l for l in m.lines() if KEEL_LINE_RX.match(l)]
    unstamped = [l for l in keel if not STAMPED_RX.match(l)]
    check(keel and not unstamped, "a timestamp on every Keel line, got without: %r" % unstamped[:3])


def check_memory_adds_up(m, dom0_kib=None):
    ram, keel, free = map(int, m.expect_keel(
        r"^Memory: (\d+) KiB RAM: Keel (\d+) KiB, free (\d+) KiB$", T_LINE,
        what="'Memory: N KiB RAM: Keel N KiB, free N KiB'").groups())
    dom0, domu = map(int, m.expect_keel(
        r"^Memory: dom0 (\d+) KiB.*, domU heap (\d+) KiB$", T_LINE,
        what="'Memory: dom0 N KiB ..., domU heap N KiB'").groups())
    # Keel's share is counted in pages, RAM in bytes: allow the rounding.
    check(abs(ram - (keel + free)) <= 4, "RAM %d KiB = Keel %d + free %d KiB" % (ram, keel, free))
    check(dom0 + domu == free, "dom0 %d + domU heap %d KiB = free %d KiB" % (dom0, domu, free))
    if dom0_kib is not None:
        check(dom0 == dom0_kib, "dom0 to get exactly dom0_mem = %d KiB, got %d" % (dom0_kib, dom0))
    # The frame table (24 bytes a page) and the M2P (8) grow with RAM, as
    # Xen's do; the rest is a few MiB of image, stacks and tables.
    limit = ram // 64 + 8 * 1024
    check(keel < limit, "Keel itself to use under %d KiB (RAM/64 + 8 MiB), it uses %d KiB"
          % (limit, keel))


def test_smp4_2g():
    with Machine(kernel=KEEL, append="console=com1 dom0_mem=512M", mem="2G", smp=4) as m:
        m.expect_keel(r"^ACPI: 4 CPUs \(APIC IDs 0 1 2 3\), IOAPIC", T_BOOT,
                      what="ACPI listing 4 CPUs and an IOAPIC")
        m.expect_keel(r"^TSC: \d+\.\d{3} MHz, calibrated against the HPET$", T_LINE,
                      what="the TSC calibrated against the HPET")
        m.expect_keel(r"^IOAPIC \d+ at 0xfec00000: GSIs 0-23$", T_LINE, what="the IOAPIC")
        check(cpus_online(m) == 4, "4 CPUs online")
        check_memory_adds_up(m, dom0_kib=512 * 1024)
        boot_complete(m)
        check_all_stamped(m)


def test_wallclock_from_rtc():
    """The CMOS clock QEMU starts from the host's UTC time."""
    import time
    with Machine(kernel=KEEL, append="console=com1", mem="128M") as m:
        secs = int(m.expect_keel(r"^Wallclock: (\d+) s since the epoch", T_BOOT,
                                 what="the wallclock read from the RTC").group(1))
        now = time.time()
        check(abs(secs - now) < 120, "the wallclock within 2 minutes of the host's clock: "
              "Keel says %d, the host %d" % (secs, now))


def test_smp1_128m():
    with Machine(kernel=KEEL, append="console=com1", mem="128M", smp=1) as m:
        check(cpus_online(m) == 1, "1 CPU online")
        check_memory_adds_up(m)
        boot_complete(m)
        check_all_stamped(m)


def test_cpu_max_features():
    """A CPU model with x2APIC, SMEP and SMAP: Keel uses them."""
    with Machine(kernel=KEEL, append="console=com1", mem="256M", smp=2, cpu="max") as m:
        feats = m.expect_keel(r"^CPU features:(.*)$", T_BOOT, what="'CPU features:'").group(1).split()
        for f in ("NX", "SMEP", "SMAP"):
            check(f in feats, "%s enabled on -cpu max, got %r" % (f, feats))
        check(boot(m) == 2, "2 CPUs online with -cpu max")


def test_debug_keys():
    with Machine(kernel=KEEL, append="console=com1", mem="256M", smp=2) as m:
        check(boot(m) == 2, "2 CPUs online")
        m.send("\x01\x01\x01")
        m.expect_keel(r"^\*\*\* Serial input to Keel", T_LINE, what="the Ctrl-A switch announced")
        m.send("h")
        m.expect_keel(r"^'h' pressed", T_LINE, what="'h' answered")
        for key in "qrdmt0R":
            m.expect_keel(r"^ key '%s' " % re.escape(key), T_LINE, what="key '%s' in the list" % key)
        m.send("q")
        m.expect_keel(r"^'q' pressed", T_LINE, what="'q' answered")
        m.expect_keel(r"^Domains: none$", T_LINE, what="'q' saying there is no domain")
        m.send("r")
        m.expect_keel(r"^'r' pressed", T_LINE, what="'r' answered")
        for cpu in (0, 1):
            m.expect_keel(r"^ CPU%d:$" % cpu, T_LINE, what="'r' listing CPU%d" % cpu)
            m.expect_keel(r"^   idle$", T_LINE, what="CPU%d idle" % cpu)
        m.send("m")
        free = int(m.expect_keel(r"^ RAM: \d+ KiB, Keel: \d+ KiB, free: (\d+) KiB$", T_LINE,
                                 what="'m' giving RAM and free memory").group(1))
        pages = int(m.expect_keel(r"^ free: (\d+) pages", T_LINE,
                                  what="'m' listing the allocator's free pages").group(1))
        check(pages * 4 == free, "allocator's %d free pages = %d KiB free" % (pages, free))
        m.send("d")
        for cpu in (0, 1):
            m.expect_keel(r"^\*\*\* Dumping CPU%d state \*\*\*$" % cpu, T_LINE,
                          what="'d' dumping CPU%d" % cpu)
            m.expect_keel(r"^RIP: e008:[0-9a-f]{16}", T_LINE, what="CPU%d's RIP" % cpu)
            m.expect_keel(r"^Call trace:$", T_LINE, what="CPU%d's call trace" % cpu)
            m.expect_keel(r"^ \[<[0-9a-f]{16}>\] \w+\+0x[0-9a-f]+/0x[0-9a-f]+$", T_LINE,
                          what="a symbolised frame for CPU%d" % cpu)
        m.send("t")
        m.expect_keel(r"^ NOW\(\) = \d+\.\d{9} s", T_LINE, what="'t' giving NOW()")
        fired = {}
        for _ in range(2):  # a timer on each CPU, through its LAPIC timer
            got = m.expect_keel(r"^ CPU(\d): a timer set 10000 us ahead fired (\d+) us late$",
                                T_LINE, what="the timer armed by 't' firing")
            fired[int(got.group(1))] = int(got.group(2))
        check(sorted(fired) == [0, 1], "a timer firing on CPU0 and CPU1, got %r" % fired)
        m.send("R")
        m.expect_keel(r"^'R' pressed -> rebooting", T_LINE, what="'R' answered")
        m.wait_exit(30, what="QEMU to exit when Keel reboots (-no-reboot)")


def test_stack_overflow_hits_guard():
    with Machine(kernel=KEEL, append="console=com1 keel_selftest=stack noreboot", mem="128M") as m:
        m.expect_keel(r"^PANIC on CPU 0: .*stack overflow", T_BOOT,
                      what="a panic naming the stack overflow")
        m.expect_keel(r"^noreboot: halting$", T_LINE, what="'noreboot: halting'")


def test_text_is_not_writable():
    with Machine(kernel=KEEL, append="console=com1 keel_selftest=wx noreboot", mem="128M") as m:
        m.expect_keel(r"^PANIC on CPU 0: page fault at 0x[0-9a-f]+ \(error code 0x3: protection, write",
                      T_BOOT, what="a protection fault writing Keel's text")
        m.expect_keel(r"^ \[<[0-9a-f]+>\] selftest_wx\+", T_LINE, what="the trace naming selftest_wx")


def test_acpi_poweroff():
    with Machine(kernel=KEEL, append="console=com1 keel_selftest=poweroff", mem="128M") as m:
        m.expect_keel(r"^keel_selftest=poweroff: powering off$", T_BOOT, what="the power-off")
        m.wait_exit(30, what="QEMU to exit when Keel powers off through ACPI S5")


def test_boot_to_cpus_online_is_fast():
    """Banner to 'N CPUs online' with 4 CPUs, by Keel's own clock."""
    with Machine(kernel=KEEL, append="console=com1", mem="512M", smp=4) as m:
        banner = m.expect_keel(r"^Keel \d", T_BOOT, what="the banner")
        online = m.expect_keel(r"^4 CPUs online$", T_BOOT, what="'4 CPUs online'")
        took = online.keel_ts - (banner.keel_ts or 0.0)
        print("banner to 4 CPUs online: %.3f s (emulated)" % took)
        check(took < 1.0, "all CPUs online within 1 s of the banner, took %.3f s" % took)


def test_serial_interrupts_and_sync_console():
    with Machine(kernel=KEEL, append="console=com1", mem="128M") as m:
        m.expect_keel(r"^com1: interrupt-driven on IRQ 4; output buffered$", T_BOOT,
                      what="COM1 on IRQ 4 with buffered output")
        boot(m)
    with Machine(kernel=KEEL, append="console=com1 sync_console", mem="128M") as m:
        m.expect_keel(r"^com1: interrupt-driven on IRQ 4; output synchronous \(sync_console\)$",
                      T_BOOT, what="synchronous output with sync_console")
        boot(m)


def test_q35_acpi_reset():
    """q35's FADT has a reset register: 'R' uses it, and the machine resets."""
    with Machine(kernel=KEEL, append="console=com1", mem="256M", smp=2,
                 extra=("-M", "q35")) as m:
        m.expect_keel(r"^ACPI: reset register I/O 0xcf9 value 0x[0-9a-f]+", T_BOOT,
                      what="q35's ACPI reset register")
        check(boot(m) == 2, "2 CPUs online on q35")
        m.send("R")
        m.expect_keel(r"^reboot: through the ACPI reset register$", T_LINE,
                      what="the reboot going through ACPI")
        m.wait_exit(30, what="QEMU to exit when the machine resets")
