/*
 * kernel/proc/elf_load.h: mapping a validated ELF image (elf.h) into a new
 * address space, at a load bias (0 for ET_EXEC; the chosen base for ET_DYN).
 *
 * Each PT_LOAD segment becomes a private file-backed region for its file
 * bytes (demand-paged from the page cache, copied only when written) and
 * an anonymous zero-filled one for the rest of its memory (.bss).  When
 * two segments share a page (a packed link), the page gets both
 * protections and the file page both need; Linux gives it the later
 * segment's protection alone, which is why such binaries crash there
 * unless that protection happens to cover the earlier part.
 */
#ifndef PAGELAB_PROC_ELF_LOAD_H
#define PAGELAB_PROC_ELF_LOAD_H

#include <stdint.h>
#include "kernel/mm/vm.h"
#include "kernel/proc/elf.h"
#include "kernel/proc/exec.h"

/* Maps img's segments from f into vm (not yet active) at bias.  0, or
   -ENOEXEC with *why set (two segments need different file pages for one
   page), or -ENOMEM. */
int elf_map(struct vm_space *vm, const struct exec_file *f, const struct elf_image *img,
            uint64_t bias, const char **why);

/* Once vm is the active space: clears the .bss bytes that lie in pages
   mapped from the file (the file holds whatever follows the segment
   there).  Those pages are written even in a read-only segment (their
   private copies are made now, counted under MECH_EXEC).  0 or -EFAULT. */
int elf_clear_bss(struct vm_space *vm, const struct elf_image *img, uint64_t bias);

/* The size in bytes of the pages img covers (ET_DYN: the room to find). */
uint64_t elf_span(const struct elf_image *img);

#endif
