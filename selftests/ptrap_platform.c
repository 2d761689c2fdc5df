// SPDX-License-Identifier: GPL-2.0
/*
 * The platform layer (ptrap_platform.h) on both backends: a small
 * hand-written application runs in a stub's address space and every system
 * call it makes is emulated here (write to a buffer, exit); faults come
 * back as signals with the faulting address; map/unmap are visible to the
 * application; an interrupt stops a spinning application; two contexts on
 * two threads share one address space; FP/xstate and fs_base make the
 * round trip; a released address space comes back from the pool empty,
 * to the same or another platform of the backend (the pool is the
 * process's), and the pool is destroyed by the last close or at exit;
 * bad input is refused.
 *
 * The application is position-independent machine code (app_* below),
 * copied into a memfd mapped at APP_CODE; its data is a second memfd
 * mapped shared at APP_DATA and here too, so the test reads and writes the
 * application's memory directly.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "ptrap_util.h"
#include "ptrap_platform.h"

#define APP_CODE	0x10000000ULL
#define APP_DATA	0x20000000ULL
#define APP_DATA_LEN	(2 * PT_PAGE)
#define APP_FREE	0x30000000ULL	/* nothing mapped here */

/* Made-up system call numbers the application uses to report. */
#define NR_REPORT	1000

/*
 * The application's routines. Entry points take arguments in registers
 * set by the test; each reports with `syscall` (number in eax).
 *
 * app_hello: write(1, msg, len) then exit(write's result).
 * app_load: rsi = *(u64 *)rdi; report.
 * app_store: *(u64 *)rdi = rsi; report.
 * app_spin: forever ++*(u64 *)rdi.
 * app_xmm: rsi = xmm0 low; xmm1 low = rdi; report.
 * app_fs: rsi = *(u64 *)%fs:0; report.
 * app_loop: forever { report; ++rdi }.
 */
extern const unsigned char app_start[], app_end[], app_hello[], app_msg[],
	app_msg_end[], app_load[], app_store[], app_spin[], app_xmm[],
	app_fs[], app_loop[];
asm(".pushsection .rodata\n"
    ".balign 4096\n"
    "app_start:\n"
    "app_hello:\n"
    "	mov $1, %edi\n"
    "	lea app_msg(%rip), %rsi\n"
    "	mov $(app_msg_end - app_msg), %edx\n"
    "	mov $1, %eax\n"
    "	syscall\n"
    "	mov %rax, %rdi\n"
    "	mov $60, %eax\n"
    "	syscall\n"
    "	ud2\n"
    "app_load:\n"
    "	mov (%rdi), %rsi\n"
    "	mov $1000, %eax\n"
    "	syscall\n"
    "	ud2\n"
    "app_store:\n"
    "	mov %rsi, (%rdi)\n"
    "	mov $1000, %eax\n"
    "	syscall\n"
    "	ud2\n"
    "app_spin:\n"
    "	incq (%rdi)\n"
    "	jmp app_spin\n"
    "app_xmm:\n"
    "	movq %xmm0, %rsi\n"
    "	movq %rdi, %xmm1\n"
    "	mov $1000, %eax\n"
    "	syscall\n"
    "	ud2\n"
    "app_fs:\n"
    "	mov %fs:0, %rsi\n"
    "	mov $1000, %eax\n"
    "	syscall\n"
    "	ud2\n"
    "app_loop:\n"
    "	mov $1000, %eax\n"
    "	syscall\n"
    "	inc %rdi\n"
    "	jmp app_loop\n"
    "app_msg: .ascii \"hello, platform\\n\"\n"
    "app_msg_end:\n"
    "app_end:\n"
    ".popsection\n");

#define APP_AT(sym)	(APP_CODE + (uint64_t)((sym) - app_start))

FIXTURE(pf) {
	struct ptrap_platform *pf;
	struct ptrap_as *as;
	struct ptrap_ctx *ctx;
	struct ptrap_cpu_state *st;
	int skip;
	int code_fd, data_fd;
	volatile uint64_t *data;	/* APP_DATA, as the test sees it */
};

FIXTURE_VARIANT(pf) {
	unsigned int open_flags;
	const char *name;
};

FIXTURE_VARIANT_ADD(pf, stub_pool) {
	.open_flags = PTRAP_OPEN_STUBPOOL,
	.name = "stub-pool",
};

FIXTURE_VARIANT_ADD(pf, module) {
	.open_flags = PTRAP_OPEN_MODULE,
	.name = "module",
};

