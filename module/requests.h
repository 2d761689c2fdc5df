/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ptrap: requests on what a stopped tracee is stopped with (requests.c):
 * its siginfo, blocked mask, event message, system call information and
 * user area. Also the register set lookup of regs.c that they share.
 */
#ifndef _PTRAP_REQUESTS_H
#define _PTRAP_REQUESTS_H

#include <linux/types.h>
#include <linux/signal_types.h>

struct ptrap_tracee;
struct user_regset;

/* requests.c */
int ptrap_getsiginfo(struct ptrap_tracee *t, siginfo_t __user *buf);
int ptrap_setsiginfo(struct ptrap_tracee *t, const siginfo_t __user *buf);
int ptrap_getsigmask(struct ptrap_tracee *t, void __user *buf, u64 size);
int ptrap_setsigmask(struct ptrap_tracee *t, const void __user *buf,
		     u64 size);
int ptrap_geteventmsg(struct ptrap_tracee *t, u64 *msg);
int ptrap_get_syscall_info(struct ptrap_tracee *t, void __user *buf,
			   u64 *size);
int ptrap_peekuser(struct ptrap_tracee *t, u64 offset, u64 *value);
int ptrap_pokeuser(struct ptrap_tracee *t, u64 offset, u64 value);

/* regs.c */
const struct user_regset *ptrap_find_regset(struct ptrap_tracee *t,
					    u32 note_type);
void ptrap_wait_off_cpu(struct ptrap_tracee *t);

#endif /* _PTRAP_REQUESTS_H */
