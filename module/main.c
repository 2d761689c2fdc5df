// SPDX-License-Identifier: GPL-2.0
/*
 * ptrap: ptrace as a device. Module entry points and the misc device.
 */
#include <linux/module.h>
#include <linux/miscdevice.h>
#include <linux/rcupdate.h>

#include "ptrap.h"

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
