// SPDX-License-Identifier: GPL-2.0
/*
 * The platform layer's switch-to-app round trip (<ptrap_platform.h>),
 * module vs stub-pool backend: an address space with one page of code,
 *
 *	0:	mov $SYS_getppid, %eax
 *	5:	syscall
 *	7:	jmp 0
 *
 * and a context that runs it; each ptrap_ctx_switch() returns
 * PTRAP_SWITCH_SYSCALL at the getppid, the caller sets rax and switches
 * again. Prints plat.module and plat.stubpool, ns per switch, with the
 * full register state of ptrap_cpu_state_init() (general registers and
 * the XSAVE area, set and read back at every switch, as an application
 * kernel keeps them) and plat.*-gregs with xstate_len 0 (general registers
 * only). Arguments, if any, pick variants by name (module, stubpool,
 * module-gregs, stubpool-gregs). With -C the stub process (and so the
 * context's thread) is forked on the tracee side's CPU, the caller
 * switches from the supervisor side's.
 *
 * Built only when the tree has userland/lib/ptrap_platform.h (the
 * Makefile defines HAVE_PTRAP_PLATFORM); else the run reports n/a.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "bench.h"

#ifdef HAVE_PTRAP_PLATFORM
#include <ptrap_platform.h>

#define CODE_ADDR	0x10000ULL
#define PAGE		4096

/* An unlinked file holding the code page, for ptrap_as_map_file(). */
static int code_fd(void)
{
	static const unsigned char code[] = {
		0xb8, SYS_getppid, 0x00, 0x00, 0x00,	/* mov $nr, %eax */
		0x0f, 0x05,				/* syscall */
		0xeb, 0xf7,				/* jmp 0 */
	};
	static unsigned char page[PAGE];
	int fd = memfd_create("ptrap-bench-code", MFD_CLOEXEC);

	if (fd < 0)
		die(errno, "platform: memfd_create");
	memcpy(page, code, sizeof(code));
	if (write(fd, page, PAGE) != PAGE)
		die(errno, "platform: write");
	return fd;
}

/* One run: ns per ptrap_ctx_switch(); @gregs_only: xstate_len 0. */
static double plat_run(const struct bench_opts *o, unsigned int backend,
		       int gregs_only)
{
	uint64_t t0 = 0, t, budget = o->secs * 1e9;
	struct ptrap_cpu_state *st;
	struct ptrap_platform *pf;
	struct ptrap_ctx *c;
	struct ptrap_as *as;
	unsigned long n = 0;
	double ns = 0;
	int fd, r;

	st = aligned_alloc(64, sizeof(*st));
	if (!st)
		die(ENOMEM, "platform");
	place_tracee_side(o);
	r = ptrap_platform_open(&pf, backend);
	if (r)
		die(r, "platform: ptrap_platform_open");
	r = ptrap_as_create(pf, &as);
	if (r)
		die(r, "platform: ptrap_as_create");
	fd = code_fd();
	r = ptrap_as_map_file(as, CODE_ADDR, PAGE, PROT_READ | PROT_EXEC, fd, 0,
			      PTRAP_MAP_PRIVATE);
	if (r)
		die(r, "platform: ptrap_as_map_file");
	close(fd);
	r = ptrap_ctx_create(pf, &c);
	if (r)
		die(r, "platform: ptrap_ctx_create");
	r = ptrap_cpu_state_init(pf, st);
	if (r)
		die(r, "platform: ptrap_cpu_state_init");
	st->regs.rip = CODE_ADDR;
	if (gregs_only)
		st->xstate_len = 0;
	place_supervisor_side(o);

	for (;;) {
		r = ptrap_ctx_switch(c, as, st, NULL);
		if (r != PTRAP_SWITCH_SYSCALL || st->regs.orig_rax != SYS_getppid)
			die(r < 0 ? r : 0, "platform: switch returned %d (orig_rax %llu)",
			    r, (unsigned long long)st->regs.orig_rax);
		st->regs.rax = BENCH_MAGIC;
		n++;
		if (n == 200) {
			t0 = now_ns();
		} else if (n > 200 && (n - 200) % 16 == 0) {
			t = now_ns();
			if (t - t0 >= budget) {
				ns = (double)(t - t0) / (n - 200);
				break;
			}
		}
	}
	ptrap_ctx_destroy(c);
	ptrap_as_release(as);
	ptrap_platform_close(pf);
	free(st);
	return ns;
}

int cmd_platform(const struct bench_opts *o, int argc, char **argv)
{
	static const struct {
		const char *name;
		unsigned int backend;
		int gregs_only;
	} v[] = {
		{ "module", PTRAP_OPEN_MODULE, 0 },
		{ "stubpool", PTRAP_OPEN_STUBPOOL, 0 },
		{ "module-gregs", PTRAP_OPEN_MODULE, 1 },
		{ "stubpool-gregs", PTRAP_OPEN_STUBPOOL, 1 },
	};
	struct ptrap_platform *pf;
	char key[64];
	size_t i;
	int a, r;

	for (i = 0; i < ARRAY_SIZE(v); i++) {
		if (argc > 0) {
			for (a = 0; a < argc; a++)
				if (!strcmp(argv[a], v[i].name))
					break;
			if (a == argc)
				continue;
		}
		bench_key(o, key, sizeof(key), "plat", v[i].name);
		r = ptrap_platform_open(&pf, v[i].backend);
		if (r == -ENOENT) {
			bench_na(key, "n/a: no /dev/ptrap (module not loaded)");
			continue;
		}
		if (r)
			die(r, "platform: ptrap_platform_open");
		ptrap_platform_close(pf);
		for (r = 0; r < o->runs; r++)
			bench_out(key, plat_run(o, v[i].backend, v[i].gregs_only), "ns");
	}
	return 0;
}

#else /* !HAVE_PTRAP_PLATFORM */

int cmd_platform(const struct bench_opts *o, int argc, char **argv)
{
	(void)o;
	(void)argc;
	(void)argv;
	bench_na("plat.module", "n/a: platform layer not built");
	bench_na("plat.stubpool", "n/a: platform layer not built");
	return 0;
}

#endif
