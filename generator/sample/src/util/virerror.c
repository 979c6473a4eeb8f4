/*
 * virerror.c: public error-reporting entry points of the sample tree
 *
 * Part of the virt-apigen sample tree; written for virt-apigen. SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The sample tree is parsed, never built: bodies are stubs and no headers
 * are included here. */

/**
 * virGetLastError:
 *
 * Looks at the most recent failure recorded for the calling thread.
 * Each thread has its own record, so threads never see each other's
 * errors.
 *
 * Returns a pointer to the calling thread's last error, or NULL when
 * nothing has failed.  The record is borrowed: it belongs to the library,
 * is overwritten by the next failing call in this thread and must not be
 * freed.  Use virSaveLastError() or virCopyLastError() to keep a copy.
 *
 * Since: 0.1.0
 */
virErrorPtr
virGetLastError(void)
{
    return NULL;
}

/**
 * virGetLastErrorCode:
 *
 * Shortcut for the code member of this thread's most recent error.
 *
 * Returns a virErrorNumber value, VIR_ERR_OK when no error is recorded.
 *
 * Since: 4.5.0
 */
int
virGetLastErrorCode(void)
{
    return 0;
}

/**
 * virGetLastErrorDomain:
 *
 * Shortcut for the domain member of this thread's most recent error,
 * i.e. which component raised it.
 *
 * Returns a virErrorDomain value, VIR_FROM_NONE when no error is
 * recorded.
 *
 * Since: 4.5.0
 */
int
virGetLastErrorDomain(void)
{
    return 0;
}

/**
 * virGetLastErrorMessage:
 *
 * Shortcut for the human-readable text of this thread's most recent
 * error, convenient for logging.
 *
 * Returns the message, or a fixed placeholder text when nothing has
 * failed, so the result is never NULL.  The string is borrowed from the
 * library and must not be freed; it changes with the next error.
 *
 * Since: 1.0.6
 */
const char *
virGetLastErrorMessage(void)
{
    return NULL;
}

/**
 * virResetLastError:
 *
 * Clears the calling thread's error record so that a later
 * virGetLastError() reports nothing until something fails again.  Other
 * threads' records are left alone.
 *
 * Since: 0.1.0
 */
void
virResetLastError(void)
{
}

/**
 * virCopyLastError:
 * @to: caller-owned virError that receives the copy
 *
 * Duplicates this thread's most recent error into @to, strings included.
 * The strings placed in @to then belong to the caller, who must release
 * them by calling virResetError() on @to when done.
 *
 * Returns the code of the copied error (0 when nothing has failed), or
 * -1 if @to is unusable.
 *
 * Since: 0.1.0
 */
int
virCopyLastError(virErrorPtr to)
{
    return -1;
}

/**
 * virFreeError:
 * @err: an error allocated by the library, such as the result of
 *       virSaveLastError(), or NULL
 *
 * Releases the strings held by @err and then @err itself.  Only use it on
 * records the caller owns, never on the pointer from virGetLastError().
 *
 * Since: 0.6.1
 */
void
virFreeError(virErrorPtr err)
{
}

/**
 * virResetError:
 * @err: the record to clear
 *
 * Frees the strings inside @err and zeroes its members, leaving the
 * structure itself in place for reuse; suits a virError that lives on
 * the caller's stack and was filled by virCopyLastError() or
 * virConnCopyLastError().
 *
 * Since: 0.1.0
 */
void
virResetError(virErrorPtr err)
{
}

/**
 * virConnGetLastError:
 * @conn: the connection to ask about
 *
 * Looks at the last failure stored on @conn itself.  This per-connection
 * record is shared by all threads using @conn without any locking, so it
 * is unreliable in threaded programs.  Errors are also mirrored into the
 * per-thread record since 0.6.0, which makes virGetLastError() the better
 * choice; this call is kept for old code.
 *
 * Returns a pointer to the record, or NULL when nothing has failed.  The
 * record is borrowed from @conn and must not be freed.
 *
 * Since: 0.1.0
 */
virErrorPtr
virConnGetLastError(virConnectPtr conn)
{
    return NULL;
}

/**
 * virConnResetLastError:
 * @conn: the connection whose record is cleared
 *
 * Clears the per-connection error record of @conn, the one
 * virConnGetLastError() reads.
 *
 * Since: 0.1.0
 */
void
virConnResetLastError(virConnectPtr conn)
{
}

/**
 * virSetErrorFunc:
 * @userData: pointer handed unchanged to @handler
 * @handler: virErrorFunc to call for every error, or NULL for the default
 *
 * Installs a process-wide hook that sees each error not already taken by
 * a per-connection hook from virConnSetErrorFunc().  With a NULL @handler
 * the library goes back to its built-in behaviour, virDefaultErrorFunc(),
 * which writes to stderr.
 *
 * Since: 0.1.0
 */
void
virSetErrorFunc(void *userData,
                virErrorFunc handler)
{
}

/**
 * virConnSetErrorFunc:
 * @conn: the connection the hook applies to
 * @userData: pointer handed unchanged to @handler
 * @handler: virErrorFunc to call for errors raised on @conn, or NULL
 *
 * Installs a hook for errors tied to @conn; it takes precedence over the
 * process-wide one from virSetErrorFunc().  A NULL @handler removes it so
 * that such errors flow to the process-wide hook again.
 *
 * Since: 0.1.0
 */
void
virConnSetErrorFunc(virConnectPtr conn,
                    void *userData,
                    virErrorFunc handler)
{
}

/**
 * virDefaultErrorFunc:
 * @err: the error to print
 *
 * The built-in handler: prints a one-line summary of @err on standard
 * error.  A custom virErrorFunc may call it to keep that output.
 *
 * Since: 0.1.0
 */
void
virDefaultErrorFunc(virErrorPtr err)
{
}

/**
 * virSaveLastError:
 *
 * Makes a heap copy of this thread's most recent error, so it survives
 * later calls that would overwrite the per-thread record.  errno is left
 * as it was when the copy succeeds and set to ENOMEM when it does not.
 *
 * Returns the new copy, or NULL if memory ran out.  The caller owns it
 * and must release it with virFreeError().
 *
 * Since: 0.6.1
 */
virErrorPtr
virSaveLastError(void)
{
    return NULL;
}

/**
 * virConnCopyLastError:
 * @conn: the connection to ask about
 * @to: caller-owned virError that receives the copy
 *
 * Duplicates the per-connection error record of @conn into @to.  The
 * same threading caveat as for virConnGetLastError() applies, so
 * virCopyLastError() is preferable in new code.  The strings placed in
 * @to belong to the caller, who must release them with virResetError().
 *
 * Returns the code of the copied error, 0 when @conn has no error
 * recorded, or -1 if an argument is unusable.
 *
 * Since: 0.1.0
 */
int
virConnCopyLastError(virConnectPtr conn,
                     virErrorPtr to)
{
    return -1;
}
