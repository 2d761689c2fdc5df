/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The stub program (stub/stub.S, linked by the Makefile), embedded. */
	.section .rodata
	.balign 16
	.globl ptrap_stub_elf
	.hidden ptrap_stub_elf
	.globl ptrap_stub_elf_end
	.hidden ptrap_stub_elf_end
ptrap_stub_elf:
	.incbin "ptrap-stub.elf"
ptrap_stub_elf_end:

	.section .note.GNU-stack, "", @progbits
