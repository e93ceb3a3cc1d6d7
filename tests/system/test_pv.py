"""PV guests on Keel: the PV test guest (tests/guests/pv), booted as dom0,
must pass exactly the checks it passes as dom0 on Xen 4.17
(test_xen_reference.py), and Keel must stay healthy afterwards."""

import os
import re

from harness import BUILD, KEEL, Machine, check, check_pvtest_results, need_file

PVTEST_GZ = os.path.join(BUILD, "pvtest.gz")
T_BOOT = 60


def test_pvtest_as_dom0():
    need_file(PVTEST_GZ, "run `make` first")
    with Machine(kernel=KEEL, append="console=com1 dom0_mem=64M noreboot",
                 modules=[(PVTEST_GZ, "console=hvc0")], mem="256M", smp=2) as m:
        m.expect_keel(r"^dom0: ", T_BOOT, what="Keel building dom0")
        m.expect(r"^pvtest: Keel PV test guest starting$", T_BOOT,
                 what="the guest's first console_io line, raw as on Xen")
        check_pvtest_results(m, T_BOOT)
        m.expect_keel(r"^Domain 0 \(Domain-0\) shut down: poweroff$", T_BOOT,
                      what="dom0's SCHEDOP_shutdown(poweroff) seen by Keel")
        m.wait_exit(30, what="the machine to power off with its hardware domain")


def test_two_domains_events_and_grants():
    """dom0 and a domU Keel starts from a `domU` module (both the PV test
    guest) bind an interdomain channel, send both ways, and map, copy and
    revoke each other's grants; each side checks, and dom0's summary
    includes the domU's verdict. Then dom0 destroys the domU mid-wait and
    checks its port, grants and memory come back."""
    need_file(PVTEST_GZ, "run `make` first")
    with Machine(kernel=KEEL, append="console=com1 dom0_mem=64M noreboot",
                 modules=[(PVTEST_GZ, "console=hvc0 twodom"), (PVTEST_GZ, "domU memory=16")],
                 mem="256M", smp=2) as m:
        m.expect_keel(r"^d1: 16 MiB, 1 vCPU, entry ", T_BOOT, what="Keel building domain 1")
        domu = m.expect(r"^\(d1\) pvtest: (\d+) passed, (\d+) failed$", T_BOOT,
                        what="domain 1's summary, through console_io as a (d1) line")
        check(int(domu.group(2)) == 0 and int(domu.group(1)) > 20,
              "domain 1 to pass all its checks: %s" % domu.group(0))
        m.expect_keel(r"^Domain 1 \(d1\) destroyed: 1 frames still mapped by others$", T_BOOT,
                      what="dom0 destroying domain 1 while it maps one of its pages")
        m.expect_keel(r"^Domain 1 \(d1\) is gone: every frame returned$", T_BOOT,
                      what="domain 1 reaped once dom0 unmapped that page")
        n = check_pvtest_results(m, T_BOOT)
        lines = [x for x in m.lines() if x.startswith("pvtest: PASS two domains:")]
        check(len(lines) >= 12, "dom0's two-domain checks to have run, saw %d" % len(lines))
        m.wait_exit(30, what="the machine to power off with dom0")
        check(n > 170, "dom0 to count the two-domain checks in its summary, it says %d" % n)


def test_bad_domu_module_is_refused_and_dom0_runs():
    """A domU module that is not a kernel, or asks for more memory than
    there is, gets a clear reason, and what was built of it is torn down;
    dom0 runs its checks regardless."""
    from harness import make_random_file
    need_file(PVTEST_GZ, "run `make` first")
    junk = make_random_file("domu-junk", 40000, seed=11)
    with Machine(kernel=KEEL, append="console=com1 dom0_mem=64M noreboot",
                 modules=[(PVTEST_GZ, "console=hvc0"), (junk, "domU"),
                          (PVTEST_GZ, "domU memory=100000")],
                 mem="256M", smp=2) as m:
        m.expect_keel(r"^domU: cannot build it from module 1: not an ELF file", T_BOOT,
                      what="the junk domU refused with a reason")
        m.expect_keel(r"^domU: cannot build it from module 2: .*memory", T_BOOT,
                      what="the oversized domU refused for lack of memory")
        m.expect_keel(r"^Domain 2 \(d2\) is gone: every frame returned$", T_BOOT,
                      what="the half-built domain 2 torn down, its frames all back")
        check_pvtest_results(m, T_BOOT)
        m.wait_exit(30, what="the machine to power off with dom0")


