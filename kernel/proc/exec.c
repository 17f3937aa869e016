/*
 * kernel/proc/exec.c: execve for static ELF64 executables.
 *
 * Nothing of the file is read into memory here except its first page (to
 * check the ELF header): the PT_LOAD segments become private file-backed
 * regions, demand-paged from the page cache and copied only when written,
 * and .bss becomes anonymous zero-filled memory.  The stack is an
 * anonymous region; only its top (argc, argv, envp, auxv) is written now.
 */
#include "kernel/proc/exec.h"
#include "kernel/copy/uaccess.h"
#include "kernel/drivers/bootmod.h"
#include "kernel/drivers/random.h"
#include "kernel/fs/fdtable.h"
#include "kernel/ipc/futex.h"
#include "kernel/hw/cpu.h"
#include "kernel/hw/msr.h"
#include "kernel/hw/segments.h"
#include "kernel/ipc/sysv_shm.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/paging.h"
#include "kernel/proc/elf.h"
#include "kernel/proc/exit.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sched.h"
#include "kernel/proc/signal.h"
#include "kernel/proc/user_stack.h"

#define RFLAGS_USER  (RFLAGS_IF | RFLAGS_ALWAYS1)
#define AT_CLKTCK_HZ 100

static uint64_t page_down(uint64_t a) { return a & ~(uint64_t)(PAGE_SIZE - 1); }
static uint64_t page_up(uint64_t a) { return (a + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1); }

/* A file of the file system, or before one is mounted (and for paths it
   lacks) a GRUB boot module. */
static int open_program(const char *path, struct exec_file *f)
{
    /* Referenced: a sibling thread's chdir could drop it while we read. */
    struct inode *cwd = current->files ? current->files->cwd : NULL;
    if (cwd)
        inode_get(cwd);
    int r = vfs_open_exec(cwd, path, &f->ops, &f->obj, &f->size);
    if (cwd)
        inode_put(cwd);
    if (r == -ENOENT)
        r = bootmod_open(path, &f->ops, &f->obj, &f->size);
    return r;
}

static int read_header(const char *path, struct exec_file *f, struct elf_image *img)
{
    if (f->size == 0) {
        pr_info("exec: %s: empty file: ENOEXEC\n", path);
        return -ENOEXEC;
    }
    struct page *first = f->ops->get_page(f->obj, 0, NULL);
    if (!first)
        return -EIO;
    const char *why = NULL;
    uint64_t head = f->size < PAGE_SIZE ? f->size : PAGE_SIZE;
    int r = elf_parse(page_to_virt(first), head, f->size, USER_TOP, img, &why);
    page_put(first);
    if (r) {
        pr_info("exec: %s: %s: ENOEXEC\n", path, why);
        return -ENOEXEC;
    }
    for (int i = 0; i < img->nsegments; i++) {
        const struct elf_segment *s = &img->segments[i];
        bool tail = s->filesz && s->memsz > s->filesz && (s->vaddr + s->filesz) % PAGE_SIZE;
        if (tail && !(s->flags & PF_W)) {
            pr_info("exec: %s: zero-filled tail in a read-only segment: ENOEXEC\n", path);
            return -ENOEXEC;
        }
    }
    return 0;
}

static uint32_t prot_of(uint32_t pf)
{
    return ((pf & PF_R) ? VM_PROT_READ : 0) | ((pf & PF_W) ? VM_PROT_WRITE : 0) |
           ((pf & PF_X) ? VM_PROT_EXEC : 0);
}

/* The new address space: segments, .bss, stack, heap start. */
static int map_image(struct vm_space *vm, struct exec_file *f, const struct elf_image *img)
{
    for (int i = 0; i < img->nsegments; i++) {
        const struct elf_segment *s = &img->segments[i];
        uint64_t start = page_down(s->vaddr), file_end = s->vaddr + s->filesz;
        uint64_t mem_end = s->vaddr + s->memsz;
        uint32_t prot = prot_of(s->flags);
        uint64_t anon_start = start;
        if (s->filesz) {
            int r = vm_map(vm, start, page_up(file_end) - start, prot, VMA_EXEC_IMAGE, f->ops,
                           f->obj, page_down(s->offset) / PAGE_SIZE);
            if (r)
                return r;
            anon_start = page_up(file_end);
        }
        if (page_up(mem_end) > anon_start) {
            int r = vm_map(vm, anon_start, page_up(mem_end) - anon_start, prot, VMA_EXEC_IMAGE,
                           NULL, NULL, 0);
            if (r)
                return r;
        }
    }
    vm->brk_start = vm->brk = page_up(img->end);
    return vm_map(vm, VM_STACK_TOP - VM_STACK_SIZE, VM_STACK_SIZE, VM_PROT_READ | VM_PROT_WRITE,
                  VMA_STACK, NULL, NULL, 0);
}

