/*
 * virterror.h
 * Summary: how the library reports failures
 * Description: Declares the error record, the enums that classify it and the
 *              calls that fetch, copy, reset or intercept errors.
 *
 * Part of the virt-apigen sample tree; written for virt-apigen. SPDX-License-Identifier: LGPL-2.1-or-later
 */

#if !defined __VIR_LIBVIRT_H_INCLUDES__
# error "virterror.h is pulled in by libvirt/libvirt.h; include that instead"
#endif

#ifndef LIBVIRT_VIRTERROR_H
# define LIBVIRT_VIRTERROR_H

# ifdef __cplusplus
extern "C" {
# endif

/**
 * virErrorLevel:
 *
 * Severity attached to an error record.
 *
 * Since: 0.1.0
 */
typedef enum {
    VIR_ERR_NONE = 0,           /* severity not set (Since: 0.1.0) */
    VIR_ERR_WARNING = 1,        /* something odd happened, but the call went on (Since: 0.1.0) */
    VIR_ERR_ERROR = 2,          /* the operation did not succeed (Since: 0.1.0) */
} virErrorLevel;

/**
 * virErrorDomain:
 *
 * Names the part of the library or driver that produced an error.  The
 * numbers are part of the ABI and never change.  The sample tree lists
 * only some of the members, each with its real value, and therefore has
 * no sentinel.
 *
 * Since: 0.1.0
 */
typedef enum {
    VIR_FROM_NONE = 0,          /* source unknown or not recorded (Since: 0.1.0) */
    VIR_FROM_XEN = 1,           /* code driving Xen (Since: 0.1.0) */
    VIR_FROM_DOM = 6,           /* code acting on a domain object (Since: 0.1.0) */
    VIR_FROM_RPC = 7,           /* remote procedure call layer (Since: 0.1.1) */
    VIR_FROM_PROXY = 8,         /* the long-gone proxy helper, retired
                                   in release 0.8.6 (Since: 0.1.3) */
    VIR_FROM_CONF = 9,          /* reading or writing configuration files (Since: 0.1.6) */
    VIR_FROM_QEMU = 10,         /* QEMU driver (Since: 0.2.0) */
    VIR_FROM_TEST = 12,         /* the mock "test" driver (Since: 0.2.3) */
    VIR_FROM_REMOTE = 13,       /* client side of the remote driver (Since: 0.2.3) */
    VIR_FROM_DOMAIN = 20,       /* parsing or checking domain XML (Since: 0.4.6) */
    VIR_FROM_DOMAIN_SNAPSHOT = 35, /* snapshot handling (Since: 0.8.0) */
    VIR_FROM_DOMAIN_CHECKPOINT = 69, /* checkpoint handling, e.g. any
                                        virDomainCheckpoint call (Since: 5.2.0) */
} virErrorDomain;

/**
 * virError:
 *
 * One reported failure.  The conn, dom and net members hold no reference
 * of their own, so the objects they point at may already be gone by the
 * time the application looks; treat them as hints at best.
 *
 * Since: 0.1.0
 */
typedef struct _virError virError;

/**
 * virErrorPtr:
 *
 * Pointer to a virError, as returned by virGetLastError() or passed to a
 * virErrorFunc handler.
 *
 * Since: 0.1.0
 */
typedef virError *virErrorPtr;
struct _virError {
    int         code;   /* what went wrong, one of virErrorNumber */
    int         domain; /* where it went wrong, one of virErrorDomain */
    char       *message;/* text meant for humans */
    virErrorLevel level;/* severity */
    virConnectPtr conn VIR_DEPRECATED; /* related connection, unreferenced;
                                          may dangle */
    virDomainPtr dom VIR_DEPRECATED; /* related domain, unreferenced;
                                        may dangle */
    char       *str1;   /* first extra string, if any */
    char       *str2;   /* second extra string, if any */
    char       *str3;   /* third extra string, if any */
    int         int1;   /* first extra number */
    int         int2;   /* second extra number */
    virNetworkPtr net VIR_DEPRECATED; /* related network, unreferenced;
                                         may dangle */
};

/**
 * virErrorNumber:
 *
 * Identifies the kind of failure stored in the code member of virError.
 * The numbers are part of the ABI.  The sample tree lists only some of
 * the members, each with its real value, and therefore has no sentinel.
 *
 * Since: 0.1.0
 */
typedef enum {
    VIR_ERR_OK = 0,             /* nothing failed (Since: 0.1.0) */
    VIR_ERR_INTERNAL_ERROR = 1, /* a bug or unexpected state inside the
                                   library (Since: 0.1.0) */
    VIR_ERR_NO_MEMORY = 2,      /* an allocation could not be satisfied (Since: 0.1.0) */
    VIR_ERR_NO_SUPPORT = 3,     /* the driver lacks this entry point (Since: 0.1.0) */
    VIR_ERR_INVALID_CONN = 6,   /* the connection handle is bad (Since: 0.1.0) */
    VIR_ERR_INVALID_DOMAIN = 7, /* the domain handle is bad (Since: 0.1.0) */
    VIR_ERR_INVALID_ARG = 8,    /* a parameter was out of range or
                                   malformed (Since: 0.1.0) */
    VIR_ERR_OPERATION_FAILED = 9, /* the hypervisor refused or botched
                                     the request (Since: 0.1.0) */
    VIR_ERR_XML_ERROR = 27,     /* an XML document could not be used (Since: 0.1.1) */
    VIR_ERR_OPERATION_DENIED = 29, /* not allowed on a read-only
                                      connection (Since: 0.1.4) */
    VIR_ERR_XML_DETAIL = 35,    /* extra detail about an XML problem (Since: 0.1.9) */
    VIR_ERR_NO_DOMAIN = 42,     /* no such domain, or it vanished (Since: 0.3.0) */
    VIR_ERR_OPERATION_INVALID = 55, /* the object is in the wrong state for
                                       this request right now (Since: 0.6.4) */
    VIR_ERR_INVALID_DOMAIN_CHECKPOINT = 102, /* the checkpoint handle is bad (Since: 5.2.0) */
    VIR_ERR_NO_DOMAIN_CHECKPOINT = 103, /* no checkpoint matched, or a root has
                                           no parent (Since: 5.2.0) */
    VIR_ERR_CHECKPOINT_INCONSISTENT = 109, /* the disks no longer match what
                                              the checkpoint expects (Since: 6.10.0) */
} virErrorNumber;

/**
 * virErrorFunc:
 * @userData: the pointer registered along with the handler
 * @error: the failure being reported; owned by the library
 *
 * Shape of an application hook installed with virSetErrorFunc() or
 * virConnSetErrorFunc(); it runs whenever a failure gets reported.
 *
 * Since: 0.1.0
 */
typedef void (*virErrorFunc) (void *userData, virErrorPtr error);

virErrorPtr             virGetLastError         (void);
virErrorPtr             virSaveLastError        (void);
void                    virResetLastError       (void);
void                    virResetError           (virErrorPtr err);
void                    virFreeError            (virErrorPtr err);

int                     virGetLastErrorCode     (void);
int                     virGetLastErrorDomain   (void);
const char *            virGetLastErrorMessage  (void);

virErrorPtr             virConnGetLastError     (virConnectPtr conn);
void                    virConnResetLastError   (virConnectPtr conn);
int                     virCopyLastError        (virErrorPtr to);

void                    virDefaultErrorFunc     (virErrorPtr err);
void                    virSetErrorFunc         (void *userData,
                                                 virErrorFunc handler);
void                    virConnSetErrorFunc     (virConnectPtr conn,
                                                 void *userData,
                                                 virErrorFunc handler);
int                     virConnCopyLastError    (virConnectPtr conn,
                                                 virErrorPtr to);

# ifdef __cplusplus
}
# endif

#endif /* LIBVIRT_VIRTERROR_H */
