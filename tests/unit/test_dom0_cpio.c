/*
 * Unit tests for dom0's newc cpio reader (dom0/fs/cpio.c).
 *
 * Archives are built in memory (dom0_cpio_builder.c) and, when the host
 * has a cpio binary, made by it. Every archive the reader sees sits in a
 * heap block of exactly its length, so ASan catches a read past the end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <dom0/cpio.h>
#include <keel/errno.h>

#include "dom0_cpio_builder.h"

static char err[256];

/* A heap copy of exactly len bytes (at least 1 so malloc is never 0). */
static uint8_t *exact_copy(const uint8_t *p, size_t len)
{
    uint8_t *c = malloc(len ? len : 1);

    assert_non_null(c);
    if (len)
        memcpy(c, p, len);
    return c;
}

/* Reads entries until the trailer or an error; returns the final code. */
static int walk(const uint8_t *buf, size_t len, int *entries)
{
    size_t off = 0, last = 0;
    struct cpio_entry e;
    int rc, n = 0;

    while ((rc = cpio_next(buf, len, &off, &e, err, sizeof(err))) > 0) {
        n++;
        assert_true(off > last && off <= len);    /* always progresses */
        assert_true(e.name >= (const char *)buf &&
                    e.name + e.name_len < (const char *)buf + len);
        assert_true(e.size == 0 ||
                    (e.data >= buf && e.data + e.size <= buf + len));
        last = off;
    }
    if (entries)
        *entries = n;
    return rc;
}

static int walk_builder(struct cpio_builder *b, int *entries)
{
    uint8_t *c = exact_copy(b->buf, b->len);
    int rc = walk(c, b->len, entries);

    free(c);
    return rc;
}

/* ---- Normal use ---- */

static void test_entries_and_fields(void **state)
{
    struct cpio_builder b;
    struct cb_entry fe = { .name = "etc/motd", .mode = 0100640,
                           .data = "hello\n", .size = 6, .ino = 77,
                           .nlink = 1, .mtime = 1700000000 };
    struct cpio_entry e;
    size_t off = 0, second;
    uint8_t *buf;
    int rc;

    (void)state;
    cb_init(&b);
    cb_add_dir(&b, "etc");
    second = cb_add_entry(&b, &fe);
    cb_trailer(&b);
    buf = exact_copy(b.buf, b.len);

    rc = cpio_next(buf, b.len, &off, &e, err, sizeof(err));
    assert_int_equal(rc, 1);
    assert_string_equal(e.name, "etc");
    assert_int_equal(e.name_len, 3);
    assert_int_equal(e.mode, 0040755);
    assert_int_equal(e.mode & CPIO_S_IFMT, CPIO_S_IFDIR);
    assert_int_equal(e.size, 0);
    assert_int_equal(e.nlink, 2);
    assert_int_equal(e.offset, 0);
    assert_int_equal(off, second);

    rc = cpio_next(buf, b.len, &off, &e, err, sizeof(err));
    assert_int_equal(rc, 1);
    assert_string_equal(e.name, "etc/motd");
    assert_int_equal(e.mode, 0100640);
    assert_int_equal(e.size, 6);
    assert_memory_equal(e.data, "hello\n", 6);
    assert_int_equal(e.ino, 77);
    assert_int_equal(e.nlink, 1);
    assert_int_equal(e.mtime, 1700000000);
    assert_int_equal(e.dev_major, 8);
    assert_int_equal(e.dev_minor, 1);
    assert_int_equal(e.offset, second);
    assert_int_equal((e.data - buf) % 4, 0);

    rc = cpio_next(buf, b.len, &off, &e, err, sizeof(err));
    assert_int_equal(rc, 0);
    assert_string_equal(e.name, "TRAILER!!!");
    assert_int_equal(off, b.len);
    free(buf);
    cb_free(&b);
}

static void test_only_trailer(void **state)
{
    struct cpio_builder b;
    int n;

    (void)state;
    cb_init(&b);
    cb_trailer(&b);
    assert_int_equal(walk_builder(&b, &n), 0);
    assert_int_equal(n, 0);
    cb_free(&b);
}