/* A memfd of @len bytes holding @src (if any). */
static int make_memfd(const void *src, size_t len)
{
	int fd = memfd_create("ptrap-platform-test", MFD_CLOEXEC);

	if (fd < 0)
		return -1;
	if (ftruncate(fd, len) ||
	    (src && pwrite(fd, src, len, 0) != (ssize_t)len)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Map the application's code and data into @as. */
static int map_app(FIXTURE_DATA(pf) *self, struct ptrap_as *as)
{
	int r;

	r = ptrap_as_map_file(as, APP_CODE, PT_PAGE, PROT_READ | PROT_EXEC,
			      self->code_fd, 0, PTRAP_MAP_PRIVATE);
	if (r)
		return r;
	return ptrap_as_map_file(as, APP_DATA, APP_DATA_LEN,
				 PROT_READ | PROT_WRITE, self->data_fd, 0,
				 PTRAP_MAP_SHARED);
}

FIXTURE_SETUP(pf)
{
	int r;

	r = ptrap_platform_open(&self->pf, variant->open_flags);
	if (r == -ENOENT && (variant->open_flags & PTRAP_OPEN_MODULE)) {
		self->skip = 1;
		SKIP(return, "ptrap module not loaded: /dev/ptrap absent");
	}
	ASSERT_EQ(0, r) TH_LOG("ptrap_platform_open(%s): %s", variant->name,
			       strerror(-r));
	ASSERT_STREQ(variant->name, ptrap_platform_backend(self->pf));
	ASSERT_LE(app_end - app_start, PT_PAGE);
	self->code_fd = make_memfd(app_start, PT_PAGE);
	ASSERT_LE(0, self->code_fd);
	self->data_fd = make_memfd(NULL, APP_DATA_LEN);
	ASSERT_LE(0, self->data_fd);
	self->data = mmap(NULL, APP_DATA_LEN, PROT_READ | PROT_WRITE,
			  MAP_SHARED, self->data_fd, 0);
	ASSERT_NE(MAP_FAILED, self->data);
	ASSERT_EQ(0, ptrap_as_create(self->pf, &self->as));
	ASSERT_EQ(0, ptrap_ctx_create(self->pf, &self->ctx));
	r = map_app(self, self->as);
	ASSERT_EQ(0, r) TH_LOG("mapping the app: %s", strerror(-r));
	self->st = aligned_alloc(64, sizeof(*self->st));
	ASSERT_NE(NULL, self->st);
	ASSERT_EQ(0, ptrap_cpu_state_init(self->pf, self->st));
}

FIXTURE_TEARDOWN(pf)
{
	if (self->skip)
		return;
	ptrap_ctx_destroy(self->ctx);
	ptrap_platform_close(self->pf);
	free(self->st);
	if (self->data && self->data != MAP_FAILED)
		munmap((void *)self->data, APP_DATA_LEN);
	close(self->code_fd);
	close(self->data_fd);
}

/* The 6.1 harness runs the body after a SKIP in the setup. */
#define NEED_PF() do { if (self->skip) return; } while (0)

/* Start @st at @entry with rdi = @arg. */
static void app_at(struct ptrap_cpu_state *st, uint64_t entry, uint64_t arg)
{
	st->regs.rip = entry;
	st->regs.rdi = arg;
}

/* Lines of /proc/@pid/maps, [vsyscall] left out; first ones in @buf. */
static int maps_lines(pid_t pid, char *buf, size_t len)
{
	char path[64], line[512];
	size_t used = 0;
	FILE *f;
	int n = 0;

	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	buf[0] = '\0';
	while (fgets(line, sizeof(line), f)) {
		if (strstr(line, "[vsyscall]"))
			continue;
		n++;
		if (used + strlen(line) < len) {
			strcpy(buf + used, line);
			used += strlen(line);
		}
	}
	fclose(f);
	return n;
}

/* Is [@addr, +@len) one line of @pid's maps with permissions @perm? */
static int maps_has(pid_t pid, uint64_t addr, uint64_t len, const char *perm)
{
	char buf[8192], want[80];

	if (maps_lines(pid, buf, sizeof(buf)) < 0)
		return 0;
	snprintf(want, sizeof(want), "%llx-%llx %s",
		 (unsigned long long)addr, (unsigned long long)(addr + len),
		 perm);
	return strstr(buf, want) != NULL;
}

/* Entries of /proc/@pid/@what (fd, task). */
static int proc_count(pid_t pid, const char *what)
{
	char path[64];
	struct dirent *d;
	DIR *dir;
	int n = 0;

	snprintf(path, sizeof(path), "/proc/%d/%s", pid, what);
	dir = opendir(path);
	if (!dir)
		return -1;
	while ((d = readdir(dir)))
		if (d->d_name[0] != '.')
			n++;
	closedir(dir);
	return n;
}

/*
 * proc_count() once it equals @want, waiting (bounded, 10 s) for exiting
 * threads: a thread that exits leaves /proc/<pid>/task only when it is
 * released, after its exit was reported (module backend: EXITED record
 * from do_exit(); stub pool: waitpid() reaps it).
 */
static int proc_count_settles(pid_t pid, const char *what, int want)
{
	long end = pt_now_ms() + 10000;
	int n;

	while ((n = proc_count(pid, what)) != want && pt_now_ms() < end)
		sched_yield();
	return n;
}

TEST_F(pf, stub_is_empty)
{
	struct ptrap_as *as;
	char buf[4096];
	pid_t pid;

	NEED_PF();
	ASSERT_EQ(0, ptrap_as_create(self->pf, &as));
	pid = ptrap_as_pid(as);
	ASSERT_LT(0, pid);
	/* Code page r-x, data page rw-: nothing else. */
	EXPECT_EQ(2, maps_lines(pid, buf, sizeof(buf))) TH_LOG("%s", buf);
	EXPECT_TRUE(maps_has(pid, PTRAP_STUB_BASE, PT_PAGE, "r-xp"));
	EXPECT_TRUE(maps_has(pid, PTRAP_STUB_BASE + PT_PAGE, PT_PAGE,
			     "rw-p"));
	/* Only the control socket. */
	EXPECT_EQ(1, proc_count(pid, "fd"));
	ptrap_as_release(as);
}

TEST_F(pf, hello_emulated)
{
	char out[64];
	uint64_t addr, len;
	int r;

	NEED_PF();
	app_at(self->st, APP_AT(app_hello), 0);
	r = ptrap_ctx_switch(self->ctx, self->as, self->st, NULL);
	ASSERT_EQ(PTRAP_SWITCH_SYSCALL, r) TH_LOG("switch: %d", r);
	ASSERT_EQ(1, self->st->regs.orig_rax);
	EXPECT_EQ((uint64_t)-ENOSYS, self->st->regs.rax);
	EXPECT_EQ(1, self->st->regs.rdi);
	addr = self->st->regs.rsi;
	len = self->st->regs.rdx;
	ASSERT_EQ(APP_AT(app_msg), addr);
	ASSERT_LT(len, sizeof(out));
	/* The write: the buffer, read from the application's memory. */
	ASSERT_EQ((ssize_t)len, pread(self->code_fd, out, len,
				      addr - APP_CODE));
	out[len] = '\0';
	EXPECT_STREQ("hello, platform\n", out);
	self->st->regs.rax = len;
	r = ptrap_ctx_switch(self->ctx, self->as, self->st, NULL);
	ASSERT_EQ(PTRAP_SWITCH_SYSCALL, r);
	/* exit(len) */
	EXPECT_EQ(60, self->st->regs.orig_rax);
	EXPECT_EQ(len, self->st->regs.rdi);
}

TEST_F(pf, fault_is_a_signal)
{
	siginfo_t si;
	int r;

	NEED_PF();
	/* A load from nothing. */
	app_at(self->st, APP_AT(app_load), APP_FREE + 0x18);
	memset(&si, 0, sizeof(si));
	r = ptrap_ctx_switch(self->ctx, self->as, self->st, &si);
	ASSERT_EQ(PTRAP_SWITCH_SIGNAL, r) TH_LOG("switch: %d", r);
	EXPECT_EQ(SIGSEGV, si.si_signo);
	EXPECT_EQ(SEGV_MAPERR, si.si_code);
	EXPECT_EQ(APP_FREE + 0x18, (uint64_t)si.si_addr);
	EXPECT_EQ(APP_AT(app_load), self->st->regs.rip);
	/* A store to read-only code. */
	app_at(self->st, APP_AT(app_store), APP_CODE + 8);
	r = ptrap_ctx_switch(self->ctx, self->as, self->st, &si);
	ASSERT_EQ(PTRAP_SWITCH_SIGNAL, r);
	EXPECT_EQ(SIGSEGV, si.si_signo);
	EXPECT_EQ(SEGV_ACCERR, si.si_code);
	EXPECT_EQ(APP_CODE + 8, (uint64_t)si.si_addr);
	/* Not delivered: the context goes on (from a fixed rip). */
	app_at(self->st, APP_AT(app_load), APP_DATA);
	EXPECT_EQ(PTRAP_SWITCH_SYSCALL,
		  ptrap_ctx_switch(self->ctx, self->as, self->st, &si));
}

/* Run app_load/app_store at @addr; the switch result. */
static int app_load_at(struct ptrap_ctx *c, struct ptrap_as *as,
		       struct ptrap_cpu_state *st, uint64_t addr,
		       uint64_t *val, siginfo_t *si)
{
	int r;

	app_at(st, APP_AT(app_load), addr);
	r = ptrap_ctx_switch(c, as, st, si);
	if (r == PTRAP_SWITCH_SYSCALL)
		*val = st->regs.rsi;
	return r;
}

TEST_F(pf, map_unmap_visible)
{
	uint64_t val = 0;
	siginfo_t si;
	pid_t pid = ptrap_as_pid(self->as);
	int r;

	NEED_PF();
	/* Shared file: the test's writes are the application's reads. */
	self->data[1] = 0x1122334455667788ULL;
	r = app_load_at(self->ctx, self->as, self->st, APP_DATA + 8, &val,
			&si);
	ASSERT_EQ(PTRAP_SWITCH_SYSCALL, r);
	EXPECT_EQ(0x1122334455667788ULL, val);
	/* ... and the application's writes the test's. */
	app_at(self->st, APP_AT(app_store), APP_DATA + 16);
	self->st->regs.rsi = 0xabcdef;
	ASSERT_EQ(PTRAP_SWITCH_SYSCALL,
		  ptrap_ctx_switch(self->ctx, self->as, self->st, NULL));
	EXPECT_EQ(0xabcdef, self->data[2]);

	/* Anonymous memory: zero, writable, then gone. */
	ASSERT_EQ(0, ptrap_as_map_anon(self->as, APP_FREE, 2 * PT_PAGE,
				       PROT_READ | PROT_WRITE));
	EXPECT_TRUE(maps_has(pid, APP_FREE, 2 * PT_PAGE, "rw-p"));
	val = 1;
	ASSERT_EQ(PTRAP_SWITCH_SYSCALL,
		  app_load_at(self->ctx, self->as, self->st,
			      APP_FREE + PT_PAGE, &val, &si));
	EXPECT_EQ(0, val);
	ASSERT_EQ(0, ptrap_as_unmap(self->as, APP_FREE + PT_PAGE, PT_PAGE));
	EXPECT_TRUE(maps_has(pid, APP_FREE, PT_PAGE, "rw-p"));
	r = app_load_at(self->ctx, self->as, self->st, APP_FREE + PT_PAGE,
			&val, &si);
	ASSERT_EQ(PTRAP_SWITCH_SIGNAL, r);
	EXPECT_EQ(SIGSEGV, si.si_signo);
	EXPECT_EQ(APP_FREE + PT_PAGE, (uint64_t)si.si_addr);
	/* A private file mapping of the data: a copy, not the file. */
	ASSERT_EQ(0, ptrap_as_map_file(self->as, APP_FREE + PT_PAGE, PT_PAGE,
				       PROT_READ | PROT_WRITE, self->data_fd,
				       0, PTRAP_MAP_PRIVATE));
	EXPECT_TRUE(maps_has(pid, APP_FREE + PT_PAGE, PT_PAGE, "rw-p"));
	app_at(self->st, APP_AT(app_store), APP_FREE + PT_PAGE);
	self->st->regs.rsi = 77;
	ASSERT_EQ(PTRAP_SWITCH_SYSCALL,
		  ptrap_ctx_switch(self->ctx, self->as, self->st, NULL));
	EXPECT_EQ(0, self->data[0]);
	ASSERT_EQ(PTRAP_SWITCH_SYSCALL,
		  app_load_at(self->ctx, self->as, self->st,
			      APP_FREE + PT_PAGE, &val, &si));
	EXPECT_EQ(77, val);
	/* The descriptors passed for the mappings are closed in the stub. */
	EXPECT_EQ(1, proc_count(pid, "fd"));
}

struct intr_arg {
	struct ptrap_ctx *ctx;
	struct ptrap_as *as;
	struct ptrap_cpu_state *st;	/* for a second switch of @ctx */
	volatile uint64_t *counter;
	uint64_t above;
	int busy;	/* what that second switch returned */
	int ret;
};

/*
 * Wait until the spinning application counts past @above; try a second
 * switch of the running context (-EBUSY); interrupt.
 */
static void *interrupter(void *p)
{
	struct intr_arg *a = p;
	long end = pt_now_ms() + PT_TIMEOUT_MS;

	while (*a->counter <= a->above && pt_now_ms() < end)
		sched_yield();
	a->busy = ptrap_ctx_switch(a->ctx, a->as, a->st, NULL);
	a->ret = ptrap_ctx_interrupt(a->ctx);
	return NULL;
}

TEST_F(pf, interrupt_spinning)
{
	struct intr_arg a = { .ctx = self->ctx, .as = self->as,
			      .counter = &self->data[3] };
	uint64_t seen;
	pthread_t th;
	int i, r;

	NEED_PF();
	a.st = aligned_alloc(64, sizeof(*a.st));
	ASSERT_NE(NULL, a.st);
	ASSERT_EQ(0, ptrap_cpu_state_init(self->pf, a.st));
	app_at(a.st, APP_AT(app_load), APP_DATA);
	app_at(self->st, APP_AT(app_spin), APP_DATA + 24);
	for (i = 0; i < 2; i++) {
		a.above = self->data[3];
		ASSERT_EQ(0, pthread_create(&th, NULL, interrupter, &a));
		r = ptrap_ctx_switch(self->ctx, self->as, self->st, NULL);
		pthread_join(th, NULL);
		ASSERT_EQ(0, a.ret);
		ASSERT_EQ(PTRAP_SWITCH_INTERRUPTED, r) TH_LOG("switch: %d", r);
		EXPECT_EQ(-EBUSY, a.busy);
		seen = self->data[3];
		EXPECT_LT(a.above, seen);
		/* Stopped in the loop, going on from there next time. */
		EXPECT_LE(APP_AT(app_spin), self->st->regs.rip);
		EXPECT_GT(APP_AT(app_xmm), self->st->regs.rip);
	}
	/* An interrupt while nothing runs: the next switch returns at once. */
	ASSERT_EQ(0, ptrap_ctx_interrupt(self->ctx));
	seen = self->data[3];
	EXPECT_EQ(PTRAP_SWITCH_INTERRUPTED,
		  ptrap_ctx_switch(self->ctx, self->as, self->st, NULL));
	EXPECT_EQ(seen, self->data[3]);
	/* ... once. */
	app_at(self->st, APP_AT(app_load), APP_DATA);
	EXPECT_EQ(PTRAP_SWITCH_SYSCALL,
		  ptrap_ctx_switch(self->ctx, self->as, self->st, NULL));
	free(a.st);
}

TEST_F(pf, xstate_and_tls)
{
	int xlen = ptrap_platform_xstate_len(self->pf);
	uint64_t v;

	NEED_PF();
	ASSERT_LE(512 + 64, xlen);
	ASSERT_EQ(xlen, self->st->xstate_len);
	/* xmm0 in, xmm1 out: the FXSAVE area's XMM registers at 160. */
	v = 0x0123456789abcdefULL;
	memcpy(self->st->xstate + 160, &v, 8);
	app_at(self->st, APP_AT(app_xmm), 0xfeedface);
	ASSERT_EQ(PTRAP_SWITCH_SYSCALL,
		  ptrap_ctx_switch(self->ctx, self->as, self->st, NULL));
	EXPECT_EQ(0x0123456789abcdefULL, self->st->regs.rsi);
	memcpy(&v, self->st->xstate + 176, 8);
	EXPECT_EQ(0xfeedface, v);
	/* fs_base: the application reads %fs:0. */
	self->data[5] = 0x5eed;
	self->st->regs.fs_base = APP_DATA + 40;
	app_at(self->st, APP_AT(app_fs), 0);
	ASSERT_EQ(PTRAP_SWITCH_SYSCALL,
		  ptrap_ctx_switch(self->ctx, self->as, self->st, NULL));
	EXPECT_EQ(0x5eed, self->st->regs.rsi);
	EXPECT_EQ(APP_DATA + 40, self->st->regs.fs_base);
}

struct loop_arg {
	struct ptrap_platform *pf;
	struct ptrap_as *as;
	uint64_t base;
	int rounds;
	pthread_barrier_t *bar;
	int err;	/* 0, or the round that went wrong + 1 */
};

/* On its own thread and context: @rounds round trips of app_loop. */
static void *looper(void *p)
{
	struct loop_arg *a = p;
	struct ptrap_cpu_state *st = aligned_alloc(64, sizeof(*st));
	struct ptrap_ctx *c;
	int i;

	a->err = -1;
	if (!st || ptrap_ctx_create(a->pf, &c))
		return NULL;
	ptrap_cpu_state_init(a->pf, st);
	app_at(st, APP_AT(app_loop), a->base);
	pthread_barrier_wait(a->bar);
	for (i = 0; i < a->rounds; i++) {
		if (ptrap_ctx_switch(c, a->as, st, NULL) !=
		    PTRAP_SWITCH_SYSCALL || st->regs.orig_rax != NR_REPORT ||
		    st->regs.rdi != a->base + i) {
			a->err = i + 1;
			break;
		}
	}
	if (i == a->rounds)
		a->err = 0;
	ptrap_ctx_destroy(c);
	free(st);
	return NULL;
}

TEST_F(pf, two_threads_one_as)
{
	struct loop_arg a[2];
	pthread_barrier_t bar;
	pthread_t th[2];
	pid_t pid = ptrap_as_pid(self->as);
	int i, before;

	NEED_PF();
	/* The caller's own stub thread exists already (the mappings). */
	before = proc_count(pid, "task");
	ASSERT_LE(2, before);
	pthread_barrier_init(&bar, NULL, 2);
	for (i = 0; i < 2; i++) {
		a[i] = (struct loop_arg){ .pf = self->pf, .as = self->as,
			.base = (i + 1) * 1000000ULL, .rounds = 200,
			.bar = &bar };
		ASSERT_EQ(0, pthread_create(&th[i], NULL, looper, &a[i]));
	}
	for (i = 0; i < 2; i++) {
		pthread_join(th[i], NULL);
		EXPECT_EQ(0, a[i].err) TH_LOG("thread %d", i);
	}
	pthread_barrier_destroy(&bar);
	/* Their stub threads ended with them; the stub lives on. */
	EXPECT_EQ(before, proc_count_settles(pid, "task", before));
	app_at(self->st, APP_AT(app_loop), 5);
	EXPECT_EQ(PTRAP_SWITCH_SYSCALL,
		  ptrap_ctx_switch(self->ctx, self->as, self->st, NULL));
	EXPECT_EQ(5, self->st->regs.rdi);
}

TEST_F(pf, pool_reuse_is_clean)
{
	struct ptrap_as *as2;
	char buf[4096];
	pid_t pid = ptrap_as_pid(self->as);
	uint64_t v = 0x7777;

	NEED_PF();
	/* Leave state behind: mappings, an xmm0 value. */
	ASSERT_EQ(0, ptrap_as_map_anon(self->as, APP_FREE, PT_PAGE,
				       PROT_READ));
	memcpy(self->st->xstate + 160, &v, 8);
	app_at(self->st, APP_AT(app_xmm), 0);
	ASSERT_EQ(PTRAP_SWITCH_SYSCALL,
		  ptrap_ctx_switch(self->ctx, self->as, self->st, NULL));
	ptrap_as_release(self->as);
	self->as = NULL;
	ASSERT_EQ(0, ptrap_as_create(self->pf, &as2));
	self->as = as2;
	/* The pool gave the same stub back, empty. */
	ASSERT_EQ(pid, ptrap_as_pid(as2));
	EXPECT_EQ(2, maps_lines(pid, buf, sizeof(buf))) TH_LOG("%s", buf);
	EXPECT_EQ(1, proc_count(pid, "fd"));
	/* A new application: fresh registers, nothing of the old one. */
	ASSERT_EQ(0, map_app(self, as2));
	ASSERT_EQ(0, ptrap_cpu_state_init(self->pf, self->st));
	app_at(self->st, APP_AT(app_xmm), 0);
	ASSERT_EQ(PTRAP_SWITCH_SYSCALL,
		  ptrap_ctx_switch(self->ctx, as2, self->st, NULL));
	EXPECT_EQ(0, self->st->regs.rsi);
	EXPECT_EQ(0, self->st->regs.rbx);
	EXPECT_EQ(0, self->st->regs.fs_base);
}

TEST_F(pf, close_leaves_nothing)
{
	struct ptrap_as *as2;
	pid_t p1 = ptrap_as_pid(self->as), p2;

	NEED_PF();
	ASSERT_EQ(0, ptrap_as_create(self->pf, &as2));
	p2 = ptrap_as_pid(as2);
	ASSERT_NE(p1, p2);
	ptrap_ctx_destroy(self->ctx);
	self->ctx = NULL;
	ptrap_platform_close(self->pf);
	self->pf = NULL;
	/* Killed and reaped: no process, no zombie. */
	EXPECT_EQ(-1, kill(p1, 0));
	EXPECT_EQ(ESRCH, errno);
	EXPECT_EQ(-1, kill(p2, 0));
	EXPECT_EQ(-1, waitpid(-1, NULL, WNOHANG | __WALL));
	EXPECT_EQ(ECHILD, errno);
}

/* Is @pid gone: no process, no zombie (killed and reaped)? */
static int pid_gone(pid_t pid)
{
	return kill(pid, 0) == -1 && errno == ESRCH;
}

/*
 * The pool is the process's, per backend: a stub released by one platform
 * is taken by another open platform of the same backend, emptied, and runs
 * that platform's contexts (not the first one's).
 */
TEST_F(pf, pool_shared_between_platforms)
{
	struct ptrap_platform *pf2;
	struct ptrap_ctx *ctx2;
	struct ptrap_as *as2;
	char buf[4096];
	pid_t pid = ptrap_as_pid(self->as);
	uint64_t v = 0x7777;

	NEED_PF();
	ASSERT_EQ(0, ptrap_platform_open(&pf2, variant->open_flags));
	ASSERT_EQ(0, ptrap_ctx_create(pf2, &ctx2));
	/* Leave state behind in the first platform's address space. */
	ASSERT_EQ(0, ptrap_as_map_anon(self->as, APP_FREE, PT_PAGE,
				       PROT_READ));
	memcpy(self->st->xstate + 160, &v, 8);
	self->st->regs.rbx = 0x5555;
	app_at(self->st, APP_AT(app_xmm), 0);
	ASSERT_EQ(PTRAP_SWITCH_SYSCALL,
		  ptrap_ctx_switch(self->ctx, self->as, self->st, NULL));
	ptrap_as_release(self->as);
	self->as = NULL;
	/* The second platform takes it: same stub, empty. */
	ASSERT_EQ(0, ptrap_as_create(pf2, &as2));
	ASSERT_EQ(pid, ptrap_as_pid(as2));
	EXPECT_EQ(2, maps_lines(pid, buf, sizeof(buf))) TH_LOG("%s", buf);
	EXPECT_EQ(1, proc_count(pid, "fd"));
	ASSERT_EQ(0, map_app(self, as2));
	/* Now the second platform's: the first one's context is refused. */
	ASSERT_EQ(0, ptrap_cpu_state_init(pf2, self->st));
	app_at(self->st, APP_AT(app_xmm), 0);
	EXPECT_EQ(-EINVAL, ptrap_ctx_switch(self->ctx, as2, self->st, NULL));
	ASSERT_EQ(PTRAP_SWITCH_SYSCALL,
		  ptrap_ctx_switch(ctx2, as2, self->st, NULL));
	EXPECT_EQ(0, self->st->regs.rsi);
	EXPECT_EQ(0, self->st->regs.rbx);
	EXPECT_EQ(0, self->st->regs.fs_base);
	/* And back: released by the second, taken by the first. */
	ptrap_as_release(as2);
	ASSERT_EQ(0, ptrap_as_create(self->pf, &self->as));
	ASSERT_EQ(pid, ptrap_as_pid(self->as));
	EXPECT_EQ(2, maps_lines(pid, buf, sizeof(buf))) TH_LOG("%s", buf);
	ptrap_ctx_destroy(ctx2);
	ptrap_platform_close(pf2);
	/* Not pooled: the second platform's close left it alone. */
	EXPECT_EQ(0, kill(pid, 0));
	ASSERT_EQ(0, map_app(self, self->as));
	ASSERT_EQ(0, ptrap_cpu_state_init(self->pf, self->st));
	app_at(self->st, APP_AT(app_load), APP_DATA);
	EXPECT_EQ(PTRAP_SWITCH_SYSCALL,
		  ptrap_ctx_switch(self->ctx, self->as, self->st, NULL));
}

/*
 * Closing a platform kills and reaps what it owns, not the pool another
 * open platform of the backend still uses; closing the last one destroys
 * the pool.
 */
TEST_F(pf, close_keeps_pool_for_others)
{
	struct ptrap_platform *pf2;
	struct ptrap_as *as2;
	pid_t pooled = ptrap_as_pid(self->as), owned;

	NEED_PF();
	ASSERT_EQ(0, ptrap_platform_open(&pf2, variant->open_flags));
	ASSERT_EQ(0, ptrap_as_create(pf2, &as2));	/* a new stub */
	owned = ptrap_as_pid(as2);
	ASSERT_NE(pooled, owned);
	ASSERT_EQ(0, ptrap_as_map_anon(as2, APP_FREE, PT_PAGE, PROT_READ));
	ptrap_as_release(self->as);
	self->as = NULL;
	ptrap_platform_close(pf2);
	/* Its own stub killed and reaped; the pooled one alive. */
	EXPECT_TRUE(pid_gone(owned));
	EXPECT_EQ(0, kill(pooled, 0));
	EXPECT_EQ(0, waitpid(-1, NULL, WNOHANG | __WALL));
	/* ... and usable by the platform still open. */
	ASSERT_EQ(0, ptrap_as_create(self->pf, &self->as));
	ASSERT_EQ(pooled, ptrap_as_pid(self->as));
	ASSERT_EQ(0, map_app(self, self->as));
	app_at(self->st, APP_AT(app_load), APP_DATA);
	EXPECT_EQ(PTRAP_SWITCH_SYSCALL,
		  ptrap_ctx_switch(self->ctx, self->as, self->st, NULL));
	/* The last close: the pool goes, nothing is left. */
	ptrap_as_release(self->as);
	self->as = NULL;
	ptrap_ctx_destroy(self->ctx);
	self->ctx = NULL;
	ptrap_platform_close(self->pf);
	self->pf = NULL;
	EXPECT_TRUE(pid_gone(pooled));
	EXPECT_EQ(-1, waitpid(-1, NULL, WNOHANG | __WALL));
	EXPECT_EQ(ECHILD, errno);
}

/*
 * exit(3) destroys the pool of the process that made it: a child opens a
 * platform, pools a stub and exit()s; the stub must be gone (killed and
 * reaped by the child's atexit handler, not left a zombie for us, its
 * subreaper). A forked child of ours, exiting the same way, leaves our
 * pool alone, and its own platform does not take from it.
 */
TEST_F(pf, pool_destroyed_at_exit)
{
	unsigned int flags = variant->open_flags;
	pid_t pooled = ptrap_as_pid(self->as), child, stub = 0;
	int pfd[2], status;

	NEED_PF();
	ASSERT_EQ(0, prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0));
	ptrap_as_release(self->as);
	self->as = NULL;
	ASSERT_EQ(0, pipe2(pfd, O_CLOEXEC));
	child = fork();
	ASSERT_LE(0, child);
	if (child == 0) {
		struct ptrap_platform *pf;
		struct ptrap_as *as;
		pid_t pid = -1;

		close(pfd[0]);
		if (!ptrap_platform_open(&pf, flags) &&
		    !ptrap_as_create(pf, &as) &&
		    !ptrap_as_map_anon(as, APP_FREE, PT_PAGE, PROT_READ)) {
			pid = ptrap_as_pid(as);
			ptrap_as_release(as);
		}
		if (write(pfd[1], &pid, sizeof(pid)) != sizeof(pid))
			_exit(2);
		exit(0);	/* the atexit handler runs */
	}
	close(pfd[1]);
	ASSERT_EQ(sizeof(stub), pt_read_full(pfd[0], &stub, sizeof(stub)));
	close(pfd[0]);
	ASSERT_EQ(child, waitpid(child, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status));
	ASSERT_LT(0, stub);
	EXPECT_NE(pooled, stub);
	EXPECT_TRUE(pid_gone(stub));
	/* Ours is still there, and ours to take. */
	EXPECT_EQ(0, kill(pooled, 0));
	ASSERT_EQ(0, ptrap_as_create(self->pf, &self->as));
	EXPECT_EQ(pooled, ptrap_as_pid(self->as));
	ASSERT_EQ(0, map_app(self, self->as));
	app_at(self->st, APP_AT(app_load), APP_DATA);
	EXPECT_EQ(PTRAP_SWITCH_SYSCALL,
		  ptrap_ctx_switch(self->ctx, self->as, self->st, NULL));
}

/*
 * A supervisor that dies without closing anything takes its stubs with it:
 * a child opens a platform, makes a stub with a traced thread (a mapping)
 * and _exit()s (no atexit handler); the stub, reparented to us (a child
 * subreaper), must end.
 */
TEST_F(pf, stub_dies_with_supervisor)
{
	unsigned int flags = variant->open_flags;
	int pfd[2], status;
	pid_t child, stub = 0;

	NEED_PF();
	ASSERT_EQ(0, prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0));
	ASSERT_EQ(0, pipe2(pfd, O_CLOEXEC));
	child = fork();
	ASSERT_LE(0, child);
	if (child == 0) {
		struct ptrap_platform *pf;
		struct ptrap_as *as;
		pid_t pid = -1;

		close(pfd[0]);
		if (!ptrap_platform_open(&pf, flags) &&
		    !ptrap_as_create(pf, &as) &&
		    !ptrap_as_map_anon(as, APP_FREE, PT_PAGE, PROT_READ))
			pid = ptrap_as_pid(as);
		if (write(pfd[1], &pid, sizeof(pid)) != sizeof(pid))
			_exit(2);
		_exit(0);
	}
	close(pfd[1]);
	ASSERT_EQ(sizeof(stub), pt_read_full(pfd[0], &stub, sizeof(stub)));
	close(pfd[0]);
	ASSERT_EQ(child, waitpid(child, &status, 0));
	ASSERT_LT(0, stub);
	/* Blocks until the stub ends: the harness's timeout fails a hang. */
	ASSERT_EQ(stub, waitpid(stub, &status, __WALL));
	EXPECT_TRUE(WIFEXITED(status) || WIFSIGNALED(status));
}

