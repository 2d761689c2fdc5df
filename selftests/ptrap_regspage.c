// SPDX-License-Identifier: GPL-2.0
/*
 * Registers without copies: ptrap_map_regs() maps a tracee's register page
 * (PTRAP_IOC_MAP_REGS + mmap on the module, emulated on the stub pool).
 * The page shows the registers of every stop, with its number; a dirty
 * page is loaded at the release (all or nothing: refused values fail the
 * resume with EINVAL and leave the tracee stopped and unchanged); the
 * register requests and the page are one view. Both variants run the same
 * cases (the stub pool emulates the semantics over ptrace); module only:
 * the raw ioctl and mmap(2) checks, and the page outliving the session.
 */
#define _GNU_SOURCE
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/user.h>

#define PT_FIXTURE rp
#include "kselftest_harness.h"
#include "ptrap_fixture.h"

#define ARG_FD		0x5a5aL		/* no such descriptor: EBADF */
#define ARG_OFF		0x1234L
#define EMU_BASE	4242L
#define EMU_CALLS	4
#define NONCANONICAL	0x8000000000000000ULL
#define KERNEL_CS	0x10		/* RPL 0: refused */

/* ---- tracee programs of this suite: "--rp-..." ---- */

static long raw_syscall0(long nr)
{
	long r;

	__asm__ volatile("syscall" : "=a"(r) : "a"(nr) : "rcx", "r11",
			 "memory");
	return r;
}

/* exit_group(@code), twice: the first may be emulated (SYSEMU). */
static void __attribute__((noreturn)) rp_exit(int code)
{
	syscall(SYS_exit_group, code);
	syscall(SYS_exit_group, code);
	_exit(code);
}

/* --rp-args: lseek(ARG_FD, ARG_OFF, SEEK_SET), then exit_group(7). */
static int rp_args(void)
{
	syscall(SYS_lseek, ARG_FD, ARG_OFF, (long)SEEK_SET);
	rp_exit(7);
}

/*
 * --rp-emu: one getppid() (the marker, executed), then EMU_CALLS raw
 * getppid()s expected to return EMU_BASE + i, but the second, whose page
 * is written without being marked dirty: -ENOSYS. exit_group(7) if all
 * are as expected, else 10 + the first wrong one.
 */
static int rp_emu(void)
{
	long r[EMU_CALLS];
	int i;

	syscall(SYS_getppid);
	for (i = 0; i < EMU_CALLS; i++)
		r[i] = raw_syscall0(SYS_getppid);
	for (i = 0; i < EMU_CALLS; i++)
		if (r[i] != (i == 1 ? -ENOSYS : EMU_BASE + i))
			rp_exit(10 + i);
	rp_exit(7);
}

/* --rp-vfork: vfork(), the child _exit(3)s; then exit_group(7). */
static int rp_vfork(void)
{
	int status;
	pid_t pid = vfork();

	if (pid == 0)
		_exit(3);
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		rp_exit(9);
	rp_exit(WIFEXITED(status) && WEXITSTATUS(status) == 3 ? 7 : 8);
}

static int rp_child_main(int argc, char **argv)
{
	if (argc < 2 || strncmp(argv[1], "--rp-", 5))
		return -1;
	if (!strcmp(argv[1], "--rp-args"))
		return rp_args();
	if (!strcmp(argv[1], "--rp-emu"))
		return rp_emu();
	if (!strcmp(argv[1], "--rp-vfork"))
		return rp_vfork();
	return 125;
}

/* ---- helpers ---- */

static pid_t spawn_rp(struct __test_metadata *_metadata, PT_DATA *self,
		      const char *mode)
{
	return spawn_args(_metadata, self, 0, (char *[]){ (char *)mode, NULL },
			  NULL, 0);
}

/* Map @tid's page; it must be a fresh, well-formed one. */
static struct ptrap_regs_page *map(struct __test_metadata *_metadata,
				   PT_DATA *self, pid_t tid)
{
	struct ptrap_regs_page *pg = NULL;
	int r = ptrap_map_regs(self->p, tid, &pg);

	if (r == -ENOTTY && self->module)
		SKIP(longjmp(_metadata->env, 1),
		     "module lacks PTRAP_IOC_MAP_REGS");
	EXPECT_EQ(0, r) TH_LOG("ptrap_map_regs: %s", strerror(-r));
	if (r)
		longjmp(_metadata->env, 1);
	EXPECT_EQ(sizeof(*pg), pg->size);
	EXPECT_EQ(PTRAP_REGS_PAGE_VERSION, pg->version);
	EXPECT_EQ(0, pg->dirty);
	return pg;
}