/* Every name length against every data length: the padding rules. */
static void test_padding_combinations(void **state)
{
    static const char data[] = "0123456789";
    struct cpio_builder b;
    char name[16];
    int n;

    (void)state;
    cb_init(&b);
    for (int nl = 1; nl <= 9; nl++)
        for (int dl = 0; dl <= 9; dl++) {
            snprintf(name, sizeof(name), "%.*s", nl, "abcdefghij");
            name[0] = (char)('a' + dl);     /* distinct names */
            cb_add(&b, name, 0100600, data, (size_t)dl);
        }
    cb_trailer(&b);

    size_t off = 0;
    struct cpio_entry e;
    uint8_t *buf = exact_copy(b.buf, b.len);

    for (int nl = 1; nl <= 9; nl++)
        for (int dl = 0; dl <= 9; dl++) {
            assert_int_equal(cpio_next(buf, b.len, &off, &e, err,
                                       sizeof(err)), 1);
            assert_int_equal(e.name_len, nl);
            assert_int_equal(e.size, dl);
            assert_memory_equal(e.data, data, (size_t)dl);
            assert_int_equal(off % 4, 0);
        }
    assert_int_equal(cpio_next(buf, b.len, &off, &e, err, sizeof(err)), 0);
    free(buf);
    assert_int_equal(walk_builder(&b, &n), 0);
    assert_int_equal(n, 90);
    cb_free(&b);
}

static void test_lowercase_hex(void **state)
{
    struct cpio_builder b;
    struct cpio_entry e;
    size_t off = 0;

    (void)state;
    cb_init(&b);
    cb_add_file(&b, "f", "x");
    cb_trailer(&b);
    memcpy(b.buf + 6 + 8 * CB_MODE, "000081a4", 8);    /* 0100644 */
    assert_int_equal(cpio_next(b.buf, b.len, &off, &e, err, sizeof(err)), 1);
    assert_int_equal(e.mode, 0100644);
    cb_free(&b);
}

/* The trailer's own padding may be missing at the very end. */
static void test_trailer_padding_cut(void **state)
{
    struct cpio_builder b;
    size_t t;
    int n;

    (void)state;
    cb_init(&b);
    cb_add_file(&b, "a", "abc");
    t = cb_trailer(&b);
    b.len = t + CPIO_HEADER_SIZE + sizeof("TRAILER!!!");  /* 121: no pad */
    assert_int_equal(walk_builder(&b, &n), 0);
    assert_int_equal(n, 1);
    cb_free(&b);
}

/* Data may end exactly at the end, its padding cut (an empty file too). */
static void test_last_data_padding_cut(void **state)
{
    struct cpio_builder b;
    struct cpio_entry e;
    size_t off = 0;

    (void)state;
    cb_init(&b);
    cb_add_file(&b, "a", "abcde");
    b.len = CPIO_HEADER_SIZE + 2 + 5;  /* "a\0" ends 4-aligned at 112 */
    assert_int_equal(cpio_next(b.buf, b.len, &off, &e, err, sizeof(err)), 1);
    assert_int_equal(off, b.len);
    assert_int_equal(cpio_next(b.buf, b.len, &off, &e, err, sizeof(err)),
                     -EBADMSG);
    assert_non_null(strstr(err, "without a TRAILER!!!"));
    cb_free(&b);
}

static void test_crc_variant(void **state)
{
    struct cpio_builder b;
    size_t f;
    int n;

    (void)state;
    cb_init(&b);
    b.crc = 1;
    cb_add_dir(&b, "d");
    f = cb_add_file(&b, "d/f", "\xff\xfe data");
    cb_trailer(&b);
    assert_int_equal(walk_builder(&b, &n), 0);
    assert_int_equal(n, 2);

    cb_set_field(&b, f, CB_CHECK, 12345);
    assert_int_equal(walk_builder(&b, NULL), -EBADMSG);
    assert_non_null(strstr(err, "checksum mismatch"));
    assert_non_null(strstr(err, "byte 112"));
    cb_free(&b);
}

/* "070701" ignores the check field. */
static void test_newc_ignores_check(void **state)
{
    struct cpio_builder b;
    size_t f;

    (void)state;
    cb_init(&b);
    f = cb_add_file(&b, "f", "data");
    cb_trailer(&b);
    cb_set_field(&b, f, CB_CHECK, 0xdeadbeef);
    assert_int_equal(walk_builder(&b, NULL), 0);
    cb_free(&b);
}

