# tools/disk.mk: the root file system image, build/disk.img (ext2).
#
# The root tree is staged in build/rootfs from:
#   /bin   every program in $(USER_BINS) and $(USER_ALIASES) (user/build.mk)
#   /etc   tools/rootfs/etc/* (motd, fstab, passwd, group)
#   /tmp   empty, world-writable and sticky (1777)
#   /root  root's home (0700); /home/user the unprivileged user's (owned by
#          uid and gid 1000, from /etc/passwd; DISK_HOMES)
#   /bin/su set-user-ID root (4755), like every su
#   /proc  an empty mount point (the kernel mounts procfs there)
#   /dev   the device nodes of DISK_DEV_NODES
#   /data  tests/data/* (files the tests read back)
#   /usr   the host's programs of DISK_HOST_PROGRAMS (Debian's ls, cat, dash...)
#          with the dynamic loader and the shared libraries they need, at
#          their real paths, and /lib, /lib64 as the host's links
#          (tools/host-programs): glibc programs built on the host run too
#
# The image keeps what you write inside pagelab.  The first `make` turns
# the tree into an image with `mke2fs -d`; after that, `make` only brings
# the files of the tree that changed (a program you rebuilt or added, an
# edited /etc file) into the existing image with debugfs
# (tools/disk-install), and removes the ones whose source is gone; every
# other file on the disk stays.  `make newdisk` erases the image and makes
# a fresh one.  Variables (they take effect with a new image):
#   DISK_BLOCK_SIZE  4096 (default) or 1024
#   DISK_SIZE        image size in MiB; the default leaves at least 128 MiB free
DISK_IMAGE      := $(BUILD)/disk.img
DISK_BLOCK_SIZE ?= 4096
DISK_SIZE       ?= 160
DISK_ROOTFS     := $(BUILD)/rootfs
# The host's dynamically linked programs on the image, and the files that
# make the image follow a host upgrade (the programs, the C library, the
# loader; ldd finds the rest when the image is staged).
DISK_HOST_PROGRAMS ?= $(addprefix /usr/bin/,true false echo env cat ls wc sort head tail seq \
                      basename dirname printf uname sha256sum md5sum tr cut od readlink ln mkdir \
                      rm touch date expr grep dash)
DISK_HOST_FILES := $(realpath $(DISK_HOST_PROGRAMS) /lib64/ld-linux-x86-64.so.2 \
                   /lib/x86_64-linux-gnu/libc.so.6)