/* The page shows @tid's stop: the same registers as ptrap_getregs(). */
static void page_is_current(struct __test_metadata *_metadata, PT_DATA *self,
			    struct ptrap_regs_page *pg, pid_t tid)
{
	struct user_regs_struct r;

	ASSERT_EQ(PTRAP_REGS_STOPPED, pg->flags);
	ASSERT_EQ(tid, pg->tid);
	ASSERT_LT(0, pg->seq);
	ASSERT_EQ(0, ptrap_getregs(self->p, tid, &r));
	ASSERT_EQ(0, memcmp(&r, &pg->regs, sizeof(r)))
		TH_LOG("page rip %llx rax %llx, getregs rip %llx rax %llx",
		       (unsigned long long)pg->regs.rip,
		       (unsigned long long)pg->regs.rax,
		       (unsigned long long)r.rip, (unsigned long long)r.rax);
}

/* Resume @tid with @mode and take its next record. */
static void step(struct __test_metadata *_metadata, PT_DATA *self, pid_t tid,
		 unsigned int mode, struct ptrap_stop *st)
{
	ASSERT_EQ(0, ptrap_resume_wait(self->p, tid, mode, 0,
				       PTRAP_RESUME_WAIT_SAME, st));
	ASSERT_EQ(tid, st->tid);
}

/*
 * From the post-exec stop: SYSCALL stops up to the entry of @nr, the page
 * current and its number growing at each.
 */
static void to_entry(struct __test_metadata *_metadata, PT_DATA *self,
		     pid_t tid, struct ptrap_regs_page *pg, long nr,
		     struct ptrap_stop *st)
{
	uint64_t seq = pg->seq;
	int i;

	for (i = 0; i < 2000; i++) {
		step(_metadata, self, tid, PTRAP_RESUME_SYSCALL, st);
		ASSERT_LT(seq, pg->seq);
		seq = pg->seq;
		ASSERT_EQ(PTRAP_REGS_STOPPED, pg->flags);
		ASSERT_EQ(st->ip, pg->regs.rip);
		ASSERT_EQ(st->sp, pg->regs.rsp);
		if (st->kind == PTRAP_STOP_SYSCALL_ENTER && st->nr == nr)
			return;
	}
	ASSERT_TRUE(0) TH_LOG("no syscall %ld within 2000 stops", nr);
}

/* ---- cases ---- */

/* Syscall stops: number, arguments, return value, stop numbers. */
TEST_F(rp, syscall_stops)
{
	struct ptrap_regs_page *pg;
	struct ptrap_stop st;
	uint64_t seq;
	pid_t tid;

	NEED_SESSION();
	tid = spawn_rp(_metadata, self, "--rp-args");
	pg = map(_metadata, self, tid);
	/* Mapped in a stop: shows it already. */
	page_is_current(_metadata, self, pg, tid);
	to_entry(_metadata, self, tid, pg, SYS_lseek, &st);
	page_is_current(_metadata, self, pg, tid);
	EXPECT_EQ(SYS_lseek, pg->regs.orig_rax);
	EXPECT_EQ(ARG_FD, pg->regs.rdi);
	EXPECT_EQ(ARG_OFF, pg->regs.rsi);
	EXPECT_EQ(SEEK_SET, pg->regs.rdx);
	EXPECT_EQ((uint64_t)-ENOSYS, pg->regs.rax);
	seq = pg->seq;
	/* Released: no longer the current stop's. */
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_SYSCALL, 0));
	/* (Unless the module's tracee is in its next stop already.) */
	EXPECT_TRUE(pg->flags == 0 || pg->seq > seq);
	NEXT_OF(tid, st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_EXIT, ST_SYSCALL, tid);
	page_is_current(_metadata, self, pg, tid);
	EXPECT_LT(seq, pg->seq);
	EXPECT_EQ((uint64_t)-EBADF, pg->regs.rax);
	EXPECT_EQ(SYS_lseek, pg->regs.orig_rax);
	/* Not dirty: whatever the page holds is not loaded. */
	pg->regs.rax = 99;
	pg->regs.rip = 0;
	CONT_TO_EXIT(tid, 7);
	/* The page outlives its tracee, unchanged but for the flags. */
	EXPECT_EQ(0, pg->flags);
	EXPECT_EQ(tid, pg->tid);
	EXPECT_EQ(99, pg->regs.rax);
	pg->regs.rax = 1;
	EXPECT_EQ(0, ptrap_unmap_regs(self->p, pg));
	NO_REC();
}

