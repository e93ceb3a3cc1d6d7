#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The Keel authors
"""Tests for tools/mkiso. Run: python3 tools/test_mkiso.py"""

import importlib.machinery
import importlib.util
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
MKISO = os.path.join(HERE, "mkiso")
EXAMPLE = os.path.join(os.path.dirname(HERE), "boot.cfg.example")


def read(path, mode="r"):
    with open(path, mode) as f:
        return f.read()


def load_mkiso():
    loader = importlib.machinery.SourceFileLoader("mkiso", MKISO)
    spec = importlib.util.spec_from_loader("mkiso", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


mkiso = load_mkiso()

# The HowTo's own lines.
HOWTO_PLAIN = ("menu=Xen:load /netbsd-XEN3_DOM0.gz console=pc;"
               "multiboot /xen.gz dom0_mem=512M")
HOWTO_SERIAL = ("menu=Xen:load /netbsd-XEN3_DOM0.gz;multiboot /xen.gz "
                "dom0_mem=512M console=com1 com1=9600,8n1")
HOWTO_CONVERT = """\
# Create boot.cfg following earlier guidance:
menu=Xen:load /netbsd-XEN3PAE_DOM0.gz console=pc;multiboot /xen.gz dom0_mem=512M
menu=Xen.ok:load /netbsd-XEN3PAE_DOM0.ok.gz console=pc;multiboot /xen.ok.gz dom0_mem=512M
menu=GENERIC:boot
menu=GENERIC single-user:boot -s
menu=GENERIC.ok:boot netbsd.ok
menu=GENERIC.ok single-user:boot netbsd.ok -s
menu=Drop to boot prompt:prompt
default=1
timeout=30
"""


class MkisoCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="test_mkiso.")
        self.addCleanup(shutil.rmtree, self.tmp)
        self.host = {}
        for name in ("xen.gz", "xen.ok.gz", "dom0.gz", "dom0.ok.gz",
                     "m1", "m2", "m3"):
            p = os.path.join(self.tmp, name)
            with open(p, "wb") as f:
                f.write(b"dummy " + name.encode() + b"\n")
            self.host[name] = p

    def write_cfg(self, text, name="boot.cfg"):
        p = os.path.join(self.tmp, name)
        with open(p, "w") as f:
            f.write(text)
        return p

    def run_mkiso(self, *args):
        proc = subprocess.run([sys.executable, MKISO] + list(args),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True)
        return proc.returncode, proc.stdout, proc.stderr

    def grub_cfg(self, text, *extra):
        """Run --grub-cfg-only on boot.cfg text; return (stdout, stderr)."""
        cfg = self.write_cfg(text)
        rc, out, err = self.run_mkiso("--boot-cfg", cfg, "--grub-cfg-only",
                                      *extra)
        self.assertEqual(rc, 0, err)
        return out, err

    def entry_body(self, grub_cfg, title):
        """The lines inside `menuentry TITLE { ... }`, stripped."""
        lines = grub_cfg.splitlines()
        head = "menuentry %s {" % mkiso.grub_quote(title)
        self.assertIn(head, lines)
        i = lines.index(head) + 1
        body = []
        while lines[i] != "}":
            body.append(lines[i].strip())
            i += 1
        return body

    def setting(self, grub_cfg, name):
        """Value of a top-level `set NAME=...`, or None if absent."""
        for line in grub_cfg.splitlines():
            if line.startswith("set %s=" % name):
                return line.split("=", 1)[1]
        return None

    def assert_fails(self, text, lineno, *needles, extra=()):
        cfg = self.write_cfg(text)
        out_iso = os.path.join(self.tmp, "out.iso")
        for mode in (["--grub-cfg-only"], ["-o", out_iso]):
            rc, out, err = self.run_mkiso("--boot-cfg", cfg, *mode, *extra)
            self.assertEqual(rc, 1, err)
            self.assertEqual(out, "")
            self.assertIn("%s:%d:" % (cfg, lineno), err)
            for n in needles:
                self.assertIn(n, err)
            self.assertFalse(os.path.exists(out_iso))
        self.assertEqual(sorted(os.listdir(self.tmp)),
                         sorted(list(self.host) + ["boot.cfg"]))
        return err


