/* SPDX-License-Identifier: LGPL-2.1-or-later */

/**
 * virDemoOpen:
 * @name: what to open
 * @flags: bitwise-OR of virDemoFlags
 *
 * Opens a demo.
 *
 * Returns a new handle, or NULL on error.
 *
 * Since: 1.0.0
 */
virDemoPtr
virDemoOpen(const char *name, unsigned int flags)
{
    return NULL;
}

/**
 * virDemoDescribe:
 * @demo: the handle
 *
 * Describes @demo.  Code keeps its indentation:
 *
 *   printf("%s", text);
 *
 * Returns a string the caller frees with free().
 *
 * Since: 1.0.0
 */
char *
virDemoDescribe(virDemoPtr demo)
{
    return NULL;
}

/**
 * virDemoList:
 * @demo: the handle
 * @list: where to store the array
 * @flags: extra flags
 *
 * Lists things.
 *
 * Returns the count, or -1.
 *
 * Since: 1.1.0
 */
int
virDemoList(virDemoPtr demo, virDemoPtr **list, unsigned int flags)
{
    return -1;
}
