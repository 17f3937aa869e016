/*
 * kernel/proc/exec.c: execve of ELF64 executables and "#!" scripts.
 *
 * Nothing of the file is read into memory here except its first page (to
 * check the ELF header) and the dynamic loader's path: the PT_LOAD segments
 * become private file-backed regions, demand-paged from the page cache and
 * copied only when written (elf_load.c), and .bss becomes anonymous
 * zero-filled memory.  The stack is an anonymous region; only its top
 * (argc, argv, envp, auxv: exec_stack.c) is written now.
 *
 * A program with PT_INTERP (every dynamically linked one: gcc's default)
 * gets its loader mapped too, and the loader runs first: the auxiliary
 * vector tells it where the program is (AT_PHDR, AT_ENTRY) and where it
 * was put itself (AT_BASE).  Position-independent images go where Linux
 * puts them (aslr.h): a PIE above ELF_ET_DYN_BASE, a loader or a
 * static-pie in the mmap area.
 */
#include "kernel/proc/exec.h"
#include "kernel/copy/uaccess.h"
#include "kernel/drivers/bootmod.h"
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
#include "kernel/proc/aslr.h"
#include "kernel/proc/cred.h"
#include "kernel/proc/elf_load.h"
#include "kernel/proc/exit.h"
#include "kernel/proc/ptimer.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sched.h"
#include "kernel/proc/signal.h"

#define RFLAGS_USER     (RFLAGS_IF | RFLAGS_ALWAYS1)
/* Where a PIE goes before randomization: 2/3 of the 47-bit user space,
   page-aligned (arch/x86/include/asm/elf.h, DEFAULT_MAP_WINDOW / 3 * 2). */
#define ELF_ET_DYN_BASE 0x555555554000ull

static uint64_t page_up(uint64_t a) { return (a + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1); }

/* A file of the file system, or before one is mounted (and for paths it
   lacks) a GRUB boot module. */
static int open_program(const char *path, struct exec_file *f)
{
    /* Referenced: a sibling thread's chdir could drop it while we read. */
    struct fs_context *fs = current->fs;
    struct inode *cwd = fs ? fs->cwd : NULL;
    if (cwd)
        inode_get(cwd);
    struct lookup_start start = { cwd, fs ? fs->cwd_path : NULL };
    int r = vfs_open_exec(&start, path, &f->ops, &f->obj, &f->size);
    if (cwd)
        inode_put(cwd);
    if (r == -ENOENT)
        r = bootmod_open(path, &f->ops, &f->obj, &f->size);
    return r;
}

/* Why a file is refused goes to the kernel log (dmesg) and to the caller's
   /proc/PID/exec_refusal (procfs_pid.c), which a shell shows the user:
   execve itself can only say ENOEXEC. */
static int refuse(const char *path, const char *why)
{
    pr_info("exec: %s: %s: ENOEXEC\n", path, why);
    snprintf(current->exec_refusal, sizeof current->exec_refusal, "%s", why);
    return -ENOEXEC;
}

static int read_header(const char *path, struct exec_file *f, struct elf_image *img)
{
    if (f->size == 0)
        return refuse(path, "empty file");
    struct page *first = f->ops->get_page(f->obj, 0, NULL);
    if (IS_ERR(first))
        return (int)PTR_ERR(first); /* no frame now: ENOMEM, as Linux's exec */
    if (!first)
        return -EIO;
    const char *why = NULL;
    uint64_t head = f->size < PAGE_SIZE ? f->size : PAGE_SIZE;
    int r = elf_parse(page_to_virt(first), head, f->size, USER_TOP, img, &why);
    page_put(first);
    return r ? refuse(path, why) : 0;
}

/* The PT_INTERP path (interp_size bytes, its NUL last) into out. */
static int read_interp_path(const char *path, struct exec_file *f, const struct elf_image *img,
                            char *out)
{
    uint64_t done = 0;
    while (done < img->interp_size) {
        uint64_t pos = img->interp_offset + done;
        struct page *p = f->ops->get_page(f->obj, pos / PAGE_SIZE, NULL);
        if (!p)
            return -EIO;
        uint64_t n = PAGE_SIZE - pos % PAGE_SIZE;
        if (n > img->interp_size - done)
            n = img->interp_size - done;
        memcpy(out + done, (char *)page_to_virt(p) + pos % PAGE_SIZE, n);
        page_put(p);
        done += n;
    }
    if (out[img->interp_size - 1] != '\0' || strlen(out) != img->interp_size - 1)
        return refuse(path, "PT_INTERP path not one NUL-terminated string");
    return 0;
}