class TestHowToLines(MkisoCase):
    def test_plain_console_line(self):
        out, err = self.grub_cfg(
            HOWTO_PLAIN + "\n",
            "--file", "/xen.gz=" + self.host["xen.gz"],
            "--file", "/netbsd-XEN3_DOM0.gz=" + self.host["dom0.gz"])
        self.assertEqual(self.entry_body(out, "Xen"), [
            "multiboot2 /xen.gz dom0_mem=512M",
            "module2 /netbsd-XEN3_DOM0.gz console=pc",
            "boot",
        ])
        self.assertEqual(err, "")

    def test_serial_console_line(self):
        out, _ = self.grub_cfg(
            HOWTO_SERIAL + "\n",
            "--file", "/xen.gz=" + self.host["xen.gz"],
            "--file", "/netbsd-XEN3_DOM0.gz=" + self.host["dom0.gz"])
        self.assertEqual(self.entry_body(out, "Xen"), [
            "multiboot2 /xen.gz dom0_mem=512M console=com1 com1=9600,8n1",
            "module2 /netbsd-XEN3_DOM0.gz",
            "boot",
        ])

    def test_grub_terminal_settings(self):
        out, _ = self.grub_cfg(HOWTO_PLAIN + "\n",
                               "--file", "/xen.gz=" + self.host["xen.gz"])
        lines = out.splitlines()
        for want in ("serial --unit=0 --speed=115200",
                     "terminal_input serial console",
                     "terminal_output serial console"):
            self.assertIn(want, lines)
        # Settings come before the first menu entry.
        first = min(i for i, l in enumerate(lines)
                    if l.startswith("menuentry"))
        self.assertLess(lines.index("terminal_output serial console"), first)

    def test_converted_system_example(self):
        out, err = self.grub_cfg(
            HOWTO_CONVERT,
            "--file", "/xen.gz=" + self.host["xen.gz"],
            "--file", "/xen.ok.gz=" + self.host["xen.ok.gz"],
            "--file", "/netbsd-XEN3PAE_DOM0.gz=" + self.host["dom0.gz"],
            "--file", "/netbsd-XEN3PAE_DOM0.ok.gz=" + self.host["dom0.ok.gz"])
        titles = [l for l in out.splitlines() if l.startswith("menuentry")]
        self.assertEqual(len(titles), 7)   # numbering kept: one per menu=
        self.assertEqual(self.entry_body(out, "Xen.ok"), [
            "multiboot2 /xen.ok.gz dom0_mem=512M",
            "module2 /netbsd-XEN3PAE_DOM0.ok.gz console=pc",
            "boot",
        ])
        body = self.entry_body(out, "GENERIC single-user")
        self.assertTrue(body[0].startswith("echo "), body)
        self.assertIn("GENERIC single-user", body[0])
        self.assertIn("not available on this ISO", body[0])
        self.assertNotIn("boot", body[1:])
        self.assertNotIn("multiboot2", "\n".join(body))
        body = self.entry_body(out, "Drop to boot prompt")
        self.assertIn("boot prompt; not available on this ISO", body[0])
        self.assertEqual(self.setting(out, "default"), "0")
        self.assertEqual(self.setting(out, "timeout"), "30")
        self.assertEqual(err, "")

    def test_repo_example(self):
        out, err = self.grub_cfg(read(EXAMPLE),
                                 "--file", "/keel.gz=" + self.host["xen.gz"],
                                 "--file", "/dom0.gz=" + self.host["dom0.gz"],
                                 "--file", "/dom0-root.cpio.gz=" + self.host["dom0.gz"])
        self.assertEqual(self.entry_body(out, "Keel"), [
            "multiboot2 /keel.gz dom0_mem=512M",
            "module2 /dom0.gz console=hvc0",
            "module2 /dom0-root.cpio.gz",
            "boot",
        ])
        self.assertEqual(self.entry_body(out, "Keel (serial console)")[0],
                         "multiboot2 /keel.gz dom0_mem=512M console=com1 "
                         "com1=115200,8n1")
        self.assertEqual(
            len([l for l in out.splitlines() if l.startswith("menuentry")]), 5)
        self.assertEqual(self.setting(out, "default"), "0")
        self.assertEqual(self.setting(out, "timeout"), "5")
        self.assertIn("echo 'Keel hypervisor'", out.splitlines())
        self.assertEqual(err, "")

    def test_default_boot_cfg_is_repo_example(self):
        rc, out, err = self.run_mkiso("--grub-cfg-only", "--file",
                                      "/keel.gz=" + self.host["xen.gz"])
        self.assertEqual(rc, 0, err)
        self.assertIn("menuentry Keel {", out)


