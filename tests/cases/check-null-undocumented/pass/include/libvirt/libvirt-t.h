/*
 * libvirt-t.h
 * Summary: a tiny header for one virt-apigen check case
 * Description: one object, one macro, one struct, one flags enum and two
 *              calls; each case changes one thing.
 *
 * virt-apigen test case; written for virt-apigen. SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef LIBVIRT_T_H
# define LIBVIRT_T_H

/**
 * virT:
 *
 * An opaque test object.
 *
 * Since: 1.0.0
 */
typedef struct _virT virT;

/**
 * virTPtr:
 *
 * A handle on a virT.
 *
 * Since: 1.0.0
 */
typedef virT *virTPtr;

/**
 * VIR_T_NAME_LENGTH:
 *
 * Longest name virTRun() accepts.
 *
 * Since: 1.0.0
 */
# define VIR_T_NAME_LENGTH 80

/**
 * virTInfo:
 *
 * What virTGetInfo() fills in.
 *
 * Since: 1.0.0
 */
typedef struct _virTInfo virTInfo;
struct _virTInfo {
    int state; /* the state */
};

/**
 * virTRunFlags:
 *
 * Bits for the @flags of virTRun().
 *
 * Since: 1.0.0
 */
typedef enum {
    VIR_T_RUN_FAST = (1 << 0), /* go fast (Since: 1.0.0) */
    VIR_T_RUN_SAFE = (1 << 1), /* stay safe (Since: 1.0.0) */
} virTRunFlags;

int virTRun(virTPtr t, const char *name, unsigned int flags);

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
int virTGetInfo(virTPtr t, virTInfo *info, unsigned int flags);

#endif /* LIBVIRT_T_H */
