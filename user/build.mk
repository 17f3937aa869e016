# user/build.mk: our libc and the user programs (included by the top Makefile).
#
#   libc/src/**.c, *.S  -> build/libc/libc.a (crt0.S -> build/libc/crt0.o)
#   user/NAME.c         -> build/user/bin/NAME
#   user/NAME/*.c       -> build/user/bin/NAME  (a program in several files)
#   tests/libc/NAME.c   -> build/libc-tests/{ours,glibc,musl}/NAME (for tests/suites/40_libc.py)
#
# Programs are static, non-PIE ELF64 linked at 0x400000 against our libc only:
# they run unmodified on Linux and on pagelab (same syscall ABI).

USER_CC      := $(CC)
MUSL_CC      ?= musl-gcc
LIBGCC       := $(shell $(USER_CC) -print-libgcc-file-name 2>/dev/null)

# User code may use SSE (pagelab saves FPU state per process), so unlike the
# kernel there is no -mgeneral-regs-only.  -nostdinc: our headers first, then
# only the compiler's own (float.h, stdalign.h, the x86 intrinsics...), never
# the host C library's.
GCC_INCLUDE  := $(shell $(USER_CC) -print-file-name=include 2>/dev/null)
USER_CFLAGS  := -std=gnu11 -O2 -g -fno-pie -fno-stack-protector -fcf-protection=none \
    -nostdinc -isystem libc/include -isystem $(GCC_INCLUDE) -Wall -Wextra -Wno-unused-parameter \
    -Werror=implicit-function-declaration -MD -MP
# -MD, not -MMD: our libc headers come in through -isystem, and a change to
# one (a struct of pagelab/ledger.h, say) must rebuild every program.
# libc's string functions must not be turned back into calls to themselves.
LIBC_CFLAGS  := $(USER_CFLAGS) -fno-builtin -fno-tree-loop-distribute-patterns
USER_LDFLAGS := -static -nostdlib -no-pie -Wl,-Ttext-segment=0x400000 \
    -Wl,-z,max-page-size=0x1000 -Wl,-z,noexecstack -Wl,--build-id=none

LIBC_SRCS := $(shell find libc/src -name '*.c' -o -name '*.S' ! -name crt0.S | sort)
LIBC_OBJS := $(patsubst libc/src/%,$(BUILD)/libc/obj/%.o,$(LIBC_SRCS))
LIBC_A    := $(BUILD)/libc/libc.a
CRT0      := $(BUILD)/libc/crt0.o

USER_SINGLE := $(basename $(notdir $(wildcard user/*.c)))
USER_MULTI  := $(notdir $(patsubst %/,%,$(dir $(wildcard user/*/*.c))))
USER_NAMES  := $(sort $(USER_SINGLE) $(USER_MULTI))
USER_BINS   := $(patsubst %,$(BUILD)/user/bin/%,$(USER_NAMES))

