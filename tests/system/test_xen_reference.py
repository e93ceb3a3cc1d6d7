"""The reference: the PV test guest (tests/guests/pv, build/pvtest.gz) as dom0
on Debian's real Xen 4.17, under QEMU TCG.

Xen is the contract: every check of the guest must pass there before Keel
is held to it. tools/fetch-xen gets Xen from Debian's package without
installing it; without a package registry the test is skipped.

What Xen 4.17 does, as this test relies on it:
- dom0's console_io writes go straight to the serial line, raw: no
  "(XEN) " or "(d0) " prefix (guest_console_write() gives the hardware
  domain direct console output; only other domains' lines are buffered and
  prefixed "(dN) ").
- SCHEDOP_shutdown(poweroff) from dom0 makes Xen print
  "(XEN) Hardware Dom0 halted: halting machine" and halt every CPU
  (hwdom_shutdown() in xen/common/shutdown.c -> machine_halt()). Xen does
  not power the machine off (a real dom0 does that itself, through ACPI):
  QEMU keeps running, halted.
- Xen announces dom0's build with "(XEN) *** Building a PV Dom0 ***".
"""

import os
import re
import subprocess

from harness import (BUILD, ROOT, Machine, Skip, check, check_pvtest_results, mkiso,
                     need_file)

FETCH_XEN = os.path.join(ROOT, "tools", "fetch-xen")
PVTEST_GZ = os.path.join(BUILD, "pvtest.gz")

# Model known to boot Xen 4.17 with a PV dom0 under TCG (no SMAP, which
# TCG's SMAP trips Xen's bounce-frame writes on; see
# /work/shared/notes/emulators.md).
XEN_CPU = "Haswell-noTSX"
XEN_ARGS = "dom0_mem=128M console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all"

T_BOOT = 180     # SeaBIOS + GRUB + Xen's boot + dom0 build under TCG
T_GUEST = 180    # the guest's checks, once it is built



def fetch_xen():
    """The path of Xen 4.17's image; Skip when the package cannot be had."""
    try:
        r = subprocess.run([FETCH_XEN], cwd=ROOT, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=600, start_new_session=True)
    except subprocess.TimeoutExpired:
        raise Skip("tools/fetch-xen took more than 600 s")
    if r.returncode != 0:
        err = r.stderr.decode("utf-8", "replace").strip().splitlines()
        raise Skip("Xen 4.17 is not available: %s" % (err[-1] if err else "tools/fetch-xen failed"))
    path = r.stdout.decode().strip().splitlines()[-1]
    need_file(path, "tools/fetch-xen printed it")
    return path


def test_xen_reference_pvtest_dom0():
    xen = fetch_xen()
    need_file(PVTEST_GZ, "run `make build/pvtest.gz` first")
    iso = mkiso("menu=Xen:load /pvtest.gz;multiboot /xen.gz %s\ntimeout=0\n" % XEN_ARGS,
                {"/xen.gz": xen, "/pvtest.gz": PVTEST_GZ}, "xen-reference.iso")
    with Machine(cdrom=iso, mem="512M", smp=2, cpu=XEN_CPU) as m:
        m.expect(r"^\(XEN\) Xen version 4\.17", T_BOOT, what="Xen 4.17's banner")
        m.expect(r"^\(XEN\) \*\*\* Building a PV Dom0 \*\*\*", T_BOOT,
                 what="Xen's '*** Building a PV Dom0 ***'")
        m.expect(r"^pvtest: Keel PV test guest starting$", T_BOOT,
                 what="the guest's first console_io line (raw, no prefix)")
        check_pvtest_results(m, T_GUEST)
        lines = m.lines()
        bad = [x for x in lines if re.search(
            r"^\(XEN\) .*(Hardware Dom0 crashed|Guest stack trace|Unhandled|FATAL|Panic)", x)]
        check(not bad, "Xen to report no dom0 fault or crash, got:\n  " + "\n  ".join(bad))

        m.expect(r"^\(XEN\) Hardware Dom0 halted: halting machine$", T_GUEST,
                 what="Xen's 'Hardware Dom0 halted: halting machine' after SCHEDOP_shutdown(poweroff)")
        # Xen halts its CPUs rather than powering off: QEMU stays up, and
        # nothing after the halt line may report a fault.
        m.assert_running(3, "QEMU to stay up with Xen halted (Xen halts, it does not power off)")
        later = m.pending_lines()
        check(not any(x.startswith("(XEN) ") for x in later),
              "no Xen output after it halted, got:\n  " + "\n  ".join(later))


def test_xen_reference_serial_input():
    """On Xen too, serial input is dom0's once it runs (the guest echoes
    what CONSOLEIO_read returns), and three Ctrl-A hand it to Xen."""
    from test_pv import console_input_reaches_dom0
    xen = fetch_xen()
    need_file(PVTEST_GZ, "run `make build/pvtest.gz` first")
    iso = mkiso("menu=Xen:load /pvtest.gz stay;multiboot /xen.gz %s\ntimeout=0\n" % XEN_ARGS,
                {"/xen.gz": xen, "/pvtest.gz": PVTEST_GZ}, "xen-reference-input.iso")
    with Machine(cdrom=iso, mem="512M", smp=2, cpu=XEN_CPU) as m:
        m.expect(r"^\(XEN\) \*\*\* Serial input to DOM0 \(type 'CTRL-a' three times", T_BOOT,
                 what="Xen handing serial input to dom0")
        m.expect(r"^pvtest: staying, blocked$", T_GUEST, what="dom0 waiting for input")
        console_input_reaches_dom0(m, "hello")
        m.send("\x01\x01\x01")
        m.expect(r"^\(XEN\) \*\*\* Serial input to Xen", T_GUEST, what="the switch to Xen")
