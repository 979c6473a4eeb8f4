/*
 * libvirt.h
 * Summary: single entry point for the sample libvirt API
 * Description: Pulls in every public sub-header of the sample tree in the
 *              right order; applications include only this file.
 *
 * Part of the virt-apigen sample tree; written for virt-apigen. SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef LIBVIRT_H
# define LIBVIRT_H

# include <sys/types.h>

# ifdef __cplusplus
extern "C" {
# endif

# define __VIR_LIBVIRT_H_INCLUDES__
# include <libvirt/libvirt-common.h>
# include <libvirt/libvirt-host.h>
# include <libvirt/libvirt-domain.h>
# include <libvirt/libvirt-domain-checkpoint.h>
# include <libvirt/libvirt-network.h>
# include <libvirt/virterror.h>
# undef __VIR_LIBVIRT_H_INCLUDES__

# ifdef __cplusplus
}
# endif

#endif /* LIBVIRT_H */