/* ---- Corruption ---- */

/* A two-file archive; *second is the second header's offset. */
static void two_files(struct cpio_builder *b, size_t *second)
{
    cb_init(b);
    cb_add_file(b, "one", "1111");
    *second = cb_add_file(b, "two", "22");
    cb_trailer(b);
}

/* Expects corruption at the second entry, with *e and offset unchanged. */
static void expect_bad_second(struct cpio_builder *b, size_t second,
                              const char *msg_part)
{
    struct cpio_entry e;
    size_t off = 0;
    uint8_t *buf = exact_copy(b->buf, b->len);

    assert_int_equal(cpio_next(buf, b->len, &off, &e, err, sizeof(err)), 1);
    assert_int_equal(off, second);
    err[0] = '\0';
    assert_int_equal(cpio_next(buf, b->len, &off, &e, err, sizeof(err)),
                     -EBADMSG);
    assert_int_equal(off, second);
    assert_string_equal(e.name, "one");
    if (!strstr(err, msg_part))
        fail_msg("message \"%s\" lacks \"%s\"", err, msg_part);
    free(buf);
}

static void test_bad_magic(void **state)
{
    struct cpio_builder b;
    size_t second;
    char want[64];

    (void)state;
    two_files(&b, &second);
    memcpy(b.buf + second, "070707", 6);    /* the old binary-ish magic */
    snprintf(want, sizeof(want), "bad magic at byte %zu", second);
    expect_bad_second(&b, second, want);
    b.buf[0] = 'x';
    assert_int_equal(walk_builder(&b, NULL), -EBADMSG);
    assert_non_null(strstr(err, "bad magic at byte 0"));
    cb_free(&b);
}

static void test_non_hex_digit(void **state)
{
    struct cpio_builder b;
    size_t second, at;
    char want[80];

    (void)state;
    two_files(&b, &second);
    at = second + 6 + 8 * CB_FILESIZE + 5;
    b.buf[at] = 'g';
    snprintf(want, sizeof(want), "non-hex digit 0x67 in the filesize field "
             "at byte %zu", at);
    expect_bad_second(&b, second, want);
    cb_free(&b);

    two_files(&b, &second);
    b.buf[second + 6] = ' ';    /* first digit of ino */
    expect_bad_second(&b, second, "in the ino field");
    cb_free(&b);
    two_files(&b, &second);
    b.buf[second + 6 + 8 * CB_CHECK + 7] = '\0';
    expect_bad_second(&b, second, "in the check field");
    cb_free(&b);
}

static void test_truncated_header(void **state)
{
    struct cpio_builder b;
    size_t second;
    char want[64];
    int n;

    (void)state;
    two_files(&b, &second);
    b.len = second + 50;
    assert_int_equal(walk_builder(&b, &n), -EBADMSG);
    assert_int_equal(n, 1);
    snprintf(want, sizeof(want), "truncated header at byte %zu (50 of 110",
             second);
    assert_non_null(strstr(err, want));
    cb_free(&b);
}

static void test_namesize_zero(void **state)
{
    struct cpio_builder b;
    size_t second;

    (void)state;
    two_files(&b, &second);
    cb_set_field(&b, second, CB_NAMESIZE, 0);
    expect_bad_second(&b, second, "namesize 0");
    cb_free(&b);
}

static void test_name_not_terminated(void **state)
{
    struct cpio_builder b;
    size_t second;
    char want[64];

    (void)state;
    two_files(&b, &second);
    b.buf[second + CPIO_HEADER_SIZE + 3] = 'x';     /* "two" then NUL */
    snprintf(want, sizeof(want), "name at byte %zu is not NUL-terminated",
             second + CPIO_HEADER_SIZE);
    expect_bad_second(&b, second, want);
    cb_free(&b);
}

static void test_name_with_inner_nul(void **state)
{
    struct cpio_builder b;
    size_t second;

    (void)state;
    two_files(&b, &second);
    /* "two\0" then a zero pad byte: namesize 5 ends in NUL, has one inside */
    cb_set_field(&b, second, CB_NAMESIZE, 5);
    expect_bad_second(&b, second, "has a NUL inside it");
    cb_free(&b);
}