/*
 * The fast path: getppid() emulated under SYSEMU, its return value written
 * through the page, one call per round trip; the tracee checks what it
 * got. A page written but not marked dirty changes nothing (-ENOSYS).
 */
static void sysemu_values(struct __test_metadata *_metadata, PT_DATA *self)
{
	struct ptrap_regs_page *pg;
	struct ptrap_stop st;
	uint64_t seq;
	pid_t tid;
	int i;

	tid = spawn_rp(_metadata, self, "--rp-emu");
	pg = map(_metadata, self, tid);
	to_entry(_metadata, self, tid, pg, SYS_getppid, &st);
	/* The marker runs; SYSEMU from here on. */
	for (i = 0; i < EMU_CALLS; i++) {
		seq = pg->seq;
		step(_metadata, self, tid, PTRAP_RESUME_SYSEMU, &st);
		ASSERT_STOP(st, PTRAP_STOP_SYSCALL_ENTER, ST_SYSCALL, tid);
		ASSERT_EQ(SYS_getppid, st.nr);
		ASSERT_LT(seq, pg->seq);
		ASSERT_EQ(SYS_getppid, pg->regs.orig_rax);
		ASSERT_EQ((uint64_t)-ENOSYS, pg->regs.rax);
		ASSERT_EQ(st.ip, pg->regs.rip);
		pg->regs.rax = EMU_BASE + i;
		if (i != 1)
			pg->dirty = 1;
	}
	/* exit_group(7): emulated once, then run. */
	step(_metadata, self, tid, PTRAP_RESUME_SYSEMU, &st);
	ASSERT_EQ(SYS_exit_group, st.nr) TH_LOG(REC_FMT, REC_ARGS(st));
	EXPECT_EQ(0, pg->dirty);
	CONT_TO_EXIT(tid, 7);
	NO_REC();
}

TEST_F(rp, sysemu_return_values)
{
	NEED_SESSION();
	sysemu_values(_metadata, self);
}

/*
 * rip and rax through the page: back over the syscall instruction with
 * another number in rax, the instruction stops again at the same address
 * as that syscall.
 */
TEST_F(rp, rip_rewind)
{
	struct ptrap_regs_page *pg;
	struct ptrap_stop st;
	uint64_t ip;
	pid_t tid;
	int i;

	NEED_SESSION();
	tid = spawn_rp(_metadata, self, "--rp-emu");
	pg = map(_metadata, self, tid);
	to_entry(_metadata, self, tid, pg, SYS_getppid, &st);
	step(_metadata, self, tid, PTRAP_RESUME_SYSEMU, &st);
	ASSERT_EQ(SYS_getppid, st.nr);
	ip = st.ip;
	for (i = 0; i < 3; i++) {
		long nr = i % 2 ? SYS_getppid : SYS_getpid;

		pg->regs.rip = ip - 2;
		pg->regs.rax = nr;
		pg->dirty = 1;
		step(_metadata, self, tid, PTRAP_RESUME_SYSEMU, &st);
		ASSERT_EQ(nr, st.nr);
		ASSERT_EQ(nr, pg->regs.orig_rax);
		ASSERT_EQ(ip, st.ip);
		ASSERT_EQ(ip, pg->regs.rip);
		ASSERT_EQ(0, pg->dirty);
	}
	ASSERT_EQ(0, ptrap_kill(self->p, tid));
	NEXT_OF(tid, st);
	ASSERT_STOP(st, PTRAP_STOP_KILLED, ST_KILLED(SIGKILL), tid);
}

/*
 * Values the kernel refuses: the resume fails with EINVAL, the tracee
 * stays stopped with its registers unchanged (none of the page's taken),
 * the page dirty; fixed, the resume goes through.
 */