/* .bss bytes that share a page with file bytes: the file page holds
   whatever follows the segment in the file, so they are cleared (which
   copies that page: it is private). */
static int clear_bss_tails(const struct elf_image *img)
{
    for (int i = 0; i < img->nsegments; i++) {
        const struct elf_segment *s = &img->segments[i];
        uint64_t file_end = s->vaddr + s->filesz, mem_end = s->vaddr + s->memsz;
        if (!s->filesz || mem_end <= file_end || file_end % PAGE_SIZE == 0)
            continue;
        uint64_t end = page_up(file_end) < mem_end ? page_up(file_end) : mem_end;
        if (clear_user((void *)file_end, end - file_end, MECH_EXEC))
            return -EFAULT;
    }
    return 0;
}

static int build_stack(const char *path, const struct elf_image *img, char *const *argv, int argc,
                       char *const *envp, int envc, uint64_t *sp)
{
    uint8_t random[16];
    random_bytes(random, sizeof random);
    struct auxv_entry aux[] = {
        { AT_PHDR, img->phdr_vaddr },
        { AT_PHENT, img->phent },
        { AT_PHNUM, img->phnum },
        { AT_PAGESZ, PAGE_SIZE },
        { AT_BASE, 0 },
        { AT_FLAGS, 0 },
        { AT_ENTRY, img->entry },
        { AT_UID, 0 },
        { AT_EUID, 0 },
        { AT_GID, 0 },
        { AT_EGID, 0 },
        { AT_SECURE, 0 },
        { AT_CLKTCK, AT_CLKTCK_HZ },
        { AT_HWCAP, 0 },
    };
    struct ustack_args a = { argc, envc, (const char *const *)argv,  (const char *const *)envp,
                             path, aux,  sizeof aux / sizeof aux[0], random };
    size_t size = (ustack_size(&a) + 15) & ~(size_t)15;
    uint8_t *buf = kmalloc(size);
    if (!buf)
        return -ENOMEM;
    *sp = ustack_build(&a, VM_STACK_TOP, buf, size);
    long r =
        copy_to_user((void *)*sp, buf + size - (VM_STACK_TOP - *sp), VM_STACK_TOP - *sp, MECH_EXEC);
    kfree(buf);
    return r ? -EFAULT : 0;
}

/* After the point of no return: the process's state for its new program. */
static void reset_process(const char *comm, const struct elf_image *img, uint64_t sp)
{
    proc_set_comm(current, comm);
    current->undumpable = false; /* a new program is dumpable again (prctl(2)) */
    signal_exec_reset(current->sig.hand);
    if (current->files)
        files_close_on_exec(current->files);
    current->is_kthread = false;
    current->clear_child_tid = 0;
    current->fs_base = 0;
    wrmsr(MSR_FS_BASE, 0);
    fpu_init_state(current->fpu);
    fpu_restore(current->fpu);

    struct trap_frame *tf = current->user_frame;
    memset(tf, 0, sizeof *tf);
    tf->rip = img->entry;
    tf->rsp = sp;
    tf->cs = USER_CS;
    tf->ss = USER_DS;
    tf->rflags = RFLAGS_USER;
    tf->vector = SYSCALL_VECTOR;
}

/* Before the point of no return: the other threads of the process end
   (the caller becomes its only task, and its leader), and what is still
   shared with another process (CLONE_SIGHAND or CLONE_FILES without
   CLONE_THREAD) becomes the new program's own copy, as on Linux. */
static int leave_alone(void)
{
    int r = proc_exec_single_thread();
    if (r)
        return r;
    struct sighand *h = current->sig.hand;
    if (h->refs > 1) {
        struct sighand *copy = sighand_create(h);
        if (!copy)
            return -ENOMEM;
        sighand_put(h);
        current->sig.hand = copy;
    }
    struct files *t = current->files;
    if (t && t->refs > 1) {
        struct files *copy = files_dup(t);
        if (!copy)
            return -ENOMEM;
        files_release(t);
        current->files = copy;
    }
    return 0;
}