/* Everything decided about the new program before the point of no return. */
struct exec_image {
    struct exec_file file, interp; /* interp.obj NULL: no loader */
    struct elf_image img, interp_img;
    uint64_t bias, interp_bias; /* added to each image's addresses */
    uint64_t stack_top;
};

/* The dynamic loader named by PT_INTERP: opened and checked (its own
   PT_INTERP, if any, is ignored, as Linux ignores it). */
static int open_interp(const char *path, struct exec_image *x)
{
    char *name = kmalloc(ELF_INTERP_MAX);
    if (!name)
        return -ENOMEM;
    int r = read_interp_path(path, &x->file, &x->img, name);
    if (!r && (r = open_program(name, &x->interp)))
        pr_info("exec: %s: its program interpreter %s: error %d\n", path, name, r);
    if (!r && (r = read_header(name, &x->interp, &x->interp_img))) {
        x->interp.ops->release(x->interp.obj);
        x->interp.obj = NULL;
    }
    kfree(name);
    return r;
}

/* Load biases, as Linux's load_elf_binary picks them: a PIE above
   ELF_ET_DYN_BASE; a loader (run directly, or a program's) and a
   static-pie in the mmap area, below what is mapped already. */
static int place(struct vm_space *vm, const struct elf_image *img, bool pie, uint64_t *bias)
{
    if (img->type != ET_DYN) {
        *bias = 0;
        return 0;
    }
    if (pie) {
        *bias = ELF_ET_DYN_BASE + aslr_offset(ASLR_PIE) - img->start;
        return 0;
    }
    uint64_t at = vm_find_free(vm, elf_span(img));
    *bias = at - img->start;
    return at ? 0 : -ENOMEM;
}

/* The heap starts above the program (randomized a little); a loader run
   directly gets it where a PIE would be, so that brk has room. */
static void place_heap(struct vm_space *vm, const struct exec_image *x)
{
    uint64_t base =
        x->img.type == ET_DYN && !x->interp.obj ? ELF_ET_DYN_BASE : page_up(x->img.end + x->bias);
    vm->brk_start = vm->brk = base + aslr_offset(ASLR_BRK);
}

static int map_images(const char *path, struct vm_space *vm, struct exec_image *x)
{
    const char *why = NULL;
    vm->mmap_base = VM_MMAP_TOP - aslr_offset(ASLR_MMAP);
    x->stack_top = VM_STACK_TOP - aslr_offset(ASLR_STACK);
    int r = vm_map(vm, x->stack_top - VM_STACK_SIZE, VM_STACK_SIZE,
                   VM_PROT_READ | VM_PROT_WRITE | (x->img.stack_exec ? VM_PROT_EXEC : 0), VMA_STACK,
                   NULL, NULL, 0);
    if (r)
        return r;
    r = place(vm, &x->img, x->interp.obj != NULL, &x->bias);
    if (!r)
        r = elf_map(vm, &x->file, &x->img, x->bias, &why);
    if (!r && x->interp.obj && !(r = place(vm, &x->interp_img, false, &x->interp_bias)))
        r = elf_map(vm, &x->interp, &x->interp_img, x->interp_bias, &why);
    if (r == -ENOEXEC)
        return refuse(path, why);
    if (r)
        return r;
    place_heap(vm, x);
    vm_set_exe(vm, x->file.ops, x->file.obj);
    return 0;
}

/* After the point of no return: the process's state for its new program. */
static void reset_process(const char *comm, uint64_t entry, uint64_t sp)
{
    proc_set_comm(current, comm);
    current->undumpable = false; /* a new program is dumpable again (prctl(2)) */
    current->group->execed = true;
    signal_exec_reset(current->sig.hand);
    current->sig.alt_sp = current->sig.alt_size = 0; /* execve(2): no alternate stack */
    current->sig.alt_autodisarm = false;
    ptimer_delete_all(current->group); /* timer_create(2): not kept across execve */
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
    tf->rip = entry;
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
                     char *const *envp, int envc, int depth, const char *execfn);

/* A "#!" file: its interpreter with [interpreter, (argument,) path,
   argv[1..]]; -ENOEXEC when the file is not a script. */
