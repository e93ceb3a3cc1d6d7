# Keel: build the hypervisor image, boot it, test it.
#
#   make              build/keel (multiboot1 ELF32), build/keel.gz, build/keel-syms
#   make iso          build/keel.iso from boot.cfg.example (GRUB2, multiboot2)
#   make run          boot the ISO under QEMU, serial console on this terminal
#                     (MEM=512M SMP=2 by default; `make run MEM=2G SMP=4`)
#   make debug        as run, but QEMU waits for gdb on :1234 (see README.md)
#   make test         unit tests, then system tests; ends with "N passed, N failed"
#   make test-unit    host cmocka tests (ASan, UBSan)
#   make test-system  boots under QEMU TCG, asserting on the serial console

KEEL_VERSION := 0.1.0
BUILD := build
CC := gcc
LD := ld
HOSTCC := gcc
MEM ?= 512M
SMP ?= 2

# The hypervisor: freestanding, no SSE/x87, no red zone (interrupts use the
# stack), position-independent code linked at a fixed address inside the
# hypervisor hole (see include/keel/layout.h for why not -mcmodel=kernel),
# frame pointers for stack traces.
KEEL_CFLAGS := -std=gnu11 -O2 -g -ffreestanding -nostdlib -fno-builtin \
	-mno-red-zone -mgeneral-regs-only -fpie -fno-stack-protector \
	-fno-omit-frame-pointer -fno-asynchronous-unwind-tables \
	-fno-tree-loop-distribute-patterns -fcf-protection=none \
	-Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes \
	-include include/keel/compiler.h -I. -Iinclude -Iarch/x86/include \
	-DKEEL_VERSION='"$(KEEL_VERSION)"' \
	-DKEEL_COMPILER='"$(shell $(CC) --version | head -n 1)"'
KEEL_ASFLAGS := -D__ASSEMBLER__ -Iinclude -Iarch/x86/include -g
KEEL_LDFLAGS := -nostdlib -static -z max-page-size=0x1000 -z noexecstack \
	--no-warn-rwx-segments

