"""A domU's whole life under dom0's xl, on Keel, driven on the serial
console as a user would: started by xendomains at boot, talked to with
xl console, pinned, ballooned, shut down, rebooted, crashed, ten at once,
created with scheduling keys, and stopped cleanly when dom0 powers off.

The domU is the PV test guest in its "xl" mode (tests/guests/pv/
xl_guest.c): it reads and writes xenstore, watches control/shutdown, says
hello on its PV console and echoes what is typed there.
"""

import json
import os
import re

from harness import KEEL, ROOT, Machine, check, logfile, need_file, run_tool
from test_dom0 import (DOM0_GZ, PROMPT, PVTEST_GZ, ROOT_TREE, T_BOOT, T_CMD, boot_to_prompt,
                       free_mib_reaching, own_lines, run, settled_free_mib)

SERVING = r"pvtest: xl guest: serving console input and control/shutdown$"
TEST_CFG = 'name = "test"\nkernel = "/boot/pvtest.gz"\nmemory = 16\nextra = "xl"\n'


def lifecycle_root():
    """dom0's root with the test guest, /etc/keel/test.cfg, and an rc.conf
    whose xendomains starts it at boot."""
    need_file(PVTEST_GZ)
    files = {"/etc/keel/test.cfg": TEST_CFG,
             "/etc/rc.conf": "hostname=keel\nxencommons=YES\nxendomains=\"test\"\n"}
    argv = [os.path.join(ROOT, "tools", "mkinitrd"), "--add", "/boot/pvtest.gz=" + PVTEST_GZ]
    for path, text in files.items():
        host = logfile("lifecycle-" + os.path.basename(path))
        with open(host, "w") as f:
            f.write(text)
        argv += ["--add", "%s=%s" % (path, host)]
    out = logfile("dom0-root-lifecycle.cpio.gz")
    run_tool(argv + [ROOT_TREE, out], 60, "packing dom0's root for the lifecycle test")
    return out


def saw(m, rx, what, timeout=T_BOOT):
    """Wait for a line matching rx unless one came already (read by an
    earlier wait): for lines unique in the run, such as a domain id's."""
    if not re.search(rx, "\n".join(m.lines()), re.M):
        m.expect(rx, timeout, what=what)


def serving(m, domid):
    """Wait for domain domid's guest to be up: xenstore answered it."""
    saw(m, r"\(d%d\) " % domid + SERVING, "d%d's guest serving its console" % domid)


def rows(m, cmd="xl list"):
    return [x.split() for x in own_lines(run(m, cmd))[1:]]


def console_session(m, domid, typed, want):
    """xl console test: what the guest said is shown, a typed line reaches
    it and its answer comes back; ^] leaves."""
    m.send("xl console test\r")
    m.expect(r"^pvtest: hello from the PV console, domain %d\r?$" % domid, T_CMD,
             what="the guest's hello, kept for the console")
    m.send(typed + "\r")
    m.expect(r"^pvtest: console input: %s\r?$" % re.escape(want), T_CMD,
             what="the guest's echo of a typed line, on its PV console")
    m.send("\x1d")
    m.expect(PROMPT, T_CMD, what="the prompt after ^]", partial=True)


