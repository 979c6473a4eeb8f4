/*
 * libvirt-domain-checkpoint.h
 * Summary: domain checkpoints, the anchors for incremental backup
 * Description: Declares the checkpoint handle, its flag enums and the calls
 *              that create, list, inspect and remove checkpoints of a domain.
 *
 * Part of the virt-apigen sample tree; written for virt-apigen. SPDX-License-Identifier: LGPL-2.1-or-later
 */

#if !defined __VIR_LIBVIRT_H_INCLUDES__
# error "libvirt-domain-checkpoint.h is pulled in by libvirt/libvirt.h; include that instead"
#endif

#ifndef LIBVIRT_DOMAIN_CHECKPOINT_H
# define LIBVIRT_DOMAIN_CHECKPOINT_H

/**
 * virDomainCheckpoint:
 *
 * Opaque object for a named moment in a domain's life from which the
 * hypervisor records which disk blocks get written.  Unlike a snapshot it
 * keeps no old data, so it cannot roll a guest back; its purpose is to let
 * a later backup copy only what changed since that moment.
 *
 * Since: 5.2.0
 */
typedef struct _virDomainCheckpoint virDomainCheckpoint;

/**
 * virDomainCheckpointPtr:
 *
 * The handle every checkpoint call takes or returns.  Handles handed to
 * the application are released with virDomainCheckpointFree().
 *
 * Since: 5.2.0
 */
typedef virDomainCheckpoint *virDomainCheckpointPtr;

const char *virDomainCheckpointGetName(virDomainCheckpointPtr checkpoint);
virDomainPtr virDomainCheckpointGetDomain(virDomainCheckpointPtr checkpoint);
virConnectPtr virDomainCheckpointGetConnect(virDomainCheckpointPtr checkpoint);

/**
 * virDomainCheckpointCreateFlags:
 *
 * Bits accepted in the @flags argument of virDomainCheckpointCreateXML().
 *
 * Since: 5.6.0
 */
typedef enum {
    VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE    = (1 << 0), /* re-create the record of an
                                                            earlier checkpoint instead of
                                                            starting a new one (Since: 5.6.0) */
    VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE     = (1 << 1), /* freeze guest file systems via
                                                            the guest agent meanwhile (Since: 5.6.0) */
    VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE_VALIDATE  = (1 << 2),   /* together with REDEFINE, check the
                                                                     disks still agree (Since: 6.10.0) */
} virDomainCheckpointCreateFlags;

virDomainCheckpointPtr virDomainCheckpointCreateXML(virDomainPtr domain,
                                                    const char *xmlDesc,
                                                    unsigned int flags);

/**
 * virDomainCheckpointXMLFlags:
 *
 * Bits accepted in the @flags argument of virDomainCheckpointGetXMLDesc(),
 * each one changing what the produced document contains.
 *
 * Since: 5.6.0
 */
typedef enum {
    VIR_DOMAIN_CHECKPOINT_XML_SECURE    = (1 << 0), /* also emit secrets; refused on
                                                       read-only connections (Since: 5.6.0) */
    VIR_DOMAIN_CHECKPOINT_XML_NO_DOMAIN = (1 << 1), /* omit the embedded copy of the
                                                       domain definition (Since: 5.6.0) */
    VIR_DOMAIN_CHECKPOINT_XML_SIZE      = (1 << 2), /* add per-disk amount of data
                                                       written since then (Since: 5.6.0) */
} virDomainCheckpointXMLFlags;

char *virDomainCheckpointGetXMLDesc(virDomainCheckpointPtr checkpoint,
                                    unsigned int flags);

/**
 * virDomainCheckpointListFlags:
 *
 * Bits shared by virDomainListAllCheckpoints() and
 * virDomainCheckpointListAllChildren().  The lowest bit carries two names
 * because its meaning flips with the call: it narrows a domain-wide
 * listing to roots, yet widens a child listing to all descendants.  The
 * other bits form filter pairs; leaving both bits of a pair clear applies
 * no filtering for that pair.
 *
 * Since: 5.6.0
 */
typedef enum {
    VIR_DOMAIN_CHECKPOINT_LIST_ROOTS       = (1 << 0), /* domain listing: keep only checkpoints
                                                          without a parent (Since: 5.6.0) */
    VIR_DOMAIN_CHECKPOINT_LIST_DESCENDANTS = (1 << 0), /* child listing: recurse to every
                                                          generation below (Since: 5.6.0) */
    VIR_DOMAIN_CHECKPOINT_LIST_TOPOLOGICAL = (1 << 1), /* sort so that a parent always comes
                                                          ahead of its children (Since: 5.6.0) */

    VIR_DOMAIN_CHECKPOINT_LIST_LEAVES      = (1 << 2), /* keep only childless ones (Since: 5.6.0) */
    VIR_DOMAIN_CHECKPOINT_LIST_NO_LEAVES   = (1 << 3), /* keep only ones with a child (Since: 5.6.0) */
} virDomainCheckpointListFlags;

int virDomainListAllCheckpoints(virDomainPtr domain,
                                virDomainCheckpointPtr **checkpoints,
                                unsigned int flags);

int virDomainCheckpointListAllChildren(virDomainCheckpointPtr checkpoint,
                                       virDomainCheckpointPtr **children,
                                       unsigned int flags);

virDomainCheckpointPtr virDomainCheckpointLookupByName(virDomainPtr domain,
                                                       const char *name,
                                                       unsigned int flags);

virDomainCheckpointPtr virDomainCheckpointGetParent(virDomainCheckpointPtr checkpoint,
                                                    unsigned int flags);

/**
 * virDomainCheckpointDeleteFlags:
 *
 * Bits accepted in the @flags argument of virDomainCheckpointDelete(),
 * choosing how much of the checkpoint tree goes away.
 *
 * Since: 5.6.0
 */
typedef enum {
    VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN      = (1 << 0), /* drop the whole subtree (Since: 5.6.0) */
    VIR_DOMAIN_CHECKPOINT_DELETE_METADATA_ONLY = (1 << 1), /* forget libvirt's record, keep
                                                              hypervisor data (Since: 5.6.0) */
    VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN_ONLY = (1 << 2), /* drop descendants, keep this
                                                              one (Since: 5.6.0) */
} virDomainCheckpointDeleteFlags;

int virDomainCheckpointDelete(virDomainCheckpointPtr checkpoint,
                              unsigned int flags);

int virDomainCheckpointRef(virDomainCheckpointPtr checkpoint);
int virDomainCheckpointFree(virDomainCheckpointPtr checkpoint);

#endif /* LIBVIRT_DOMAIN_CHECKPOINT_H */
