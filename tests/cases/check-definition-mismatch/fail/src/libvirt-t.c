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
virTRun(virTPtr t, const char *name, unsigned int flags, int extra)
{
    return t && name && !flags && !extra ? 0 : -1;
}

/**
 * virTGetInfo:
 * @info: the object
 * @t: where to store the facts
 * @flags: reserved, none are defined yet; pass 0
 *
 * Fills @t with facts about @info.
 *
 * Returns 0 on success, -1 on error.
 *
 * Since: 1.1.0
 */
int
virTGetInfo(virTPtr info, virTInfo *t, unsigned int flags)
{
    return info && t && !flags ? 0 : -1;
}