SRCS := \
	arch/x86/boot/head.S \
	arch/x86/boot/multiboot.c \
	arch/x86/apic.c \
	arch/x86/cpu.c \
	arch/x86/entry.S \
	arch/x86/hpet.c \
	arch/x86/ioapic.c \
	arch/x86/irq.c \
	arch/x86/guest_access.c \
	arch/x86/paging.c \
	arch/x86/pirq.c \
	arch/x86/pv/build.c \
	arch/x86/pv/context.c \
	arch/x86/pv/descriptor.c \
	arch/x86/pv/descriptor_check.c \
	arch/x86/pv/emulate.c \
	arch/x86/pv/emul_msr.c \
	arch/x86/pv/entry.S \
	arch/x86/pv/grant_map.c \
	arch/x86/pv/hypercalls.c \
	arch/x86/pv/io_emulate.c \
	arch/x86/pv/m2p.c \
	arch/x86/pv/mm.c \
	arch/x86/pv/pt_validate.c \
	arch/x86/pv/syscall.c \
	arch/x86/pv/traps.c \
	arch/x86/reboot.c \
	arch/x86/setup.c \
	arch/x86/smp.c \
	arch/x86/smpboot.c \
	arch/x86/time.c \
	arch/x86/trampoline.S \
	arch/x86/traps.c \
	arch/x86/usercopy.S \
	$(sort $(wildcard drivers/acpi/*.c)) \
	drivers/cmos_rtc.c \
	drivers/ns16550.c \
	drivers/vga.c \
	kernel/boot_report.c \
	kernel/cmdline.c \
	kernel/conring.c \
	kernel/console.c \
	kernel/console_io.c \
	kernel/dom0.c \
	kernel/domain.c \
	kernel/domctl.c \
	kernel/domctl_create.c \
	kernel/domctl_sched.c \
	kernel/event_channel_op.c \
	kernel/evtchn.c \
	kernel/evtchn_2l.c \
	kernel/evtchn_fifo.c \
	kernel/frame_table.c \
	kernel/grace.c \
	kernel/grant_table.c \
	kernel/grant_table_op.c \
	kernel/guest_time.c \
	kernel/heap.c \
	kernel/hypercall.c \
	kernel/keyhandler.c \
	kernel/memory_op.c \
	kernel/multicall.c \
	kernel/page_alloc.c \
	kernel/panic.c \
	kernel/physdev_op.c \
	kernel/pv_kernel.c \
	kernel/sched_credit.c \
	kernel/sched_op.c \
	kernel/sched_poll.c \
	kernel/schedule.c \
	kernel/softirq.c \
	kernel/spinlock.c \
	kernel/symbols.c \
	kernel/sysctl.c \
	kernel/timer_queue.c \
	kernel/timers.c \
	kernel/vcpu_op.c \
	kernel/vcpu_timer.c \
	kernel/xen_version.c \
	kernel/lib/elf_loader.c \
	kernel/lib/errmsg.c \
	kernel/lib/elf_notes.c \
	kernel/lib/inflate.c \
	kernel/lib/string.c \
	kernel/lib/vsnprintf.c \
	kernel/lib/xenctl_bitmap.c

# `make V=1` shows every command.
ifeq ($(V),1)
Q :=
say := @true
else
Q := @
say := @printf '  %-7s %s\n'
endif

OBJS := $(patsubst %,$(BUILD)/obj/%.o,$(basename $(SRCS)))

.PHONY: all iso run debug test test-unit test-system bench fuzz deps-run deps-test clean
all: $(BUILD)/keel $(BUILD)/keel.gz $(BUILD)/keel-syms $(BUILD)/pvtest.gz $(BUILD)/dom0.gz \
	$(BUILD)/dom0-root.cpio.gz

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(say) CC $<
	$(Q)$(CC) $(KEEL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/obj/%.o: %.S
	@mkdir -p $(@D)
	$(say) AS $<
	$(Q)$(CC) $(KEEL_ASFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/keel.lds: arch/x86/keel.lds include/keel/layout.h
	@mkdir -p $(@D)
	$(Q)$(CC) -E -P -x c -D__ASSEMBLER__ -Iinclude -o $@ $<

# Two links: the first, with an empty symbol table, tells where the text
# symbols are; the second embeds them. The table sits after the text, so the
# text does not move between the links: checked, not assumed.
$(BUILD)/keel.pass1: $(OBJS) $(BUILD)/keel.lds $(BUILD)/obj/syms-empty.o
	$(say) LD $@
	$(Q)$(LD) $(KEEL_LDFLAGS) -T $(BUILD)/keel.lds -o $@ $(OBJS) $(BUILD)/obj/syms-empty.o

$(BUILD)/obj/syms-empty.S: tools/gensyms
	@mkdir -p $(@D)
	$(Q)tools/gensyms < /dev/null > $@

$(BUILD)/obj/syms.S: $(BUILD)/keel.pass1 tools/gensyms
	$(say) GENSYMS $@
	$(Q)nm -n $< | tools/gensyms > $@

$(BUILD)/obj/syms%.o: $(BUILD)/obj/syms%.S
	$(Q)$(CC) $(KEEL_ASFLAGS) -c -o $@ $<

$(BUILD)/keel-syms: $(BUILD)/keel.pass1 $(BUILD)/obj/syms.o
	$(say) LD $@
	$(Q)$(LD) $(KEEL_LDFLAGS) -T $(BUILD)/keel.lds -o $@ $(OBJS) $(BUILD)/obj/syms.o
	@nm -n $(BUILD)/keel.pass1 | grep ' [tT] ' > $(BUILD)/text-syms.1
	@nm -n $@ | grep ' [tT] ' > $(BUILD)/text-syms.2
	@cmp -s $(BUILD)/text-syms.1 $(BUILD)/text-syms.2 || \
		{ echo "text moved between links; symbol table would lie" >&2; rm -f $@; exit 1; }

$(BUILD)/tools/mkelf32: tools/mkelf32.c
	@mkdir -p $(@D)
	$(say) HOSTCC $<
	$(Q)$(HOSTCC) -O2 -Wall -Wextra -Werror -o $@ $<

$(BUILD)/keel: $(BUILD)/keel-syms $(BUILD)/tools/mkelf32
	$(say) MKELF32 $@
	$(Q)$(BUILD)/tools/mkelf32 $< $@

$(BUILD)/keel.gz: $(BUILD)/keel
	$(say) GZIP $@
	$(Q)gzip -9 -n -c $< > $@

# The PV test guest: a 64-bit PV kernel in the top 2 GiB, where the kernel
# code model puts it; it talks to the hypervisor through include/public and
# makes its hypercalls as dom0 does (dom0/include/dom0/hypercall.h).
GUEST_CFLAGS := -std=gnu11 -O2 -g -ffreestanding -nostdlib -fno-builtin \
	-mno-red-zone -mgeneral-regs-only -mcmodel=kernel -fno-pie \
	-fno-stack-protector -fno-asynchronous-unwind-tables -fcf-protection=none \
	-fno-tree-loop-distribute-patterns \
	-Wall -Wextra -Werror -Iinclude -Idom0/include
PVTEST_SRCS := tests/guests/pv/head.S tests/guests/pv/traps.S tests/guests/pv/main.c \
	tests/guests/pv/pv_ring.c \
	kernel/lib/string.c kernel/lib/vsnprintf.c
PVTEST_OBJS := $(patsubst %,$(BUILD)/guest-obj/%.o,$(basename $(PVTEST_SRCS)))

$(BUILD)/guest-obj/%.o: %.c Makefile
	@mkdir -p $(@D)
	$(say) CC $<
	$(Q)$(CC) $(GUEST_CFLAGS) -Itests/guests/pv -MMD -MP -c -o $@ $<

$(BUILD)/guest-obj/%.o: %.S Makefile
	@mkdir -p $(@D)
	$(say) AS $<
	$(Q)$(CC) $(GUEST_CFLAGS) -Itests/guests/pv -D__ASSEMBLER__ -MMD -MP -c -o $@ $<

$(BUILD)/pvtest: $(PVTEST_OBJS) tests/guests/pv/guest.lds
	$(say) LD $@
	$(Q)$(LD) -nostdlib -static -z max-page-size=0x1000 -z noexecstack \
		--no-warn-rwx-segments -T tests/guests/pv/guest.lds -o $@ $(PVTEST_OBJS)

$(BUILD)/pvtest.gz: $(BUILD)/pvtest
	$(say) GZIP $@
	$(Q)gzip -9 -n -c $< > $@

# dom0: Keel's own domain 0, a PV kernel like the test guest, plus frame
# pointers and the same two-link symbol table as the hypervisor, for the
# backtraces of its panic path.
DOM0_CFLAGS := $(GUEST_CFLAGS) -fno-omit-frame-pointer
DOM0_SRCS := dom0/arch/head.S dom0/arch/entry.S \
	$(sort $(wildcard dom0/kernel/*.c dom0/drivers/*.c dom0/net/*.c dom0/fs/*.c dom0/shell/*.c dom0/xl/*.c dom0/xenstore/*.c)) \
	kernel/lib/errmsg.c kernel/lib/inflate.c kernel/lib/string.c kernel/lib/vsnprintf.c \
	kernel/symbols.c
DOM0_OBJS := $(patsubst %,$(BUILD)/dom0-obj/%.o,$(basename $(DOM0_SRCS)))
DOM0_LDFLAGS := -nostdlib -static -z max-page-size=0x1000 -z noexecstack \
	--no-warn-rwx-segments -T dom0/dom0.lds

$(BUILD)/dom0-obj/%.o: %.c Makefile
	@mkdir -p $(@D)
	$(say) CC $<
	$(Q)$(CC) $(DOM0_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/dom0-obj/%.o: %.S Makefile
	@mkdir -p $(@D)
	$(say) AS $<
	$(Q)$(CC) $(DOM0_CFLAGS) -D__ASSEMBLER__ -MMD -MP -c -o $@ $<

$(BUILD)/dom0.pass1: $(DOM0_OBJS) dom0/dom0.lds $(BUILD)/obj/syms-empty.o
	$(say) LD $@
	$(Q)$(LD) $(DOM0_LDFLAGS) -o $@ $(DOM0_OBJS) $(BUILD)/obj/syms-empty.o

$(BUILD)/dom0-obj/syms.S: $(BUILD)/dom0.pass1 tools/gensyms
	$(Q)nm -n $< | tools/gensyms > $@

$(BUILD)/dom0-obj/syms.o: $(BUILD)/dom0-obj/syms.S
	$(Q)$(CC) $(KEEL_ASFLAGS) -c -o $@ $<

$(BUILD)/dom0: $(BUILD)/dom0.pass1 $(BUILD)/dom0-obj/syms.o
	$(say) LD $@
	$(Q)$(LD) $(DOM0_LDFLAGS) -o $@ $(DOM0_OBJS) $(BUILD)/dom0-obj/syms.o
	@nm -n $(BUILD)/dom0.pass1 | grep ' [tT] ' > $(BUILD)/dom0-syms.1
	@nm -n $@ | grep ' [tT] ' > $(BUILD)/dom0-syms.2
	@cmp -s $(BUILD)/dom0-syms.1 $(BUILD)/dom0-syms.2 || \
		{ echo "dom0 text moved between links; symbol table would lie" >&2; rm -f $@; exit 1; }

$(BUILD)/dom0.gz: $(BUILD)/dom0
	$(say) GZIP $@
	$(Q)gzip -9 -n -c $< > $@

# dom0's initrd: the tree under dom0/root (/etc/rc.conf, /etc/keel/...).
$(BUILD)/dom0-root.cpio.gz: tools/mkinitrd $(shell find dom0/root)
	$(say) MKINITRD $@
	$(Q)tools/mkinitrd dom0/root $@

iso: $(BUILD)/keel.iso
$(BUILD)/keel.iso: $(BUILD)/keel.gz $(BUILD)/dom0.gz $(BUILD)/dom0-root.cpio.gz boot.cfg.example tools/mkiso
	tools/install-deps run
	tools/mkiso --boot-cfg boot.cfg.example --file /keel.gz=$(BUILD)/keel.gz \
		--file /dom0.gz=$(BUILD)/dom0.gz --file /dom0-root.cpio.gz=$(BUILD)/dom0-root.cpio.gz -o $@

# QEMU's monitor escape is moved to Ctrl-T (Ctrl-T x quits, Ctrl-T c for the
# monitor), so Ctrl-A reaches Keel: three of them switch its console input.
QEMU_RUN = qemu-system-x86_64 -accel $$(tools/qemu-accel $(BUILD)/keel) \
	-m $(MEM) -smp $(SMP) -cdrom $(BUILD)/keel.iso -boot d \
	-display none -vga std -serial mon:stdio -echr 20 -no-reboot

run: deps-run $(BUILD)/keel.iso
	$(QEMU_RUN)

debug: deps-run $(BUILD)/keel.iso
	@echo "QEMU waits for gdb: gdb $(BUILD)/keel-syms -ex 'target remote :1234'"
	$(subst $$(tools/qemu-accel $(BUILD)/keel),tcg,$(QEMU_RUN)) -s -S

deps-run:
	@tools/install-deps build run

deps-test:
	@tools/install-deps build test

test: deps-test all
	tests/run

test-unit: deps-test
	$(MAKE) -C tests/unit TOP=$(CURDIR) run

test-system: deps-test all
	tests/system/run

# Keel next to Xen 4.17 under the same QEMU (docs/performance.md); never part
# of `make test`. BENCH_RUNS=N sets the boots per system (default 5).
# libFuzzer targets (tests/fuzz/), FUZZ_SECONDS each (default 60); not in CI.
fuzz:
	@tools/install-deps fuzz
	$(MAKE) -s -C tests/fuzz TOP=$(CURDIR) run

bench: all
	tools/bench
	tools/bench-xl-create --json $(BUILD)/bench/xl-create.json

clean:
	rm -rf $(BUILD)

# Flags live here: a change to them rebuilds everything.
$(OBJS): Makefile

-include $(OBJS:.o=.d) $(PVTEST_OBJS:.o=.d) $(DOM0_OBJS:.o=.d)