TEST_F(rp, refused_values)
{
	struct user_regs_struct before, after;
	struct ptrap_regs_page *pg;
	struct ptrap_stop st;
	uint64_t seq;
	pid_t tid;

	NEED_SESSION();
	tid = spawn_rp(_metadata, self, "--rp-args");
	pg = map(_metadata, self, tid);
	to_entry(_metadata, self, tid, pg, SYS_lseek, &st);
	ASSERT_EQ(0, ptrap_getregs(self->p, tid, &before));
	seq = pg->seq;

	/* rax comes before fs_base: taken, then put back. */
	pg->regs.rax = 0x77;
	pg->regs.fs_base = NONCANONICAL;
	pg->dirty = 1;
	EXPECT_EQ(-EINVAL, ptrap_resume(self->p, tid, PTRAP_RESUME_SYSCALL,
					0));
	EXPECT_EQ(-EINVAL, ptrap_resume_wait(self->p, tid,
					     PTRAP_RESUME_SYSCALL, 0,
					     PTRAP_RESUME_WAIT_SAME, &st));
	EXPECT_EQ(-EINVAL, ptrap_detach(self->p, tid, 0));
	EXPECT_EQ(1, pg->dirty);
	EXPECT_EQ(PTRAP_REGS_STOPPED, pg->flags);
	EXPECT_EQ(seq, pg->seq);
	/* The register requests load it first: refused the same way. */
	EXPECT_EQ(-EINVAL, ptrap_getregs(self->p, tid, &after));
	pg->regs.fs_base = before.fs_base;
	pg->regs.cs = KERNEL_CS;
	EXPECT_EQ(-EINVAL, ptrap_resume(self->p, tid, PTRAP_RESUME_SYSCALL,
					0));
	pg->regs.cs = before.cs;
	pg->regs.gs_base = NONCANONICAL;
	EXPECT_EQ(-EINVAL, ptrap_resume(self->p, tid, PTRAP_RESUME_SYSCALL,
					0));
	/* Withdrawn: nothing of it was loaded. */
	pg->dirty = 0;
	ASSERT_EQ(0, ptrap_getregs(self->p, tid, &after));
	EXPECT_EQ(0, memcmp(&before, &after, sizeof(before)));
	NO_REC();
	/* Fixed: loaded, and the syscall runs with its arguments. */
	memcpy(&pg->regs, &before, sizeof(before));
	pg->dirty = 1;
	step(_metadata, self, tid, PTRAP_RESUME_SYSCALL, &st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_EXIT, ST_SYSCALL, tid);
	EXPECT_EQ(0, pg->dirty);
	EXPECT_EQ(-EBADF, st.retval);
	EXPECT_EQ((uint64_t)-EBADF, pg->regs.rax);
	CONT_TO_EXIT(tid, 7);
}

/*
 * fs_base through the page (it lives outside pt_regs: the load waits for
 * the tracee to leave its CPU): set at the syscall's entry, seen at its
 * exit, then put back for the tracee's thread-local storage.
 */
static void fs_base_case(struct __test_metadata *_metadata, PT_DATA *self)
{
	struct ptrap_regs_page *pg;
	struct user_regs_struct r;
	struct ptrap_stop st;
	uint64_t fs_base;
	pid_t tid;

	tid = spawn_rp(_metadata, self, "--rp-args");
	pg = map(_metadata, self, tid);
	to_entry(_metadata, self, tid, pg, SYS_lseek, &st);
	fs_base = pg->regs.fs_base;
	pg->regs.fs_base = fs_base + PT_PAGE;
	pg->regs.rsi = ARG_OFF + 1;
	pg->dirty = 1;
	step(_metadata, self, tid, PTRAP_RESUME_SYSCALL, &st);
	ASSERT_STOP(st, PTRAP_STOP_SYSCALL_EXIT, ST_SYSCALL, tid);
	EXPECT_EQ(fs_base + PT_PAGE, pg->regs.fs_base);
	EXPECT_EQ(ARG_OFF + 1, pg->regs.rsi);
	ASSERT_EQ(0, ptrap_getregs(self->p, tid, &r));
	EXPECT_EQ(fs_base + PT_PAGE, r.fs_base);
	pg->regs.fs_base = fs_base;
	pg->dirty = 1;
	CONT_TO_EXIT(tid, 7);
}

TEST_F(rp, fs_base)
{
	NEED_SESSION();
	fs_base_case(_metadata, self);
}

/*
 * The page and the register requests are one view: SETREGS and POKEUSER
 * show in the page; a dirty page is what GETREGS and PEEKUSER read (and
 * is loaded by them); SETREGS after a dirty page leaves the registers it
 * sets.
 */
