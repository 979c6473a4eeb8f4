/*
 * libvirt-demo.h
 * Summary: constructs a libvirt header parser has to survive
 * Description: Written for virt-apigen's golden tests; not a real API.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef LIBVIRT_DEMO_H
# define LIBVIRT_DEMO_H

# ifdef __cplusplus
extern "C" {
# endif

/**
 * VIR_DEMO_NAME_LEN:
 *
 * Room for a name, terminator included.
 *
 * Since: 1.0.0
 */
# define VIR_DEMO_NAME_LEN 16

/**
 * VIR_DEMO_KEY:
 *
 * A string macro.
 *
 * Since: 1.0.0
 */
# define VIR_DEMO_KEY "demo-key"

/**
 * VIR_DEMO_SUM:
 * @a: first term
 * @b: second term,
 *     described on two lines
 *
 * A function-like macro written over two lines.
 *
 * Since: 1.1.0
 */
# define VIR_DEMO_SUM(a, b) \
    ((a) + (b))

/**
 * virDemo:
 *
 * An opaque handle.
 *
 * Since: 1.0.0
 */
typedef struct _virDemo virDemo;

/**
 * virDemoPtr:
 *
 * Pointer to a virDemo.
 *
 * Since: 1.0.0
 */
typedef virDemo *virDemoPtr;

/**
 * virDemoFlags:
 *
 * Flags with every kind of value.
 *
 * Since: 1.0.0
 */
typedef enum {
    VIR_DEMO_FIRST = (1 << 0), /* the first bit (Since: 1.0.0) */
    VIR_DEMO_ALSO_FIRST = (1 << 0), /* the same bit, under
                                     * a second name (Since: 1.0.0) */
    VIR_DEMO_HIGH = 1U << 31, /* the top bit (Since: 1.0.0) */
    VIR_DEMO_NEGATIVE = -2, /* a negative value (Since: 1.1.0) */
    VIR_DEMO_NEXT, /* implicit: one more (Since: 1.1.0) */
    VIR_DEMO_COPY = VIR_DEMO_FIRST, /* defined by another member (Since: 1.1.0) */
    /* a stray remark that documents nothing */

# ifdef VIR_ENUM_SENTINELS
    VIR_DEMO_LAST
    /*
     * Grows with every release.
     *
     * Since: 1.0.0
     */
# endif
} virDemoFlags;

/**
 * virDemoRecord:
 *
 * A public struct.
 *
 * Since: 1.0.0
 */
typedef struct _virDemoRecord virDemoRecord;
struct _virDemoRecord {
    char name[VIR_DEMO_NAME_LEN]; /* the name */
    int kind;                     /* one of virDemoFlags */
    /* the value, by kind */
    union {
        int i;                    /* when an int */
        char *s;                  /* when a string */
    } value;
    VIR_DEPRECATED virDemoPtr owner; /* do not use */
};

/**
 * virDemoCallback:
 * @demo: the handle
 * @opaque: user data
 *
 * A function type.
 *
 * Returns 0 to go on, -1 to stop.
 *
 * Since: 1.1.0
 */
typedef int (*virDemoCallback)(virDemoPtr demo, void *opaque);

/**
 * virDemoDefault:
 *
 * An exported variable.
 *
 * Since: 1.0.0
 */
VIR_EXPORT_VAR virDemoPtr virDemoDefault;

virDemoPtr virDemoOpen(const char *name, unsigned int flags);
char *virDemoDescribe(virDemoPtr demo);
int virDemoList(virDemoPtr demo, virDemoPtr **list, unsigned int flags);

# ifdef __cplusplus
}
# endif

#endif /* LIBVIRT_DEMO_H */
