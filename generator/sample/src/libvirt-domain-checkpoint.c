/*
 * libvirt-domain-checkpoint.c: checkpoint entry points of the sample tree
 *
 * Part of the virt-apigen sample tree; written for virt-apigen. SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The sample tree is parsed, never built: bodies are stubs and no headers
 * are included here. */

/**
 * virDomainCheckpointGetName:
 * @checkpoint: the checkpoint to ask about
 *
 * Reads the name of @checkpoint, which is unique among the checkpoints
 * of its domain.
 *
 * Returns the name, or NULL on failure.  The string belongs to
 * @checkpoint and stays valid while the handle does; the caller must not
 * free it.
 *
 * Since: 5.6.0
 */
const char *
virDomainCheckpointGetName(virDomainCheckpointPtr checkpoint)
{
    return NULL;
}

/**
 * virDomainCheckpointGetDomain:
 * @checkpoint: the checkpoint to ask about
 *
 * Gives back the domain that @checkpoint belongs to.  No extra reference
 * is taken on the domain.
 *
 * Returns the virDomainPtr, or NULL on failure.  The pointer is borrowed:
 * do not pass it to virDomainFree() unless virDomainRef() was called on
 * it first.
 *
 * Since: 5.6.0
 */
virDomainPtr
virDomainCheckpointGetDomain(virDomainCheckpointPtr checkpoint)
{
    return NULL;
}

/**
 * virDomainCheckpointGetConnect:
 * @checkpoint: the checkpoint to ask about
 *
 * Gives back the connection of the domain that @checkpoint belongs to.
 * No extra reference is taken on the connection.
 *
 * Returns the virConnectPtr, or NULL on failure.  The pointer is
 * borrowed: do not pass it to virConnectClose() unless virConnectRef()
 * was called on it first.
 *
 * Since: 5.6.0
 */
virConnectPtr
virDomainCheckpointGetConnect(virDomainCheckpointPtr checkpoint)
{
    return NULL;
}

/**
 * virDomainCheckpointCreateXML:
 * @domain: the running domain to mark
 * @xmlDesc: a <domaincheckpoint> document describing the new checkpoint
 * @flags: bitwise-OR of virDomainCheckpointCreateFlags
 *
 * Starts change tracking at the present moment for the disks of @domain
 * that @xmlDesc selects; limiting the disk list is how to skip disks
 * whose format cannot track changes.  Fields left out of @xmlDesc are
 * filled in from the current state of the guest.  Most applications get
 * their checkpoints as a side effect of starting a backup job instead:
 * a checkpoint only pays off if a full backup is taken at the same
 * instant, so calling this function alone is mostly useful for restoring
 * metadata.
 *
 * VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE turns the call into a restore of
 * bookkeeping: @xmlDesc must then be a complete description, typically one
 * saved earlier from virDomainCheckpointGetXMLDesc(), and no new tracking
 * starts.  Adding VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE_VALIDATE makes the
 * hypervisor confirm that the disks really carry the matching tracking
 * data; it may need the guest to be running for that.
 * VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE asks the guest agent to flush and
 * freeze the guest's file systems around the operation and fails if no
 * agent answers; it cannot be mixed with the redefine flag.
 *
 * Returns a new virDomainCheckpointPtr that the caller owns and must
 * release with virDomainCheckpointFree(); NULL signals an error.
 *
 * Since: 5.6.0
 */
virDomainCheckpointPtr
virDomainCheckpointCreateXML(virDomainPtr domain,
                             const char *xmlDesc,
                             unsigned int flags)
{
    return NULL;
}

