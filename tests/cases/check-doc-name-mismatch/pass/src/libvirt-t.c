/*
 * libvirt-t.c: the calls of libvirt-t.h
 *
 * virt-apigen test case; written for virt-apigen. SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include "libvirt/libvirt-t.h"

/*
 * Note: the checks every call makes first; no API of its own.
 */
static int
virTCheck(virTPtr t)
{
    return t ? 0 : -1;
}

/**
 * virTCheckName:
 * @name: a name
 *
 * A helper, documented under its own name: not part of the API.
 *
 * Returns 0 when @name is short enough, -1 otherwise.
 */
static int
virTCheckName(const char *name)
{
    return name ? 0 : -1;
}

/**
 * virTRun:
 * @t: the object to run
 * @name: a name, at most VIR_T_NAME_LENGTH bytes
 * @flags: bitwise-OR of virTRunFlags
 *
 * Runs @t under @name; VIR_T_RUN_FAST and VIR_T_RUN_SAFE choose how.
 *
 * Returns 0 on success, -1 on error.
 *
 * Since: 1.0.0
 */
int
virTRun(virTPtr t, const char *name, unsigned int flags)
{
    return virTCheck(t) == 0 && virTCheckName(name) == 0 && !flags ? 0 : -1;
}

/**
 * virTGetInfo:
 * @t: the object
 * @info: where to store the facts
 * @flags: reserved, none are defined yet; pass 0
 *
 * Fills @info with facts about @t.
 *
 * Returns 0 on success, -1 on error.
 *
 * Since: 1.1.0
 */
int
virTGetInfo(virTPtr t, virTInfo *info, unsigned int flags)
{
    return virTCheck(t) == 0 && info && !flags ? 0 : -1;
}
