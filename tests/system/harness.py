"""Keel system test harness (Python 3 standard library only).

A test boots Keel under QEMU (or runs any command, such as `make run`),
reads what arrives on the serial line and asserts on it:

    with Machine(kernel=KEEL, append="loglvl=all", mem="128M") as m:
        m.expect(r"\\(KEEL\\) .*Keel \\d", timeout=60)
        line = m.expect_keel(r"Boot protocol: (\\S+)").group(1)

Every wait has a timeout. On a failure a TestFailure is raised; the runner
(tests/system/run) prints the test name, what was expected and the last 100
lines of each serial log the test used. Serial output is also written to
build/test-logs/NAME.serial.log. Machines are killed when the `with` block
ends, whatever happens.
"""

import os
import re
import signal
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.path.join(ROOT, "build")
LOGDIR = os.path.join(BUILD, "test-logs")
# The images under test (overridable to test the harness itself).
KEEL = os.environ.get("KEEL_TEST_KERNEL") or os.path.join(BUILD, "keel")
KEEL_GZ = os.environ.get("KEEL_TEST_KERNEL_GZ") or os.path.join(BUILD, "keel.gz")
MKISO = os.path.join(ROOT, "tools", "mkiso")
QEMU = os.environ.get("KEEL_TEST_QEMU", "qemu-system-x86_64")

MiB = 1024 * 1024

# Set by the runner.
VERBOSE = False


class TestFailure(AssertionError):
    """A test's expectation was not met."""


class Skip(Exception):
    """The test cannot run here (reason in the message)."""


def fail(msg):
    raise TestFailure(msg)


def check(cond, msg):
    if not cond:
        raise TestFailure(msg)


# --------------------------------------------------------------------------
# The current test: its name names the logs, and the machines it started are
# listed so the runner can show their logs and make sure they are dead.

_current = {"name": "adhoc", "procs": []}
_all_procs = []
_all_lock = threading.Lock()


def begin_test(name):
    _current["name"] = name
    _current["procs"] = []


def test_procs():
    return list(_current["procs"])


def kill_all():
    """Kill every process the harness started that is still running."""
    with _all_lock:
        procs = list(_all_procs)
    for p in procs:
        p.kill()


def _log_name(suffix=None):
    base = _current["name"]
    if suffix:
        base += "." + suffix
    n = 1 + sum(1 for p in _current["procs"] if p.base_name == base)
    return base, (base if n == 1 else "%s.%d" % (base, n))


# --------------------------------------------------------------------------
# Text clean-up: the serial line carries \r\n and, on GRUB boots, terminal
# escape sequences.

_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|[()][0-9A-Za-z]|[@-Z\\-_])")
_CTRL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean_line(raw):
    s = _ANSI.sub("", raw)
    s = s.replace("\r", "")
    return _CTRL.sub("", s)


# Keel's line prefix: "(KEEL) " then, once a clock exists, "[    0.012345] ".
KEEL_LINE = re.compile(r"\(KEEL\) (?:\[\s*(\d+\.\d+)\] )?(.*)$")


def parse_keel_line(line):
    """(timestamp or None, text) for a Keel line, else None.

    The "(KEEL) " prefix is searched anywhere in the line: on GRUB boots the
    loader's screen control may precede Keel's first line."""
    m = KEEL_LINE.search(line)
    if not m:
        return None
    ts = float(m.group(1)) if m.group(1) is not None else None
    return ts, m.group(2)


# --------------------------------------------------------------------------