# The libc test programs built with our libc, for running inside pagelab too
# (tools/run-in-vm --add); tests/suites/40_libc.py runs them on the host.
LIBC_TEST_BINS := $(patsubst tests/libc/%.c,$(BUILD)/libc-tests/ours/%,$(wildcard tests/libc/*.c))

# `[` is test under its other name (user/test.c looks at argv[0]).
USER_ALIASES := $(BUILD)/user/bin/[
$(BUILD)/user/bin/[: $(BUILD)/user/bin/test
	$(Q)cp $< "$@"

.PHONY: user libc libc-tests print-user-bins
libc-tests: $(LIBC_TEST_BINS)
user: $(USER_BINS) $(USER_ALIASES)
print-user-bins:
	@echo $(USER_BINS)
libc: $(LIBC_A) $(CRT0)
all: $(USER_BINS) $(USER_ALIASES)

# Objects depend on the flags they were built with (as the kernel's do), so
# that a change of flags rebuilds them.
$(BUILD)/user-cflags: FORCE
	@mkdir -p $(BUILD)
	@echo '$(USER_CFLAGS)' | cmp -s - $@ || echo '$(USER_CFLAGS)' > $@

$(BUILD)/libc/obj/%.c.o: libc/src/%.c $(BUILD)/user-cflags
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(USER_CC) $(LIBC_CFLAGS) -c $< -o $@

$(BUILD)/libc/obj/%.S.o: libc/src/%.S
	@mkdir -p $(dir $@)
	$(say) AS $<
	$(Q)$(USER_CC) -c $< -o $@

$(CRT0): libc/src/crt0.S
	@mkdir -p $(dir $@)
	$(say) AS $<
	$(Q)$(USER_CC) -c $< -o $@

$(LIBC_A): $(LIBC_OBJS)
	@rm -f $@
	$(say) AR $@
	$(Q)ar rcs $@ $^

$(BUILD)/user/obj/%.o: user/%.c $(BUILD)/user-cflags
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(USER_CC) $(USER_CFLAGS) -c $< -o $@

# Every program's objects: user/NAME.c, or every .c under user/NAME/.
user_objs = $(if $(wildcard user/$(1).c),$(BUILD)/user/obj/$(1).o,\
    $(patsubst user/%.c,$(BUILD)/user/obj/%.o,$(wildcard user/$(1)/*.c)))

define user_program
$(BUILD)/user/bin/$(1): $(call user_objs,$(1)) $(CRT0) $(LIBC_A)
	@mkdir -p $$(dir $$@)
	$(say) LD $$@
	$(Q)$(USER_CC) $(USER_LDFLAGS) -o $$@ $(CRT0) $(call user_objs,$(1)) $(LIBC_A) $(LIBGCC)
endef
$(foreach p,$(USER_NAMES),$(eval $(call user_program,$(p))))

# The libc test programs, built three ways from one source: with our libc,
# with the host's glibc and with musl (proof that the source is portable).
$(BUILD)/libc-tests/ours/%: tests/libc/%.c $(CRT0) $(LIBC_A)
	@mkdir -p $(dir $@)
	$(USER_CC) $(USER_CFLAGS) -c $< -o $@.o
	$(USER_CC) $(USER_LDFLAGS) -o $@ $(CRT0) $@.o $(LIBC_A) $(LIBGCC)

# In-OS test programs (tests/user) built with our libc as well as with musl,
# so that a suite can run both builds inside pagelab (tests/suites/63_shm.py).
$(BUILD)/user-tests-ours/%: tests/user/%.c tests/user/check.h $(CRT0) $(LIBC_A)
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(USER_CC) $(USER_CFLAGS) -c $< -o $@.o
	$(Q)$(USER_CC) $(USER_LDFLAGS) -o $@ $(CRT0) $@.o $(LIBC_A) $(LIBGCC)

$(BUILD)/libc-tests/glibc/%: tests/libc/%.c
	@mkdir -p $(dir $@)
	$(HOSTCC) -std=gnu11 -O2 -g -Wall -Wextra -Wno-unused-parameter -o $@ $<

$(BUILD)/libc-tests/musl/%: tests/libc/%.c
	@mkdir -p $(dir $@)
	$(MUSL_CC) -static -std=gnu11 -O2 -g -Wall -Wextra -Wno-unused-parameter -o $@ $<

-include $(shell find $(BUILD)/libc $(BUILD)/user $(BUILD)/libc-tests -name '*.d' 2>/dev/null)

# sysfuzz's description of every system call comes from the kernel's one
# table of them (tools/mkfuzz.py), so a new syscall is fuzzed with no other
# change.
$(BUILD)/gen/sysfuzz_calls.h: kernel/syscall/table.h tools/mkfuzz.py
	@mkdir -p $(dir $@)
	$(say) GEN $@
	$(Q)tools/mkfuzz.py kernel/syscall/table.h $@
$(BUILD)/user/obj/sysfuzz/calls.o: $(BUILD)/gen/sysfuzz_calls.h
$(BUILD)/user/obj/sysfuzz/calls.o: USER_CFLAGS += -I$(BUILD)/gen
