"""dom0's drivers for QEMU's devices, checked as a user would see them:
the PCI functions it found, virtio disks with their MBR partitions
(interrupt-driven through Keel's PIRQs), a read-only disk, and a virtio
NIC configured from rc.conf's ifconfig_vioif0 that pings QEMU's gateway.
"""

import os
import re
import struct

from harness import KEEL, ROOT, Machine, check, logfile, run_tool
from test_dom0 import DOM0_GZ, PROMPT, ROOT_TREE, T_BOOT, own_lines, run

MAC = "52:54:00:4b:45:01"
IFCONFIG = "inet 10.0.2.15 netmask 255.255.255.0"
GATEWAY = "10.0.2.2"   # QEMU's user-mode network answers pings there


def mbr_disk(name, mib, parts):
    """A disk image of mib MiB with an MBR holding parts: (type, first, count)."""
    path = logfile(name)
    with open(path, "wb") as f:
        f.truncate(mib << 20)
        table = b"".join(struct.pack("<4xB3xII", t, first, count) for t, first, count in parts)
        f.seek(446)
        f.write(table.ljust(64, b"\0") + b"\x55\xaa")
    return path


def devices_root():
    host = logfile("devices-rc.conf")
    with open(host, "w") as f:
        f.write('hostname=keel\nxencommons=YES\nxendomains=""\nifconfig_vioif0="%s"\n' % IFCONFIG)
    out = logfile("dom0-root-devices.cpio.gz")
    run_tool([os.path.join(ROOT, "tools", "mkinitrd"), "--add", "/etc/rc.conf=" + host,
              ROOT_TREE, out], 60, "packing dom0's root with ifconfig_vioif0")
    return out


def boot(extra):
    return Machine(kernel=KEEL, append="console=com1 dom0_mem=128M",
                   modules=[(DOM0_GZ, "console=hvc0"), devices_root()], mem="512M",
                   extra=extra)


def test_dom0_disks_and_nic_on_keel():
    """Two virtio disks (one partitioned, one read-only) and a NIC: each
    found, named, interrupt-driven; the NIC pings the gateway, and a host
    that is not there gives 100% loss."""
    parted = mbr_disk("devices-parted.img", 32, [(0x83, 2048, 40960), (0x83, 60000, 9999)])
    plain = mbr_disk("devices-plain.img", 8, [])
    extra = ["-drive", "file=%s,format=raw,if=none,id=d0" % parted,
             "-device", "virtio-blk-pci,drive=d0",
             "-drive", "file=%s,format=raw,if=none,id=d1,readonly=on" % plain,
             "-device", "virtio-blk-pci,drive=d1",
             "-netdev", "user,id=n0", "-device", "virtio-net-pci,netdev=n0,mac=" + MAC]
    with boot(extra) as m:
        m.expect(r"^dom0: pci: \d+ functions$", T_BOOT, what="dom0's PCI scan")
        m.expect(r"^dom0: pci 00:\w\w\.0 1af4:1001 mass storage: virtio-blk$", T_BOOT,
                 what="the first virtio disk's PCI function")
        m.expect(r"^dom0: vda: virtio-blk, 32 MiB \(65536 sectors\), read-write, "
                 r"write cache flushed on request, interrupt-driven$", T_BOOT, what="vda")
        m.expect(r"^dom0: vda2: extends past the end of the disk; skipped$", T_BOOT,
                 what="the partition past the end reported")
        m.expect(r"^dom0: vda1: MBR partition, type 0x83, 20 MiB from sector 2048$", T_BOOT,
                 what="vda1 from the MBR")
        m.expect(r"^dom0: vdb: virtio-blk, 8 MiB \(16384 sectors\), read-only, .*interrupt-driven$",
                 T_BOOT, what="vdb, read-only")
        m.expect(r"^dom0: vioif0: virtio-net, address %s, interrupt-driven$" % MAC, T_BOOT,
                 what="vioif0 with QEMU's MAC")
        m.expect(r"^dom0: vioif0: %s$" % IFCONFIG, T_BOOT, what="vioif0 configured from rc.conf")
        m.expect(PROMPT, T_BOOT, what="the prompt", partial=True)
        got = own_lines(run(m, "ifconfig vioif0"))
        check("\tinet 10.0.2.15 netmask 255.255.255.0" in got, "ifconfig to show the address, got %s" % got)
        got = own_lines(run(m, "ping -c 3 " + GATEWAY))
        check("3 packets transmitted, 3 packets received, 0.0% packet loss" in got,
              "three answered pings of %s, got %s" % (GATEWAY, got))
        check(sum(bool(re.match(r"^64 bytes from %s: icmp_seq=[012] ttl=\d+ time=[\d.]+ ms$"
                                % re.escape(GATEWAY), x)) for x in got) == 3,
              "a line per reply, got %s" % got)
        got = own_lines(run(m, "ping -c 1 10.0.2.99"))
        check("1 packets transmitted, 0 packets received, 100.0% packet loss" in got,
              "no answer from a host that is not there, got %s" % got)
        got = own_lines(run(m, "ping 10.0.3.1"))
        check("ping: sendto: No route to host" in got, "no route off the subnet, got %s" % got)
        got = own_lines(run(m, "ifconfig vioif0"))
        counts = [x for x in got if "packets:" in x]
        check(counts and re.search(r"packets: ([1-9]\d*) in, ([1-9]\d*) out", counts[0]),
              "packets counted both ways, got %s" % got)


def test_dom0_without_devices_on_keel():
    """No disk, no NIC: the scan says so and nothing else is missed."""
    with boot([]) as m:
        m.expect(r"^dom0: pci: \d+ functions$", T_BOOT, what="dom0's PCI scan")
        m.expect(r"^dom0: /etc/rc.conf: xencommons=YES", T_BOOT, what="rc.conf read after it")
        m.expect(PROMPT, T_BOOT, what="the prompt", partial=True)
        check(not any(re.match(r"^dom0: (vd[a-z]|vioif\d):", x) for x in m.lines()),
              "no disk or NIC reported, got %s" % m.lines())
        got = own_lines(run(m, "ifconfig"))
        check(got == [], "ifconfig with no interface to print nothing, got %s" % got)