/**
 * virDomainCheckpointGetXMLDesc:
 * @checkpoint: the checkpoint to describe
 * @flags: bitwise-OR of virDomainCheckpointXMLFlags
 *
 * Produces the <domaincheckpoint> document for @checkpoint.  By default
 * it carries only facts fixed at creation time, including a copy of the
 * domain definition as it was then.  VIR_DOMAIN_CHECKPOINT_XML_NO_DOMAIN
 * leaves that copy out, which keeps the document small.
 * VIR_DOMAIN_CHECKPOINT_XML_SIZE adds, for each disk, an estimate of how
 * many bytes the guest has dirtied since the checkpoint; computing it can
 * be slow, the figure is stale as soon as the guest writes again, and the
 * domain may have to be running.  VIR_DOMAIN_CHECKPOINT_XML_SECURE lets
 * sensitive values through and is refused on a read-only connection.
 *
 * Returns a newly allocated, NUL-terminated UTF-8 string that the caller
 * must release with free(); NULL signals an error.
 *
 * Since: 5.6.0
 */
char *
virDomainCheckpointGetXMLDesc(virDomainCheckpointPtr checkpoint,
                              unsigned int flags)
{
    return NULL;
}

/**
 * virDomainListAllCheckpoints:
 * @domain: the domain whose checkpoints are wanted
 * @checkpoints: where to store the newly allocated array of handles, or
 *               NULL to learn only how many checkpoints match
 * @flags: bitwise-OR of virDomainCheckpointListFlags
 *
 * Gathers the checkpoints of @domain.  With no flags every checkpoint is
 * listed; VIR_DOMAIN_CHECKPOINT_LIST_ROOTS keeps only those without a
 * parent.  VIR_DOMAIN_CHECKPOINT_LIST_LEAVES and
 * VIR_DOMAIN_CHECKPOINT_LIST_NO_LEAVES form a filter pair: each checkpoint
 * satisfies exactly one of the two, so giving neither or both means no
 * filtering.  A driver that cannot tell the difference may reject the
 * pair, and a request that no checkpoint could satisfy yields either an
 * empty list or an error.
 *
 * Unless VIR_DOMAIN_CHECKPOINT_LIST_TOPOLOGICAL is given the order of the
 * array is arbitrary.  With it, and provided nobody changes the
 * checkpoints meanwhile, parents are always placed ahead of their
 * children: following virDomainCheckpointGetParent() from any entry never
 * leads to an entry further down the array.
 *
 * Returns the number of matching checkpoints, or -1 on failure, in which
 * case @checkpoints is set to NULL.  On success the array holds that
 * many handles plus a terminating NULL slot that is not counted.  The
 * caller owns everything: release each handle with
 * virDomainCheckpointFree(), then the array itself with free().
 *
 * Since: 5.6.0
 */
int
virDomainListAllCheckpoints(virDomainPtr domain,
                            virDomainCheckpointPtr **checkpoints,
                            unsigned int flags)
{
    return -1;
}

/**
 * virDomainCheckpointListAllChildren:
 * @checkpoint: the checkpoint whose children are wanted
 * @children: where to store the newly allocated array of handles, or NULL
 *            to learn only how many children match
 * @flags: bitwise-OR of virDomainCheckpointListFlags
 *
 * Gathers the checkpoints derived from @checkpoint.  Only direct children
 * are listed by default; VIR_DOMAIN_CHECKPOINT_LIST_DESCENDANTS extends
 * the walk to grandchildren and beyond.  That flag shares its bit with
 * VIR_DOMAIN_CHECKPOINT_LIST_ROOTS, which makes no sense here: the same
 * bit widens this listing where it narrows the one of
 * virDomainListAllCheckpoints().  The leaf filters and
 * VIR_DOMAIN_CHECKPOINT_LIST_TOPOLOGICAL behave as described for
 * virDomainListAllCheckpoints().
 *
 * Returns the number of matching checkpoints, or -1 on failure, in which
 * case @children is set to NULL.  On success the array holds that many
 * handles plus a terminating NULL slot that is not counted.  The caller
 * owns everything: release each handle with virDomainCheckpointFree(),
 * then the array itself with free().
 *
 * Since: 5.6.0
 */