static void test_name_past_end(void **state)
{
    struct cpio_builder b;
    size_t second;

    (void)state;
    two_files(&b, &second);
    cb_set_field(&b, second, CB_NAMESIZE, 0x10000);
    expect_bad_second(&b, second, "(namesize 65536) runs past the end");
    cb_set_field(&b, second, CB_NAMESIZE, 0xffffffff);
    expect_bad_second(&b, second, "runs past the end");
    cb_free(&b);
}

static void test_data_past_end(void **state)
{
    struct cpio_builder b;
    size_t second;

    (void)state;
    two_files(&b, &second);
    cb_set_field(&b, second, CB_FILESIZE, 4096);
    expect_bad_second(&b, second, "(filesize 4096) runs past the end");
    cb_set_field(&b, second, CB_FILESIZE, 0xffffffff);
    expect_bad_second(&b, second, "(filesize 4294967295) runs past");
    cb_free(&b);
}

/* Data ending exactly where the name's padding would have ended. */
static void test_data_start_past_end(void **state)
{
    struct cpio_builder b;
    struct cpio_entry e;
    size_t off = 0;

    (void)state;
    cb_init(&b);
    cb_add_file(&b, "ab", "x");     /* 110 + "ab\0" = 113, pad to 116 */
    b.len = 114;                    /* name fits, padding does not */
    assert_int_equal(cpio_next(b.buf, b.len, &off, &e, err, sizeof(err)),
                     -EBADMSG);
    assert_non_null(strstr(err, "(filesize 1) runs past the end"));
    cb_free(&b);
}

static void test_missing_trailer(void **state)
{
    struct cpio_builder b;
    int n;

    (void)state;
    cb_init(&b);
    cb_add_file(&b, "a", "abcd");
    assert_int_equal(walk_builder(&b, &n), -EBADMSG);
    assert_int_equal(n, 1);
    assert_non_null(strstr(err, "ends at byte 116 without a TRAILER!!!"));
    cb_free(&b);
}

static void test_empty_and_offset_past_end(void **state)
{
    struct cpio_entry e;
    size_t off = 0;
    uint8_t one = 0;

    (void)state;
    assert_int_equal(cpio_next(&one, 0, &off, &e, err, sizeof(err)),
                     -EBADMSG);
    assert_non_null(strstr(err, "ends at byte 0"));
    off = 5;
    assert_int_equal(cpio_next(&one, 1, &off, &e, err, sizeof(err)),
                     -EBADMSG);
    assert_int_equal(off, 5);
}

static void test_err_null_and_small(void **state)
{
    struct cpio_entry e;
    size_t off = 0;
    uint8_t junk[120];
    char small[8];

    (void)state;
    memset(junk, 'z', sizeof(junk));
    assert_int_equal(cpio_next(junk, sizeof(junk), &off, &e, NULL, 0),
                     -EBADMSG);
    memset(small, 'q', sizeof(small));
    assert_int_equal(cpio_next(junk, sizeof(junk), &off, &e, small,
                               sizeof(small)), -EBADMSG);
    assert_int_equal(small[7], '\0');
    assert_memory_equal(small, "cpio: b", 7);
}

/* Every prefix of a good archive, and every single-byte change: no crash,
 * no read outside the buffer, and always an end. */
static void test_prefixes_and_flips(void **state)
{
    struct cpio_builder b;
    int n;

    (void)state;
    cb_init(&b);
    cb_add_dir(&b, "d");
    cb_add_file(&b, "d/file", "some contents");
    cb_add_file(&b, "empty", "");
    cb_trailer(&b);
    for (size_t len = 0; len < b.len; len++) {
        uint8_t *c = exact_copy(b.buf, len);
        int rc = walk(c, len, &n);

        /* Only the cut trailer padding keeps it valid. */
        assert_true(rc == -EBADMSG || (rc == 0 && len >= b.len - 3));
        free(c);
    }
    for (size_t i = 0; i < b.len; i++) {
        uint8_t *c = exact_copy(b.buf, b.len);

        c[i] ^= 0x5a;
        assert_true(walk(c, b.len, &n) <= 0);
        free(c);
    }
    cb_free(&b);
}

/* ---- Archives made by the host's cpio ---- */

static int have_cpio(void)
{
    return system("command -v cpio >/dev/null 2>&1") == 0;
}

