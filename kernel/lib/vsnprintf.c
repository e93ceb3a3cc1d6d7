/* The formatting core behind every log line. */
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <keel/string.h>

/* An output cursor that counts what it could not store. */
struct out {
    char *buf;
    size_t size, len;
};

static void put(struct out *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

static void pad(struct out *o, char c, int n)
{
    while (n-- > 0)
        put(o, c);
}

struct spec {
    bool left, zero, alt; /* '-', '0', '#' */
    int width, precision; /* precision < 0: none */
    int length;           /* -2 hh, -1 h, 0 int, 1 long, 2 long long, 3 size_t */
};

static void put_str(struct out *o, const char *s, const struct spec *sp)
{
    size_t n;
    int gap;

    if (!s)
        s = "(null)";
    n = sp->precision >= 0 ? strnlen(s, (size_t)sp->precision) : strlen(s);
    gap = sp->width - (int)n;
    if (!sp->left)
        pad(o, ' ', gap);
    while (n--)
        put(o, *s++);
    if (sp->left)
        pad(o, ' ', gap);
}

static void put_num(struct out *o, uint64_t v, bool neg, unsigned int base,
                    bool upper, const char *prefix, const struct spec *sp)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0, extra, gap;

    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v);
    extra = (neg ? 1 : 0) + (int)strlen(prefix);
    gap = sp->width - n - extra;
    if (!sp->left && !sp->zero)
        pad(o, ' ', gap);
    if (neg)
        put(o, '-');
    while (*prefix)
        put(o, *prefix++);
    if (!sp->left && sp->zero)
        pad(o, '0', gap);
    while (n)
        put(o, tmp[--n]);
    if (sp->left)
        pad(o, ' ', gap);
}

static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
    *sp = (struct spec){ .precision = -1 };
    for (;; f++) {
        if (*f == '-')
            sp->left = true;
        else if (*f == '0')
            sp->zero = true;
        else if (*f == '#')
            sp->alt = true;
        else
            break;
    }
    if (*f == '*') {
        sp->width = va_arg(*ap, int);
        if (sp->width < 0) { /* C99: '-' flag and the width's magnitude */
            sp->left = true;
            sp->width = sp->width == INT_MIN ? INT_MAX : -sp->width;
        }
        f++;
    }
    for (; *f >= '0' && *f <= '9'; f++)
        sp->width = sp->width * 10 + (*f - '0');
    if (*f == '.') {
        sp->precision = 0;
        if (*++f == '*') {
            sp->precision = va_arg(*ap, int);
            f++;
        }
        for (; *f >= '0' && *f <= '9'; f++)
            sp->precision = sp->precision * 10 + (*f - '0');
    }
    for (;; f++) {
        if (*f == 'h')
            sp->length--;
        else if (*f == 'l')
            sp->length++;
        else if (*f == 'z')
            sp->length = 3;
        else
            break;
    }
    return f;
}

static uint64_t arg_unsigned(const struct spec *sp, va_list *ap)
{
    switch (sp->length) {
    case -2: return (unsigned char)va_arg(*ap, unsigned int);
    case -1: return (unsigned short)va_arg(*ap, unsigned int);
    case 0:  return va_arg(*ap, unsigned int);
    case 1:  return va_arg(*ap, unsigned long);
    case 3:  return va_arg(*ap, size_t);
    default: return va_arg(*ap, unsigned long long);
    }
}

static int64_t arg_signed(const struct spec *sp, va_list *ap)
{
    switch (sp->length) {
    case -2: return (signed char)va_arg(*ap, int);
    case -1: return (short)va_arg(*ap, int);
    case 0:  return va_arg(*ap, int);
    case 1:  return va_arg(*ap, long);
    case 3:  return (int64_t)va_arg(*ap, size_t);
    default: return va_arg(*ap, long long);
    }
}

static void convert(struct out *o, char c, struct spec *sp, va_list *ap)
{
    int64_t s;
    uint64_t u;

    switch (c) {
    case 'd':
    case 'i':
        s = arg_signed(sp, ap);
        put_num(o, s < 0 ? -(uint64_t)s : (uint64_t)s, s < 0, 10, false, "", sp);
        break;
    case 'u':
        put_num(o, arg_unsigned(sp, ap), false, 10, false, "", sp);
        break;
    case 'x':
    case 'X':
        put_num(o, arg_unsigned(sp, ap), false, 16, c == 'X',
                sp->alt ? (c == 'X' ? "0X" : "0x") : "", sp);
        break;
    case 'o': /* '#' makes the first digit 0: no extra one for 0 itself */
        u = arg_unsigned(sp, ap);
        put_num(o, u, false, 8, false, sp->alt && u ? "0" : "", sp);
        break;
    case 'p':
        sp->zero = true;
        sp->width = 18;
        put_num(o, (uintptr_t)va_arg(*ap, void *), false, 16, false, "0x", sp);
        break;
    case 's':
        put_str(o, va_arg(*ap, const char *), sp);
        break;
    case 'c':
        if (!sp->left)
            pad(o, ' ', sp->width - 1);
        put(o, (char)va_arg(*ap, int));
        if (sp->left)
            pad(o, ' ', sp->width - 1);
        break;
    case '%':
        put(o, '%');
        break;
    default: /* unknown conversion: show it rather than guess its argument */
        put(o, '%');
        put(o, c);
        break;
    }
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = { buf, size, 0 };
    struct spec sp;
    va_list args;

    va_copy(args, ap);
    while (*fmt) {
        if (*fmt != '%') {
            put(&o, *fmt++);
            continue;
        }
        fmt = parse_spec(fmt + 1, &sp, &args);
        if (!*fmt)
            break;
        convert(&o, *fmt++, &sp, &args);
    }
    va_end(args);
    if (size)
        buf[o.len < size ? o.len : size - 1] = '\0';
    return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
