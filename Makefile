# pagelab: the one entry point.
#   make          build build/pagelab.iso (and everything it needs)
#   make run      boot it in QEMU on this terminal (serial console; Ctrl-A X quits)
#   make test     run every test; ends with "N passed, N failed"
#   make debug    boot paused with QEMU's gdb stub; then `make gdb` in another terminal
#   make gdb      gdb with the kernel's symbols and tools/gdb/pagelab.py
#   make newdisk  erase build/disk.img and make a fresh one (make keeps the
#                 files you wrote on it and only updates the programs)
#   make bench    the benchmark programs on pagelab and on Linux 6.1 in the same
#                 QEMU, in turns; report, plots and copy diagrams in build/bench/
#                 (tools/bench; BENCH=quick for a few minutes, BENCHMARKS="pipebench
#                 sockbench" for some programs, KERNELS, ROUNDS, BENCH_ARGS, BENCH_OUT)
# Variables: TOOLPREFIX (cross toolchain, e.g. x86_64-elf-), KVM=1, MEM, GDB_PORT, CMDLINE,
#            NDEBUG=1 (release build: no kmalloc poisoning).

TOOLPREFIX ?=
CC      := $(TOOLPREFIX)gcc
LD      := $(TOOLPREFIX)ld
OBJCOPY := $(TOOLPREFIX)objcopy
NM      := $(TOOLPREFIX)nm
HOSTCC  ?= cc

BUILD   := build

# Quiet build: one short line per step ("CC kernel/entry/main.c"); V=1 prints the
# full commands.
V ?= 0
ifeq ($(V),1)
Q :=
say = @true
else
Q := @
say = @printf '  %-7s %s\n'
endif
MEM     ?= 512M
GDB_PORT ?= 1234
CMDLINE ?=

# Freestanding kernel code: no red zone (interrupts push onto the stack
# below rsp), kernel code model (linked at -2 GiB), no SSE/x87 (their state
# is not saved on kernel entry), frame pointers for backtraces, debug info.
KERNEL_CFLAGS := -std=gnu11 -ffreestanding -fno-pic -fno-pie -mno-red-zone \
    -mcmodel=kernel -mgeneral-regs-only -fno-omit-frame-pointer \
    -fno-stack-protector -fno-asynchronous-unwind-tables -fcf-protection=none \
    -fno-strict-aliasing -g -O2 -Wall -Wextra -Werror=implicit-function-declaration \
    -Wno-unused-parameter -I. -MMD -MP $(if $(filter 1,$(NDEBUG)),-DNDEBUG)
KERNEL_ASFLAGS := -I. -g -MMD -MP -D__ASSEMBLER__
KERNEL_LDFLAGS := -nostdlib -static -no-pie -z max-page-size=0x1000 -z noexecstack -T linker.ld

KERNEL_SRCS := boot/boot.S $(shell find kernel -name '*.c' -o -name '*.S' | sort)
# Generated sources: the names of every syscall and error number (for strace
# and the "not implemented" message), from the one list of each.
KERNEL_GEN  := $(BUILD)/gen/names.c
KERNEL_OBJS := $(patsubst %,$(BUILD)/obj/%.o,$(KERNEL_SRCS) $(KERNEL_GEN))

QEMU      := qemu-system-x86_64
QEMU_ACCEL := $(if $(filter 1,$(KVM)),-accel kvm -cpu host,-accel tcg -cpu max)
QEMU_BASE  = -machine pc $(QEMU_ACCEL) -m $(MEM) -no-reboot -display none

.PHONY: all deps run debug gdb test bench clean FORCE
all: deps $(BUILD)/pagelab.iso $(DISK_IMAGE)

# The user programs and our libc (user/build.mk) define USER_BINS, the files
# that go into /bin; the disk image (tools/disk.mk) stages them with the rest
# of the root tree and defines DISK_IMAGE.
USER_BINS :=
DISK_IMAGE :=
-include user/build.mk
-include tools/disk.mk
comma := ,
DISK_ARGS = $(if $(DISK_IMAGE),-drive file=$(DISK_IMAGE)$(comma)if=virtio$(comma)format=raw)

# The dependency check is quick when everything is present; it runs once per make.
deps:
	@TOOLPREFIX="$(TOOLPREFIX)" tools/deps

# Objects depend on the flags they were built with, so that switching
# NDEBUG=1 on or off rebuilds them instead of mixing debug and release code.
$(BUILD)/kernel-cflags: FORCE
	@mkdir -p $(BUILD)
	@echo '$(KERNEL_CFLAGS)' | cmp -s - $@ || echo '$(KERNEL_CFLAGS)' > $@

$(BUILD)/obj/%.c.o: %.c $(BUILD)/kernel-cflags | deps
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(KERNEL_CFLAGS) -c $< -o $@

$(BUILD)/obj/%.S.o: %.S | deps
	@mkdir -p $(dir $@)
	$(say) AS $<
	$(Q)$(CC) $(KERNEL_ASFLAGS) -c $< -o $@

