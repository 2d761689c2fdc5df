// SPDX-License-Identifier: GPL-2.0
/*
 * The platform layer's switch-to-app round trip, module vs stub-pool
 * backend (plat.module, plat.stubpool: ns per ptrap_ctx_switch() that
 * returns PTRAP_SWITCH_SYSCALL for the app's getppid).
 *
 * SLOT: the platform layer (userland/lib/ptrap_platform.h) is not in this
 * tree yet. The Makefile defines HAVE_PTRAP_PLATFORM when the header
 * exists; the measurement goes in the #ifdef branch below once the API is
 * settled. Until then the run reports the figure as not available.
 */
#include "bench.h"

#ifdef HAVE_PTRAP_PLATFORM
#include <ptrap_platform.h>
#endif

int cmd_platform(const struct bench_opts *o, int argc, char **argv)
{
	(void)o;
	(void)argc;
	(void)argv;
#ifdef HAVE_PTRAP_PLATFORM
	/* TODO: ptrap_platform_open() per backend, ptrap_as_create(),
	 * map the app's code, ptrap_ctx_create(), time ptrap_ctx_switch(). */
#endif
	bench_na("plat.module", "n/a: platform layer not built");
	bench_na("plat.stubpool", "n/a: platform layer not built");
	return 0;
}