static int exec_script(struct exec_file *f, const char *path, const char *comm, char *const *argv,
                       int argc, char *const *envp, int envc, int depth, const char *execfn)
{
    struct page *first = f->ops->get_page(f->obj, 0, NULL);
    if (IS_ERR(first))
        return (int)PTR_ERR(first); /* no frame now: ENOMEM, as Linux's exec */
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
            : exec_file(line->interpreter, comm, args, n, envp, envc, depth + 1, execfn);
    kfree(args);
    kfree(line);
    return r;
}

int exec_program(const char *path, char *const *argv, int argc, char *const *envp, int envc)
{
    current->exec_refusal[0] = '\0'; /* it describes the last execve */
    return exec_file(path, path, argv, argc, envp, envc, 0, path);
}

static void release_files(struct exec_image *x)
{
    x->file.ops->release(x->file.obj);
    if (x->interp.obj)
        x->interp.ops->release(x->interp.obj);
}

/* Opens and maps the program (and its loader) into a new address space. */
static int prepare(const char *path, struct exec_image *x, struct vm_space **out)
{
    int r = read_header(path, &x->file, &x->img);
    if (!r && x->img.interp_size)
        r = open_interp(path, x);
    struct vm_space *vm = r ? NULL : vm_create();
    if (!r && !vm)
        r = -ENOMEM;
    if (!r) {
        strlcpy(vm->exe_path, path, sizeof vm->exe_path);
        r = map_images(path, vm, x);
    }
    release_files(x); /* the regions hold the files now */
    if (r && vm)
        vm_destroy(vm);
    *out = r ? NULL : vm;
    return r;
}

/* comm: the name the process takes (a script's own, not its interpreter's);
   execfn: the path execve was given (AT_EXECFN). */
static int exec_file(const char *path, const char *comm, char *const *argv, int argc,
                     char *const *envp, int envc, int depth, const char *execfn)
{
    struct exec_image *x = kzalloc(sizeof *x);
    if (!x)
        return -ENOMEM;
    int r = open_program(path, &x->file);
    if (!r && x->file.size >= 2) {
        r = exec_script(&x->file, path, comm, argv, argc, envp, envc, depth, execfn);
        if (r != -ENOEXEC) {
            if (x->file.obj)
                x->file.ops->release(x->file.obj);
            kfree(x);
            return r;
        }
        r = 0;
    }
    struct cred next; /* set-user-ID and set-group-ID programs (cred.h) */
    if (!r)
        cred_exec_prepare(vfs_exec_inode(x->file.ops, x->file.obj), &next);
    struct vm_space *vm = NULL;
    if (!r)
        r = prepare(path, x, &vm);
    if (!r && (r = leave_alone()))
        vm_destroy(vm);
    if (r) {
        kfree(x);
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
        rusage_keep_vm_counts(current, old);
        sysv_shm_detach_all(old, current->tgid);
        vm_destroy(old);
    }
    uint64_t sp = 0;
    bool loader = x->interp_img.nsegments > 0;
    r = elf_clear_bss(vm, &x->img, x->bias);
    if (!r && loader)
        r = elf_clear_bss(vm, &x->interp_img, x->interp_bias);
    if (!r) {
        struct exec_stack st = { .phdr = x->img.phdr_vaddr + x->bias,
                                 .phent = x->img.phent,
                                 .phnum = x->img.phnum,
                                 .entry = x->img.entry + x->bias,
                                 .base = loader ? x->interp_bias : 0,
                                 .execfn = execfn,
                                 .stack_top = x->stack_top,
                                 .cred = &next };
        r = exec_stack_build(&st, argv, argc, envp, envc, &sp);
    }
    if (r) {
        pr_err("pid %d (%s): exec %s: cannot set up the new program (%d): killed\n", current->tgid,
               current->comm, path, r);
        proc_exit(wait_status_signaled(SIGSEGV));
    }
    uint64_t entry = loader ? x->interp_img.entry + x->interp_bias : x->img.entry + x->bias;
    kfree(x);
    reset_process(comm, entry, sp);
    cred_exec_commit(&next);
    return 0;
}

int exec_first_program(const char *path, char *const *argv, char *const *envp)
{
    if (!current->files && !(current->files = files_create()))
        return -ENOMEM;
    if (!current->fs && !(current->fs = fs_context_create()))
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