class TestModules(MkisoCase):
    CFG = ("menu=Multi:load /m1 a=1;load /m2;load /m3 x y;"
           "multiboot /xen.gz dom0_mem=1G\n")

    def all_files(self):
        return ["--file", "/xen.gz=" + self.host["xen.gz"],
                "--file", "/m1=" + self.host["m1"],
                "--file", "/m2=" + self.host["m2"],
                "--file", "/m3=" + self.host["m3"]]

    def test_modules_follow_kernel_in_order(self):
        out, _ = self.grub_cfg(self.CFG, *self.all_files())
        self.assertEqual(self.entry_body(out, "Multi"), [
            "multiboot2 /xen.gz dom0_mem=1G",
            "module2 /m1 a=1",
            "module2 /m2",
            "module2 /m3 x y",
            "boot",
        ])

    def test_missing_load_file_warns_and_is_left_out(self):
        out, err = self.grub_cfg(
            "# comment\n" + self.CFG,
            "--file", "/xen.gz=" + self.host["xen.gz"],
            "--file", "/m1=" + self.host["m1"],
            "--file", "/m3=" + self.host["m3"])
        body = [l for l in self.entry_body(out, "Multi")
                if not l.startswith("#")]
        self.assertEqual(body, ["multiboot2 /xen.gz dom0_mem=1G",
                                "module2 /m1 a=1", "module2 /m3 x y", "boot"])
        cfg = os.path.join(self.tmp, "boot.cfg")
        self.assertEqual(err.strip().splitlines(), [
            "mkiso: %s line 2: /m2 not given with --file; entry 'Multi' "
            "boots without it" % cfg])

    def test_missing_kernel_is_an_error(self):
        err = self.assert_fails("\n" + self.CFG, 2, "/xen.gz", "Multi",
                                "--file",
                                extra=("--file", "/m1=" + self.host["m1"]))
        self.assertIn("not given with --file", err)

    def test_missing_kernel_of_non_multiboot_entry_is_fine(self):
        out, err = self.grub_cfg("menu=NetBSD:boot netbsd\n"
                                 "menu=Prompt:prompt\n")
        self.assertIn("menuentry NetBSD {", out)
        self.assertEqual(err, "")

    def test_relative_paths_become_absolute(self):
        out, _ = self.grub_cfg("menu=R:load m1;multiboot xen.gz\n",
                               "--file", "/xen.gz=" + self.host["xen.gz"],
                               "--file", "/m1=" + self.host["m1"])
        self.assertEqual(self.entry_body(out, "R")[:2],
                         ["multiboot2 /xen.gz", "module2 /m1"])

    def test_ignored_commands_warn(self):
        out, err = self.grub_cfg(
            "menu=U:userconf disable foo;rndseed /var/db/entropy-file;"
            "multiboot /xen.gz\n",
            "--file", "/xen.gz=" + self.host["xen.gz"])
        self.assertEqual(self.entry_body(out, "U"),
                         ["multiboot2 /xen.gz", "boot"])
        self.assertIn("'userconf' ignored", err)
        self.assertIn("'rndseed' ignored", err)


