/*
 * kernel/drivers/pci.c: PCI enumeration through configuration mechanism #1.
 * Writing bus/slot/function/register to CONFIG_ADDRESS (0xcf8) selects a
 * 32-bit register that CONFIG_DATA (0xcfc) then reads or writes.
 */
#include "kernel/drivers/pci.h"
#include "kernel/hw/io.h"
#include "kernel/lib/printk.h"

#define PCI_CONFIG_ADDRESS 0xcf8
#define PCI_CONFIG_DATA    0xcfc
#define PCI_CONFIG_ENABLE  0x80000000u
#define PCI_MULTIFUNCTION  0x80 /* header type bit 7 */

static struct pci_device devices[PCI_MAX_DEVICES];
static int device_count;

static uint32_t config_address(uint8_t bus, uint8_t slot, uint8_t func, uint8_t off)
{
    return PCI_CONFIG_ENABLE | (uint32_t)bus << 16 | (uint32_t)slot << 11 | (uint32_t)func << 8 |
           (off & 0xfc);
}

static uint32_t raw_read32(uint8_t bus, uint8_t slot, uint8_t func, uint8_t off)
{
    outl(PCI_CONFIG_ADDRESS, config_address(bus, slot, func, off));
    return inl(PCI_CONFIG_DATA);
}

uint32_t pci_read32(const struct pci_device *d, uint8_t off)
{
    return raw_read32(d->bus, d->slot, d->func, off);
}

uint16_t pci_read16(const struct pci_device *d, uint8_t off)
{
    return (uint16_t)(pci_read32(d, off) >> ((off & 2) * 8));
}

void pci_write16(const struct pci_device *d, uint8_t off, uint16_t v)
{
    uint32_t word = pci_read32(d, off);
    unsigned shift = (off & 2) * 8;
    word = (word & ~(0xffffu << shift)) | (uint32_t)v << shift;
    outl(PCI_CONFIG_ADDRESS, config_address(d->bus, d->slot, d->func, off));
    outl(PCI_CONFIG_DATA, word);
}

void pci_enable(const struct pci_device *d)
{
    uint16_t cmd = pci_read16(d, PCI_COMMAND);
    pci_write16(d, PCI_COMMAND, cmd | PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_BUS_MASTER);
}

static void record(uint8_t bus, uint8_t slot, uint8_t func)
{
    if (device_count == PCI_MAX_DEVICES)
        return;
    struct pci_device *d = &devices[device_count++];
    d->bus = bus;
    d->slot = slot;
    d->func = func;
    uint32_t id = raw_read32(bus, slot, func, PCI_VENDOR_ID);
    d->vendor = (uint16_t)id;
    d->device = (uint16_t)(id >> 16);
    uint32_t cls = raw_read32(bus, slot, func, PCI_CLASS_REVISION);
    d->class_code = (uint8_t)(cls >> 24);
    d->subclass = (uint8_t)(cls >> 16);
    d->prog_if = (uint8_t)(cls >> 8);
    d->irq_line = (uint8_t)raw_read32(bus, slot, func, PCI_INTERRUPT_LINE);
    for (int i = 0; i < 6; i++)
        d->bar[i] = raw_read32(bus, slot, func, (uint8_t)(PCI_BAR0 + 4 * i));
    pr_info("pci: %02x:%02x.%x %04x:%04x class %02x.%02x irq %u\n", bus, slot, func, d->vendor,
            d->device, d->class_code, d->subclass, d->irq_line);
}

void pci_init(void)
{
    device_count = 0;
    for (unsigned bus = 0; bus < 256; bus++) {
        for (uint8_t slot = 0; slot < 32; slot++) {
            if ((uint16_t)raw_read32((uint8_t)bus, slot, 0, PCI_VENDOR_ID) == 0xffff)
                continue;
            uint8_t header =
                (uint8_t)(raw_read32((uint8_t)bus, slot, 0, PCI_HEADER_TYPE & 0xfc) >> 16);
            int funcs = header & PCI_MULTIFUNCTION ? 8 : 1;
            for (uint8_t func = 0; func < funcs; func++)
                if ((uint16_t)raw_read32((uint8_t)bus, slot, func, PCI_VENDOR_ID) != 0xffff)
                    record((uint8_t)bus, slot, func);
        }
    }
}

struct pci_device *pci_find(uint16_t vendor, uint16_t device, int index)
{
    for (int i = 0; i < device_count; i++)
        if (devices[i].vendor == vendor && devices[i].device == device && index-- == 0)
            return &devices[i];
    return NULL;
}

int pci_count(void) { return device_count; }
struct pci_device *pci_get(int i) { return i >= 0 && i < device_count ? &devices[i] : NULL; }
