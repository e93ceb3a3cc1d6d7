/*
 * Inflate: decompression of deflate data (RFC 1951), alone or wrapped in a
 * zlib stream (RFC 1950) or a gzip member (RFC 1952). The domain builder
 * uses it for gzipped kernels and modules; dom0 compiles it too.
 *
 * The whole input and the whole output are flat buffers the caller owns:
 * nothing is allocated, the output buffer is the history window (so a
 * distance can reach back to the first byte written), and no state
 * survives a call. The decoder keeps its tables on the stack: a call uses
 * about 8.5 KiB of it.
 *
 * Every byte of the input is untrusted. A corrupt or hostile stream ends
 * in one of the errors below, with a one-line message in err (if err_len
 * > 0; always NUL-terminated, truncated to fit) that names the input byte
 * at which the fault was seen; it never reads outside in[0 .. in_len),
 * never writes outside out[0 .. out_cap), and every loop is bounded by the
 * input or the output size. With a checksum (gzip, zlib), a corrupt stream
 * that still decodes is caught by the checksum.
 *
 * On success *out_len is the number of bytes produced. On error it is the
 * number written before the fault: a diagnostic, not data to use.
 */
#ifndef KEEL_INFLATE_H
#define KEEL_INFLATE_H

#include <stddef.h>
#include <stdint.h>

#include "keel/errno.h"

/* The errors: distinct negative errno values (0 is success). */
#define INFLATE_ERR_ARG       (-EINVAL)     /* NULL buffer with a nonzero length */
#define INFLATE_ERR_HEADER    (-ENOEXEC)    /* bad gzip/zlib header (magic, method,
                                               reserved flags, header CRC, dictionary) */
#define INFLATE_ERR_BLOCK     (-EOPNOTSUPP) /* reserved block type 3, or a stored
                                               block whose LEN and NLEN disagree */
#define INFLATE_ERR_TREE      (-EDOM)       /* bad code lengths: too many codes,
                                               over-subscribed or incomplete code,
                                               bad repeat, no end-of-block code */
#define INFLATE_ERR_SYMBOL    (-EILSEQ)     /* a code the block's tables do not
                                               define, or length/distance symbol
                                               286, 287, 30 or 31 */
#define INFLATE_ERR_DISTANCE  (-ERANGE)     /* distance reaches before the output */
#define INFLATE_ERR_OUTPUT    (-ENOSPC)     /* output buffer full */
#define INFLATE_ERR_TRUNCATED (-ENODATA)    /* input ended inside the stream */
#define INFLATE_ERR_CHECKSUM  (-EBADMSG)    /* CRC-32 (gzip) or Adler-32 (zlib) mismatch */
#define INFLATE_ERR_LENGTH    (-EIO)        /* gzip ISIZE differs from the output size */

/*
 * One gzip member at in[0]: the header (FTEXT ignored; FEXTRA, FNAME,
 * FCOMMENT skipped; FHCRC checked), the deflate data, then CRC-32 and
 * ISIZE, both checked. Bytes after the member are ignored: Linux's
 * compressed payloads carry the size once more after it, and loaders may
 * pad. Returns 0 or an INFLATE_ERR_*.
 */
int inflate_gzip(const uint8_t *in, size_t in_len, uint8_t *out,
                 size_t out_cap, size_t *out_len, char *err, size_t err_len);

/*
 * One zlib stream at in[0]: the two-byte header (no preset dictionary), the
 * deflate data, then the Adler-32 of the output, checked. Bytes after the
 * stream are ignored. Returns 0 or an INFLATE_ERR_*.
 */
int inflate_zlib(const uint8_t *in, size_t in_len, uint8_t *out,
                 size_t out_cap, size_t *out_len, char *err, size_t err_len);

/*
 * Raw deflate data at in[0], up to the end of its final block. If in_used
 * is not NULL it gets the number of input bytes the data took (the last
 * partial byte included). There is no checksum, so corruption is caught
 * only when it breaks the format. Returns 0 or an INFLATE_ERR_*.
 */
int inflate_raw(const uint8_t *in, size_t in_len, size_t *in_used,
                uint8_t *out, size_t out_cap, size_t *out_len,
                char *err, size_t err_len);

/*
 * The uncompressed size a gzip file claims, from its last four bytes
 * (ISIZE, the size modulo 2^32), to size the output buffer; 0 if in[0 ..
 * len) is too short to be a gzip member or lacks the gzip magic.
 *
 * The claim is untrusted: the caller must check it is not absurd before
 * allocating (deflate cannot expand one input byte to more than 1032
 * output bytes, so more than 1032 * len is certainly a lie; it must also
 * fit the memory the caller is willing to give). A claim that is merely
 * wrong is harmless: inflate_gzip then stops at out_cap with
 * INFLATE_ERR_OUTPUT, or reports INFLATE_ERR_LENGTH.
 */
size_t gzip_isize(const uint8_t *in, size_t len);

/*
 * CRC-32 as gzip, zlib's crc32() and Ethernet compute it (reflected
 * polynomial 0xedb88320, initial and final inversion). crc32_update(0, p,
 * n) is the CRC of p[0 .. n); pass the previous result to continue.
 */
uint32_t crc32_update(uint32_t crc, const uint8_t *p, size_t n);

/* Adler-32 (RFC 1950); adler32_update(1, p, n) is the checksum of p[0 .. n). */
uint32_t adler32_update(uint32_t adler, const uint8_t *p, size_t n);

#endif
