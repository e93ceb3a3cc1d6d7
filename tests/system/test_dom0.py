"""Keel's dom0 (dom0/, build/dom0.gz with its initrd build/dom0-root.cpio.gz)
driven on its serial shell as a user would: on Keel, and unchanged as dom0
on Debian's Xen 4.17 under the same QEMU.

What the answers are checked against comes from the source tree (the files
under dom0/root, the command table's names), not from copies in this file.
"""

import gzip
import os
import re

from harness import (BUILD, KEEL, ROOT, Machine, check, logfile, mkiso, need_file, run_tool)

DOM0_GZ = os.path.join(BUILD, "dom0.gz")
DOM0_ROOT = os.path.join(BUILD, "dom0-root.cpio.gz")
PVTEST_GZ = os.path.join(BUILD, "pvtest.gz")
ROOT_TREE = os.path.join(ROOT, "dom0", "root")
PROMPT = r"dom0# $"
T_BOOT = 60
T_CMD = 30
COMMANDS = {"help", "ls", "cat", "echo", "mount", "df", "ifconfig", "ping", "free", "ps", "uptime",
            "reboot", "poweroff", "xl", "xenstore-ls", "xenstore-read", "xenstore-write",
            "xenstore-rm"}
# Xen 4.17's `xl info` fields, in its order (tools/xl/xl_info.c).
XL_INFO_FIELDS = [
    "host", "release", "version", "machine", "nr_cpus", "max_cpu_id", "nr_nodes",
    "cores_per_socket", "threads_per_core", "cpu_mhz", "hw_caps", "virt_caps",
    "total_memory", "free_memory", "sharing_freed_memory", "sharing_used_memory",
    "outstanding_claims", "free_cpus", "xen_major", "xen_minor", "xen_extra",
    "xen_version", "xen_caps", "xen_scheduler", "xen_pagesize", "platform_params",
    "xen_changeset", "xen_commandline", "cc_compiler", "cc_compile_by",
    "cc_compile_domain", "cc_compile_date", "build_id", "xend_config_format"]
XL_LIST_HEADER = "Name                                        ID   Mem VCPUs\tState\tTime(s)"


def run(m, cmd, timeout=T_CMD):
    """Type cmd at the prompt; return the lines it printed."""
    m.send(cmd + "\r")
    m.expect(r"^dom0# " + re.escape(cmd) + "$", timeout, what="the shell echoing %r" % cmd)
    m.expect(PROMPT, timeout, what="the prompt after %r" % cmd, partial=True)
    lines = m.lines()
    echo = max(i for i, x in enumerate(lines) if x == "dom0# " + cmd)
    return lines[echo + 1:]


def tree_counts():
    files = dirs = 0
    for _, ds, fs in os.walk(ROOT_TREE):
        dirs += len(ds)
        files += len(fs)
    return files, dirs


def boot_to_prompt(m, more_files=0, more_dirs=0, xendomains=""):
    """Boot to the prompt; the initrd holds dom0/root plus more_files
    files in more_dirs new directories, and rc.conf names xendomains."""
    files, dirs = tree_counts()
    files, dirs = files + more_files, dirs + more_dirs
    m.expect(r"^Keel dom0 \S+ on hypervisor 4\.17", T_BOOT, what="dom0's banner")
    m.expect(r"^dom0: root: initrd \(\d+ KiB\), %d files in %d directories$" % (files, dirs),
             T_BOOT, what="dom0 unpacking its initrd (%d files, %d directories)" % (files, dirs))
    m.expect(r'^dom0: /etc/rc.conf: xencommons=YES xendomains="%s"$' % re.escape(xendomains), T_BOOT,
             what="dom0 reading /etc/rc.conf")
    m.expect(r"^dom0: xenstored: running$", T_BOOT, what="xenstored started by xencommons")
    m.expect(r"^dom0: xenconsoled: running, guests' output logged in /var/log/keel$", T_BOOT,
             what="the console backend started by xencommons")
    for name in xendomains.split():
        m.expect(r"^dom0: xendomains: starting %s$" % re.escape(name), T_BOOT,
                 what="xendomains starting %s" % name)
    m.expect(PROMPT, T_BOOT, what="the dom0# prompt", partial=True)


