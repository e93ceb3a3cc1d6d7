"""Boot tests: what a user checks on the serial console when Keel boots.

Each test boots Keel under QEMU (TCG) and asserts on the lines Keel prints
(the contract is in tests/system/README.md). Run them with
tests/system/run after `make`.
"""

import os
import re
import subprocess
import time

from harness import (KEEL, KEEL_GZ, MiB, ROOT, Console, Machine, Skip, check,
                     logfile, make_random_file, mkiso, parse_memory_map,
                     parse_modules)

# Timeouts: TCG on a loaded 2-core box. A -kernel boot reaches Keel in a
# second or two; a GRUB ISO boot takes 10-20 s before Keel starts.
T_KERNEL = 60
T_ISO = 90
T_LINE = 30      # between two Keel lines once Keel runs

BANNER = r"^Keel \d+\.\d+\.\d+ \(x86_64, built with "


def hexrange(lo, hi):
    return "[%016x-%016x]" % (lo, hi)


def expect_banner(m, timeout):
    return m.expect_keel(BANNER, timeout, what="the banner '(KEEL) Keel X.Y.Z (x86_64, built with ...)'")


def expect_exact(m, prefix, value, timeout=T_LINE):
    """Expect the Keel line `prefix` + value, exactly."""
    got = m.expect_keel(r"^" + re.escape(prefix) + r"(.*)$", timeout,
                        what="'%s%s'" % (prefix, value)).group(1)
    check(got == value, "'%s' to be exactly %r, got %r" % (prefix, value, got))