class TestDefaultTimeout(MkisoCase):
    CFG = ("menu=A:boot\nmenu=B:multiboot /xen.gz\nmenu=C:prompt\n")

    def cfg(self, tail, *extra):
        out, _ = self.grub_cfg(self.CFG + tail, "--file",
                               "/xen.gz=" + self.host["xen.gz"], *extra)
        return out

    def test_default_is_one_based_in_boot_cfg(self):
        self.assertEqual(self.setting(self.cfg("default=2\n"), "default"),
                         "1")
        self.assertEqual(self.setting(self.cfg("default=3\n"), "default"),
                         "2")

    def test_default_absent_means_first(self):
        self.assertEqual(self.setting(self.cfg(""), "default"), "0")

    def test_default_option_overrides(self):
        out = self.cfg("default=1\n", "--default", "2")
        self.assertEqual(self.setting(out, "default"), "1")

    def test_default_option_out_of_range(self):
        cfg = self.write_cfg(self.CFG)
        rc, out, err = self.run_mkiso("--boot-cfg", cfg, "--grub-cfg-only",
                                      "--file", "/xen.gz=" +
                                      self.host["xen.gz"], "--default", "4")
        self.assertEqual(rc, 1)
        self.assertIn("--default 4", err)
        self.assertEqual(out, "")

    def test_default_out_of_range_in_file(self):
        self.assert_fails(self.CFG + "\ndefault=4\n", 5, "default=4",
                          extra=("--file", "/xen.gz=" + self.host["xen.gz"]))
        self.assert_fails(self.CFG + "default=0\n", 4, "default=0",
                          extra=("--file", "/xen.gz=" + self.host["xen.gz"]))

    def test_timeout(self):
        self.assertEqual(self.setting(self.cfg("timeout=7\n"), "timeout"),
                         "7")
        self.assertEqual(self.setting(self.cfg("timeout=0\n"), "timeout"),
                         "0")

    def test_timeout_absent_is_five(self):
        self.assertEqual(self.setting(self.cfg(""), "timeout"), "5")

    def test_timeout_minus_one_waits(self):
        self.assertIsNone(self.setting(self.cfg("timeout=-1\n"), "timeout"))

    def test_timeout_option_overrides(self):
        out = self.cfg("timeout=-1\n", "--timeout", "0")
        self.assertEqual(self.setting(out, "timeout"), "0")
        out = self.cfg("timeout=30\n", "--timeout", "-1")
        self.assertIsNone(self.setting(out, "timeout"))

    def test_unbootable_entry_stops_countdown(self):
        body = self.entry_body(self.cfg(""), "A")
        self.assertIn("set timeout=-1", body)


