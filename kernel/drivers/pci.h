/*
 * kernel/drivers/pci.h: PCI devices found through configuration space
 * access mechanism #1 (I/O ports 0xcf8/0xcfc; PCI Local Bus Specification
 * 3.0, section 3.2.2.3.2).
 */
#ifndef PAGELAB_DRIVERS_PCI_H
#define PAGELAB_DRIVERS_PCI_H

#include <stdbool.h>
#include <stdint.h>

/* Configuration-space header offsets (PCI 3.0, section 6.1). */
#define PCI_VENDOR_ID      0x00
#define PCI_DEVICE_ID      0x02
#define PCI_COMMAND        0x04
#define PCI_CLASS_REVISION 0x08
#define PCI_HEADER_TYPE    0x0e
#define PCI_BAR0           0x10
#define PCI_SUBSYSTEM_ID   0x2e
#define PCI_INTERRUPT_LINE 0x3c

#define PCI_COMMAND_IO         0x1
#define PCI_COMMAND_MEMORY     0x2
#define PCI_COMMAND_BUS_MASTER 0x4
#define PCI_BAR_IO             0x1 /* bit 0 of a BAR: I/O space */

struct pci_device {
    uint8_t bus, slot, func;
    uint16_t vendor, device;
    uint8_t class_code, subclass, prog_if;
    uint8_t irq_line;
    uint32_t bar[6];
};

#define PCI_MAX_DEVICES 32

/* Scans every bus, slot and function once and records what answers. */
void pci_init(void);
/* The index'th device with this vendor and device id, or NULL. */
struct pci_device *pci_find(uint16_t vendor, uint16_t device, int index);
int pci_count(void);
struct pci_device *pci_get(int i);

uint32_t pci_read32(const struct pci_device *d, uint8_t off);
uint16_t pci_read16(const struct pci_device *d, uint8_t off);
void pci_write16(const struct pci_device *d, uint8_t off, uint16_t v);
/* Lets the device decode its I/O and memory BARs and master the bus (DMA). */
void pci_enable(const struct pci_device *d);

#endif