def check_shell(m, dom0_kib):
    """help, ls /etc/keel, cat /etc/rc.conf and free, each checked."""
    helped = {x.split()[0] for x in run(m, "help") if x.strip()}
    check(helped == COMMANDS, "help to list exactly %s, got %s" % (sorted(COMMANDS), sorted(helped)))

    want = sorted(os.listdir(os.path.join(ROOT_TREE, "etc", "keel")))
    got = run(m, "ls /etc/keel")
    check(got == want, "ls /etc/keel to show %s, got %s" % (want, got))

    with open(os.path.join(ROOT_TREE, "etc", "rc.conf")) as f:
        want = f.read().splitlines()
    got = run(m, "cat /etc/rc.conf")
    check(got == want, "cat /etc/rc.conf to print the file, got %s" % got)

    got = run(m, "free")
    dom0 = [x.split() for x in got if x.startswith("dom0:")]
    check(len(dom0) == 1, "free to have a dom0: line, got %s" % got)
    total, used, free = (int(v) for v in dom0[0][1:4])
    check(total == dom0_kib and used + free == total and 0 < used < total // 4,
          "free: dom0's total %d KiB (dom0_mem) = used + free, a little used; got %s"
          % (dom0_kib, dom0[0]))
    check(any(x.startswith("host:") for x in got), "free to have a host: line, got %s" % got)

    rc_size = os.path.getsize(os.path.join(ROOT_TREE, "etc", "rc.conf"))
    got = [x.split() for x in run(m, "ls -l /etc")]
    check(got == [["d0755", "0", "keel"], ["-0644", str(rc_size), "rc.conf"]],
          "ls -l /etc to give modes and sizes (rc.conf %d bytes), got %s" % (rc_size, got))
    want = ["/etc/rc.conf", "/etc/keel:"] + sorted(os.listdir(os.path.join(ROOT_TREE, "etc", "keel")))
    got = run(m, "ls /etc/rc.conf /etc/keel")
    check(got == want, "ls of a file and a directory, got %s" % got)

    got = run(m, "ls /no/such")
    check(got == ["ls: /no/such: no such file or directory"],
          "ls of a missing path to say so, got %s" % got)
    got = run(m, "frobnicate now")
    check(got == ["frobnicate: command not found (try help)"], "an unknown command, got %s" % got)


def rc_conf_value(name):
    with open(os.path.join(ROOT_TREE, "etc", "rc.conf")) as f:
        for line in f:
            if line.startswith(name + "="):
                return line.split("=", 1)[1].strip().strip('"')
    return None


