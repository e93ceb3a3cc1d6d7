/* Returning an error code with a message for the caller to show. */
#ifndef KEEL_ERRMSG_H
#define KEEL_ERRMSG_H

#include <stddef.h>

/* Format the message into err (if there is room) and return code. */
int errmsg(char *err, size_t err_len, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
