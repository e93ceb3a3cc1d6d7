/* See keel/errmsg.h. */
#include <stdarg.h>
#include <keel/errmsg.h>
#include <keel/string.h>

int errmsg(char *err, size_t err_len, int code, const char *fmt, ...)
{
    va_list ap;

    if (err && err_len) {
        va_start(ap, fmt);
        vsnprintf(err, err_len, fmt, ap);
        va_end(ap);
    }
    return code;
}