TEST_F(rp, requests_coherent)
{
	struct user_regs_struct orig, r, back;
	struct ptrap_regs_page *pg;
	struct ptrap_stop st;
	uint64_t v = 0;
	pid_t tid;

	NEED_SESSION();
	tid = spawn_rp(_metadata, self, "--rp-args");
	pg = map(_metadata, self, tid);
	to_entry(_metadata, self, tid, pg, SYS_lseek, &st);

	ASSERT_EQ(0, ptrap_getregs(self->p, tid, &orig));
	r = orig;
	r.rbx = 0xb0b0;
	ASSERT_EQ(0, ptrap_setregs(self->p, tid, &r));
	EXPECT_EQ(0xb0b0, pg->regs.rbx);
	ASSERT_EQ(0, ptrap_pokeuser(self->p, tid,
				    offsetof(struct user_regs_struct, r12),
				    0x1212));
	EXPECT_EQ(0x1212, pg->regs.r12);
	EXPECT_EQ(0, pg->dirty);

	pg->regs.r13 = 0x1313;
	pg->dirty = 1;
	ASSERT_EQ(0, ptrap_getregs(self->p, tid, &back));
	EXPECT_EQ(0x1313, back.r13);
	EXPECT_EQ(0xb0b0, back.rbx);
	EXPECT_EQ(0, pg->dirty);

	pg->regs.r14 = 0x1414;
	pg->dirty = 1;
	ASSERT_EQ(0, ptrap_peekuser(self->p, tid,
				    offsetof(struct user_regs_struct, r14),
				    &v));
	EXPECT_EQ(0x1414, v);
	EXPECT_EQ(0, pg->dirty);

	/* Dirty, then SETREGS: the page is loaded, then overwritten. */
	pg->regs.r15 = 0x1515;
	pg->regs.r11 = 0x1111;
	pg->dirty = 1;
	ASSERT_EQ(0, ptrap_getregs(self->p, tid, &r));
	r.r15 = 0xf0f0;
	ASSERT_EQ(0, ptrap_setregs(self->p, tid, &r));
	EXPECT_EQ(0xf0f0, pg->regs.r15);
	EXPECT_EQ(0x1111, pg->regs.r11);
	EXPECT_EQ(0, pg->dirty);
	page_is_current(_metadata, self, pg, tid);
	/* Callee-saved registers back, for the tracee's sake. */
	memcpy(&pg->regs, &orig, sizeof(orig));
	pg->dirty = 1;
	CONT_TO_EXIT(tid, 7);
	EXPECT_EQ(0, pg->dirty);
}

/* Several tracees: a page each, each showing its own stops. */
TEST_F(rp, several_tracees)
{
	struct ptrap_regs_page *pa, *pb, *pa2;
	struct ptrap_stop st;
	pid_t a, b;

	NEED_SESSION();
	a = spawn_rp(_metadata, self, "--rp-args");
	b = spawn_rp(_metadata, self, "--rp-args");
	pa = map(_metadata, self, a);
	pb = map(_metadata, self, b);
	ASSERT_NE(pa, pb);
	page_is_current(_metadata, self, pa, a);
	page_is_current(_metadata, self, pb, b);
	/* Another mapping of a's page (the same page on the stub pool). */
	pa2 = map(_metadata, self, a);
	to_entry(_metadata, self, a, pa, SYS_lseek, &st);
	EXPECT_EQ(SYS_lseek, pa2->regs.orig_rax);
	EXPECT_EQ(pa->seq, pa2->seq);
	/* b did not move. */
	page_is_current(_metadata, self, pb, b);
	EXPECT_EQ(0, ptrap_unmap_regs(self->p, pa2));
	EXPECT_EQ(SYS_lseek, pa->regs.orig_rax);
	to_entry(_metadata, self, b, pb, SYS_lseek, &st);
	page_is_current(_metadata, self, pb, b);
	page_is_current(_metadata, self, pa, a);
	CONT_TO_EXIT(a, 7);
	CONT_TO_EXIT(b, 7);
	/* Left mapped: ptrap_close() unmaps them. */
}

/* A tracee killed, or detached, with its page mapped. */
TEST_F(rp, killed_and_detached)
{
	struct ptrap_regs_page *pg, *pd, *none = NULL;
	struct ptrap_stop st;
	pid_t tid, d;

	NEED_SESSION();
	tid = spawn_rp(_metadata, self, "--rp-args");
	d = spawn_rp(_metadata, self, "--rp-args");
	pg = map(_metadata, self, tid);
	pd = map(_metadata, self, d);
	ASSERT_EQ(0, ptrap_kill(self->p, tid));
	NEXT_OF(tid, st);
	ASSERT_STOP(st, PTRAP_STOP_KILLED, ST_KILLED(SIGKILL), tid);
	EXPECT_EQ(0, pg->flags);
	/* Gone: no page for it now. */
	EXPECT_EQ(-ESRCH, ptrap_map_regs(self->p, tid, &none));
	/* A dirty page is loaded at a detach too: refused, still ours. */
	pd->regs.cs = KERNEL_CS;
	pd->dirty = 1;
	EXPECT_EQ(-EINVAL, ptrap_detach(self->p, d, 0));
	pd->dirty = 0;
	ASSERT_EQ(0, ptrap_detach(self->p, d, 0));
	EXPECT_EQ(0, pd->flags);
	EXPECT_EQ(-ESRCH, ptrap_resume(self->p, d, PTRAP_RESUME_CONT, 0));
	EXPECT_EQ(-ESRCH, ptrap_map_regs(self->p, d, &none));
	EXPECT_EQ(0, ptrap_unmap_regs(self->p, pd));
	EXPECT_EQ(0, ptrap_unmap_regs(self->p, pg));
	NO_REC();
}