static int exec_file(const char *path, const char *comm, char *const *argv, int argc,
                     char *const *envp, int envc, int depth);

/* A "#!" file: its interpreter with [interpreter, (argument,) path,
   argv[1..]]; -ENOEXEC when the file is not a script. */
static int exec_script(struct exec_file *f, const char *path, const char *comm, char *const *argv,
                       int argc, char *const *envp, int envc, int depth)
{
    struct page *first = f->ops->get_page(f->obj, 0, NULL);
    if (!first)
        return -EIO;
    struct script_line *line = kmalloc(sizeof *line);
    int r = line ? exec_script_parse(page_to_virt(first), f->size < PAGE_SIZE ? f->size : PAGE_SIZE,
                                     line)
                 : -ENOMEM;
    page_put(first);
    char **args = r ? NULL : kmalloc(sizeof(char *) * (size_t)(argc + 3));
    if (!r && !args)
        r = -ENOMEM;
    if (r) {
        kfree(line);
        return r;
    }
    f->ops->release(f->obj); /* the interpreter's file replaces this one */
    f->obj = NULL;
    int n = 0;
    args[n++] = (char *)line->interpreter;
    if (line->argument)
        args[n++] = (char *)line->argument;
    args[n++] = (char *)path;
    for (int i = 1; i < argc; i++)
        args[n++] = argv[i];
    args[n] = NULL;
    r = depth >= EXEC_SCRIPT_DEPTH
            ? -ELOOP
            : exec_file(line->interpreter, comm, args, n, envp, envc, depth + 1);
    kfree(args);
    kfree(line);
    return r;
}

int exec_program(const char *path, char *const *argv, int argc, char *const *envp, int envc)
{
    return exec_file(path, path, argv, argc, envp, envc, 0);
}

/* comm: the name the process takes (a script's own, not its interpreter's). */
static int exec_file(const char *path, const char *comm, char *const *argv, int argc,
                     char *const *envp, int envc, int depth)
{
    struct exec_file f;
    struct elf_image img;
    int r = open_program(path, &f);
    if (r)
        return r;
    if (f.size >= 2) {
        r = exec_script(&f, path, comm, argv, argc, envp, envc, depth);
        if (r != -ENOEXEC) {
            if (f.obj)
                f.ops->release(f.obj);
            return r;
        }
    }
    r = read_header(path, &f, &img);
    struct vm_space *vm = r ? NULL : vm_create();
    if (!r && !vm)
        r = -ENOMEM;
    if (!r) {
        strlcpy(vm->exe_path, path, sizeof vm->exe_path);
        r = map_image(vm, &f, &img);
    }
    f.ops->release(f.obj); /* the regions hold the file now */
    if (!r)
        r = leave_alone();
    if (r) {
        if (vm)
            vm_destroy(vm);
        return r;
    }

    /* The old program's robust futexes die with it (set_robust_list(2)),
       read from its memory while that is still mapped. */
    futex_robust_release(current->robust_list, current->pid);
    current->robust_list = 0;

    /* The point of no return: the old program is gone. */
    struct vm_space *old = current->vm;
    current->vm = vm;
    vm->users = 1;
    vm_current = vm;
    pt_activate(vm->pml4);
    proc_vfork_release(current);
    if (old && --old->users == 0) {
        current->past_minor_faults += old->minor_faults;
        current->past_major_faults += old->major_faults;
        sysv_shm_detach_all(old, current->tgid);
        vm_destroy(old);
    }
    uint64_t sp;
    r = clear_bss_tails(&img);
    if (!r)
        r = build_stack(path, &img, argv, argc, envp, envc, &sp);
    if (r) {
        pr_err("pid %d (%s): exec %s: cannot set up the new program (%d): killed\n", current->tgid,
               current->comm, path, r);
        proc_exit(wait_status_signaled(SIGSEGV));
    }
    reset_process(comm, &img, sp);
    return 0;
}

int exec_first_program(const char *path, char *const *argv, char *const *envp)
{
    if (!current->files && !(current->files = files_create()))
        return -ENOMEM;
    int argc = 0, envc = 0;
    while (argv[argc])
        argc++;
    while (envp[envc])
        envc++;
    int r = exec_program(path, argv, argc, envp, envc);
    if (r)
        return r;
    proc_return_to_user_prepare(current->user_frame);
    trap_frame_return(current->user_frame);
}
