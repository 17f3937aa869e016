# tools/disk.mk: the root file system image, build/disk.img (ext2).
#
# The root tree is staged in build/rootfs from:
#   /bin   every program in $(USER_BINS) (user/build.mk)
#   /etc   tools/rootfs/etc/* (motd, fstab)
#   /tmp   empty, world-writable
#   /proc  an empty mount point (the kernel mounts procfs there)
#   /dev   the device nodes of DISK_DEV_NODES
#   /data  tests/data/* (files the tests read back)
# then `mke2fs -d` turns it into an ext2 revision-1 image.  Variables:
#   DISK_BLOCK_SIZE  4096 (default) or 1024
#   DISK_SIZE        image size in MiB; the default leaves at least 128 MiB free
DISK_IMAGE      := $(BUILD)/disk.img
DISK_BLOCK_SIZE ?= 4096
DISK_SIZE       ?= 160
DISK_ROOTFS     := $(BUILD)/rootfs
DISK_INPUTS     := $(USER_BINS) $(wildcard tools/rootfs/etc/*) $(wildcard tests/data/*) tools/disk.mk

# Character-device nodes in /dev, name:major:minor (Linux's numbers), made
# with debugfs so that building the image needs no root rights.
DISK_DEV_NODES := console:5:1 tty:5:0 null:1:3 zero:1:5

# The image depends on a stamp holding the settings, so changing
# DISK_BLOCK_SIZE or DISK_SIZE rebuilds it.
DISK_STAMP := $(BUILD)/disk.settings
$(shell mkdir -p $(BUILD); echo "$(DISK_BLOCK_SIZE) $(DISK_SIZE)" | cmp -s - $(DISK_STAMP) || \
    echo "$(DISK_BLOCK_SIZE) $(DISK_SIZE)" > $(DISK_STAMP))

$(DISK_IMAGE): $(DISK_INPUTS) $(DISK_STAMP) | deps
	$(say) DISK "$@ (mke2fs -d $(DISK_ROOTFS), $(DISK_SIZE) MiB, $(DISK_BLOCK_SIZE)-byte blocks)"
	$(Q)rm -rf $(DISK_ROOTFS)
	$(Q)mkdir -p $(DISK_ROOTFS)/bin $(DISK_ROOTFS)/etc $(DISK_ROOTFS)/tmp $(DISK_ROOTFS)/data $(DISK_ROOTFS)/dev $(DISK_ROOTFS)/proc
	$(Q)$(if $(strip $(USER_BINS)),cp $(USER_BINS) $(DISK_ROOTFS)/bin/)
	$(Q)cp tools/rootfs/etc/* $(DISK_ROOTFS)/etc/
	$(Q)$(if $(wildcard tests/data/*),cp -r tests/data/* $(DISK_ROOTFS)/data/)
	$(Q)chmod 1777 $(DISK_ROOTFS)/tmp
	$(Q)rm -f $@.tmp
	$(Q)mke2fs -q -F -t ext2 -r 1 -b $(DISK_BLOCK_SIZE) -L pagelab -E root_owner=0:0 \
	    -d $(DISK_ROOTFS) $@.tmp $(DISK_SIZE)M >/dev/null
	$(Q)printf 'cd /dev\n$(foreach n,$(DISK_DEV_NODES),mknod $(word 1,$(subst :, ,$(n))) c $(word 2,$(subst :, ,$(n))) $(word 3,$(subst :, ,$(n)))\nsif $(word 1,$(subst :, ,$(n))) mode 020666\n)' > $(BUILD)/disk-dev.cmds
	$(Q)debugfs -w -f $(BUILD)/disk-dev.cmds $@.tmp >/dev/null 2>&1
	$(Q)mv $@.tmp $@

# The Makefile's `all` line is read before this file, when DISK_IMAGE was
# still empty: add the image to it here.
all: $(DISK_IMAGE)
