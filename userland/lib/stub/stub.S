/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The platform layer's stub process (x86-64, static, no libc): one code
 * page at STUB_BASE and one data page after it; everything else of its
 * address space is unmapped by the stub itself before it does anything.
 *
 * fd 0 is the control socket (a SOCK_SEQPACKET unix socket; the library
 * keeps the other end). The main thread is the *factory*: it is never
 * traced and serves one-byte requests on fd 0 until EOF (the supervisor
 * closed it or died: exit_group):
 *
 *   'T'  clone a thread sharing everything (CLONE_THREAD); the new thread
 *        parks in pause() until a tracer takes it; reply: its tid (s32).
 *   'F'  with one SCM_RIGHTS descriptor: keep it; reply: its number here
 *        (s32), -1 if none came.
 *
 * Offset 0 of the code page is the syscall instruction the supervisor
 * injects system calls at (mmap, munmap, close, exit): registers set, rip
 * at it, resumed; the int3 after it stops the thread again with SIGTRAP.
 */
#define SYS_write	1
#define SYS_munmap	11
#define SYS_pause	34
#define SYS_clone	56
#define SYS_recvmsg	47
#define SYS_exit_group	231
#define SYS_close_range	436
#define EINTR		4
#define CLONE_FLAGS	0x50f00	/* VM FS FILES SIGHAND THREAD SYSVSEM */
#define TASK_TOP	0x7ffffffff000
#define STUB_END	(STUB_BASE + 0x2000)

	.text
	.globl stub_syscall
stub_syscall:			/* STUB_BASE + 0: injected system calls */
	syscall
	int3
	jmp	stub_syscall

	.balign 16
	.globl _start
_start:
	/* Every descriptor but the control socket. */
	mov	$SYS_close_range, %eax
	mov	$1, %edi
	mov	$0xffffffff, %esi
	xor	%edx, %edx
	syscall
	/* Everything below and above the stub's two pages. */
	mov	$SYS_munmap, %eax
	xor	%edi, %edi
	movabs	$STUB_BASE, %rsi
	syscall
	mov	$SYS_munmap, %eax
	movabs	$STUB_END, %rdi
	movabs	$(TASK_TOP - STUB_END), %rsi
	syscall

factory:
	/* struct msghdr, reset for each request. */
	lea	iov(%rip), %rax
	lea	buf(%rip), %rcx
	mov	%rcx, (%rax)
	movq	$8, 8(%rax)
	lea	msg(%rip), %rsi
	movq	$0, 0(%rsi)		/* msg_name */
	movq	$0, 8(%rsi)		/* msg_namelen */
	mov	%rax, 16(%rsi)		/* msg_iov */
	movq	$1, 24(%rsi)		/* msg_iovlen */
	lea	cbuf(%rip), %rax
	movq	$0, 0(%rax)
	movq	$0, 8(%rax)
	movq	$0, 16(%rax)
	mov	%rax, 32(%rsi)		/* msg_control */
	movq	$24, 40(%rsi)		/* msg_controllen: CMSG_SPACE(4) */
	movq	$0, 48(%rsi)		/* msg_flags */
	mov	$SYS_recvmsg, %eax
	xor	%edi, %edi
	xor	%edx, %edx
	syscall
	cmp	$-EINTR, %rax
	je	factory
	test	%rax, %rax
	jle	die
	movzbl	buf(%rip), %eax
	cmp	$'T', %eax
	je	new_thread
	cmp	$'F', %eax
	jne	factory
	/* 'F': cmsg_len 20, SOL_SOCKET (1), SCM_RIGHTS (1), then the fd. */
	movl	$-1, reply(%rip)
	lea	cbuf(%rip), %rax
	cmpq	$20, 0(%rax)
	jne	send_reply
	movabs	$0x100000001, %rdx
	cmp	%rdx, 8(%rax)
	jne	send_reply
	mov	16(%rax), %ecx
	mov	%ecx, reply(%rip)
	jmp	send_reply

new_thread:
	mov	$SYS_clone, %eax
	mov	$CLONE_FLAGS, %edi
	xor	%esi, %esi		/* same stack pointer: unused */
	xor	%edx, %edx
	xor	%r10d, %r10d
	xor	%r8d, %r8d
	syscall
	test	%rax, %rax
	jz	park
	mov	%eax, reply(%rip)
send_reply:
	mov	$SYS_write, %eax
	xor	%edi, %edi
	lea	reply(%rip), %rsi
	mov	$4, %edx
	syscall
	jmp	factory

die:
	mov	$SYS_exit_group, %eax
	xor	%edi, %edi
	syscall
	hlt

	/* A new thread waits here for its tracer. */
park:
	mov	$SYS_pause, %eax
	syscall
	jmp	park

	.bss
	.balign 64
msg:	.skip	56
iov:	.skip	16
cbuf:	.skip	24
buf:	.skip	8
reply:	.skip	4

	.section .note.GNU-stack, "", @progbits
