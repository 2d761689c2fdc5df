// SPDX-License-Identifier: GPL-2.0
/*
 * ptrap: ptrace as a device. Module entry points and the misc device.
 */
#include <linux/module.h>
#include <linux/miscdevice.h>
#include <linux/rcupdate.h>
#include <linux/moduleparam.h>
#include <linux/sched/clock.h>
#include <linux/sched/signal.h>
#include <linux/cpumask.h>

#include "ptrap.h"

/*
 * spin_us: how long a waiter spins before it sleeps (ptrap_spin_deadline()).
 * Written only through sysfs, under the kernel's parameter lock; read with
 * READ_ONCE().
 */
unsigned int ptrap_spin_us;
module_param_named(spin_us, ptrap_spin_us, uint, 0644);
MODULE_PARM_DESC(spin_us,
		 "microseconds a parked tracee and a RESUME_WAIT spin before sleeping (0: never)");

/**
 * ptrap_spin_deadline() - when an adaptive spin ends
 *
 * Return: local_clock() time at which a waiter about to sleep stops
 * spinning, or 0 for no spin (spin_us is 0, or this is the only CPU, where
 * the one it waits for cannot run while it spins).
 */
u64 ptrap_spin_deadline(void)
{
	unsigned int us = READ_ONCE(ptrap_spin_us);

	if (!us || num_online_cpus() < 2)
		return 0;
	return local_clock() + (u64)us * NSEC_PER_USEC;
}

/**
 * ptrap_spin_on() - may a spin go on?
 * @deadline: from ptrap_spin_deadline().
 *
 * Return: false once the deadline passed, another task wants this CPU, or
 * a signal is pending.
 */
bool ptrap_spin_on(u64 deadline)
{
	if (!deadline || need_resched() || signal_pending(current) ||
	    local_clock() > deadline)
		return false;
	cpu_relax();
	return true;
}

static struct miscdevice ptrap_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = PTRAP_DEVICE_NAME,
	.fops = &ptrap_fops,
	.mode = 0666,
};

static int __init ptrap_init(void)
{
	int ret;

	ret = ptrap_hooks_init();
	if (ret)
		return ret;
	ptrap_stats_init();

	ret = ptrap_nl_init();
	if (ret) {
		pr_err("cannot register the generic netlink family: %d\n", ret);
		goto err_hooks;
	}

	ret = misc_register(&ptrap_misc);
	if (ret) {
		pr_err("cannot register /dev/%s: %d\n", PTRAP_DEVICE_NAME, ret);
		goto err_nl;
	}
	pr_info("loaded\n");
	return 0;

err_nl:
	ptrap_nl_exit();
err_hooks:
	ptrap_hooks_exit();
	return ret;
}

static void __exit ptrap_exit(void)
{
	misc_deregister(&ptrap_misc);
	ptrap_nl_exit();
	/*
	 * Every live tracee holds a module reference, so none is left; wait
	 * for the RCU callbacks that freed them before the text goes away.
	 */
	rcu_barrier();
	ptrap_hooks_exit();
	pr_info("unloaded\n");
}

module_init(ptrap_init);
module_exit(ptrap_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ptrap: ptrace as a device");
MODULE_AUTHOR("The ptrap authors");
MODULE_VERSION(PTRAP_MODULE_VERSION);