class Console:
    """A child process whose output (a serial line) is read into a buffer.

    Output is split into complete lines, cleaned (no \\r, no escape
    sequences) and searched by expect(); what expect() matched is consumed,
    so successive expects walk forward through the output."""

    def __init__(self, argv, name=None, cwd=None, env=None, log_suffix=None,
                 stderr_to_stdout=False):
        self.argv = list(argv)
        self.base_name, self.name = _log_name(log_suffix) if name is None else (name, name)
        os.makedirs(LOGDIR, exist_ok=True)
        self.log_path = os.path.join(LOGDIR, self.name + ".serial.log")
        self.cwd = cwd or ROOT
        self.env = env
        self.stderr_to_stdout = stderr_to_stdout
        self.proc = None
        self._cond = threading.Condition()
        self._lines = []        # complete, cleaned lines
        self._times = []        # host arrival time of each (time.monotonic())
        self._tail = ""         # incomplete last line, raw
        self._pos = 0           # index of the first line not yet consumed
        self._eof = False
        self._stderr = []
        self._threads = []
        self._log = None
        self.started_at = None

    # ---- life cycle

    def start(self):
        self._log = open(self.log_path, "wb")
        self.started_at = time.monotonic()
        self.proc = subprocess.Popen(
            self.argv, cwd=self.cwd, env=self.env,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT if self.stderr_to_stdout else subprocess.PIPE,
            start_new_session=True,  # own process group: killed as a whole
            preexec_fn=_die_with_parent)
        _current["procs"].append(self)
        with _all_lock:
            _all_procs.append(self)
        t = threading.Thread(target=self._reader, daemon=True)
        t.start()
        self._threads.append(t)
        if not self.stderr_to_stdout:
            t = threading.Thread(target=self._stderr_reader, daemon=True)
            t.start()
            self._threads.append(t)
        return self

    def __enter__(self):
        if self.proc is None:
            self.start()
        return self

    def __exit__(self, *exc):
        self.kill()
        return False

    def kill(self, grace=0.0):
        """Kill the process group (SIGTERM first when grace > 0)."""
        p = self.proc
        if p is None:
            return
        if p.poll() is None and grace > 0:
            self._signal_group(signal.SIGTERM)
            try:
                p.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                pass
        # Whatever is left of the group (also children of a finished leader).
        self._signal_group(signal.SIGKILL)
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        for t in self._threads:
            t.join(timeout=5)
        try:
            if p.stdin:
                p.stdin.close()
        except OSError:
            pass
        if self._log and not self._log.closed:
            self._log.close()
        with _all_lock:
            if self in _all_procs:
                _all_procs.remove(self)

    def _signal_group(self, sig):
        try:
            os.killpg(self.proc.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass

    def group_alive(self):
        """Whether any process of the group is still there."""
        if self.proc is None:
            return False
        self.proc.poll()
        try:
            os.killpg(self.proc.pid, 0)
            return True
        except ProcessLookupError:
            return False
        except PermissionError:
            return True

    # ---- reading

    def _reader(self):
        fd = self.proc.stdout.fileno()
        while True:
            try:
                data = os.read(fd, 65536)
            except OSError:
                data = b""
            if not data:
                break
            try:
                self._log.write(data)
                self._log.flush()
            except (ValueError, OSError):
                pass
            now = time.monotonic()
            text = data.decode("utf-8", errors="replace")
            with self._cond:
                buf = self._tail + text
                parts = buf.split("\n")
                self._tail = parts.pop()
                new = [clean_line(x) for x in parts]
                self._lines.extend(new)
                self._times.extend([now] * len(new))
                self._cond.notify_all()
            if VERBOSE:
                for x in new:
                    sys.stdout.write("  | %s\n" % x)
                sys.stdout.flush()
        with self._cond:
            if self._tail:
                self._lines.append(clean_line(self._tail))
                self._times.append(time.monotonic())
                self._tail = ""
            self._eof = True
            self._cond.notify_all()

    def _stderr_reader(self):
        for raw in iter(self.proc.stderr.readline, b""):
            line = raw.decode("utf-8", errors="replace").rstrip("\n")
            self._stderr.append(line)
            if VERBOSE:
                sys.stdout.write("  ! %s\n" % line)
                sys.stdout.flush()

    def lines(self):
        """All complete output lines so far (cleaned)."""
        with self._cond:
            return list(self._lines)

    def timed_lines(self):
        """(seconds, line) for each complete output line so far: the host
        time at which the line's newline arrived, counted from just before
        the process was started (time.monotonic(), read per chunk)."""
        with self._cond:
            return [(t - self.started_at, x) for t, x in zip(self._times, self._lines)]

    def pending_lines(self):
        """Lines not yet consumed by expect()."""
        with self._cond:
            return list(self._lines[self._pos:])

    def tail(self, n=100):
        with self._cond:
            out = list(self._lines[-n:])
            if self._tail:
                out.append(clean_line(self._tail) + "  <no newline yet>")
        return out

    def stderr_lines(self):
        return list(self._stderr)

    def exited(self):
        return self.proc is not None and self.proc.poll() is not None

    def _exit_note(self):
        rc = self.proc.poll()
        note = "" if rc is None else " (process exited with status %s)" % rc
        err = [x for x in self._stderr if x.strip()][-5:]
        if err:
            note += "; stderr: " + " | ".join(err)
        return note

    def expect(self, pattern, timeout, what=None, partial=False):
        """Wait for `pattern` (a regex, searched in each output line not yet
        consumed) and return its match; the lines up to and including the
        matching one are consumed. With partial=True the incomplete last line
        is searched too (for prompts; it is not consumed). Raises TestFailure
        on timeout or when the output ends without it."""
        rx = re.compile(pattern) if isinstance(pattern, str) else pattern
        return self._expect(rx.search, timeout, what or "/%s/" % rx.pattern, partial)

    def expect_keel(self, pattern, timeout=60, what=None):
        """expect() on the text of Keel lines (what follows "(KEEL) " and the
        timestamp). Returns a KeelMatch: the match on the text, with the
        line's timestamp (None if it had none) in .keel_ts."""
        rx = re.compile(pattern) if isinstance(pattern, str) else pattern

        def match(line):
            k = KEEL_LINE.search(line)
            if k:
                m = rx.search(k.group(2))
                if m:
                    return KeelMatch(m, float(k.group(1)) if k.group(1) else None)
            return None
        return self._expect(match, timeout, what or "a Keel line /%s/" % rx.pattern)

    def _expect(self, match, timeout, what, partial=False):
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                while self._pos < len(self._lines):
                    line = self._lines[self._pos]
                    self._pos += 1
                    m = match(line)
                    if m:
                        return m
                if partial and self._tail:
                    m = match(clean_line(self._tail))
                    if m:
                        return m
                if self._eof:
                    fail("%s: output ended before it appeared%s"
                         % (what, self._exit_note()))
                left = deadline - time.monotonic()
                if left <= 0:
                    fail("%s within %gs: not seen%s"
                         % (what, timeout, self._exit_note()))
                self._cond.wait(min(left, 1.0))

    def expect_not_seen(self, pattern, seconds, what=None):
        """Watch the output for `seconds`: fail if `pattern` shows up."""
        rx = re.compile(pattern) if isinstance(pattern, str) else pattern
        deadline = time.monotonic() + seconds
        with self._cond:
            while True:
                while self._pos < len(self._lines):
                    line = self._lines[self._pos]
                    self._pos += 1
                    if rx.search(line):
                        fail("did not expect %s, but got: %s" % (what or "/%s/" % rx.pattern, line))
                left = deadline - time.monotonic()
                if left <= 0 or self._eof:
                    return
                self._cond.wait(min(left, 1.0))

    def send(self, text, pace=0.0):
        """Type `text` on the serial line, optionally `pace` s per char."""
        data = text.encode()
        try:
            if pace <= 0:
                self.proc.stdin.write(data)
                self.proc.stdin.flush()
            else:
                for i in range(len(data)):
                    self.proc.stdin.write(data[i:i + 1])
                    self.proc.stdin.flush()
                    time.sleep(pace)
        except (BrokenPipeError, OSError) as e:
            fail("could not send %r: %s%s" % (text, e, self._exit_note()))

    def wait_exit(self, timeout, what="the process to exit"):
        """Wait for the process to exit; returns its status."""
        try:
            rc = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            fail("expected %s within %gs, it is still running" % (what, timeout))
        with self._cond:   # let the reader finish collecting output
            end = time.monotonic() + 5
            while not self._eof and time.monotonic() < end:
                self._cond.wait(0.5)
        return rc

    def assert_running(self, seconds, what="the process to keep running"):
        """Fail if the process exits within `seconds`."""
        try:
            rc = self.proc.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            return
        fail("expected %s for %gs, but it exited with status %s%s"
             % (what, seconds, rc, self._exit_note()))

    # ---- Keel output, parsed

    def keel_lines(self):
        """(timestamp, text) for each Keel line so far."""
        out = []
        for line in self.lines():
            k = parse_keel_line(line)
            if k:
                out.append(k)
        return out


class KeelMatch:
    """A regex match on a Keel line's text, plus the line's timestamp."""

    def __init__(self, m, ts):
        self.m = m
        self.keel_ts = ts

    def group(self, *a):
        return self.m.group(*a)

    def groups(self):
        return self.m.groups()

    def __getattr__(self, k):
        return getattr(self.m, k)


def _die_with_parent():
    """In the child: get SIGKILL if the harness dies (Linux), so that a
    killed test run leaves no QEMU behind."""
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:
        pass


def _multiboot_initrd(modules):
    """QEMU's multiboot -initrd: "path args,path args"; a comma inside an
    item is written twice."""
    items = []
    for mod in modules:
        if isinstance(mod, str):
            path, args = mod, ""
        else:
            path, args = mod
        item = path + (" " + args if args else "")
        items.append(item.replace(",", ",,"))
    return ",".join(items)


class Machine(Console):
    """QEMU running Keel, serial line (COM1) on the harness's pipes.

    kernel + append + modules: multiboot1 via QEMU's -kernel.
    cdrom: boot an ISO (GRUB2, multiboot2).
    """

    def __init__(self, kernel=None, append=None, modules=None, cdrom=None,
                 mem="128M", smp=1, cpu=None, accel=None, extra=(),
                 monitor=False, name=None, log_suffix=None):
        accel = accel or os.environ.get("KEEL_TEST_ACCEL", "tcg")
        cpu = cpu or os.environ.get("KEEL_TEST_CPU") or None
        argv = [QEMU, "-accel", accel, "-m", str(mem), "-smp", str(smp),
                "-display", "none", "-no-reboot", "-nodefaults",
                "-chardev", "stdio,id=ser0,signal=off",
                "-serial", "chardev:ser0"]
        if cpu:
            argv += ["-cpu", cpu]
        if kernel:
            need_file(kernel)
            argv += ["-kernel", kernel]
            if append is not None:
                argv += ["-append", append]
            if modules:
                for mod in modules:
                    need_file(mod if isinstance(mod, str) else mod[0])
                argv += ["-initrd", _multiboot_initrd(modules)]
        if cdrom:
            need_file(cdrom)
            argv += ["-cdrom", cdrom, "-boot", "d"]
        self.monitor_path = None
        if monitor:
            self.monitor_path = logfile("%s.monitor.sock" % (name or _current["name"]))
            if os.path.exists(self.monitor_path):
                os.unlink(self.monitor_path)
            argv += ["-monitor", "unix:%s,server=on,wait=off" % self.monitor_path]
        argv += list(extra)
        self.mem_bytes = parse_qemu_mem(mem)
        super().__init__(argv, name=name, log_suffix=log_suffix)

    def hmp(self, command, timeout=10):
        """Run a QEMU monitor (HMP) command; return what it printed."""
        import socket
        check(self.monitor_path, "a Machine started with monitor=True")
        deadline = time.monotonic() + timeout
        with socket.socket(socket.AF_UNIX) as sock:
            sock.settimeout(timeout)
            sock.connect(self.monitor_path)
            out = b""

            def until_prompt():
                nonlocal out
                while not out.endswith(b"(qemu) "):
                    if time.monotonic() > deadline:
                        fail("QEMU monitor: no prompt after %r within %gs" % (command, timeout))
                    chunk = sock.recv(4096)
                    if not chunk:
                        fail("QEMU monitor closed during %r" % command)
                    out += chunk
            until_prompt()
            out = b""
            sock.sendall(command.encode() + b"\n")
            until_prompt()
        text = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", out.decode("utf-8", "replace"))
        return text[:-len("(qemu) ")].replace("\r", "")


class Bochs(Console):
    """Bochs booting an ISO: the only Intel VT-x (and x2APIC, TSC-deadline)
    this machine has. COM1 goes to Bochs's stdout, so it reads like QEMU's;
    Debian's Bochs starts in its debugger, so it is told to continue (`c`)
    from an rc file, and runs headless on its VNC display with no wait."""

    def __init__(self, cdrom, mem_mb=256, cpus=1, model="corei7_skylake_x",
                 name=None):
        need_file(cdrom)
        base = name or _current["name"]
        rc = logfile(base + ".bochsrc")
        cmds = logfile(base + ".bochs-cmds")
        with open(cmds, "w") as f:
            f.write("c\n")
        with open(rc, "w") as f:
            f.write("\n".join([
                "megs: %d" % mem_mb,
                "cpu: model=%s, count=%d, ips=50000000" % (model, cpus),
                "romimage: file=/usr/share/bochs/BIOS-bochs-latest",
                "vgaromimage: file=/usr/share/vgabios/vgabios.bin",
                "ata0-master: type=cdrom, path=%s, status=inserted" % cdrom,
                "boot: cdrom",
                'display_library: rfb, options="timeout=0"',
                # Debian's ALSA plugin aborts with no sound device.
                "sound: waveoutdrv=dummy, waveindrv=dummy, midioutdrv=dummy",
                "speaker: enabled=0",
                "com1: enabled=1, mode=file, dev=/dev/stdout",
                "log: %s" % logfile(base + ".bochs.log"),
                "panic: action=fatal",
                "",
            ]))
        super().__init__(["bochs", "-q", "-f", rc, "-rc", cmds], name=name)


def parse_qemu_mem(mem):
    m = re.fullmatch(r"(\d+)([KMGT]?)", str(mem).upper())
    if not m:
        return None
    mult = {"": MiB, "K": 1024, "M": MiB, "G": 1024 * MiB, "T": 1024 * 1024 * MiB}[m.group(2)]
    return int(m.group(1)) * mult


# --------------------------------------------------------------------------
# Helpers for tests


def need_file(path, hint="run `make` first"):
    if not os.path.exists(path):
        fail("%s is missing (%s)" % (os.path.relpath(path, ROOT), hint))


def logfile(name):
    os.makedirs(LOGDIR, exist_ok=True)
    return os.path.join(LOGDIR, name)


def make_random_file(name, size, seed):
    """A file of `size` deterministic pseudo-random bytes under
    build/test-logs; never starts with the gzip magic (a loader could
    decompress it)."""
    import random
    path = logfile(name)
    data = bytearray(random.Random(seed).randbytes(size))
    if size and data[0] == 0x1F:
        data[0] = 0x20
    if not (os.path.exists(path) and os.path.getsize(path) == size
            and open(path, "rb").read() == data):
        with open(path, "wb") as f:
            f.write(data)
    return path


def run_tool(argv, timeout, what):
    """Run a helper command to completion; fail with its output if it fails."""
    try:
        r = subprocess.run(argv, cwd=ROOT, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=timeout, start_new_session=True)
    except subprocess.TimeoutExpired:
        fail("%s: %s took more than %gs" % (what, " ".join(argv), timeout))
    out = r.stdout.decode("utf-8", errors="replace")
    if r.returncode != 0:
        fail("%s: `%s` failed with status %d:\n%s"
             % (what, " ".join(argv), r.returncode, "\n".join(out.splitlines()[-30:])))
    return out


def mkiso(boot_cfg_text, files, out_name, timeout_secs=0):
    """Build an ISO with tools/mkiso from a NetBSD-style boot.cfg text and
    {"/iso/path": "host path"} files. Returns the ISO's path."""
    need_file(MKISO, "tools/mkiso is needed to build test ISOs")
    cfg = logfile(out_name + ".boot.cfg")
    with open(cfg, "w") as f:
        f.write(boot_cfg_text)
    iso = logfile(out_name)
    if os.path.exists(iso):
        os.unlink(iso)
    argv = [MKISO, "--boot-cfg", cfg]
    for dst, src in files.items():
        need_file(src)
        argv += ["--file", "%s=%s" % (dst, src)]
    argv += ["--timeout", str(timeout_secs), "-o", iso]
    run_tool(argv, 300, "building the test ISO")
    need_file(iso, "tools/mkiso did not produce it")
    return iso


MEM_TYPES = ("usable", "reserved", "ACPI data", "ACPI NVS", "unusable", "persistent")
MMAP_LINE = re.compile(r"^\s*\[([0-9a-fA-F]{16})-([0-9a-fA-F]{16})\]\s+(.+?)\s*$")
MODULE_LINE = re.compile(
    r"^\s*module (\d+): \[([0-9a-fA-F]+)-([0-9a-fA-F]+)\] (\d+) bytes:(?: (.*))?$")


def keel_section(keel_lines, start_rx, end_rx):
    """The texts of the Keel lines strictly between the first line matching
    start_rx and the next matching end_rx."""
    texts = [t for _, t in keel_lines]
    for i, t in enumerate(texts):
        if re.search(start_rx, t):
            for j in range(i + 1, len(texts)):
                if re.search(end_rx, texts[j]):
                    return texts[i + 1:j]
            fail("no line /%s/ after /%s/" % (end_rx, start_rx))
    fail("no line /%s/" % start_rx)


def parse_memory_map(keel_lines):
    """[(start, end_inclusive, type)] from the lines between "Memory map:"
    and "RAM:"; fails on a line that is not a region or has an unknown
    type."""
    regions = []
    for t in keel_section(keel_lines, r"^Memory map:\s*$", r"^RAM: "):
        m = MMAP_LINE.match(t)
        check(m, "a memory map line '[start-end] type', got: %r" % t)
        start, end, typ = int(m.group(1), 16), int(m.group(2), 16), m.group(3)
        check(typ in MEM_TYPES, "memory type one of %s, got %r in %r" % (MEM_TYPES, typ, t))
        check(end >= start, "region end >= start in %r" % t)
        regions.append((start, end, typ))
    check(regions, "at least one memory map region")
    return regions


def parse_modules(keel_lines):
    """[(index, start, end_inclusive, size, cmdline)] from the module lines."""
    mods = []
    for _, t in keel_lines:
        m = MODULE_LINE.match(t)
        if m:
            mods.append((int(m.group(1)), int(m.group(2), 16), int(m.group(3), 16),
                         int(m.group(4)), m.group(5) or ""))
    return mods


# --------------------------------------------------------------------------
# The PV test guest (tests/guests/pv): its verdict, wherever it runs

PVTEST_CHECK = re.compile(r"^pvtest: (PASS|FAIL) (.*)$")
PVTEST_SUMMARY = r"^pvtest: (\d+) passed, (\d+) failed$"


def check_pvtest_results(m, timeout):
    """Wait for the guest's 'pvtest: N passed, N failed' and require that
    every check line was PASS and that the summary counts them all."""
    summary = m.expect(PVTEST_SUMMARY, timeout, what="the guest's 'pvtest: N passed, N failed'")
    n_pass, n_fail = int(summary.group(1)), int(summary.group(2))
    results = [r for r in (PVTEST_CHECK.match(x) for x in m.lines()) if r]
    failures = [r.group(0) for r in results if r.group(1) == "FAIL"]
    check(not failures, "every check of the PV test guest to pass, failed:\n  "
          + "\n  ".join(failures))
    check(n_fail == 0, "'pvtest: N passed, 0 failed', got %d failed" % n_fail)
    check(n_pass == len(results) and n_pass > 0,
          "the summary to count the %d PASS lines seen, it says %d passed"
          % (len(results), n_pass))
    return n_pass