TEST_F(pf, bad_input)
{
	struct ptrap_platform *pf2;
	struct ptrap_as *as = self->as;
	int rw = PROT_READ | PROT_WRITE;

	NEED_PF();
	EXPECT_EQ(-EINVAL, ptrap_platform_open(&pf2, 1u << 7));
	EXPECT_EQ(-EINVAL, ptrap_platform_open(&pf2, PTRAP_OPEN_MODULE |
					       PTRAP_OPEN_STUBPOOL));
	/* Unaligned, empty, the stub's pages, past the top, bad prot. */
	EXPECT_EQ(-EINVAL, ptrap_as_map_anon(as, APP_FREE + 1, PT_PAGE, rw));
	EXPECT_EQ(-EINVAL, ptrap_as_map_anon(as, APP_FREE, 100, rw));
	EXPECT_EQ(-EINVAL, ptrap_as_map_anon(as, APP_FREE, 0, rw));
	EXPECT_EQ(-EINVAL, ptrap_as_map_anon(as, PTRAP_STUB_BASE, PT_PAGE,
					     rw));
	EXPECT_EQ(-EINVAL, ptrap_as_map_anon(as, PTRAP_STUB_BASE - PT_PAGE,
					     2 * PT_PAGE, rw));
	EXPECT_EQ(-EINVAL, ptrap_as_map_anon(as, PTRAP_STUB_BASE +
					     PTRAP_STUB_SIZE - PT_PAGE,
					     PT_PAGE, rw));
	EXPECT_EQ(-EINVAL, ptrap_as_map_anon(as, PTRAP_AS_TOP - PT_PAGE,
					     2 * PT_PAGE, rw));
	EXPECT_EQ(-EINVAL, ptrap_as_map_anon(as, APP_FREE, -PT_PAGE, rw));
	EXPECT_EQ(-EINVAL, ptrap_as_map_anon(as, APP_FREE, PT_PAGE, 0x10));
	EXPECT_EQ(-EINVAL, ptrap_as_unmap(as, PTRAP_STUB_BASE,
					  PTRAP_STUB_SIZE));
	EXPECT_EQ(-EINVAL, ptrap_as_unmap(as, 0, PTRAP_AS_TOP));
	EXPECT_EQ(-EINVAL, ptrap_as_map_file(as, APP_FREE, PT_PAGE, rw,
					     self->data_fd, 0, 0));
	EXPECT_EQ(-EINVAL, ptrap_as_map_file(as, APP_FREE, PT_PAGE, rw,
					     self->data_fd, 0,
					     PTRAP_MAP_SHARED |
					     PTRAP_MAP_PRIVATE));
	EXPECT_EQ(-EINVAL, ptrap_as_map_file(as, APP_FREE, PT_PAGE, rw,
					     self->data_fd, 100,
					     PTRAP_MAP_SHARED));
	EXPECT_EQ(-EBADF, ptrap_as_map_file(as, APP_FREE, PT_PAGE, rw, -1, 0,
					    PTRAP_MAP_SHARED));
	/* The stub's mmap decides: a read-only descriptor, shared, writable. */
	{
		int ro = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);

		ASSERT_LE(0, ro);
		EXPECT_EQ(-EACCES, ptrap_as_map_file(as, APP_FREE, PT_PAGE,
						     rw, ro, 0,
						     PTRAP_MAP_SHARED));
		close(ro);
	}
	/* Nothing was mapped by any of that. */
	EXPECT_FALSE(maps_has(ptrap_as_pid(as), APP_FREE, PT_PAGE, "rw-p"));
	/* Bad registers: a kernel code segment; a wrong xstate length. */
	app_at(self->st, APP_AT(app_load), APP_DATA);
	self->st->regs.cs = 0x10;
	EXPECT_EQ(-EINVAL, ptrap_ctx_switch(self->ctx, as, self->st, NULL));
	ASSERT_EQ(0, ptrap_cpu_state_init(self->pf, self->st));
	self->st->xstate_len = 100;
	app_at(self->st, APP_AT(app_load), APP_DATA);
	EXPECT_EQ(-EINVAL, ptrap_ctx_switch(self->ctx, as, self->st, NULL));
	/* Still usable after all that. */
	ASSERT_EQ(0, ptrap_cpu_state_init(self->pf, self->st));
	app_at(self->st, APP_AT(app_load), APP_DATA);
	EXPECT_EQ(PTRAP_SWITCH_SYSCALL,
		  ptrap_ctx_switch(self->ctx, as, self->st, NULL));
}

TEST_HARNESS_MAIN