/*
 * The VFORK event-stop (the module publishes it from the fork itself, in
 * the parent's vfork wait) and the child's first stop: both pages show
 * them.
 */
TEST_F(rp, vfork_stops)
{
	struct ptrap_regs_page *pg, *kp;
	struct ptrap_stop st;
	pid_t tid, kid;
	int r;

	NEED_SESSION();
	tid = spawn_rp(_metadata, self, "--rp-vfork");
	r = ptrap_setoptions(self->p, tid,
			     PTRAP_O_TRACEVFORK | PTRAP_O_EXITKILL);
	GATE(r, "TRACEVFORK");
	ASSERT_EQ(0, r);
	pg = map(_metadata, self, tid);
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_CONT, 0));
	NEXT_OF(tid, st);
	ASSERT_STOP(st, PTRAP_STOP_EVENT, ST_EVENT(PTRAP_EVENT_VFORK), tid);
	kid = st.msg;
	track_foreign(self, kid);
	page_is_current(_metadata, self, pg, tid);
	EXPECT_EQ(SYS_vfork, pg->regs.orig_rax);
	NEXT_OF(kid, st);
	ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGSTOP), kid);
	kp = map(_metadata, self, kid);
	page_is_current(_metadata, self, kp, kid);
	EXPECT_EQ(0, kp->regs.rax);	/* vfork() returns 0 in the child */
	CONT_TO_EXIT(kid, 3);
	EXPECT_EQ(0, kp->flags);
	/* The parent: its SIGCHLD (delivered), then its end. */
	ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_CONT, 0));
	NEXT_OF(tid, st);
	if (st.kind == PTRAP_STOP_SIGNAL) {
		ASSERT_STOP(st, PTRAP_STOP_SIGNAL, ST_STOP(SIGCHLD), tid);
		page_is_current(_metadata, self, pg, tid);
		ASSERT_EQ(0, ptrap_resume(self->p, tid, PTRAP_RESUME_CONT,
					  SIGCHLD));
		NEXT_OF(tid, st);
	}
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(7), tid);
	EXPECT_EQ(0, pg->flags);
}

/* Bad arguments of the library calls. */
TEST_F(rp, bad_input)
{
	struct ptrap_regs_page *pg = NULL, junk;
	pid_t tid;

	NEED_SESSION();
	EXPECT_EQ(-ESRCH, ptrap_map_regs(self->p, pt_dead_pid(), &pg));
	EXPECT_EQ(-ESRCH, ptrap_map_regs(self->p, getpid(), &pg));
	EXPECT_EQ(NULL, pg);
	EXPECT_EQ(-EINVAL, ptrap_map_regs(NULL, 1, &pg));
	tid = spawn_rp(_metadata, self, "--rp-args");
	EXPECT_EQ(-EFAULT, ptrap_map_regs(self->p, tid, NULL));
	EXPECT_EQ(-EINVAL, ptrap_unmap_regs(self->p, &junk));
	EXPECT_EQ(-EINVAL, ptrap_unmap_regs(self->p, NULL));
	pg = map(_metadata, self, tid);
	EXPECT_EQ(-EINVAL, ptrap_unmap_regs(NULL, pg));
	EXPECT_EQ(0, ptrap_unmap_regs(self->p, pg));
	EXPECT_EQ(-EINVAL, ptrap_unmap_regs(self->p, pg));
	CONT_TO_EXIT(tid, 7);
}

/* ---- the raw ioctl and mmap(2) (module) ---- */

static int ioc(int fd, unsigned long cmd, void *a)
{
	return ioctl(fd, cmd, a) ? -errno : 0;
}

static void *raw_map(int fd, size_t len, int prot, int flags, uint64_t off,
		     int *err)
{
	void *m = mmap(NULL, len, prot, flags, fd, (off_t)off);

	*err = m == MAP_FAILED ? -errno : 0;
	return m;
}

