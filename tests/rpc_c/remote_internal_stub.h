/*
 * Stand-ins for the libvirt internals the generated C stubs expect, so that
 * the test can compile them with gcc -Wall -Wextra -Werror against libvirt-dev's
 * public headers and libtirpc.  Declarations only: nothing is linked.
 *
 * Every function is declared with libvirt 9.0.0's own signature (the file and
 * line are given), so a body that calls one with the wrong arguments fails to
 * compile here as it would in libvirt's build: the remote driver
 * (src/remote/remote_driver.c) and the daemon (src/remote/remote_daemon_dispatch.c)
 * each define the handle helpers, static, with the same signatures.  The
 * datatypes.h structs keep only the fields the bodies read, in libvirt's
 * names (their virObject parent is left out).
 */
#ifndef VIRT_APIGEN_REMOTE_INTERNAL_STUB_H
#define VIRT_APIGEN_REMOTE_INTERNAL_STUB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <rpc/rpc.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "remote_protocol.h"

/* src/internal.h:61 (without gettext) */
#define _(str) str

/* src/datatypes.h:511, 599, 612, 627, 748, 760 */
struct _virConnect {
    void *privateData;
};
struct _virDomain {
    virConnectPtr conn;
    char *name;
    int id;
    unsigned char uuid[VIR_UUID_BUFLEN];
};
struct _virNetwork {
    virConnectPtr conn;
    char *name;
    unsigned char uuid[VIR_UUID_BUFLEN];
};
struct _virNetworkPort {
    virNetworkPtr net;
    unsigned char uuid[VIR_UUID_BUFLEN];
};
struct _virDomainCheckpoint {
    char *name;
    virDomainPtr domain;
};
struct _virDomainSnapshot {
    char *name;
    virDomainPtr domain;
};

/* src/util/virobject.h:97: what gendispatch.pl's code releases every object with */
void virObjectUnref(void *obj);

/* src/util/virerror.h:49 and 175 */
void virReportErrorHelper(int domcode, int errcode, const char *filename, const char *funcname, size_t linenr, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
#define VIR_FROM_THIS VIR_FROM_REMOTE
#define virReportError(code, ...) virReportErrorHelper(VIR_FROM_THIS, code, __FILE__, __FUNCTION__, __LINE__, __VA_ARGS__)

/* Client side: src/remote/remote_driver.c:116, 121, 126; src/util/virthread.h:34 */
struct private_data;
typedef struct virMutex virMutex;
typedef struct virLockGuard virLockGuard;
struct virLockGuard {
    virMutex *mutex;
};
virLockGuard remoteDriverLock(struct private_data *driver);
void remoteDriverUnlock(struct private_data *driver);
int call(virConnectPtr conn, struct private_data *priv, unsigned int flags, int proc_nr,
         xdrproc_t args_filter, char *args, xdrproc_t ret_filter, char *ret);

/* Handle conversions, both sides: src/remote/remote_driver.c:146-170 (remote_daemon_dispatch.c:80-102).
 * A checkpoint or a snapshot is made from its domain, every other handle from the connection. */
void make_nonnull_domain(remote_nonnull_domain *dom_dst, virDomainPtr dom_src);
void make_nonnull_network(remote_nonnull_network *net_dst, virNetworkPtr net_src);
void make_nonnull_domain_checkpoint(remote_nonnull_domain_checkpoint *checkpoint_dst, virDomainCheckpointPtr checkpoint_src);
virDomainPtr get_nonnull_domain(virConnectPtr conn, remote_nonnull_domain domain);
virNetworkPtr get_nonnull_network(virConnectPtr conn, remote_nonnull_network network);
virDomainCheckpointPtr get_nonnull_domain_checkpoint(virDomainPtr domain, remote_nonnull_domain_checkpoint checkpoint);
#ifdef VIRT_APIGEN_WITH_SNAPSHOT /* defined by a unit whose .x has remote_nonnull_domain_snapshot */
void make_nonnull_domain_snapshot(remote_nonnull_domain_snapshot *snapshot_dst, virDomainSnapshotPtr snapshot_src);
virDomainSnapshotPtr get_nonnull_domain_snapshot(virDomainPtr domain, remote_nonnull_domain_snapshot snapshot);
#endif

/* Server side: src/rpc/virnetserver.h, virnetserverclient.h, virnetmessage.h:89;
 * src/remote/remote_daemon_dispatch.c:113 */
typedef struct _virNetServer virNetServer;
typedef struct _virNetServerClient virNetServerClient;
typedef struct _virNetMessage virNetMessage;
struct virNetMessageError;
virConnectPtr remoteGetHypervisorConn(virNetServerClient *client);
void virNetMessageSaveError(struct virNetMessageError *rerr) __attribute__((nonnull(1)));

typedef int (*virNetServerProgramDispatchFunc)(virNetServer *server, virNetServerClient *client, virNetMessage *msg,
                                               struct virNetMessageError *rerr, void *args, void *ret);

/* libvirt 9.0.0's, src/rpc/virnetserverprogram.h:42: no procedure number, the index is */
typedef struct {
    virNetServerProgramDispatchFunc func;
    size_t arg_len;
    xdrproc_t arg_filter;
    size_t ret_len;
    xdrproc_t ret_filter;
    bool needAuth;
    unsigned int priority;
} virNetServerProgramProc;

#endif
