/*
 * libvirt-domain.h
 * Summary: guest domain handles and a few basic domain queries
 * Description: Declares the domain handle type plus lookup, reference
 *              counting and identity calls used by the checkpoint sample.
 *
 * Part of the virt-apigen sample tree; written for virt-apigen. SPDX-License-Identifier: LGPL-2.1-or-later
 */

#if !defined __VIR_LIBVIRT_H_INCLUDES__
# error "libvirt-domain.h is pulled in by libvirt/libvirt.h; include that instead"
#endif

#ifndef LIBVIRT_DOMAIN_H
# define LIBVIRT_DOMAIN_H

/**
 * virDomain:
 *
 * Opaque object describing one guest (a virtual machine or container)
 * as seen through a particular connection.
 *
 * Since: 0.0.1
 */
typedef struct _virDomain virDomain;

/**
 * virDomainPtr:
 *
 * The handle used by every domain-level call to name a virDomain.  Each
 * handle the application obtains, e.g. from virDomainLookupByName(), is
 * released with virDomainFree().
 *
 * Since: 0.0.1
 */
typedef virDomain *virDomainPtr;

virConnectPtr           virDomainGetConnect     (virDomainPtr dom);

virDomainPtr            virDomainLookupByName   (virConnectPtr conn,
                                                 const char *name);

int                     virDomainRef            (virDomainPtr domain);
int                     virDomainFree           (virDomainPtr domain);

const char *            virDomainGetName        (virDomainPtr domain);
unsigned int            virDomainGetID          (virDomainPtr domain);
int                     virDomainGetUUIDString  (virDomainPtr domain,
                                                 char *buf);

#endif /* LIBVIRT_DOMAIN_H */