TEST_F(rp, raw_ioctl)
{
	struct ptrap_map_regs_args a, b;
	char big[32];
	pid_t t1, t2;
	int fd;

	NEED_SESSION();
	if (!self->module)
		SKIP(return, "module only: the raw ioctl");
	fd = ptrap_fd(self->p);
	t1 = spawn_rp(_metadata, self, "--rp-args");
	t2 = spawn_rp(_metadata, self, "--rp-args");
	ASSERT_EQ(16, sizeof(a));
	ASSERT_EQ(16, PTRAP_MAP_REGS_SIZE_VER0);
	a = (struct ptrap_map_regs_args){ .tid = t1 };
	ASSERT_EQ(0, ioc(fd, PTRAP_IOC_MAP_REGS, &a));
	EXPECT_NE(0, a.offset);
	EXPECT_EQ(0, a.offset % PT_PAGE);
	b = (struct ptrap_map_regs_args){ .tid = t1 };
	ASSERT_EQ(0, ioc(fd, PTRAP_IOC_MAP_REGS, &b));
	EXPECT_EQ(a.offset, b.offset);
	b = (struct ptrap_map_regs_args){ .tid = t2 };
	ASSERT_EQ(0, ioc(fd, PTRAP_IOC_MAP_REGS, &b));
	EXPECT_NE(a.offset, b.offset);
	/* Flags, tid, sizes, direction. */
	b = (struct ptrap_map_regs_args){ .tid = t1, .flags = 1 };
	EXPECT_EQ(-EINVAL, ioc(fd, PTRAP_IOC_MAP_REGS, &b));
	b = (struct ptrap_map_regs_args){ .tid = pt_dead_pid() };
	EXPECT_EQ(-ESRCH, ioc(fd, PTRAP_IOC_MAP_REGS, &b));
	b = (struct ptrap_map_regs_args){ .tid = t1 };
	EXPECT_EQ(-EINVAL, ioc(fd, _IOC(_IOC_READ | _IOC_WRITE,
					PTRAP_IOC_MAGIC, 0x19, 8), &b));
	EXPECT_EQ(-ENOTTY, ioc(fd, _IOC(_IOC_WRITE, PTRAP_IOC_MAGIC, 0x19,
					sizeof(b)), &b));
	memset(big, 0, sizeof(big));
	memcpy(big, &b, sizeof(b));
	big[20] = 1;
	EXPECT_EQ(-E2BIG, ioc(fd, _IOC(_IOC_READ | _IOC_WRITE,
				       PTRAP_IOC_MAGIC, 0x19, sizeof(big)),
			      big));
	big[20] = 0;
	ASSERT_EQ(0, ioc(fd, _IOC(_IOC_READ | _IOC_WRITE, PTRAP_IOC_MAGIC,
				  0x19, sizeof(big)), big));
	memcpy(&b, big, sizeof(b));
	EXPECT_EQ(a.offset, b.offset);
	EXPECT_EQ(-EFAULT, ioc(fd, PTRAP_IOC_MAP_REGS, (void *)8));
	CONT_TO_EXIT(t1, 7);
	CONT_TO_EXIT(t2, 7);
}

