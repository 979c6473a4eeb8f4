/*
 * libvirt-domain.c: domain-level entry points of the sample tree
 *
 * Part of the virt-apigen sample tree; written for virt-apigen. SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The sample tree is parsed, never built: bodies are stubs and no headers
 * are included here. */

/**
 * virDomainGetConnect:
 * @dom: the domain whose connection is wanted
 *
 * Gives back the connection through which @dom was obtained.  No extra
 * reference is taken on it.
 *
 * Returns the virConnectPtr, or NULL on failure.  The pointer is
 * borrowed: do not pass it to virConnectClose() unless virConnectRef()
 * was called on it first.
 *
 * Since: 0.3.0
 */
virConnectPtr
virDomainGetConnect(virDomainPtr dom)
{
    return NULL;
}

/**
 * virDomainLookupByName:
 * @conn: an open connection
 * @name: the domain's name, unique on that host
 *
 * Finds the guest called @name among those known to @conn.
 *
 * Returns a new virDomainPtr that the caller owns and must release with
 * virDomainFree(), or NULL on failure; VIR_ERR_NO_DOMAIN is reported
 * when nothing matches @name.
 *
 * Since: 0.0.3
 */
virDomainPtr
virDomainLookupByName(virConnectPtr conn,
                      const char *name)
{
    return NULL;
}

/**
 * virDomainRef:
 * @domain: the domain handle to keep alive
 *
 * Adds one reference to @domain so that it stays valid until a matching
 * virDomainFree().  Useful when the handle is passed to another thread
 * that may outlive the code that looked it up.
 *
 * Returns 0 when the call worked, -1 when it did not.  A success must be
 * balanced by exactly one virDomainFree().
 *
 * Since: 0.6.0
 */
int
virDomainRef(virDomainPtr domain)
{
    return -1;
}

/**
 * virDomainFree:
 * @domain: the domain handle to release
 *
 * Drops one reference on the handle; when none are left the handle's
 * memory is reclaimed.  The guest itself is untouched: a running domain
 * keeps running.
 *
 * Returns 0 when the call worked, -1 when it did not.
 *
 * Since: 0.0.3
 */
int
virDomainFree(virDomainPtr domain)
{
    return -1;
}

/**
 * virDomainGetName:
 * @domain: the domain to ask about
 *
 * Reads the name the domain is known by on its host.
 *
 * Returns the name, or NULL on failure.  The string belongs to @domain
 * and stays valid while the handle does; the caller must not free it.
 *
 * Since: 0.0.3
 */
const char *
virDomainGetName(virDomainPtr domain)
{
    return NULL;
}

/**
 * virDomainGetID:
 * @domain: the domain to ask about
 *
 * Reads the numeric identifier the hypervisor assigned to the domain
 * while it runs.
 *
 * Returns that number, or (unsigned int)-1 on failure.
 *
 * Since: 0.0.3
 */
unsigned int
virDomainGetID(virDomainPtr domain)
{
    return (unsigned int)-1;
}

/**
 * virDomainGetUUIDString:
 * @domain: the domain to ask about
 * @buf: caller-provided buffer of at least VIR_UUID_STRING_BUFLEN bytes
 *
 * Writes the domain's UUID into @buf in the usual textual form of 36
 * hex digits and dashes, terminated by NUL.
 *
 * Returns 0 when the call worked, -1 when it did not.  Nothing is
 * allocated; the result lives in @buf, which the caller owns.
 *
 * Since: 0.1.1
 */
int
virDomainGetUUIDString(virDomainPtr domain,
                       char *buf)
{
    return -1;
}