class TestErrors(MkisoCase):
    def test_menu_without_colon(self):
        self.assert_fails("# c\nmenu=Xen load /x;multiboot /xen.gz\n", 2,
                          "':'")

    def test_unknown_command(self):
        self.assert_fails("\n\nmenu=Xen:load /d;multiboot /xen.gz;frob 1\n",
                          3, "unknown command 'frob'", "'Xen'")

    def test_two_multiboot(self):
        self.assert_fails("menu=Xen:multiboot /xen.gz;multiboot /xen.ok.gz\n",
                          1, "two multiboot", "/xen.ok.gz")

    def test_load_after_multiboot(self):
        self.assert_fails("menu=Xen:multiboot /xen.gz;load /d\n", 1,
                          "'load /d' comes after 'multiboot'")

    def test_multiboot_and_boot(self):
        self.assert_fails("menu=X:multiboot /xen.gz;boot netbsd\n", 1,
                          "both 'multiboot' and 'boot'")

    def test_multiboot_without_file(self):
        self.assert_fails("menu=X:multiboot\n", 1, "needs a file name")

    def test_device_path(self):
        self.assert_fails("menu=X:multiboot hd0a:/xen.gz\n", 1,
                          "hd0a:/xen.gz")

    def test_empty_file(self):
        self.assert_fails("", 1, "no menu= entries")

    def test_comments_only(self):
        self.assert_fails("# nothing\n\ntimeout=3\n", 3, "no menu= entries")

    def test_empty_entry(self):
        self.assert_fails("menu=Nothing:\n", 1, "no commands")

    def test_line_without_equals(self):
        self.assert_fails("menu=A:prompt\nmultiboot /xen.gz\n", 2,
                          "key=value")

    def test_bad_number(self):
        self.assert_fails("menu=A:prompt\ntimeout=soon\n", 2, "timeout=")
        self.assert_fails("menu=A:prompt\ndefault=one\n", 2, "default=")

    def test_unknown_key_is_only_a_warning(self):
        out, err = self.grub_cfg("frobnicate=1\nmenu=A:prompt\n")
        self.assertIn("unknown key 'frobnicate'", err)

    def test_bad_file_options(self):
        cfg = self.write_cfg("menu=A:prompt\n")
        for spec, needle in (("xen.gz=" + self.host["xen.gz"], "start with"),
                             ("/xen.gz", "expected /PATH=HOSTFILE"),
                             ("/xen.gz=" + self.tmp + "/nope", "not a file"),
                             ("/../x=" + self.host["xen.gz"], "bad ISO path"),
                             ("/boot/grub/grub.cfg=" + self.host["xen.gz"],
                              "writes /boot/grub/grub.cfg")):
            rc, out, err = self.run_mkiso("--boot-cfg", cfg,
                                          "--grub-cfg-only", "--file", spec)
            self.assertEqual(rc, 1, spec)
            self.assertIn(needle, err, spec)

    def test_output_required(self):
        cfg = self.write_cfg("menu=A:prompt\n")
        rc, _, err = self.run_mkiso("--boot-cfg", cfg)
        self.assertEqual(rc, 2)
        self.assertIn("-o OUT.iso is required", err)

    def test_missing_boot_cfg(self):
        rc, _, err = self.run_mkiso("--boot-cfg", self.tmp + "/none",
                                    "--grub-cfg-only")
        self.assertEqual(rc, 1)
        self.assertIn("cannot read", err)


class TestQuoting(unittest.TestCase):
    WORDS = ["dom0_mem=512M", "com1=9600,8n1", "/netbsd-XEN3_DOM0.gz",
             "it's", "$HOME", "a b", 'say "hi"', "x'y\"z$w\\", "",
             "pciback.hide=(00:0a.0)(00:06.0)", "a;b", "{x}", "#c", "*",
             "tab\there", "'", "''", "\\"]

    def test_plain_words_are_bare(self):
        for w in ("dom0_mem=512M", "com1=9600,8n1", "/xen.gz", "-s",
                  "console=com1", "a+b@c%d"):
            self.assertEqual(mkiso.grub_quote(w), w)

    def test_special_words_are_quoted(self):
        self.assertEqual(mkiso.grub_quote("$HOME"), "'$HOME'")
        self.assertEqual(mkiso.grub_quote("it's"), '"it\'s"')
        self.assertEqual(mkiso.grub_quote("a'$"), "'a'\\''$'")
        self.assertEqual(mkiso.grub_quote(""), "''")
        self.assertEqual(mkiso.grub_quote("Keel (serial console)"),
                         "'Keel (serial console)'")

    def test_round_trip(self):
        # GRUB's quoting rules match POSIX sh for these characters.
        for w in self.WORDS:
            self.assertEqual(shlex.split(mkiso.grub_quote(w)), [w], w)
        line = mkiso.grub_line(self.WORDS)
        self.assertEqual(shlex.split(line), self.WORDS)

    def test_args_and_labels_in_grub_cfg(self):
        with tempfile.TemporaryDirectory() as d:
            k = os.path.join(d, "k")
            open(k, "w").close()
            cfg = os.path.join(d, "boot.cfg")
            with open(cfg, "w") as f:
                f.write("menu=Bob's $test:load /k it's $x;multiboot /k a\n"
                        "menu=Jo's:boot\n")
            out = subprocess.run(
                [sys.executable, MKISO, "--boot-cfg", cfg, "--grub-cfg-only",
                 "--file", "/k=" + k], stdout=subprocess.PIPE,
                universal_newlines=True, check=True).stdout
        lines = [l.strip() for l in out.splitlines()]
        self.assertIn("menuentry 'Bob'\\''s $test' {", lines)
        self.assertIn("module2 /k \"it's\" '$x'", lines)
        echo = [l for l in lines if l.startswith("echo")][0]
        self.assertEqual(shlex.split(echo)[1],
                         "boot.cfg entry 'Jo's' boots a NetBSD kernel "
                         "(boot); not available on this ISO")