static uint8_t *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf;
    long size;

    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    size = ftell(f);
    assert_true(size > 0);
    rewind(f);
    buf = malloc((size_t)size);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
    fclose(f);
    *len = (size_t)size;
    return buf;
}

static void write_text(const char *dir, const char *name, const char *text,
                       size_t len)
{
    char path[512];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    fclose(f);
}

static void host_archive(const char *format)
{
    char dir[] = "/tmp/keel-cpio-XXXXXX", cmd[1024], archive[600];
    static char big[3001];
    struct cpio_entry e;
    size_t len, off = 0;
    uint8_t *buf;
    int rc, seen = 0;

    assert_non_null(mkdtemp(dir));
    for (size_t i = 0; i < sizeof(big) - 1; i++)
        big[i] = (char)('a' + i % 26);
    snprintf(cmd, sizeof(cmd), "mkdir -p %s/tree/sub/deeper", dir);
    assert_int_equal(system(cmd), 0);
    snprintf(archive, sizeof(archive), "%s/tree", dir);
    write_text(archive, "hello", "hello world\n", 12);
    write_text(archive, "sub/empty", "", 0);
    write_text(archive, "sub/deeper/big", big, sizeof(big) - 1);
    snprintf(cmd, sizeof(cmd), "cd %s/tree && find . | LC_ALL=C sort | "
             "cpio -o -H %s --quiet > %s/a.cpio", dir, format, dir);
    assert_int_equal(system(cmd), 0);
    snprintf(archive, sizeof(archive), "%s/a.cpio", dir);
    buf = read_all(archive, &len);

    while ((rc = cpio_next(buf, len, &off, &e, err, sizeof(err))) == 1) {
        seen++;
        if (strcmp(e.name, "hello") == 0) {
            assert_int_equal(e.size, 12);
            assert_memory_equal(e.data, "hello world\n", 12);
            assert_int_equal(e.mode & CPIO_S_IFMT, CPIO_S_IFREG);
        } else if (strcmp(e.name, "sub/deeper/big") == 0) {
            assert_int_equal(e.size, sizeof(big) - 1);
            assert_memory_equal(e.data, big, sizeof(big) - 1);
        } else if (strcmp(e.name, "sub/empty") == 0) {
            assert_int_equal(e.size, 0);
        } else if (strcmp(e.name, ".") == 0 || strcmp(e.name, "sub") == 0 ||
                   strcmp(e.name, "sub/deeper") == 0) {
            assert_int_equal(e.mode & CPIO_S_IFMT, CPIO_S_IFDIR);
        } else {
            fail_msg("unexpected entry %s", e.name);
        }
    }
    if (rc != 0)
        fail_msg("%s", err);
    assert_int_equal(seen, 6);
    assert_true(off <= len);    /* cpio pads the archive to 512 after it */
    free(buf);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

static void test_host_cpio_newc(void **state)
{
    (void)state;
    if (!have_cpio())
        skip();
    host_archive("newc");
}

static void test_host_cpio_crc(void **state)
{
    (void)state;
    if (!have_cpio())
        skip();
    host_archive("crc");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_entries_and_fields),
        cmocka_unit_test(test_only_trailer),
        cmocka_unit_test(test_padding_combinations),
        cmocka_unit_test(test_lowercase_hex),
        cmocka_unit_test(test_trailer_padding_cut),
        cmocka_unit_test(test_last_data_padding_cut),
        cmocka_unit_test(test_crc_variant),
        cmocka_unit_test(test_newc_ignores_check),
        cmocka_unit_test(test_bad_magic),
        cmocka_unit_test(test_non_hex_digit),
        cmocka_unit_test(test_truncated_header),
        cmocka_unit_test(test_namesize_zero),
        cmocka_unit_test(test_name_not_terminated),
        cmocka_unit_test(test_name_with_inner_nul),
        cmocka_unit_test(test_name_past_end),
        cmocka_unit_test(test_data_past_end),
        cmocka_unit_test(test_data_start_past_end),
        cmocka_unit_test(test_missing_trailer),
        cmocka_unit_test(test_empty_and_offset_past_end),
        cmocka_unit_test(test_err_null_and_small),
        cmocka_unit_test(test_prefixes_and_flips),
        cmocka_unit_test(test_host_cpio_newc),
        cmocka_unit_test(test_host_cpio_crc),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
