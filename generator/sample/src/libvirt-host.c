/*
 * libvirt-host.c: connection-level entry points of the sample tree
 *
 * Part of the virt-apigen sample tree; written for virt-apigen. SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The sample tree is parsed, never built: bodies are stubs and no headers
 * are included here. */

/**
 * virConnectRef:
 * @conn: the connection to keep alive
 *
 * Adds one reference to @conn, so that it survives until a matching
 * virConnectClose() is made.  This matters when several threads share a
 * connection: each thread takes its own reference and drops it when done,
 * and the session closes only after the last one.
 *
 * Returns 0 when the call worked, -1 when it did not.  A success must be
 * balanced by exactly one virConnectClose().
 *
 * Since: 0.6.0
 */
int
virConnectRef(virConnectPtr conn)
{
    return -1;
}

/**
 * virConnectGetURI:
 * @conn: an open connection
 *
 * Tells which URI @conn is really using.  The driver may have normalized
 * the string given to virConnectOpen(); when NULL was given there, the
 * answer is the concrete URI the library settled on, which can be stored
 * and used to reach the same hypervisor again.
 *
 * Returns a newly allocated string that the caller must release with
 * free(), or NULL on error.
 *
 * Since: 0.3.0
 */
char *
virConnectGetURI(virConnectPtr conn)
{
    return NULL;
}

/**
 * virConnectGetLibVersion:
 * @conn: an open connection
 * @libVer: where to store the release number (output)
 *
 * Asks which libvirt release is serving @conn on the other end; for a
 * remote URI that is the daemon's library, which may differ from the one
 * virGetVersion() reports locally.  @libVer uses the same
 * major * 1000000 + minor * 1000 + micro packing.
 *
 * Returns 0 after storing the value in @libVer, or -1 on failure.
 * Nothing is allocated.
 *
 * Since: 0.7.3
 */
int
virConnectGetLibVersion(virConnectPtr conn,
                        unsigned long *libVer)
{
    return -1;
}

/**
 * virConnectRegisterCloseCallback:
 * @conn: the connection to watch
 * @cb: function to run once @conn shuts down, with a
 *      virConnectCloseReason value as its reason
 * @opaque: user pointer handed to @cb unchanged
 * @freecb: optional virFreeCallback that releases @opaque once the
 *          registration ends
 *
 * Arranges for @cb to be told when the link behind @conn drops, whatever
 * the cause.  Only drivers that keep a long-lived channel (the remote
 * driver, for instance) ever fire it; drivers that reconnect for each
 * request never do.  Because @freecb may run where re-entering the
 * library is unsafe, it must not call any libvirt function.
 *
 * Returns 0 once @cb is registered, -1 on failure.
 *
 * Since: 0.10.0
 */
int
virConnectRegisterCloseCallback(virConnectPtr conn,
                                virConnectCloseFunc cb,
                                void *opaque,
                                virFreeCallback freecb)
{
    return -1;
}

/**
 * virConnectUnregisterCloseCallback:
 * @conn: the watched connection
 * @cb: the function passed earlier to virConnectRegisterCloseCallback()
 *
 * Removes the close notification set up before, so @cb hears nothing
 * more about @conn.  If a cleanup hook came with the registration, it is
 * invoked now on the stored user pointer.
 *
 * Returns 0 once @cb is removed, -1 on failure.
 *
 * Since: 0.10.0
 */
int
virConnectUnregisterCloseCallback(virConnectPtr conn,
                                  virConnectCloseFunc cb)
{
    return -1;
}