TEST_F(rp, raw_mmap)
{
	struct ptrap_map_regs_args a = { 0 };
	struct ptrap_regs_page *pg;
	void *m;
	pid_t tid;
	int fd, err;

	NEED_SESSION();
	if (!self->module)
		SKIP(return, "module only: the raw mmap");
	fd = ptrap_fd(self->p);
	tid = spawn_rp(_metadata, self, "--rp-args");
	a.tid = tid;
	ASSERT_EQ(0, ioc(fd, PTRAP_IOC_MAP_REGS, &a));

	m = raw_map(fd, 2 * PT_PAGE, PROT_READ, MAP_SHARED, a.offset, &err);
	EXPECT_EQ(-EINVAL, err);
	m = raw_map(fd, PT_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE,
		    a.offset, &err);
	EXPECT_EQ(-EINVAL, err);
	m = raw_map(fd, PT_PAGE, PROT_READ | PROT_EXEC, MAP_SHARED, a.offset,
		    &err);
	EXPECT_EQ(-EACCES, err);
	m = raw_map(fd, PT_PAGE, PROT_READ, MAP_SHARED, a.offset + PT_PAGE,
		    &err);
	EXPECT_EQ(-EINVAL, err);
	m = raw_map(fd, PT_PAGE, PROT_READ, MAP_SHARED, 0, &err);
	EXPECT_EQ(-EINVAL, err);

	/* Read-only is fine; executable cannot be added. */
	pg = raw_map(fd, PT_PAGE, PROT_READ, MAP_SHARED, a.offset, &err);
	ASSERT_EQ(0, err);
	EXPECT_EQ(tid, pg->tid);
	EXPECT_EQ(PTRAP_REGS_STOPPED, pg->flags);
	EXPECT_EQ(-1, mprotect(pg, PT_PAGE, PROT_READ | PROT_EXEC));
	/* Not growable. */
	m = mremap(pg, PT_PAGE, 2 * PT_PAGE, MREMAP_MAYMOVE);
	EXPECT_EQ(MAP_FAILED, m);
	/* Moved: still the page. */
	m = mremap(pg, PT_PAGE, PT_PAGE, MREMAP_MAYMOVE | MREMAP_FIXED,
		   (char *)mmap(NULL, PT_PAGE, PROT_NONE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
	ASSERT_NE(MAP_FAILED, m);
	pg = m;
	EXPECT_EQ(tid, pg->tid);
	EXPECT_EQ(0, munmap(pg, PT_PAGE));
	CONT_TO_EXIT(tid, 7);
}

/*
 * The page outlives everything but its last mapping: the tracee exits and
 * its record is read, the session is closed (the mapping keeps its file),
 * a forked child's copy of the mapping goes.
 */
TEST_F(rp, raw_outlives_session)
{
	struct ptrap_map_regs_args a = { 0 };
	struct ptrap_regs_page *pg;
	struct ptrap_stop st;
	pid_t tid, kid;
	int fd, err, status;

	NEED_SESSION();
	if (!self->module)
		SKIP(return, "module only: the raw mmap");
	ASSERT_EQ(0, ptrap_open(&self->p2, PTRAP_OPEN_MODULE));
	fd = ptrap_fd(self->p2);
	tid = spawn_on(_metadata, self, self->p2, PTRAP_O_EXITKILL,
		       (char *[]){ "--rp-args", NULL }, NULL, 0);
	a.tid = tid;
	ASSERT_EQ(0, ioc(fd, PTRAP_IOC_MAP_REGS, &a));
	pg = raw_map(fd, PT_PAGE, PROT_READ | PROT_WRITE, MAP_SHARED,
		     a.offset, &err);
	ASSERT_EQ(0, err);
	ASSERT_EQ(tid, pg->tid);
	/* A forked child has it too, and writes to it. */
	kid = fork();
	ASSERT_LE(0, kid);
	if (kid == 0) {
		pg->reserved[3] = 0x5a;
		_exit(pg->tid == tid ? 0 : 1);
	}
	ASSERT_EQ(0, wait_child(kid, &status));
	EXPECT_EQ(0, status);
	EXPECT_EQ(0x5a, pg->reserved[3]);
	ASSERT_EQ(0, ptrap_resume(self->p2, tid, PTRAP_RESUME_CONT, 0));
	NEXT_REC_ON(self->p2, st);
	ASSERT_STOP(st, PTRAP_STOP_EXITED, ST_EXIT(7), tid);
	/* The tracee is freed, the session closed: the page stays. */
	ptrap_close(self->p2);
	self->p2 = NULL;
	EXPECT_EQ(tid, pg->tid);
	EXPECT_EQ(0, pg->flags);
	pg->regs.rax = 1;
	EXPECT_EQ(0, munmap(pg, PT_PAGE));
}

/* Set the module's spin_us parameter; 0 or -errno. */
static int set_spin_us(const char *v)
{
	int fd = open("/sys/module/ptrap/parameters/spin_us",
		      O_WRONLY | O_CLOEXEC);
	int r = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, v, strlen(v)) < 0)
		r = -errno;
	close(fd);
	return r;
}

/*
 * With the adaptive spin on (spin_us): the same round trips and loads,
 * pt_regs-only and not (a load that waits for the tracee, which spins,
 * to leave its CPU), the tracee and the supervisor on the same CPU and
 * not.
 */
TEST_F(rp, raw_spin)
{
	cpu_set_t one, all;
	int r;

	NEED_SESSION();
	if (!self->module)
		SKIP(return, "module only: the spin_us parameter");
	r = set_spin_us("200");
	if (r)
		SKIP(return, "cannot set spin_us: %s", strerror(-r));
	sysemu_values(_metadata, self);
	fs_base_case(_metadata, self);
	ASSERT_EQ(0, sched_getaffinity(0, sizeof(all), &all));
	CPU_ZERO(&one);
	CPU_SET(sched_getcpu(), &one);
	/* The tracees inherit it: all on one CPU. */
	ASSERT_EQ(0, sched_setaffinity(0, sizeof(one), &one));
	sysemu_values(_metadata, self);
	fs_base_case(_metadata, self);
	ASSERT_EQ(0, sched_setaffinity(0, sizeof(all), &all));
	ASSERT_EQ(0, set_spin_us("0"));
}

PT_HARNESS_MAIN(rp_child_main)