def check_xl(m, dom0_kib, cmdline, cpus, mem_mib, scheduler, boot_line):
    """xl list, info and dmesg, checked against what the machine was given:
    its CPUs, RAM and command line, dom0's memory, the hypervisor's
    scheduler and log."""
    got = run(m, "xl list")
    check(got[:1] == [XL_LIST_HEADER], "xl list's header, got %s" % got[:1])
    rows = [x.split() for x in got[1:]]
    check(len(rows) == 1 and rows[0][1:2] == ["0"], "xl list to show dom0 alone, got %s" % got)
    name, _, mem, vcpus, state, secs = rows[0]
    check(name == "Domain-0", "dom0 named Domain-0 (from xenstore), got %s" % name)
    check(abs(int(mem) - dom0_kib // 1024) <= 1 and int(vcpus) >= 1 and
          re.match(r"^[r-][b-]----$", state) and re.match(r"^\d+\.\d$", secs),
          "dom0's row: %d MiB, running or blocked, CPU time; got %s" % (dom0_kib // 1024, rows[0]))
    got = run(m, "xl list 0")
    check(len(got) == 2 and got[1].split()[1] == "0", "xl list 0 to show dom0's row, got %s" % got)
    got = run(m, "xl list Domain-0")
    check(len(got) == 2 and got[1].split()[:2] == ["Domain-0", "0"],
          "xl list by name, got %s" % got)
    check(run(m, "xl domid Domain-0") == ["0"] and run(m, "xl domname 0") == ["Domain-0"],
          "xl domid and domname to agree with xenstore")
    got = run(m, "xl list 77")
    check(got == ["Error: Domain '77' does not exist."], "xl list of a missing id, got %s" % got)

    got = run(m, "xl info")
    info = dict((k.strip(), v.strip()) for k, _, v in (x.partition(" : ") for x in got))
    check([x.split(" : ")[0].strip() for x in got] == XL_INFO_FIELDS,
          "xl info's fields to be Xen's, in order; got %s" % got)
    check(info["host"] == rc_conf_value("hostname"), "host from rc.conf, got %s" % info["host"])
    check(info["nr_cpus"] == str(cpus), "nr_cpus %d, got %s" % (cpus, info["nr_cpus"]))
    check(mem_mib - 16 < int(info["total_memory"]) <= mem_mib and
          0 < int(info["free_memory"]) < mem_mib - dom0_kib // 1024,
          "total_memory about %d MiB, free less than that minus dom0; got %s, %s"
          % (mem_mib, info["total_memory"], info["free_memory"]))
    check(info["xen_version"].startswith("4.17") and info["xen_scheduler"] == scheduler and
          info["xen_pagesize"] == "4096", "Xen 4.17's version, %s, 4 KiB pages; got %s"
          % (scheduler, info))
    check(info["xen_commandline"] == cmdline, "xen_commandline %r, got %r"
          % (cmdline, info["xen_commandline"]))
    got = run(m, "xl info nr_cpus")
    check(got == [str(cpus)], "xl info nr_cpus to print the value alone, got %s" % got)

    got = run(m, "xl dmesg")
    check(any(re.search(boot_line, x) for x in got), "xl dmesg to show %r, got %s" % (boot_line, got))
    check(not any(x.startswith("dom0# ") for x in got), "dom0's own output kept out of the log")
    run(m, "xl dmesg -c")
    got = run(m, "xl dmesg")
    check(not any(re.search(boot_line, x) for x in got), "xl dmesg after -c to be cleared, got %s" % got)
    got = run(m, "xl dmesg -x")
    check(got[:1] == ["dmesg: invalid option -- 'x'"] and "Usage: xl dmesg [-c]" in got,
          "a bad option to give xl's complaint and the usage, got %s" % got)


def check_xenstore(m):
    """xenstored answers dom0's xenstore-* tools: dom0's own entries, a
    write read back, a listing, a removal and the errors."""
    got = run(m, "xenstore-ls /local/domain/0")
    check(got == ['name = "Domain-0"', 'domid = "0"'], "dom0's xenstore entries, got %s" % got)
    check(run(m, "xenstore-write /tool/keel/a 1 /tool/keel/b 'two words'") == [],
          "xenstore-write to say nothing")
    got = run(m, "xenstore-read /tool/keel/b /tool/keel/a")
    check(got == ["two words", "1"], "values read back, got %s" % got)
    got = run(m, "xenstore-ls /tool")
    check(got == ['keel = ""', ' a = "1"', ' b = "two words"'], "the tree listed, got %s" % got)
    check(run(m, "xenstore-rm /tool") == [], "xenstore-rm to say nothing")
    got = run(m, "xenstore-read /tool/keel/a")
    check(got == ["xenstore-read: couldn't read path /tool/keel/a"], "a removed node, got %s" % got)
    got = run(m, "xenstore-write bad//path x")
    check(got == ["xenstore-write: could not write path bad//path"], "a bad path, got %s" % got)


def test_dom0_shell_on_keel():
    """The dom0 shim on Keel: boots from its initrd, answers the shell,
    keeps edits straight, and `poweroff` powers the machine off."""
    need_file(DOM0_GZ)
    need_file(DOM0_ROOT)
    cmdline = "console=com1 dom0_mem=128M"
    with Machine(kernel=KEEL, append=cmdline,
                 modules=[(DOM0_GZ, "console=hvc0"), DOM0_ROOT], mem="512M", smp=2) as m:
        boot_to_prompt(m)
        check_shell(m, 128 * 1024)
        check_xenstore(m)
        check_xl(m, 128 * 1024, cmdline, 2, 512, "credit", r"^\(KEEL\) \[.*\] Boot complete in")
        # Line editing: a typo erased with Backspace, a word inserted after
        # moving left; what runs is what the line shows.
        m.send("ecx\x7fho world\x1b[D\x1b[D\x1b[D\x1b[D\x1b[Dhello \r")
        m.expect(r"^hello world$", T_CMD, what="the edited line run as `echo hello world`")
        m.expect(PROMPT, T_CMD, what="the prompt after the edited line", partial=True)
        got = run(m, "ps")
        check(any(re.match(r"^shell\s+running\b", x) for x in got), "ps to show the shell, got %s" % got)
        m.send("poweroff\r")
        m.expect_keel(r"^Domain 0 \(Domain-0\) shut down: poweroff$", T_CMD,
                      what="dom0's poweroff reaching Keel")
        m.wait_exit(30, what="the machine to power off")


def own_lines(lines):
    """What dom0 printed, without the hypervisor's and the guests' lines
    (nor a prompt they pushed onto a line of its own)."""
    return [x for x in lines if not re.search(r"\((KEEL|d\d+)\) ", x) and x != "dom0# "]


XL_ROOT_FILES = 6   # xl_root's files: the guest and five configs


def xl_root():
    """dom0's root with the PV test guest as /boot/pvtest.gz and configs
    for it in /etc/keel: a good one, one too big for the host, and one
    whose kernel is not a kernel."""
    need_file(PVTEST_GZ)
    cfgs = {
        "pvtest.cfg": 'name = "pvtest"\nkernel = "/boot/pvtest.gz"\nmemory = 16\nextra = "xl quick"\n',
        "huge.cfg": 'name = "huge"\nkernel = "/boot/pvtest.gz"\nmemory = 4000\n',
        "bad.cfg": 'name = "bad"\nkernel = "/etc/rc.conf"\nmemory = 16\n',
        "syntax.cfg": 'name = "syntax"\nmemory = = 16\n',
        "nokernel.cfg": 'name = "nokernel"\nkernel = "/boot/nope.gz"\nfrobnicate = 1\n',
    }
    argv = [os.path.join(ROOT, "tools", "mkinitrd"), "--add", "/boot/pvtest.gz=" + PVTEST_GZ]
    for name, text in cfgs.items():
        path = logfile("xl-" + name)
        with open(path, "w") as f:
            f.write(text)
        argv += ["--add", "/etc/keel/%s=%s" % (name, path)]
    out = logfile("dom0-root-xl.cpio.gz")
    run_tool(argv + [ROOT_TREE, out], 60, "packing dom0's root with the test guest")
    return out


def keel_line_since(m, echo, pattern, what):
    """Wait for a Keel line matching pattern printed since the command whose
    echo line is echo (it may have come before the prompt, and been read)."""
    lines = m.lines()
    start = max(i for i, x in enumerate(lines) if x == echo)
    rx = re.compile(r"\(KEEL\) (?:\[\s*\d+\.\d+\] )?" + pattern)
    if not any(rx.search(x) for x in lines[start:]):
        m.expect(rx, T_CMD, what=what)


def free_mib(m):
    return int(run(m, "xl info free_memory")[0])


# Keel frees a dead domain's own structures (under 1 MiB) after a grace
# period, a few reaper periods of 10 ms after the line saying it is gone,
# and nothing else runs meanwhile: free memory only grows while that
# settles, so these read it a few times (each read is a serial round trip).
def settled_free_mib(m, reads=5):
    return max(free_mib(m) for _ in range(reads))


def free_mib_reaching(m, want, reads=20):
    """free_memory once it is want, or its last value after reads reads."""
    got = free_mib(m)
    for _ in range(reads - 1):
        if got == want:
            break
        got = free_mib(m)
    return got


def test_xl_create_on_keel():
    """xl create builds the PV test guest from a file in dom0's root, with
    its xenstore area, and serves its rings; it runs and powers off, and
    xl's on_poweroff (destroy, by default) reaps it. A domain that does
    not fit, one whose kernel is no kernel, and a second domain of one
    name are refused with the reason and leave nothing behind; KEY=VALUE
    overrides and -p take effect; xl destroy gives all memory back."""
    with Machine(kernel=KEEL, append="console=com1 dom0_mem=128M",
                 modules=[(DOM0_GZ, "console=hvc0"), xl_root()], mem="512M", smp=2) as m:
        boot_to_prompt(m, XL_ROOT_FILES, 1)
        # The guest may print before or after the prompt comes back: wait
        # for it to finish, then read the whole exchange.
        m.send("xl create /etc/keel/pvtest.cfg\r")
        summary = m.expect(r"\(d1\) pvtest: (\d+) passed, (\d+) failed$", T_BOOT,
                           what="the guest's summary")
        check(summary.group(2) == "0" and int(summary.group(1)) >= 5,
              "the xl-created guest's checks to pass, got %s" % summary.group(0))
        m.expect_keel(r"^Domain 1 \(d1\) shut down: poweroff$", T_CMD, what="d1 powering off")
        m.expect_keel(r"^Domain 1 \(d1\) destroyed: 0 frames still mapped by others$", T_CMD,
                      what="xl's on_poweroff=destroy, after dom0 let go of d1's rings")
        m.expect_keel(r"^Domain 1 \(d1\) is gone: every frame returned$", T_CMD, what="d1 reaped")
        m.send("\r")  # Enter, for a fresh prompt below the guest's lines
        m.expect(PROMPT, T_CMD, what="a fresh prompt", partial=True)
        lines = m.lines()
        start = lines.index("dom0# xl create /etc/keel/pvtest.cfg")
        got = [x for x in own_lines(lines[start + 1:]) if x]
        check(got == ["Parsing config from /etc/keel/pvtest.cfg"], "xl create's output, got %s" % got)
        keel_line_since(m, lines[start], r"d1: built by dom0: 16 MiB, 1 vCPU, .*command line \"xl quick\"$",
                        "Keel to log building d1 for dom0")
        ids = [x.split()[1] for x in own_lines(run(m, "xl list"))[1:]]
        check(ids == ["0"], "d1 reaped after its poweroff, got ids %s" % ids)
        # Measured now: serving d1 grew the hypervisor's tables for dom0
        # (maptrack, event channels), which it keeps, as Xen does. What
        # d1 itself held comes back once its grace period is over.
        free = settled_free_mib(m)
        got = own_lines(run(m, "cat /var/log/keel/xl-pvtest.log"))
        check(got[:3] == ["Domain 1 has shut down, reason code 0 0x0",
                          "Action for shutdown reason code 0 is destroy",
                          "Domain 1 needs to be cleaned up: destroying the domain"],
              "xl's log of what it did, got %s" % got)
        got = own_lines(run(m, "xenstore-ls /local/domain/1"))
        check(got == ["xenstore-ls: xs_directory (/local/domain/1): No such file or directory"],
              "d1's xenstore area gone with it, got %s" % got)

        got = own_lines(run(m, "xl create /etc/keel/nope.cfg"))
        check(got == ["xl create: config /etc/keel/nope.cfg: no such file or directory"],
              "a missing config file named, got %s" % got)
        got = own_lines(run(m, "xl create"))
        check(got[:1] == ["'xl create' requires at least 1 argument."] and
              any(x.startswith("Usage: xl create") for x in got),
              "xl create without a config to give the usage, got %s" % got)

        got = own_lines(run(m, "xl create /etc/keel/syntax.cfg"))
        check(got[1:] == ["/etc/keel/syntax.cfg:2:10: expected a value after '=', not '='"],
              "a syntax error named with file, line and column, got %s" % got)
        got = own_lines(run(m, "xl create /etc/keel/nokernel.cfg"))
        check(got[1:] == ["/etc/keel/nokernel.cfg:3:1: unknown key 'frobnicate' ignored",
                          "xl create: kernel /boot/nope.gz: no such file or directory"],
              "an unknown key warned about and a missing kernel named, got %s" % got)

        got = own_lines(run(m, "xl create /etc/keel/huge.cfg"))
        want = r"^xl create: not enough memory for huge: it needs 4000 MiB, (\d+) MiB are free$"
        check(len(got) == 2 and re.match(want, got[1]) and
              abs(int(re.match(want, got[1]).group(1)) - free) <= 1,
              "a domain too big refused, giving need and free (~%d MiB); got %s" % (free, got))

        got = own_lines(run(m, "xl create /etc/keel/bad.cfg"))
        check(got[1:] == ["xl create: cannot build bad (error -8; the hypervisor's log, "
                          "xl dmesg, says why)"], "a kernel that is no kernel refused, got %s" % got)
        echo = "dom0# xl create /etc/keel/bad.cfg"
        keel_line_since(m, echo, r"d2: cannot build it: not an ELF file", "Keel's reason")
        keel_line_since(m, echo, r"Domain 2 \(d2\) is gone: every frame returned$",
                        "the failed domain torn down")
        ids = [x.split()[1] for x in own_lines(run(m, "xl list"))[1:]]
        check(ids == ["0"], "nothing left of the refused domains, got ids %s" % ids)

        run(m, "xl create -p /etc/keel/pvtest.cfg memory=32")
        rows = [x.split() for x in own_lines(run(m, "xl list pvtest"))[1:]]
        check(len(rows) == 1 and rows[0][1:3] == ["3", "32"] and rows[0][4] == "--p---",
              "xl create -p with memory=32: a paused 32 MiB domain 3, got %s" % rows)
        check(run(m, "xenstore-read /local/domain/3/memory/target") == ["32768"],
              "its memory/target in KiB")
        check(abs(free_mib(m) - (free - 32)) <= 1, "free memory to drop by its 32 MiB")
        got = own_lines(run(m, "xl create -p /etc/keel/pvtest.cfg"))
        check(got[1:] == ['xl create: domain with name "pvtest" already exists (id 3)'],
              "a second domain of one name refused, got %s" % got)

        got = own_lines(run(m, "xl destroy 0"))
        check(got[:1] == ["Not destroying domain 0; use -f to force."], "dom0 not destroyed, got %s" % got)
        got = own_lines(run(m, "xl destroy nosuch"))
        check(got == ["nosuch is an invalid domain identifier (rc=-6)"],
              "an unknown domain named as xl names it, got %s" % got)
        check(own_lines(run(m, "xl destroy pvtest")) == [], "xl destroy to say nothing")
        keel_line_since(m, "dom0# xl destroy pvtest", r"Domain 3 \(d3\) is gone: every frame returned$",
                        "d3 torn down, every frame back")
        ids = [x.split()[1] for x in own_lines(run(m, "xl list"))[1:]]
        check(ids == ["0"], "only dom0 left, got ids %s" % ids)
        got = free_mib_reaching(m, free)
        check(got == free, "free memory back to %d MiB, got %d" % (free, got))


def test_xl_domain_control_on_keel():
    """A paused domU from xl create -p: its vCPUs listed and pinned, its
    credit weight and cap read and set, renamed, its uptime and memory
    ceiling; pause nests; bad input gets xl's messages; the last unpause
    lets it run (and power off)."""
    with Machine(kernel=KEEL, append="console=com1 dom0_mem=128M",
                 modules=[(DOM0_GZ, "console=hvc0"), xl_root()], mem="512M", smp=2) as m:
        boot_to_prompt(m, XL_ROOT_FILES, 1)
        got = own_lines(run(m, "xl create -p /etc/keel/pvtest.cfg 'name=\"ctl\"'"))
        check(got == ["Parsing config from /etc/keel/pvtest.cfg"], "xl create -p, got %s" % got)

        header = "Name                                ID  VCPU   CPU State   Time(s) Affinity (Hard / Soft)"
        got = own_lines(run(m, "xl vcpu-list ctl"))
        check(len(got) == 2 and got[0] == header and
              re.match(r"^ctl {29}     1     0    [01]   ---       0\.0  all / all$", got[1]),
              "xl vcpu-list ctl: Xen's header and one paused vCPU, got %s" % got)
        rows = [x.split() for x in own_lines(run(m, "xl vcpu-list"))[1:]]
        check([r[:3] for r in rows] == [["Domain-0", "0", "0"], ["Domain-0", "0", "1"],
                                        ["ctl", "1", "0"]],
              "xl vcpu-list: dom0's two vCPUs and ctl's, got %s" % rows)

        check(own_lines(run(m, "xl vcpu-pin ctl 0 1")) == [], "xl vcpu-pin ctl 0 1 to say nothing")
        got = own_lines(run(m, "xl vcpu-list ctl"))[1:]
        check(len(got) == 1 and got[0].split()[3:4] == ["1"] and got[0].endswith("  1 / all"),
              "vCPU 0 on CPU 1, hard affinity 1, got %s" % got)
        got = own_lines(run(m, "xl vcpu-pin ctl 0 x"))
        check(got == ["Invalid pcpu range: x."], "a bad CPU list named, got %s" % got)
        got = own_lines(run(m, "xl vcpu-pin ctl 0 5"))
        check(got[-1:] == ["Could not set affinity for vcpu `0'."],
              "an offline CPU refused, got %s" % got)
        got = own_lines(run(m, "xl vcpu-pin ctl seven 1"))
        check(got == ["Error: Invalid argument seven as VCPU."], "a bad vCPU named, got %s" % got)

        got = own_lines(run(m, "xl sched-credit"))
        check(got[:2] == ["Cpupool Pool-0: tslice=30ms ratelimit=0us migration-delay=0us",
                          "Name                                ID Weight  Cap"] and
              [x.split() for x in got[2:]] == [["Domain-0", "0", "256", "0"],
                                               ["ctl", "1", "256", "0"]],
              "xl sched-credit: the pool's line, then every domain's weight and cap, got %s" % got)
        check(own_lines(run(m, "xl sched-credit -d ctl -w 512")) == [], "-w 512 to say nothing")
        got = [x.split() for x in own_lines(run(m, "xl sched-credit -d ctl"))]
        check(got == [["Name", "ID", "Weight", "Cap"], ["ctl", "1", "512", "0"]],
              "ctl's weight now 512, got %s" % got)
        got = own_lines(run(m, "xl sched-credit -d ctl -w 0"))
        check(got == ["libxl: error: Domain 1:Cpu weight out of range, valid values are "
                      "within range from 1 to 65535", "libxl_domain_sched_params_set failed."],
              "weight 0 refused, got %s" % got)
        got = own_lines(run(m, "xl sched-credit -d ctl -c 101"))
        check(got[:1] == ["libxl: error: Domain 1:Cpu cap out of range, valid range is from "
                          "0 to 100 for specified number of vcpus"], "cap 101 refused, got %s" % got)
        check(own_lines(run(m, "xl sched-credit -d ctl -c 50")) == [], "-c 50 to say nothing")
        got = own_lines(run(m, "xl sched-credit -d ctl"))[1:]
        check([x.split() for x in got] == [["ctl", "1", "512", "50"]], "cap 50 kept, got %s" % got)

        got = own_lines(run(m, "xl rename ctl Domain-0"))
        check(got == ['libxl: error: Domain 1:Domain with name "Domain-0" already exists.',
                      "Can't rename domain 'ctl'."], "a name in use refused, got %s" % got)
        check(own_lines(run(m, "xl rename ctl ctl2")) == [], "xl rename to say nothing")
        check(own_lines(run(m, "xl domid ctl2")) == ["1"], "the new name to name d1")
        got = own_lines(run(m, "xl pause nosuch"))
        check(got == ["nosuch is an invalid domain identifier (rc=-6)"],
              "an unknown domain named, got %s" % got)

        got = own_lines(run(m, "xl uptime"))
        check(len(got) == 3 and got[0] == "%-33s %4s %s" % ("Name", "ID", "Uptime") and
              re.match(r"^Domain-0 {29}0 +\d+:\d\d:\d\d$", got[1]) and
              re.match(r"^ctl2 {33}1  0:0\d:\d\d$", got[2]),
              "xl uptime: dom0's and ctl2's, got %s" % got)
        got = own_lines(run(m, "xl uptime -s ctl2"))
        check(len(got) == 1 and re.match(r"^ \d\d:\d\d:\d\d up  0:0\d, ctl2 \(1\)$", got[0]),
              "xl uptime -s ctl2, got %s" % got)

        got = own_lines(run(m, "xl mem-max ctl2 8"))
        check(got == ["libxl: error: Domain 1:memory_static_max must be greater than or or "
                      "equal to memory_dynamic_max",
                      "cannot set domid 1 static max memory to : 8"],
              "a ceiling below the target refused, got %s" % got)
        got = own_lines(run(m, "xl mem-max ctl2 12q"))
        check(got == ["invalid memory size: 12q"], "a bad size refused, got %s" % got)
        check(own_lines(run(m, "xl mem-max ctl2 64m")) == [], "xl mem-max 64m to say nothing")
        got = own_lines(run(m, "xenstore-read /local/domain/1/memory/static-max"))
        check(got == ["65536"], "static-max to be 64 MiB in KiB, got %s" % got)

        def state():
            rows = [x.split() for x in own_lines(run(m, "xl list ctl2"))[1:]]
            return rows[0][4] if len(rows) == 1 else rows

        check(own_lines(run(m, "xl pause ctl2")) == [] and state() == "--p---",
              "paused twice, shown paused")
        check(own_lines(run(m, "xl unpause ctl2")) == [] and state() == "--p---",
              "one unpause of two: still paused")
        m.send("xl unpause ctl2\r")
        m.expect_keel(r"^Domain 1 \(d1\) shut down: poweroff$", T_BOOT,
                      what="d1 running once unpaused, and powering off")
        m.expect_keel(r"^Domain 1 \(d1\) is gone: every frame returned$", T_CMD,
                      what="xl's on_poweroff=destroy reaping d1")
        m.send("\r")
        m.expect(PROMPT, T_CMD, what="a fresh prompt", partial=True)
        got = own_lines(run(m, "xl list ctl2"))
        check(got == ["ctl2 is an invalid domain identifier (rc=-6)"],
              "ctl2 gone after its poweroff, got %s" % got)


def test_dom0_bad_initrd_still_gives_a_shell():
    """A truncated initrd is reported with inflate's reason and the shell
    still comes up, with an empty root."""
    need_file(DOM0_ROOT)
    with open(DOM0_ROOT, "rb") as f:
        data = f.read()
    bad = logfile("dom0-root-truncated.cpio.gz")
    with open(bad, "wb") as f:
        f.write(data[:len(data) // 2] + data[-8:])
    with Machine(kernel=KEEL, append="console=com1 dom0_mem=64M",
                 modules=[(DOM0_GZ, "console=hvc0"), bad], mem="256M", smp=1) as m:
        m.expect(r"^dom0: root: initrd unusable \(.*byte \d+.*\); what was unpacked stays$",
                 T_BOOT, what="dom0 reporting the corrupt initrd")
        m.expect(r"^dom0: /etc/rc.conf: no such file or directory; starting nothing$", T_BOOT,
                 what="dom0 going on without rc.conf")
        m.expect(PROMPT, T_BOOT, what="the prompt", partial=True)
        got = run(m, "ls /")
        check(got == [], "an empty root after a corrupt initrd, got %s" % got)


def test_dom0_shell_on_xen_reference():
    """The same build/dom0.gz and initrd as dom0 of Debian's Xen 4.17."""
    from test_xen_reference import XEN_ARGS, XEN_CPU, fetch_xen
    xen = fetch_xen()
    need_file(DOM0_GZ)
    iso = mkiso("menu=Xen:load /dom0.gz console=hvc0;load /dom0-root.cpio.gz;"
                "multiboot /xen.gz %s\ntimeout=0\n" % XEN_ARGS,
                {"/xen.gz": xen, "/dom0.gz": DOM0_GZ, "/dom0-root.cpio.gz": DOM0_ROOT},
                "xen-dom0.iso")
    dom0_mib = int(re.search(r"dom0_mem=(\d+)M", XEN_ARGS).group(1))
    with Machine(cdrom=iso, mem="512M", smp=2, cpu=XEN_CPU) as m:
        m.expect(r"^\(XEN\) \*\*\* Building a PV Dom0 \*\*\*", 180, what="Xen building dom0")
        boot_to_prompt(m)
        check_shell(m, dom0_mib * 1024)
        check_xenstore(m)
        check_xl(m, dom0_mib * 1024, XEN_ARGS, 2, 512, "credit2", r"^\(XEN\) .*Xen version 4\.17")
        m.send("poweroff\r")
        m.expect(r"^\(XEN\) Hardware Dom0 halted: halting machine$", T_CMD,
                 what="Xen halting after dom0's poweroff")