@unittest.skipUnless(shutil.which("grub-mkrescue") and shutil.which("xorriso")
                     and os.path.isdir("/usr/lib/grub/i386-pc"),
                     "grub-mkrescue, xorriso or grub-pc-bin not installed")
class TestIsoBuild(MkisoCase):
    def iso_list(self, iso):
        proc = subprocess.run(["xorriso", "-indev", iso, "-find", "/",
                               "-type", "f"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True, check=True)
        return {l.strip().strip("'") for l in proc.stdout.splitlines()}

    def test_build_iso(self):
        cfg = self.write_cfg(HOWTO_PLAIN + "\nmenu=NetBSD:boot netbsd\n"
                             "timeout=30\n")
        iso = os.path.join(self.tmp, "out", "keel.iso")
        os.mkdir(os.path.dirname(iso))
        args = ["--boot-cfg", cfg, "--timeout", "0",
                "--file", "/xen.gz=" + self.host["xen.gz"],
                "--file", "/netbsd-XEN3_DOM0.gz=" + self.host["dom0.gz"]]
        rc, _, err = self.run_mkiso(*args, "-o", iso)
        self.assertEqual(rc, 0, err)
        self.assertTrue(os.path.isfile(iso))
        self.assertGreater(os.path.getsize(iso), 0)
        self.assertEqual(os.listdir(os.path.dirname(iso)), ["keel.iso"])
        files = self.iso_list(iso)
        for want in ("/boot/grub/grub.cfg", "/xen.gz",
                     "/netbsd-XEN3_DOM0.gz"):
            self.assertIn(want, files)

        extracted = os.path.join(self.tmp, "grub.cfg")
        subprocess.run(["xorriso", "-osirrox", "on", "-indev", iso,
                        "-extract", "/boot/grub/grub.cfg", extracted],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       check=True)
        rc, want, _ = self.run_mkiso(*args, "--grub-cfg-only")
        self.assertEqual(read(extracted), want)
        self.assertIn("multiboot2 /xen.gz dom0_mem=512M", want)

        extracted = os.path.join(self.tmp, "xen.copy")
        subprocess.run(["xorriso", "-osirrox", "on", "-indev", iso,
                        "-extract", "/xen.gz", extracted],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       check=True)
        self.assertEqual(read(extracted, "rb"),
                         read(self.host["xen.gz"], "rb"))

    def test_failed_build_keeps_old_output(self):
        iso = os.path.join(self.tmp, "keep.iso")
        with open(iso, "w") as f:
            f.write("old")
        cfg = self.write_cfg("menu=X:multiboot /xen.gz\n")
        rc, _, err = self.run_mkiso("--boot-cfg", cfg, "-o", iso)
        self.assertEqual(rc, 1)
        self.assertIn("/xen.gz", err)
        self.assertEqual(read(iso), "old")


if __name__ == "__main__":
    # unittest's own summary, then the plain line tests/run adds up.
    result = unittest.main(verbosity=1, exit=False).result
    bad = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    print(f"tools: {result.testsRun - bad - len(result.skipped)} passed, {bad} failed")
    sys.exit(1 if bad else 0)
