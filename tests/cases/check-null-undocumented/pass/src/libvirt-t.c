/* virt-apigen test case (not libvirt's own file): the entry points of virt-t */

/**
 * virTRun:
 * @t: the object to run
 * @name: a name, at most VIR_T_NAME_LENGTH bytes, or NULL for the default one
 * @flags: bitwise-OR of virTRunFlags
 *
 * Runs @t under @name; VIR_T_RUN_FAST and VIR_T_RUN_SAFE choose how.
 *
 * Returns 0 on success, -1 on error.
 *
 * Since: 1.0.0
 */
int
virTRun(virTPtr t, const char *name, unsigned int flags)
{
    VIR_DEBUG("t=%p, name=%s, flags=0x%x", t, NULLSTR(name), flags);

    virCheckNonNullArgGoto(t, error);
    return t->driver->run(t, name, flags);

 error:
    return -1;
}
