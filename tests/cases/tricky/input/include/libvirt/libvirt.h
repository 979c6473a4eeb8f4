#ifndef LIBVIRT_H
# define LIBVIRT_H
# define __VIR_LIBVIRT_H_INCLUDES__
# include <libvirt/libvirt-common.h>
# include <libvirt/libvirt-demo.h>
# undef __VIR_LIBVIRT_H_INCLUDES__
#endif
