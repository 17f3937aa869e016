/*
 * libc/src/binder/svcmgr.c: the service manager's client side (pagelab/
 * binder.h): handle 0 of /dev/binder keeps a name -> object registry
 * (user/servicemanager.c), spoken to with Android's IServiceManager codes.
 */
#include <errno.h>
#include <string.h>

#include "binder_lib.h"

#define SVCMGR_HANDLE 0

int svcmgr_add(struct binder *b, const char *name, binder_uintptr_t ptr,
               binder_uintptr_t cookie)
{
    struct parcel in, out;
    parcel_init(&in);
    parcel_write_interface_token(&in, SVCMGR_INTERFACE);
    parcel_write_string16(&in, name);
    parcel_write_binder(&in, ptr, cookie);
    parcel_write_i32(&in, 0); /* allow_isolated */
    int status = in.error ? in.error : binder_call(b, SVCMGR_HANDLE, SVCMGR_ADD_SERVICE, &in, &out, 0);
    parcel_free(&in);
    if (status == 0) {
        status = parcel_read_i32(&out);
        parcel_free(&out);
    }
    return status;
}

uint32_t svcmgr_get(struct binder *b, const char *name)
{
    struct parcel in, out;
    parcel_init(&in);
    parcel_write_interface_token(&in, SVCMGR_INTERFACE);
    parcel_write_string16(&in, name);
    int status = in.error ? in.error : binder_call(b, SVCMGR_HANDLE, SVCMGR_CHECK_SERVICE, &in, &out, 0);
    parcel_free(&in);
    if (status)
        return 0;
    uint32_t handle = parcel_read_handle(&out);
    /* The reply's reference goes with its buffer: take our own first. */
    if (handle)
        binder_acquire(b, handle);
    parcel_free(&out);
    return handle;
}

int svcmgr_list(struct binder *b, uint32_t index, char *name, size_t size)
{
    struct parcel in, out;
    parcel_init(&in);
    parcel_write_interface_token(&in, SVCMGR_INTERFACE);
    parcel_write_u32(&in, index);
    int status = in.error ? in.error : binder_call(b, SVCMGR_HANDLE, SVCMGR_LIST_SERVICES, &in, &out, 0);
    parcel_free(&in);
    if (status)
        return status;
    if (parcel_read_string16(&out, name, size) < 0)
        status = BINDER_BAD_VALUE;
    parcel_free(&out);
    return status;
}

int binder_interface_name(struct binder *b, uint32_t handle, char *name, size_t size)
{
    struct parcel out;
    int status = binder_call(b, handle, BINDER_INTERFACE_TRANSACTION, NULL, &out, 0);
    if (status)
        return status;
    if (parcel_read_string16(&out, name, size) < 0)
        status = BINDER_BAD_VALUE;
    parcel_free(&out);
    return status;
}
