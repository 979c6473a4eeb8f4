/*
 * libvirt-common.h
 * Summary: the two macros a tree needs
 * Description: Minimal configured common header for the golden test.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef VIR_DEPRECATED
# define VIR_DEPRECATED
#endif
#define VIR_EXPORT_VAR extern