DISK_INPUTS     := $(USER_BINS) $(USER_ALIASES) $(wildcard tools/rootfs/etc/*) $(wildcard tests/data/*) tools/disk.mk \
                   tools/disk-install tools/host-programs $(DISK_HOST_FILES)
# What is on the image: the files tools/disk-install put there, and a stamp
# for make.
DISK_MANIFEST   := $(BUILD)/disk.manifest
DISK_INSTALLED  := $(BUILD)/disk.installed
# The list of inputs changes when a program is added or removed: a file
# that changes with it makes the image follow (written when make reads
# this file, so that `make -n` sees it as it is).
DISK_LIST       := $(BUILD)/disk.inputs
$(shell mkdir -p $(BUILD); echo '$(sort $(DISK_INPUTS))' | cmp -s - $(DISK_LIST) || \
    echo '$(sort $(DISK_INPUTS))' > $(DISK_LIST))

# Character-device nodes in /dev, name:major:minor (Linux's numbers), made
# with debugfs so that building the image needs no root rights.
DISK_DEV_NODES := console:5:1 tty:5:0 null:1:3 zero:1:5

# Home directories owned by their users, path:uid:gid, made with debugfs (no
# root rights needed) on a new image and on an update alike (mkdir of one
# that exists fails harmlessly; its owner is set again).
DISK_HOMES := /home/user:1000:1000

# The settings the image was made with.  Other settings do not remake it
# (that would erase your files): make says how to get them.
DISK_SETTINGS   := $(BUILD)/disk.settings
DISK_WANTED     := $(DISK_BLOCK_SIZE) $(DISK_SIZE)
ifneq ($(wildcard $(DISK_IMAGE)),)
DISK_MADE_WITH  := $(shell cat $(DISK_SETTINGS) 2>/dev/null)
ifneq ($(DISK_MADE_WITH),)
ifneq ($(DISK_MADE_WITH),$(DISK_WANTED))
$(info make: $(DISK_IMAGE) has $(word 1,$(DISK_MADE_WITH))-byte blocks and $(word 2,$(DISK_MADE_WITH)) MiB; \
DISK_BLOCK_SIZE=$(DISK_BLOCK_SIZE) DISK_SIZE=$(DISK_SIZE) take effect with `make newdisk`, which erases it)
endif
endif
else
# No image (a fresh clone, or it was deleted): the stamp must not claim one.
$(shell rm -f $(DISK_INSTALLED))
endif

$(DISK_INSTALLED): $(DISK_INPUTS) $(DISK_LIST) | deps
	$(Q)rm -rf $(DISK_ROOTFS)
	$(Q)mkdir -p $(DISK_ROOTFS)/bin $(DISK_ROOTFS)/etc $(DISK_ROOTFS)/tmp $(DISK_ROOTFS)/data $(DISK_ROOTFS)/dev $(DISK_ROOTFS)/proc
	$(Q)$(if $(strip $(USER_BINS)),cp -p $(USER_BINS) $(USER_ALIASES) $(DISK_ROOTFS)/bin/)
	$(Q)cp -p tools/rootfs/etc/* $(DISK_ROOTFS)/etc/
	$(Q)$(if $(wildcard tests/data/*),cp -rp tests/data/* $(DISK_ROOTFS)/data/)
	$(Q)tools/host-programs --stage $(DISK_ROOTFS) $(DISK_HOST_PROGRAMS)
	$(Q)chmod 1777 $(DISK_ROOTFS)/tmp
	$(Q)mkdir -p $(DISK_ROOTFS)/root $(DISK_ROOTFS)/home && chmod 700 $(DISK_ROOTFS)/root
	$(Q)if [ -e $(DISK_ROOTFS)/bin/su ]; then chmod 4755 $(DISK_ROOTFS)/bin/su; fi
	$(Q)printf 'mkdir /home\nmkdir /root\nsif /root mode 040700\nsif /tmp mode 041777\n$(foreach h,$(DISK_HOMES),mkdir $(word 1,$(subst :, ,$(h)))\nsif $(word 1,$(subst :, ,$(h))) uid $(word 2,$(subst :, ,$(h)))\nsif $(word 1,$(subst :, ,$(h))) gid $(word 3,$(subst :, ,$(h)))\n)' > $(BUILD)/disk-homes.cmds
	$(Q)printf 'cd /dev\n$(foreach n,$(DISK_DEV_NODES),mknod $(word 1,$(subst :, ,$(n))) c $(word 2,$(subst :, ,$(n))) $(word 3,$(subst :, ,$(n)))\nsif $(word 1,$(subst :, ,$(n))) mode 020666\n)' > $(BUILD)/disk-dev.cmds
	$(Q)if [ -e $(DISK_IMAGE) ]; then \
	    tools/disk-install $(DISK_IMAGE) $(DISK_ROOTFS) $(DISK_MANIFEST) && \
	    debugfs -w -f $(BUILD)/disk-homes.cmds $(DISK_IMAGE) >/dev/null 2>&1; \
	else \
	    printf '  %-7s %s\n' DISK "$(DISK_IMAGE) (new: mke2fs -d $(DISK_ROOTFS), $(DISK_SIZE) MiB, $(DISK_BLOCK_SIZE)-byte blocks)"; \
	    rm -f $(DISK_IMAGE).tmp && \
	    mke2fs -q -F -t ext2 -r 1 -b $(DISK_BLOCK_SIZE) -L pagelab -E root_owner=0:0 \
	        -d $(DISK_ROOTFS) $(DISK_IMAGE).tmp $(DISK_SIZE)M >/dev/null && \
	    debugfs -w -f $(BUILD)/disk-dev.cmds $(DISK_IMAGE).tmp >/dev/null 2>&1 && \
	    debugfs -w -f $(BUILD)/disk-homes.cmds $(DISK_IMAGE).tmp >/dev/null 2>&1 && \
	    tools/disk-install --record $(DISK_IMAGE).tmp $(DISK_ROOTFS) $(DISK_MANIFEST) && \
	    echo "$(DISK_WANTED)" > $(DISK_SETTINGS) && \
	    mv $(DISK_IMAGE).tmp $(DISK_IMAGE); \
	fi
	$(Q)touch $@

# The image is made (or updated) by the stamp's recipe.
$(DISK_IMAGE): $(DISK_INSTALLED)

.PHONY: newdisk
newdisk:
	@echo "newdisk: erasing $(DISK_IMAGE): every file written inside pagelab (your files in /tmp,"
	@echo "newdisk: /data and elsewhere, edits to /etc) is lost; /bin, /etc and /data are made anew."
	$(Q)rm -f $(DISK_IMAGE) $(DISK_INSTALLED) $(DISK_MANIFEST) $(DISK_SETTINGS)
	$(Q)$(MAKE) --no-print-directory $(DISK_INSTALLED)

# The Makefile's `all` line is read before this file, when DISK_IMAGE was
# still empty: add the image to it here.
all: $(DISK_IMAGE)