def test_bad_dom0_images_are_refused():
    """A corrupt or foreign dom0 image gets a clear reason, and Keel stays up."""
    import gzip
    from harness import KEEL, logfile, make_random_file
    need_file(PVTEST_GZ, "run `make` first")
    pvtest = gzip.decompress(open(PVTEST_GZ, "rb").read())
    cases = {
        "junk": (make_random_file("dom0-junk", 40000, seed=7), r"not an ELF file"),
        "truncated-elf": (None, r"."),
        "no-xen-notes": (os.path.join(BUILD, "keel-syms"), r"no Xen ELF notes"),
        "elf32": (KEEL, r"not a 64-bit ELF"),
        "bad-gzip": (None, r"cannot decompress the gzip image"),
    }
    # Cut inside the first loadable segment (symbols at the end don't count).
    import struct
    phoff, = struct.unpack_from("<Q", pvtest, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", pvtest, 0x36)
    loads = [struct.unpack_from("<IIQQQQQ", pvtest, phoff + i * phentsize) for i in range(phnum)]
    first = next(ph for ph in loads if ph[0] == 1)  # PT_LOAD: (type, flags, offset, ...)
    truncated = logfile("dom0-truncated")
    with open(truncated, "wb") as f:
        f.write(pvtest[:first[2] + first[5] // 2])
    cases["truncated-elf"] = (truncated, r"outside|past|truncated|beyond|end of")
    bad_gz = logfile("dom0-bad.gz")
    data = bytearray(open(PVTEST_GZ, "rb").read())
    data[len(data) // 2] ^= 0xff
    with open(bad_gz, "wb") as f:
        f.write(data)
    cases["bad-gzip"] = (bad_gz, cases["bad-gzip"][1])

    for name, (path, reason) in cases.items():
        with Machine(kernel=KEEL, append="console=com1 dom0_mem=32M", modules=[path],
                     mem="128M", name="test_bad_dom0_%s" % name) as m:
            got = m.expect_keel(r"^dom0: cannot build it from module 0: (.*)$", T_BOOT,
                                what="a refusal of the %s image" % name).group(1)
            check(re.search(reason, got, re.I), "the %s refusal to say /%s/, it says %r"
                  % (name, reason, got))
            m.expect_keel(r"^No domain to run", T_BOOT, what="Keel idle after the refusal")
            m.send("q")
            m.expect_keel(r"^'q' pressed", T_BOOT, what="Keel still answering debug keys")


def test_hostile_hypercalls_leave_keel_healthy():
    """dom0 throws seeded random hypercalls at Keel (the guest's fuzz mode,
    which avoids only what would end its own run); Keel must answer every
    one and stay healthy: the debug keys still describe dom0 afterwards."""
    need_file(PVTEST_GZ, "run `make` first")
    for seed, count in ((42, 3000), (20261123, 3000)):
        with Machine(kernel=KEEL, append="console=com1 dom0_mem=64M",
                     modules=[(PVTEST_GZ, "fuzz=%d,%d stay" % (seed, count))],
                     mem="256M", smp=2, name="test_hostile_%d" % seed) as m:
            check_pvtest_results(m, T_BOOT)
            m.expect(r"^pvfuzz: seed %d count %d done" % (seed, count), 180,
                     what="the hostile run (seed %d) to finish" % seed)
            m.expect(r"^pvtest: staying, blocked$", T_BOOT, what="the guest settling to block")
            m.send("\x01\x01\x01")  # input to Keel's debug keys, not dom0
            m.expect_keel(r"^\*\*\* Serial input to Keel", T_BOOT, what="input switched to Keel")
            # The line comes just before the block hypercall: ask again, after
            # each answer, until the vCPU is seen blocked.
            for attempt in range(20):
                m.send("q")
                m.expect_keel(r"^Domain 0 \(Domain-0\): running, \d+ pages", T_BOOT,
                              what="'q' describing dom0 after the hostile run")
                state = m.expect_keel(r"^  vCPU0: (\w+) on CPU\d", T_BOOT,
                                      what="dom0's vCPU 0 in 'q'").group(1)
                if state == "blocked":
                    break
            check(state == "blocked", "dom0's vCPU 0 to end up blocked, it is %s" % state)
            m.send("0")
            m.expect_keel(r"^\*\*\* d0v0: not running", T_BOOT, what="'0' dumping dom0's vCPU")
            m.expect_keel(r"^RIP: ", T_BOOT, what="dom0's registers")


def console_input_reaches_dom0(m, text):
    """Type text on the serial line; dom0 echoes what CONSOLEIO_read gives
    it (maybe in pieces); return when all of it came back."""
    got = ""
    m.send(text, pace=0.05)
    while got != text:
        got += m.expect(r"^pvtest: console input: (.*)$", T_BOOT,
                        what="dom0 echoing serial input (have %r of %r)" % (got, text)).group(1)
        check(text.startswith(got), "dom0 to get exactly %r, got %r" % (text, got))


def test_serial_input_goes_to_dom0_and_switches():
    """As on Xen: once dom0 runs, serial input is dom0's (CONSOLEIO_read,
    VIRQ_CONSOLE); three Ctrl-A hand it to Keel's debug keys and back."""
    need_file(PVTEST_GZ, "run `make` first")
    with Machine(kernel=KEEL, append="console=com1 dom0_mem=64M",
                 modules=[(PVTEST_GZ, "stay")], mem="256M", smp=2) as m:
        m.expect_keel(r"^\*\*\* Serial input to DOM0 \(type 'CTRL-a' three times", T_BOOT,
                      what="input handed to dom0 when it starts")
        m.expect(r"^pvtest: staying, blocked$", T_BOOT, what="dom0 waiting for input")
        console_input_reaches_dom0(m, "hello")
        m.send("\x01\x01\x01")
        m.expect_keel(r"^\*\*\* Serial input to Keel", T_BOOT, what="the switch to Keel")
        m.send("q")
        m.expect_keel(r"^'q' pressed", T_BOOT, what="Keel's debug key, no longer dom0's input")
        m.send("\x01\x01\x01")
        m.expect_keel(r"^\*\*\* Serial input to DOM0", T_BOOT, what="the switch back to dom0")
        console_input_reaches_dom0(m, "xy")
