/*
 * Stand-ins for the libvirt internals the generated C stubs expect, so that
 * the test can compile them with gcc -Wall -Wextra -Werror against libvirt-dev's
 * public headers and libtirpc.  Declarations only: nothing is linked.
 */
#ifndef VIRT_APIGEN_REMOTE_INTERNAL_STUB_H
#define VIRT_APIGEN_REMOTE_INTERNAL_STUB_H

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <rpc/rpc.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "remote_protocol.h"

/* The connection object: only the driver's private pointer is used. */
struct _virConnect {
    void *privateData;
};

/* Client side */
struct private_data;
void remoteDriverLock(struct private_data *priv);
void remoteDriverUnlock(struct private_data *priv);
int call(virConnectPtr conn, struct private_data *priv, unsigned int flags, int proc_nr,
         xdrproc_t args_filter, char *args, xdrproc_t ret_filter, char *ret);
void virReportError(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Handle conversions, used by both sides */
void make_nonnull_domain(remote_nonnull_domain *dst, virDomainPtr src);
void make_nonnull_network(remote_nonnull_network *dst, virNetworkPtr src);
void make_nonnull_domain_checkpoint(remote_nonnull_domain_checkpoint *dst, virDomainCheckpointPtr src);
virDomainPtr get_nonnull_domain(virConnectPtr conn, remote_nonnull_domain src);
virNetworkPtr get_nonnull_network(virConnectPtr conn, remote_nonnull_network src);
virDomainCheckpointPtr get_nonnull_domain_checkpoint(virConnectPtr conn, remote_nonnull_domain_checkpoint src);

/* Server side */
typedef struct _virNetServer virNetServer;
typedef struct _virNetServerClient virNetServerClient;
typedef struct _virNetMessage virNetMessage;
struct virNetMessageError;
virConnectPtr remoteGetHypervisorConn(virNetServerClient *client);
void virNetMessageSaveError(struct virNetMessageError *rerr);

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
