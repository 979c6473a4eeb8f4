/*
 * libvirt-t.c: the calls of libvirt-t.h
 *
 * virt-apigen test case; written for virt-apigen. SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include "libvirt/libvirt-t.h"

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
    return t && name && !flags ? 0 : -1;
}

/**
 * virTGetInfo:
 * @obj: the object
 * @info: where to store the facts
 * @flags: reserved, none are defined yet; pass 0
 *
 * Fills @info with facts about @obj.
 *
 * Returns 0 on success, -1 on error.
 *
 * Since: 1.1.0
 */
int
virTGetInfo(virTPtr obj, virTInfo *info, unsigned int flags)
{
    return obj && info && !flags ? 0 : -1;
}
