/*
 * libvirt-host.h
 * Summary: connection handles and host-level entry points
 * Description: Declares how an application opens, shares and closes a
 *              connection to a hypervisor and asks it about versions.
 *
 * Part of the virt-apigen sample tree; written for virt-apigen. SPDX-License-Identifier: LGPL-2.1-or-later
 */

#if !defined __VIR_LIBVIRT_H_INCLUDES__
# error "libvirt-host.h is pulled in by libvirt/libvirt.h; include that instead"
#endif

#ifndef LIBVIRT_HOST_H
# define LIBVIRT_HOST_H

/**
 * virConnect:
 *
 * Opaque object holding the state of one open session with a hypervisor
 * driver, local or remote.  Its members are private to the library.
 *
 * Since: 0.0.1
 */
typedef struct _virConnect virConnect;

/**
 * virConnectPtr:
 *
 * The handle through which every connection-level call reaches a
 * virConnect.  Obtain one from virConnectOpen() or
 * virConnectOpenReadOnly() and give it back with virConnectClose().
 *
 * Since: 0.0.1
 */
typedef virConnect *virConnectPtr;

/**
 * VIR_UUID_BUFLEN:
 *
 * Number of bytes in a UUID kept in raw binary form.
 *
 * Since: 0.2.0
 */
# define VIR_UUID_BUFLEN (16)

/**
 * VIR_UUID_STRING_BUFLEN:
 *
 * Bytes needed for the printable form of a UUID: 36 characters of hex
 * digits and dashes plus the terminating NUL.  Size the @buf argument of
 * virDomainGetUUIDString() with it.
 *
 * Since: 0.2.0
 */
# define VIR_UUID_STRING_BUFLEN (36+1)

int                     virGetVersion           (unsigned long *libVer,
                                                 const char *type,
                                                 unsigned long *typeVer);

virConnectPtr           virConnectOpen          (const char *name);
virConnectPtr           virConnectOpenReadOnly  (const char *name);
int                     virConnectRef           (virConnectPtr conn);
int                     virConnectClose         (virConnectPtr conn);

int                     virConnectGetLibVersion (virConnectPtr conn,
                                                 unsigned long *libVer);
char *                  virConnectGetURI        (virConnectPtr conn);

/**
 * virConnectCloseFunc:
 * @conn: the connection that has just gone away
 * @reason: one of the virConnectCloseReason values, telling why
 * @opaque: the user pointer given at registration time
 *
 * Signature of the notification an application can attach with
 * virConnectRegisterCloseCallback() to learn that @conn is no longer
 * usable.
 *
 * Since: 0.10.0
 */
typedef void (*virConnectCloseFunc)(virConnectPtr conn,
                                    int reason,
                                    void *opaque);

int virConnectRegisterCloseCallback(virConnectPtr conn,
                                    virConnectCloseFunc cb,
                                    void *opaque,
                                    virFreeCallback freecb);
int virConnectUnregisterCloseCallback(virConnectPtr conn,
                                      virConnectCloseFunc cb);

#endif /* LIBVIRT_HOST_H */
