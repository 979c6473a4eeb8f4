/*
 * Prints rpcgen's XDR encoding of a fixed set of messages, one per line:
 * "<label> <hex>".  tests/test_rpc_xdr.py builds the same values with the
 * generated Python client and compares the bytes.
 */
#include <stdio.h>
#include <string.h>
#include <rpc/rpc.h>

#include "remote_protocol.h"

static void emit(const char *label, xdrproc_t proc, void *value)
{
    static char buffer[65536];
    XDR xdr;
    unsigned int i, used;

    xdrmem_create(&xdr, buffer, sizeof(buffer), XDR_ENCODE);
    if (!proc(&xdr, value)) {
        printf("%s FAILED\n", label);
        return;
    }
    used = xdr_getpos(&xdr);
    printf("%s ", label);
    for (i = 0; i < used; i++)
        printf("%02x", (unsigned char)buffer[i]);
    printf("\n");
    xdr_destroy(&xdr);
}

static void fill_domain(remote_nonnull_domain *dom, char *name, int id)
{
    int i;
    dom->name = name;
    for (i = 0; i < VIR_UUID_BUFLEN; i++)
        dom->uuid[i] = (char)(i * 17);
    dom->id = id;
}

int main(void)
{
    remote_nonnull_domain dom;
    char name_test[] = "test";
    char name_long[] = "a-domain-name";

    fill_domain(&dom, name_test, 1);

    {
        remote_domain_lookup_by_name_args args = { .name = name_test };
        emit("lookup_by_name_args", (xdrproc_t)xdr_remote_domain_lookup_by_name_args, &args);
    }
    {
        char xml[] = "<domaincheckpoint><name>c1</name></domaincheckpoint>";
        remote_domain_checkpoint_create_xml_args args = { .dom = dom, .xml_desc = xml, .flags = 3 };
        emit("create_xml_args", (xdrproc_t)xdr_remote_domain_checkpoint_create_xml_args, &args);
    }
    {
        char cp[] = "c";
        remote_domain_checkpoint_get_xml_desc_args args = { .flags = 0xffffffffu };
        args.checkpoint.name = cp;
        fill_domain(&args.checkpoint.dom, name_long, -1);
        emit("get_xml_desc_args", (xdrproc_t)xdr_remote_domain_checkpoint_get_xml_desc_args, &args);
    }
    {
        remote_domain_list_all_checkpoints_args args = { .dom = dom, .need_results = 1, .flags = 5 };
        emit("list_all_checkpoints_args", (xdrproc_t)xdr_remote_domain_list_all_checkpoints_args, &args);
    }
    {
        char cp[] = "parent-of-all";
        remote_domain_checkpoint_list_all_children_args args = { .need_results = 1, .flags = 1 };
        args.checkpoint.name = cp;
        args.checkpoint.dom = dom;
        emit("list_all_children_args", (xdrproc_t)xdr_remote_domain_checkpoint_list_all_children_args, &args);
    }
    {
        char nm[] = "caf\xc3\xa9";
        remote_domain_checkpoint_lookup_by_name_args args = { .dom = dom, .name = nm, .flags = 0 };
        emit("checkpoint_lookup_by_name_args", (xdrproc_t)xdr_remote_domain_checkpoint_lookup_by_name_args, &args);
    }
    {
        char cp[] = "abc";
        remote_domain_checkpoint_get_parent_args args = { .flags = 0 };
        args.checkpoint.name = cp;
        args.checkpoint.dom = dom;
        emit("get_parent_args", (xdrproc_t)xdr_remote_domain_checkpoint_get_parent_args, &args);
    }
    {
        char cp[] = "abcd";
        remote_domain_checkpoint_delete_args args = { .flags = 2 };
        args.checkpoint.name = cp;
        args.checkpoint.dom = dom;
        emit("delete_args", (xdrproc_t)xdr_remote_domain_checkpoint_delete_args, &args);
    }
    /* replies, which the Python client decodes */
    {
        remote_domain_lookup_by_name_ret ret = { .dom = dom };
        emit("lookup_by_name_ret", (xdrproc_t)xdr_remote_domain_lookup_by_name_ret, &ret);
    }
    {
        char xml[] = "<domaincheckpoint>\n  <name>c1</name>\n</domaincheckpoint>\n";
        remote_domain_checkpoint_get_xml_desc_ret ret = { .xml = xml };
        emit("get_xml_desc_ret", (xdrproc_t)xdr_remote_domain_checkpoint_get_xml_desc_ret, &ret);
    }
    {
        char n1[] = "c1", n2[] = "second", n3[] = "third-one";
        remote_nonnull_domain_checkpoint list[3];
        remote_domain_list_all_checkpoints_ret ret;
        list[0].name = n1;
        list[1].name = n2;
        list[2].name = n3;
        list[0].dom = list[1].dom = list[2].dom = dom;
        ret.checkpoints.checkpoints_len = 3;
        ret.checkpoints.checkpoints_val = list;
        ret.ret = 3;
        emit("list_all_checkpoints_ret", (xdrproc_t)xdr_remote_domain_list_all_checkpoints_ret, &ret);
    }
    {
        char cp[] = "the-parent";
        remote_domain_checkpoint_get_parent_ret ret;
        ret.parent.name = cp;
        ret.parent.dom = dom;
        emit("get_parent_ret", (xdrproc_t)xdr_remote_domain_checkpoint_get_parent_ret, &ret);
    }
    {
        char message[] = "Domain checkpoint not found: no domain checkpoint with matching name 'x'";
        char s1[] = "x";
        char *pmessage = message, *ps1 = s1;
        remote_error err;
        memset(&err, 0, sizeof(err));
        err.code = 103;
        err.domain = 12;
        err.message = &pmessage;
        err.level = 2;
        err.dom = &dom;
        err.str1 = &ps1;
        err.int1 = -1;
        err.int2 = 7;
        emit("error", (xdrproc_t)xdr_remote_error, &err);
    }
    {
        char uri[] = "test:///default";
        char *puri = uri;
        remote_connect_open_args args = { .name = &puri, .flags = 0 };
        emit("connect_open_args", (xdrproc_t)xdr_remote_connect_open_args, &args);
    }
    return 0;
}