int
virDomainCheckpointListAllChildren(virDomainCheckpointPtr checkpoint,
                                   virDomainCheckpointPtr **children,
                                   unsigned int flags)
{
    return -1;
}

/**
 * virDomainCheckpointLookupByName:
 * @domain: the domain that owns the checkpoint
 * @name: the checkpoint's name
 * @flags: reserved for future flags; pass 0 for now
 *
 * Finds the checkpoint of @domain called @name.
 *
 * Returns a new virDomainCheckpointPtr that the caller owns and must
 * release with virDomainCheckpointFree(), or NULL on failure;
 * VIR_ERR_NO_DOMAIN_CHECKPOINT is reported when no checkpoint has that
 * name.
 *
 * Since: 5.6.0
 */
virDomainCheckpointPtr
virDomainCheckpointLookupByName(virDomainPtr domain,
                                const char *name,
                                unsigned int flags)
{
    return NULL;
}

/**
 * virDomainCheckpointGetParent:
 * @checkpoint: the checkpoint whose parent is wanted
 * @flags: reserved for future flags; pass 0 for now
 *
 * Steps one level up the checkpoint tree from @checkpoint.
 *
 * Returns a new virDomainCheckpointPtr for the parent that the caller
 * owns and must release with virDomainCheckpointFree(), or NULL on
 * failure; a root checkpoint has no parent, which is reported as
 * VIR_ERR_NO_DOMAIN_CHECKPOINT.
 *
 * Since: 5.6.0
 */
virDomainCheckpointPtr
virDomainCheckpointGetParent(virDomainCheckpointPtr checkpoint,
                             unsigned int flags)
{
    return NULL;
}

/**
 * virDomainCheckpointDelete:
 * @checkpoint: the checkpoint that should go away
 * @flags: bitwise-OR of virDomainCheckpointDeleteFlags
 *
 * Removes @checkpoint from its domain.  The blocks it had seen change are
 * folded into its parent's record, if there is a parent, so incremental
 * backups based on older checkpoints stay correct.
 *
 * VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN removes every descendant along
 * with @checkpoint; VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN_ONLY removes the
 * descendants but keeps @checkpoint itself.  Only one of those two may be
 * given.  VIR_DOMAIN_CHECKPOINT_DELETE_METADATA_ONLY drops just libvirt's
 * bookkeeping and leaves the tracking data on the disks; on a hypervisor
 * that needs no such bookkeeping the flag has no effect.
 *
 * Returns 0 when the call worked, -1 when it did not.
 *
 * Since: 5.6.0
 */
int
virDomainCheckpointDelete(virDomainCheckpointPtr checkpoint,
                          unsigned int flags)
{
    return -1;
}

/**
 * virDomainCheckpointRef:
 * @checkpoint: the checkpoint handle to keep alive
 *
 * Adds one reference to @checkpoint so that it stays valid until a
 * matching virDomainCheckpointFree(), e.g. while another thread uses it.
 * The handle does not pin its domain or connection: those must be kept
 * open separately for as long as the checkpoint handle is used.
 *
 * Returns 0 when the call worked, -1 when it did not.  A success must be
 * balanced by exactly one virDomainCheckpointFree().
 *
 * Since: 5.6.0
 */
int
virDomainCheckpointRef(virDomainCheckpointPtr checkpoint)
{
    return -1;
}

/**
 * virDomainCheckpointFree:
 * @checkpoint: the checkpoint handle to release
 *
 * Drops one reference on the handle; when none are left its memory is
 * reclaimed.  Only the handle goes away: the checkpoint itself is kept,
 * use virDomainCheckpointDelete() to remove it.
 *
 * Returns 0 when the call worked, -1 when it did not.
 *
 * Since: 5.6.0
 */
int
virDomainCheckpointFree(virDomainCheckpointPtr checkpoint)
{
    return -1;
}