def check_memory(m, mem_bytes, timeout=T_LINE):
    """The memory map's usable regions add up to the RAM: line, which is
    within 2 MiB below what QEMU was given."""
    ram_kib = int(m.expect_keel(r"^RAM: (\d+) KiB usable$", timeout,
                                what="'RAM: N KiB usable'").group(1))
    regions = parse_memory_map(m.keel_lines())
    usable = sum(end - start + 1 for start, end, typ in regions if typ == "usable")
    prev_end = -1
    for start, end, typ in regions:
        check(start > prev_end, "memory map regions sorted and not overlapping, got %s %s after one ending at %x"
              % (hexrange(start, end), typ, prev_end))
        prev_end = end
    check(mem_bytes - 2 * MiB <= usable <= mem_bytes,
          "usable memory (sum of 'usable' regions) within [%d, %d] bytes for -m %d MiB, got %d bytes (%d KiB)"
          % (mem_bytes - 2 * MiB, mem_bytes, mem_bytes // MiB, usable, usable // 1024))
    check(ram_kib in (usable // 1024, (usable + 1023) // 1024),
          "'RAM: %d KiB usable' to equal the usable regions' sum, %d bytes = %d KiB"
          % (ram_kib, usable, usable // 1024))
    return usable


def check_modules(m, expected, timeout=T_LINE):
    """expected: [(path, cmdline)]: the 'Modules: N' line and one line per
    module with its size (and a matching range) and its command line."""
    n = int(m.expect_keel(r"^Modules: (\d+)$", timeout, what="'Modules: N'").group(1))
    check(n == len(expected), "'Modules: %d', got 'Modules: %d'" % (len(expected), n))
    for i in range(n):
        m.expect_keel(r"^\s*module %d: " % i, timeout, what="the line of module %d" % i)
    mods = parse_modules(m.keel_lines())
    check(len(mods) == n, "%d module lines '  module I: [start-end] N bytes: cmdline', got %d: %r"
          % (n, len(mods), mods))
    for (idx, start, end, size, cmdline), (i, (path, want_cmdline)) in zip(mods, enumerate(expected)):
        want_size = os.path.getsize(path)
        check(idx == i, "module %d listed as module %d" % (i, idx))
        check(size == want_size, "module %d (%s) to be %d bytes, Keel says %d"
              % (i, os.path.basename(path), want_size, size))
        check(end - start + 1 == size, "module %d's range %s to span its %d bytes"
              % (i, hexrange(start, end), size))
        check(cmdline == want_cmdline, "module %d's command line to be %r, got %r" % (i, want_cmdline, cmdline))


def check_com1(m, baud, divisor, timeout=T_LINE):
    line = m.expect_keel(r"^com1: .*$", timeout, what="the 'com1: ...' line").group(0)
    rx = r"^com1: %d baud 8N1\b.*\bdivisor %d, LCR 0x03\b" % (baud, divisor)
    check(re.search(rx, line), "'com1: %d baud 8N1 at 0x3f8 (read back: divisor %d, LCR 0x03)', got %r"
          % (baud, divisor, line))


# ---------------------------------------------------------------------------
# 1. multiboot1 via QEMU -kernel


def test_multiboot1_kernel():
    cmdline = "dom0_mem=512M console=com1 com1=9600,8n1 loglvl=all"
    mod_a = make_random_file("modA", 74 * 1024 + 1, seed=1)
    mod_b = make_random_file("modB", 3 * 1024 - 5, seed=2)
    modules = [(mod_a, "console=hvc0 foo=1"), (mod_b, "initrd-arg")]
    with Machine(kernel=KEEL, append=cmdline, modules=modules, mem="128M") as m:
        expect_banner(m, T_KERNEL)
        expect_exact(m, "Bootloader: ", "qemu")
        expect_exact(m, "Boot protocol: ", "multiboot1")
        expect_exact(m, "Command line: ", cmdline)
        m.expect_keel(r"^Memory map:$", T_LINE)
        check_memory(m, 128 * MiB)
        check_modules(m, [(mod_a, "console=hvc0 foo=1"), (mod_b, "initrd-arg")])
        opts = m.expect_keel(r"^Options: (.*)$", T_LINE).group(1)
        check(re.search(r"(^| )dom0_mem=512 MiB( |$)", opts), "Options to show 'dom0_mem=512 MiB', got: %s" % opts)
        check(re.search(r"(^| )console=com1( |$)", opts), "Options to show 'console=com1', got: %s" % opts)
        check(re.search(r"(^| )loglvl=all( |$)", opts), "Options to show 'loglvl=all', got: %s" % opts)
        check_com1(m, 9600, 12)
        m.expect_keel(r"^Boot complete\b", T_LINE, what="'Boot complete'")
        problems = [t for _, t in m.keel_lines() if t.startswith("cmdline: ")]
        check(not problems, "no 'cmdline:' problems for a good command line, got: %s" % problems)


# ---------------------------------------------------------------------------
# 2. GRUB2 ISO, multiboot2

ISO_CMDLINE = "dom0_mem=512M console=com1 com1=115200,8n1"
_iso = {}


def grub_iso():
    """The ISO for the GRUB tests, built once per run with tools/mkiso."""
    if "path" not in _iso:
        dom0 = make_random_file("dom0.gz", 50 * 1024 + 13, seed=3)
        cfg = ("menu=Keel:load /dom0.gz console=hvc0;multiboot /keel.gz %s\n" % ISO_CMDLINE)
        _iso["dom0"] = dom0
        _iso["path"] = mkiso(cfg, {"/keel.gz": KEEL_GZ, "/dom0.gz": dom0}, "grub-test.iso")
    return _iso["path"], _iso["dom0"]


def grub_boot(mem, mem_bytes, smp):
    iso, dom0 = grub_iso()
    with Machine(cdrom=iso, mem=mem, smp=smp) as m:
        expect_banner(m, T_ISO)
        m.expect_keel(r"^Bootloader: GRUB\b", T_LINE, what="'Bootloader: GRUB ...'")
        expect_exact(m, "Boot protocol: ", "multiboot2")
        expect_exact(m, "Command line: ", ISO_CMDLINE)
        m.expect_keel(r"^Memory map:$", T_LINE)
        check_memory(m, mem_bytes)
        check_modules(m, [(dom0, "console=hvc0")])
        opts = m.expect_keel(r"^Options: (.*)$", T_LINE).group(1)
        check(re.search(r"(^| )dom0_mem=512 MiB( |$)", opts), "Options to show 'dom0_mem=512 MiB', got: %s" % opts)
        check_com1(m, 115200, 1)
        m.expect_keel(r"^Boot complete\b", T_LINE, what="'Boot complete'")


def test_grub2_iso_2g():
    grub_boot("2G", 2048 * MiB, smp=2)


def test_grub2_iso_128m():
    grub_boot("128M", 128 * MiB, smp=2)


# ---------------------------------------------------------------------------
# 3. Bad command line: each problem reported once, named, boot goes on.


def test_bad_cmdline():
    long_opt = "x" * 10000
    long_size = "9" * 10000
    cmdline = "dom0_mem=banana com1=0 bogus_option=1 %s dom0_mem=%s" % (long_opt, long_size)
    with Machine(kernel=KEEL, append=cmdline, mem="128M") as m:
        expect_banner(m, T_KERNEL)
        m.expect_keel(r"^Boot complete\b", T_KERNEL, what="'Boot complete' despite the bad command line")
        problems = [t for _, t in m.keel_lines() if t.startswith("cmdline: ")]
        report = "\n    ".join(p[:240] for p in problems)
        too_long = [p for p in problems if len(p) > 200]
        check(not too_long, "'cmdline:' lines of at most 200 characters, got %d longer ones (%s)"
              % (len(too_long), ", ".join(str(len(p)) for p in too_long)))

        def naming(rx):
            return [p for p in problems if re.search(rx, p)]
        for rx, n, what in [(r"\bdom0_mem\b", 2, "dom0_mem (once for 'banana', once for the 10,000 digits)"),
                            (r"\bcom1\b", 1, "com1"),
                            (r"\bbogus_option\b", 1, "bogus_option"),
                            (r"xxxxxxxx", 1, "the 10,000-character unknown option")]:
            got = naming(rx)
            check(len(got) == n, "%d 'cmdline:' line(s) naming %s, got %d; the lines:\n    %s"
                  % (n, what, len(got), report))
        check(len(problems) == 5, "exactly 5 'cmdline:' lines (one per problem), got %d:\n    %s"
              % (len(problems), report))
        check(naming(r"banana"), "the dom0_mem line to quote the bad value 'banana':\n    %s" % report)
        opts = [t for _, t in m.keel_lines() if t.startswith("Options: ")]
        check(opts, "an 'Options: ...' line")
        check(re.search(r"(^| )dom0_mem=unset( |$)", opts[0]),
              "Options to show 'dom0_mem=unset', got: %s" % opts[0][:300])


# ---------------------------------------------------------------------------
# 4. Panics

REGISTERS = ("RAX RBX RCX RDX RSI RDI RBP RSP R8 R9 R10 R11 R12 R13 R14 R15 "
             "RIP RFLAGS CR0 CR2 CR3 CR4").split()
FRAME = re.compile(r"^\s*\[<([0-9a-fA-F]{16})>\]\s+([A-Za-z_.$][\w.$]*)\+0x([0-9a-fA-F]+)/0x([0-9a-fA-F]+)\s*$")


def check_panic_dump(m, reason_rx, reason_what):
    m.expect_keel(r"^PANIC on CPU \d+: " + reason_rx, T_KERNEL,
                  what="'PANIC on CPU 0: %s'" % reason_what)
    m.expect_keel(r"^Call trace:$", T_LINE, what="'Call trace:'")
    texts = [t for _, t in m.keel_lines()]
    start = max(i for i, t in enumerate(texts) if t.startswith("PANIC on CPU"))
    end = max(i for i, t in enumerate(texts) if t == "Call trace:")
    regs = " ".join(texts[start + 1:end])
    missing = [r for r in REGISTERS
               if not re.search(r"(?<![\w])%s\s*[:=]\s*(0x)?[0-9a-fA-F]+" % r, regs)]
    check(not missing, "register dump between PANIC and 'Call trace:' with %s; missing %s in:\n    %s"
          % (" ".join(REGISTERS), " ".join(missing), "\n    ".join(texts[start + 1:end])))
    # The trace: frame lines until the next non-frame line.
    frames = []
    deadline = time.monotonic() + T_LINE
    while True:
        left = max(deadline - time.monotonic(), 0)
        k = m.expect_keel(r".*", left, what="call trace lines then the reboot/halt line")
        t = k.group(0)
        if not t.lstrip().startswith("[<"):
            break
        frames.append(t)
    symbolised = [f for f in frames if FRAME.match(f)]
    check(symbolised, "at least one symbolised frame ' [<addr>] name+0xOFF/0xSIZE' after 'Call trace:', got: %r"
          % frames)
    for f in symbolised:
        fm = FRAME.match(f)
        check(int(fm.group(3), 16) < int(fm.group(4), 16), "frame offset below its function's size in %r" % f)
    return t, frames


def test_panic_noreboot():
    with Machine(kernel=KEEL, append="keel_selftest=panic noreboot", mem="128M") as m:
        expect_banner(m, T_KERNEL)
        after, _ = check_panic_dump(m, r"\S", "<reason>")
        check(re.search(r"noreboot: halting", after), "'noreboot: halting' after the call trace, got %r" % after)
        m.assert_running(10, what="QEMU to stay up (halted, not reset) with noreboot")
        rebooting = [t for _, t in m.keel_lines() if "Rebooting" in t]
        check(not rebooting, "no reboot message with noreboot, got %r" % rebooting)


def test_fault_reboots():
    with Machine(kernel=KEEL, append="keel_selftest=fault", mem="128M") as m:
        expect_banner(m, T_KERNEL)
        after, _ = check_panic_dump(m, r".*(?i:page fault)", "... page fault ...")
        check(re.search(r"Rebooting in 5 seconds", after),
              "'Rebooting in 5 seconds...' after the call trace, got %r" % after)
        m.wait_exit(30, what="QEMU to exit (the machine resets, -no-reboot) within 30 s of 'Rebooting'")


def test_vga_console():
    """console=com1,vga: the VGA text screen shows the same log as the
    serial line, read back from the emulated card's memory through QEMU's
    monitor once the serial line says the boot is done."""
    with Machine(kernel=KEEL, append="console=com1,vga", mem="128M",
                 extra=("-vga", "std"), monitor=True) as m:
        m.expect_keel(r"^No domain to run", T_KERNEL, what="'No domain to run'")
        dump = logfile("test_vga_console.b8000")
        if os.path.exists(dump):
            os.unlink(dump)
        out = m.hmp("pmemsave 0xb8000 4000 \"%s\"" % dump)
        check(os.path.exists(dump), "QEMU to save the VGA memory, monitor said %r" % out)
        cells = open(dump, "rb").read()
        rows = ["".join(chr(c) for c in cells[r * 160:(r + 1) * 160:2]).rstrip()
                for r in range(25)]
        screen = [r for r in rows if r]
        serial = [l.rstrip() for l in m.lines() if l.startswith("(KEEL) ")]
        # The screen is 80 columns: a longer serial line wraps onto the next row.
        wrapped = []
        for line in serial:
            wrapped += [line[k:k + 80] for k in range(0, max(len(line), 1), 80)]
        check(len(screen) >= 10, "at least 10 rows of log on the VGA screen, got:\n%s"
              % "\n".join(rows))
        check(screen == [w.rstrip() for w in wrapped[-len(screen):]],
              "the VGA screen to end with the same lines as the serial log;\n"
              "screen:\n%s\nserial (wrapped, last rows):\n%s"
              % ("\n".join(screen), "\n".join(wrapped[-len(screen):])))


# ---------------------------------------------------------------------------
# 5. Boot speed, by Keel's own (emulated-time) clock


def test_boot_speed():
    with Machine(kernel=KEEL, append="console=com1", mem="128M") as m:
        banner = expect_banner(m, T_KERNEL)
        done = m.expect_keel(r"^Boot complete\b", T_KERNEL, what="'Boot complete'")
        check(done.keel_ts is not None, "a timestamp on the 'Boot complete' line")
        # The banner may come before the clock: then boot began at 0.
        start = banner.keel_ts or 0.0
        took = done.keel_ts - start
        check(took < 1.0, "banner to 'Boot complete' in less than 1 s (Keel's timestamps), took %.6f s "
              "(banner at %s, Boot complete at %.6f)" % (took, banner.keel_ts, done.keel_ts))


# ---------------------------------------------------------------------------
# 6. `make run`, as a user types it, with the console on pipes


def test_make_run():
    probe = subprocess.run(["make", "-n", "run"], cwd=ROOT, stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60)
    err = probe.stderr.decode(errors="replace")
    if probe.returncode != 0 and ("No rule to make target" in err or "No targets" in err
                                  or "No makefile found" in err):
        raise Skip("the Makefile has no run target")
    with Console(["make", "run"], stderr_to_stdout=True) as p:
        p.expect_keel(BANNER, 120, what="the banner on `make run`'s output")
        p.expect_keel(r"^Boot complete\b", T_ISO, what="'Boot complete' on `make run`'s output")
        check(not p.exited(), "`make run` to keep running after boot (it exited with %s)" % p.proc.poll())
        # boot.cfg.example's default entry loads dom0 and its initrd: the
        # user lands at dom0's shell.
        from test_dom0 import PROMPT, run
        p.expect(PROMPT, T_ISO, what="dom0's prompt on `make run`'s console", partial=True)
        got = run(p, "ls /etc")
        check("keel/" in got and "rc.conf" in got, "ls /etc at the prompt, got %s" % got)
        p.kill(grace=10)
        deadline = time.monotonic() + 10
        while p.group_alive() and time.monotonic() < deadline:
            time.sleep(0.2)   # killed processes being reaped
        check(not p.group_alive(), "`make run` and its QEMU gone once its process group is killed")