$(BUILD)/gen/names.c: libc/include/pagelab/syscall_nr.h libc/include/pagelab/errno_values.h tools/mknames.py
	@mkdir -p $(dir $@)
	$(say) GEN $@
	$(Q)tools/mknames.py libc/include/pagelab/syscall_nr.h libc/include/pagelab/errno_values.h $@

# Two links: the first with an empty symbol table, the second with the table
# made from the first.  .ksyms comes after the code, so no function moves;
# the check below proves it.
$(BUILD)/pagelab.elf: $(KERNEL_OBJS) linker.ld tools/mksyms.py
	$(say) LD "$@ (pass 1: no symbol table)"
	$(Q)tools/mksyms.py $(BUILD)/ksyms0.S
	$(Q)$(CC) $(KERNEL_ASFLAGS) -c $(BUILD)/ksyms0.S -o $(BUILD)/ksyms0.o
	$(Q)$(LD) $(KERNEL_LDFLAGS) -o $(BUILD)/pass1.elf $(KERNEL_OBJS) $(BUILD)/ksyms0.o
	$(say) LD "$@ (pass 2: symbol table embedded)"
	$(Q)tools/mksyms.py $(BUILD)/pass1.elf $(BUILD)/ksyms.S
	$(Q)$(CC) $(KERNEL_ASFLAGS) -c $(BUILD)/ksyms.S -o $(BUILD)/ksyms.o
	$(Q)$(LD) $(KERNEL_LDFLAGS) -o $@.tmp $(KERNEL_OBJS) $(BUILD)/ksyms.o
	$(Q)tools/mksyms.py $@.tmp $(BUILD)/ksyms.check.S
	@cmp -s $(BUILD)/ksyms.S $(BUILD)/ksyms.check.S || { echo "symbol table moved code: see linker.ld" >&2; exit 1; }
	$(Q)mv $@.tmp $@

# The ISO's kernel command line is $(CMDLINE); build/cmdline changes only
# when it does, so `make run CMDLINE=...` remakes the ISO exactly when needed.
$(BUILD)/cmdline: FORCE
	@mkdir -p $(BUILD)
	@printf '%s\n' '$(CMDLINE)' | cmp -s - $@ || printf '%s\n' '$(CMDLINE)' > $@

$(BUILD)/pagelab.iso: $(BUILD)/pagelab.elf boot/grub.cfg tools/mkiso $(BUILD)/cmdline
	$(say) ISO "$@ (grub-mkrescue; command line: $(CMDLINE))"
	$(Q)tools/mkiso $< $@ $(CMDLINE)

.PHONY: FORCE
FORCE:

run: all
	$(QEMU) $(QEMU_BASE) -cdrom $(BUILD)/pagelab.iso $(DISK_ARGS) -serial mon:stdio

# The debug ISO is made on every `make debug` so that CMDLINE always takes
# effect (e.g. make debug CMDLINE=ktest=copy_to_user_on_unmapped_address_returns_efault).
# TCG unless KVM=1; isa-debug-exit lets a ktest run end QEMU, with the
# codes of kernel/hw/power.h: (0x10 << 1) | 1 = 33 for tests that passed
# (make must not call that an error), 35 for a failed test, 37 for a panic.
debug: all
	$(Q)tools/mkiso $(BUILD)/pagelab.elf $(BUILD)/debug.iso $(CMDLINE)
	@echo "QEMU is paused with its gdb stub on localhost:$(GDB_PORT); run 'make gdb GDB_PORT=$(GDB_PORT)' in another terminal"
	@$(QEMU) $(QEMU_BASE) -cdrom $(BUILD)/debug.iso $(DISK_ARGS) -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	    -serial mon:stdio -gdb tcp::$(GDB_PORT) -S; status=$$?; \
	case $$status in \
	0|33) ;; \
	35) echo "debug: the in-kernel tests failed (QEMU exit status 35)"; exit 1 ;; \
	37) echo "debug: the kernel panicked (QEMU exit status 37)"; exit 1 ;; \
	*) echo "debug: QEMU exited with status $$status"; exit $$status ;; \
	esac

# tools/gdb/gdbinit sets the x86-64 architecture before pl-connect attaches.
gdb: $(BUILD)/pagelab.elf
	gdb -q -x tools/gdb/gdbinit -ex 'pl-connect $(GDB_PORT)' $(BUILD)/pagelab.elf

test: all
	@python3 tests/run.py

# BENCH: full (3 rounds, the default), quick (1 round of --quick runs) or smoke
# (tiny runs of three programs: what make test runs).
BENCH ?= full
bench: all
	@tools/bench --mode $(BENCH) $(if $(BENCHMARKS),--only "$(BENCHMARKS)") \
	    $(if $(KERNELS),--kernels "$(KERNELS)") $(if $(ROUNDS),--rounds $(ROUNDS)) \
	    $(if $(BENCH_ARGS),--args "$(BENCH_ARGS)") $(if $(BENCH_OUT),--out "$(BENCH_OUT)")

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