def test_xl_lifecycle_on_keel():
    with Machine(kernel=KEEL, append="console=com1 dom0_mem=128M",
                 modules=[(DOM0_GZ, "console=hvc0"), lifecycle_root()], mem="512M", smp=2) as m:
        boot_to_prompt(m, 3, 1, xendomains="test")  # rc.conf counts again
        serving(m, 1)
        got = rows(m)
        check([r[:4] for r in got] == [["Domain-0", "0", "128", "1"], ["test", "1", "16", "1"]],
              "xl list: dom0 and test (16 MiB, 1 vCPU), got %s" % got)
        check(run(m, "xenstore-read /local/domain/1/data/pvtest-state") == ["running"],
              "the guest's own write in xenstore")
        doms = json.loads("\n".join(own_lines(run(m, "xl list -l"))))
        check([d["domid"] for d in doms] == [0, 1], "xl list -l: dom0 and test, got %s" % doms)
        test = doms[1]["config"]
        check(test["c_info"]["name"] == "test" and test["b_info"]["max_memkb"] == 16384 and
              test["b_info"]["type.pv"] == {"kernel": "/boot/pvtest.gz", "cmdline": "xl"} and
              (test["on_poweroff"], test["on_reboot"], test["on_crash"]) ==
              ("destroy", "restart", "destroy") and
              re.match(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
                       test["c_info"]["uuid"]) and
              run(m, "xenstore-read /local/domain/1/vm") == ["/vm/" + test["c_info"]["uuid"]],
              "xl list -l: test's config as xl keeps it, got %s" % test)

        console_session(m, 1, "hello keel", "hello keel")
        log = own_lines(run(m, "cat /var/log/keel/guest-test.log"))
        check(log[:2] == ["pvtest: hello from the PV console, domain 1",
                          "pvtest: console input: hello keel"],
              "the guest's console output in its log, got %s" % log)

        check(own_lines(run(m, "xl vcpu-pin test 0 1")) == [], "xl vcpu-pin to say nothing")
        got = rows(m, "xl vcpu-list test")
        check(len(got) == 1 and got[0][:3] == ["test", "1", "0"] and got[0][-3:] == ["1", "/", "all"],
              "vcpu-list: test's vCPU 0 pinned to CPU 1, got %s" % got)
        check(own_lines(run(m, "xl mem-set test 12")) == [] and
              run(m, "xenstore-read /local/domain/1/memory/target") == ["12288"],
              "xl mem-set to set the balloon target in KiB")
        test = json.loads("\n".join(own_lines(run(m, "xl list -l test"))))[0]["config"]
        check(test["b_info"]["target_memkb"] == 12288 and test["b_info"]["max_memkb"] == 16384,
              "xl list -l: the balloon target as it is now, got %s" % test["b_info"])
        got = own_lines(run(m, "xl mem-set test 64"))
        check(got[-1:] == ["cannot set domid 1 dynamic max memory to : 64"],
              "a target above maxmem refused, got %s" % got)

        got = own_lines(run(m, "xl shutdown -w test", T_BOOT))
        check(got == ["Shutting down domain 1", "Waiting for 1 domains",
                      "Domain 1 has been shut down, reason code 0"],
              "xl shutdown -w: the guest's clean poweroff, got %s" % got)
        check(re.search(r"\(d1\) pvtest: shutting down \(poweroff\)$", "\n".join(m.lines()), re.M),
              "the guest saw the power button")
        check([r[1] for r in rows(m)] == ["0"], "the domain gone after on_poweroff=destroy")
        saw(m, r"\(KEEL\) .*Domain 1 \(d1\) is gone: every frame returned$", "d1 reaped")
        free = settled_free_mib(m)

        # on_reboot=restart (the default): a new domain with the same config.
        run(m, "xl create /etc/keel/test.cfg")
        serving(m, 2)
        got = own_lines(run(m, "xl reboot test"))
        check(got == ["Rebooting domain 2"], "xl reboot's message, got %s" % got)
        m.expect_keel(r"^Domain 2 \(d2\) shut down: reboot$", T_CMD, what="d2 rebooting")
        serving(m, 3)
        got = rows(m)
        check([r[:2] for r in got] == [["Domain-0", "0"], ["test", "3"]],
              "test restarted as domain 3, got %s" % got)
        log = own_lines(run(m, "cat /var/log/keel/xl-test.log"))
        check("Domain 2 restarted as domain 3" in log, "xl's log of the restart, got %s" % log)

        # on_crash=destroy: the console closes when its domain goes.
        m.send("xl console test\r")
        m.expect(r"^pvtest: hello from the PV console, domain 3\r?$", T_CMD, what="d3's hello")
        m.send("crash\r")
        m.expect_keel(r"^Domain 3 \(d3\) shut down: crash$", T_CMD, what="d3 crashing")
        m.expect_keel(r"^Domain 3 \(d3\) is gone: every frame returned$", T_CMD,
                      what="on_crash=destroy reaping d3")
        m.expect(PROMPT, T_CMD, what="xl console returning when its domain went", partial=True)
        check([r[1] for r in rows(m)] == ["0"], "nothing left after the crash")

        # Ten at once, then all destroyed: every page comes back.
        for i in range(10):   # xl's syntax: a string value is quoted
            run(m, "xl create /etc/keel/test.cfg 'name=\"vm%d\"'" % i)
        for domid in range(4, 14):
            serving(m, domid)
        got = rows(m)
        check(sorted(r[0] for r in got[1:]) == sorted("vm%d" % i for i in range(10)) and
              all(r[2:4] == ["16", "1"] for r in got[1:]),
              "ten domUs of 16 MiB and 1 vCPU, got %s" % got)
        for i in range(10):
            check(own_lines(run(m, "xl destroy vm%d" % i)) == [], "xl destroy vm%d to say nothing" % i)
        for domid in range(4, 14):
            saw(m, r"\(KEEL\) .*Domain %d \(d%d\) is gone: every frame returned$" % (domid, domid),
                "d%d reaped" % domid)
        check([r[1] for r in rows(m)] == ["0"], "only dom0 left")
        got = free_mib_reaching(m, free)
        check(got == free, "free memory back to %d MiB after the ten, got %d" % (free, got))

        # The config's scheduling keys, given as overrides, take effect at
        # create; vcpu-set writes what the guest's hotplug code watches.
        run(m, "xl create -p /etc/keel/test.cfg 'name=\"sched\"' cpu_weight=512 cap=50 "
               "'cpus=\"1\"'")
        got = [x.split() for x in own_lines(run(m, "xl sched-credit -d sched"))]
        check(got == [["Name", "ID", "Weight", "Cap"], ["sched", "14", "512", "50"]],
              "cpu_weight and cap applied at create, got %s" % got)
        got = rows(m, "xl vcpu-list sched")
        check(len(got) == 1 and got[0][-3:] == ["1", "/", "all"],
              "cpus=\"1\" pinning vCPU 0 at create, got %s" % got)
        got = own_lines(run(m, "xl vcpu-set sched 2"))
        check(got == ["libxl: error: Domain 14:Requested 2 VCPUs, however maxcpus is 1!",
                      "libxl_set_vcpuonline failed domid=14 max_vcpus=2, rc: -6"],
              "more vCPUs than maxvcpus refused, got %s" % got)
        got = own_lines(run(m, "xl vcpu-set 99 1"))
        check(got == ["Domain 99 does not exist."], "vcpu-set of a missing id, got %s" % got)
        check(own_lines(run(m, "xl vcpu-set sched 1")) == [] and
              run(m, "xenstore-read /local/domain/14/cpu/0/availability") == ["online"],
              "xl vcpu-set 1: vCPU 0 online in xenstore")
        check(own_lines(run(m, "xl destroy sched")) == [], "xl destroy sched")

        # xl create -c: the console from the first byte.
        m.send("xl create -c /etc/keel/test.cfg\r")
        m.expect(r"^pvtest: hello from the PV console, domain 15\r?$", T_BOOT,
                 what="the new guest's hello on the attached console")
        m.send("\x1d")
        m.expect(PROMPT, T_CMD, what="the prompt after ^]", partial=True)
        serving(m, 15)

        # dom0's poweroff stops the domU cleanly first.
        m.send("poweroff\r")
        m.expect(r"^Stopping 1 domain\.\.\.$", T_CMD, what="dom0 stopping its domU")
        m.expect(r"\(d15\) pvtest: shutting down \(poweroff\)$", T_CMD,
                 what="the domU shutting down cleanly")
        m.expect_keel(r"^Domain 0 \(Domain-0\) shut down: poweroff$", T_CMD,
                      what="dom0's poweroff reaching Keel")
        m.wait_exit(30, what="the machine to power off")
