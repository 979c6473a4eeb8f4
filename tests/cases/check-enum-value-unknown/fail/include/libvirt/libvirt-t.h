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
 * virTLimits:
 *
 * Limits of a virT.
 *
 * Since: 1.0.0
 */
typedef enum {
    VIR_T_LIMIT_NAME = VIR_T_LIMIT_LATER, /* a member declared below (Since: 1.0.0) */
    VIR_T_LIMIT_NEXT, /* after an unknown value: not reported again (Since: 1.0.0) */
    VIR_T_LIMIT_HALF = 1.5, /* no integer (Since: 1.0.0) */
    VIR_T_LIMIT_ALL = 0xFFFFFFFFFFFFFFFF, /* every bit (Since: 1.0.0) */
    VIR_T_LIMIT_OVER, /* past 64 bits (Since: 1.0.0) */
    VIR_T_LIMIT_LATER = 3, /* a value of its own (Since: 1.0.0) */
} virTLimits;

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
    VIR_T_RUN_QUICK = VIR_T_RUN_FAST, /* the old name of VIR_T_RUN_FAST (Since: 1.0.0) */
    VIR_T_RUN_CAREFUL = (1 << 1), /* same bit as VIR_T_RUN_SAFE, for readers who
                                     prefer the word (Since: 1.0.0) */
} virTRunFlags;

/**
 * virTListFlags:
 *
 * Bits of a listing.  Note that the interpretation of flag (1<<0)
 * depends on which function it is passed to (libvirt's wording).
 *
 * Since: 1.0.0
 */
typedef enum {
    VIR_T_LIST_ROOTS = (1 << 0), /* listing a virT: only the roots (Since: 1.0.0) */
    VIR_T_LIST_DESCENDANTS = (1 << 0), /* listing a child: all below it (Since: 1.0.0) */
} virTListFlags;

/**
 * virTRun:
 * @t: the object to run
 * @name: a name, at most VIR_T_NAME_LENGTH bytes
 * @flags: bitwise-OR of virTRunFlags
 *
 * Runs @t under @name; VIR_T_RUN_FAST (or VIR_T_RUN_QUICK) and
 * VIR_T_RUN_SAFE (or VIR_T_RUN_CAREFUL) choose how.
 *
 * Returns 0 on success, -1 on error.
 *
 * Since: 1.0.0
 */
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
