/*
 * libvirt-network.h
 * Summary: virtual network handle types
 * Description: Only the opaque network handle lives here in the sample tree;
 *              it is needed because struct _virError carries one.
 *
 * Part of the virt-apigen sample tree; written for virt-apigen. SPDX-License-Identifier: LGPL-2.1-or-later
 */

#if !defined __VIR_LIBVIRT_H_INCLUDES__
# error "libvirt-network.h is pulled in by libvirt/libvirt.h; include that instead"
#endif

#ifndef LIBVIRT_NETWORK_H
# define LIBVIRT_NETWORK_H

/**
 * virNetwork:
 *
 * Opaque object standing for one virtual network managed through a
 * connection; applications only ever see it behind a virNetworkPtr.
 *
 * Since: 0.2.0
 */
typedef struct _virNetwork virNetwork;

/**
 * virNetworkPtr:
 *
 * Handle to a virNetwork.  In this sample it appears only as the
 * deprecated net member of virError.
 *
 * Since: 0.2.0
 */
typedef virNetwork *virNetworkPtr;

#endif /* LIBVIRT_NETWORK_H */
