/*
 * libvirt.c: library-wide entry points (versions, opening and closing)
 *
 * Part of the virt-apigen sample tree; written for virt-apigen. SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The sample tree is parsed, never built: bodies are stubs and no headers
 * are included here. */

/**
 * virGetVersion:
 * @libVer: where to store the version of the library itself (output)
 * @type: kept only for source compatibility; its value is not looked at,
 *        so pass NULL
 * @typeVer: optional second output; when not NULL it simply receives the
 *           same number as @libVer
 *
 * Reports the release of the libvirt library linked into the caller,
 * packed the same way as LIBVIR_VERSION_NUMBER: major * 1000000 +
 * minor * 1000 + micro.  Nothing here talks to a hypervisor; for the
 * release of the daemon behind a connection use virConnectGetLibVersion().
 * The library is initialized first if that has not happened yet.
 *
 * Returns 0 after filling @libVer (and @typeVer when given), or -1 if the
 * information could not be produced.  Nothing is allocated.
 *
 * Since: 0.0.3
 */
int
virGetVersion(unsigned long *libVer,
              const char *type,
              unsigned long *typeVer)
{
    return -1;
}

/**
 * virConnectOpen:
 * @name: URI naming the hypervisor driver to use, or NULL to let the
 *        library pick one
 *
 * Opens a read-write session with a hypervisor; this is usually the first
 * call an application makes.  A NULL @name makes the library look for a
 * default: first the LIBVIRT_DEFAULT_URI environment variable, then the
 * uri_default setting of the client configuration, and finally each
 * driver in turn until one accepts.  Drivers that run as an unprivileged
 * per-user daemon may have that daemon spawned on demand, unless
 * LIBVIRT_AUTOSTART=0 is set in the environment.
 *
 * Returns a fresh virConnectPtr, or NULL on failure.  The caller owns the
 * connection and must give it back with virConnectClose() when finished.
 *
 * Since: 0.0.3
 */
virConnectPtr
virConnectOpen(const char *name)
{
    return NULL;
}

/**
 * virConnectOpenReadOnly:
 * @name: URI naming the hypervisor driver to use, or NULL for the default
 *
 * Like virConnectOpen(), and with the same rules for picking a default
 * driver, but the resulting session may only observe: calls that would
 * change anything, or reveal secrets, are rejected with
 * VIR_ERR_OPERATION_DENIED.
 *
 * Returns a fresh virConnectPtr, or NULL on failure.  The caller owns the
 * connection and must give it back with virConnectClose().
 *
 * Since: 0.0.3
 */
virConnectPtr
virConnectOpenReadOnly(const char *name)
{
    return NULL;
}

/**
 * virConnectClose:
 * @conn: the connection to let go of
 *
 * Drops one reference on @conn.  Every successful open and every
 * virConnectRef() adds a reference that needs its own virConnectClose();
 * the library may also hold short-lived references of its own while a
 * call is in flight.  Once the reference taken by the open is dropped the
 * application must stop using @conn, even if the count has not reached
 * zero yet.
 *
 * Returns -1 on error, 0 when the last reference went away and the
 * connection was torn down, or a positive number when references still
 * remain (do not read it as an exact count).
 *
 * Since: 0.0.3
 */
int
virConnectClose(virConnectPtr conn)
{
    return -1;
}
