/*
 * Unit tests for dom0's xenstored: the store through the wire protocol
 * (dom0/xenstore/). Every request goes in as a client's bytes and every
 * reply is checked byte for byte, req_id and tx_id included, against
 * what Xen 4.17's xenstored answers (docs/misc/xenstore.txt and its
 * sources).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dom0_xs_fixture.h"

#define BUF (XENSTORE_PAYLOAD_MAX + 1)

/* /local/domain/<domid> owned by domid, as the toolstack makes it. */
static struct xs_conn *guest_home(unsigned int domid)
{
    char path[64], perm[16];
    int n = snprintf(perm, sizeof(perm), "n%u", domid);

    snprintf(path, sizeof(path), "/local/domain/%u", domid);
    assert_int_equal(xt_mkdir(xt_dom0, 0, path), 0);
    assert_int_equal(xt_set_perms(xt_dom0, 0, path, perm, (size_t)n + 1), 0);
    return xt_guest(domid);
}

static void test_initial_store(void **state)
{
    char out[BUF];

    (void)state;
    assert_int_equal(xt_read(xt_dom0, 0, "/", out), 0);
    assert_int_equal(xt_dir(xt_dom0, 0, "/", out), 0);
    assert_int_equal(xt_get_perms(xt_dom0, 0, "/", out), 3);
    assert_memory_equal(out, "n0", 3);
    assert_int_equal(xs_domain_nodes(0), 1);
}

static void test_write_creates_parents(void **state)
{
    char out[BUF];

    (void)state;
    assert_int_equal(xt_write(xt_dom0, 0, "/a/b/c", "value"), 0);
    xt_assert_value("/a/b/c", "value");
    xt_assert_value("/a/b", "");
    xt_assert_value("/a", "");
    assert_int_equal(xt_dir(xt_dom0, 0, "/", out), 2);
    assert_memory_equal(out, "a", 2);
    assert_int_equal(xt_dir(xt_dom0, 0, "/a", out), 2);
    assert_memory_equal(out, "b", 2);
    assert_int_equal(xt_dir(xt_dom0, 0, "/a/b/c", out), 0);
    assert_int_equal(xt_write(xt_dom0, 0, "/a/b/c", ""), 0);
    xt_assert_value("/a/b/c", "");
    assert_int_equal(xt_write(xt_dom0, 0, "/a", "top"), 0);
    xt_assert_value("/a", "top");
    assert_int_equal(xs_domain_nodes(0), 4);
}

static void test_binary_values(void **state)
{
    struct xt_msg m;

    (void)state;
    /* The value is everything after the path's NUL, NULs included. */
    assert_int_equal(xt_call(xt_dom0, XS_WRITE, 0, "/bin\0x\0\0y", 9, &m), 0);
    assert_int_equal(xt_call(xt_dom0, XS_READ, 0, P("/bin"), &m), 0);
    assert_int_equal(m.h.len, 4);
    assert_memory_equal(m.body, "x\0\0y", 4);
    /* An empty value: nothing after the NUL. */
    assert_int_equal(xt_call(xt_dom0, XS_WRITE, 0, P("/empty"), &m), 0);
    xt_assert_value("/empty", "");
    /* No NUL at all: no path. */
    assert_int_equal(xt_call(xt_dom0, XS_WRITE, 0, "/nonul", 6, &m),
                     -XEN_EINVAL);
    assert_int_equal(xt_call(xt_dom0, XS_WRITE, 0, "", 0, &m), -XEN_EINVAL);
}

static void test_mkdir(void **state)
{
    char out[BUF];

    (void)state;
    assert_int_equal(xt_mkdir(xt_dom0, 0, "/m/n"), 0);
    xt_assert_value("/m/n", "");
    assert_int_equal(xt_write(xt_dom0, 0, "/m/n", "kept"), 0);
    assert_int_equal(xt_mkdir(xt_dom0, 0, "/m/n"), 0);
    xt_assert_value("/m/n", "kept");
    assert_int_equal(xt_mkdir(xt_dom0, 0, "/m"), 0);
    assert_int_equal(xt_dir(xt_dom0, 0, "/m", out), 2);
}

static void test_rm(void **state)
{
    char out[BUF];

    (void)state;
    assert_int_equal(xt_write(xt_dom0, 0, "/r/a/x", "1"), 0);
    assert_int_equal(xt_write(xt_dom0, 0, "/r/a/y", "2"), 0);
    assert_int_equal(xt_write(xt_dom0, 0, "/r/b", "3"), 0);
    assert_int_equal(xt_rm(xt_dom0, 0, "/r/a"), 0);
    xt_assert_absent("/r/a");
    xt_assert_absent("/r/a/x");
    xt_assert_value("/r/b", "3");
    assert_int_equal(xt_dir(xt_dom0, 0, "/r", out), 2);
    assert_memory_equal(out, "b", 2);
    /* Absent, parent present: fine. Parent absent too: ENOENT. */
    assert_int_equal(xt_rm(xt_dom0, 0, "/r/a"), 0);
    assert_int_equal(xt_rm(xt_dom0, 0, "/r/a/x"), -XEN_ENOENT);
    assert_int_equal(xt_rm(xt_dom0, 0, "/"), -XEN_EINVAL);
    assert_int_equal(xt_rm(xt_dom0, 0, "/r"), 0);
    assert_int_equal(xt_dir(xt_dom0, 0, "/", out), 0);
    assert_int_equal(xs_domain_nodes(0), 1);
}

static void test_directory_keeps_order(void **state)
{
    char out[BUF];

    (void)state;
    assert_int_equal(xt_mkdir(xt_dom0, 0, "/d/zeta"), 0);
    assert_int_equal(xt_mkdir(xt_dom0, 0, "/d/alpha"), 0);
    assert_int_equal(xt_mkdir(xt_dom0, 0, "/d/mid"), 0);
    assert_int_equal(xt_dir(xt_dom0, 0, "/d", out), 15);
    assert_memory_equal(out, "zeta\0alpha\0mid", 15);
    assert_int_equal(xt_rm(xt_dom0, 0, "/d/alpha"), 0);
    assert_int_equal(xt_mkdir(xt_dom0, 0, "/d/alpha"), 0);
    assert_int_equal(xt_dir(xt_dom0, 0, "/d", out), 15);
    assert_memory_equal(out, "zeta\0mid\0alpha", 15);
}

/* DIRECTORY_PART "<path>\0<offset>\0" into m; its error or 0. */
static int dir_part(const char *path, unsigned int off, struct xt_msg *m)
{
    char buf[256];
    int n = snprintf(buf, sizeof(buf), "%s%c%u", path, 0, off);

    return xt_call(xt_dom0, XS_DIRECTORY_PART, 0, buf, (size_t)n + 1, m);
}

static void test_directory_part(void **state)
{
    char full[8 * BUF], name[64], gen[32];
    size_t flen = 0, off = 0;
    struct xt_msg m;

    (void)state;
    for (int i = 0; i < 300; i++) {     /* ~7 KB of names: three parts */
        int n = snprintf(name, sizeof(name), "/big/child-number-%03d", i);

        assert_int_equal(xt_mkdir(xt_dom0, 0, name), 0);
        memcpy(full + flen, name + 5, (size_t)n - 4);
        flen += (size_t)n - 4;
    }
    assert_int_equal(xt_dir(xt_dom0, 0, "/big", name), -XEN_E2BIG);
    gen[0] = '\0';
    for (int parts = 0;; parts++) {
        size_t glen, got;

        assert_true(parts < 3);
        assert_int_equal(dir_part("/big", (unsigned int)off, &m), 0);
        glen = strlen(m.body) + 1;
        if (parts == 0)
            memcpy(gen, m.body, glen);
        assert_string_equal(m.body, gen);    /* unchanged meanwhile */
        got = m.h.len - glen;
        if (off + got == flen + 1) {         /* the last: an empty string */
            assert_int_equal(m.body[m.h.len - 1], '\0');
            assert_int_equal(m.body[m.h.len - 2], '\0');
            assert_memory_equal(m.body + glen, full + off, got - 1);
            break;
        }
        assert_true(m.h.len <= XENSTORE_PAYLOAD_MAX);
        assert_memory_equal(m.body + glen, full + off, got);
        off += got;
    }
    /* Past the end: the generation and an empty string. */
    assert_int_equal(dir_part("/big", 100000, &m), 0);
    assert_int_equal(m.h.len, strlen(gen) + 2);
    /* A change to the list changes the generation. */
    assert_int_equal(xt_mkdir(xt_dom0, 0, "/big/new"), 0);
    assert_int_equal(dir_part("/big", 0, &m), 0);
    assert_string_not_equal(m.body, gen);
    /* Empty directory. */
    assert_int_equal(dir_part("/big/new", 0, &m), 0);
    assert_int_equal(m.h.len, strlen(m.body) + 2);
    /* Exactly two strings. */
    assert_int_equal(xt_call(xt_dom0, XS_DIRECTORY_PART, 0, P("/big"), &m),
                     -XEN_EINVAL);
    assert_int_equal(xt_call(xt_dom0, XS_DIRECTORY_PART, 0, P("/big\0" "0\0x"),
                             &m), -XEN_EINVAL);
    assert_int_equal(dir_part("/nothere", 0, &m), -XEN_ENOENT);
}

static void test_path_syntax(void **state)
{
    static const char *const bad[] = {
        "/a//b", "/a/", "/a b", "/a\tb", "/a.b", "/a:b", "/é", "//",
        "@introduceDomain", "/a/../b",
    };
    char path[3000], out[BUF];
    struct xt_msg m;

    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(xt_write(xt_dom0, 0, bad[i], "x"), -XEN_EINVAL);
        assert_int_equal(xt_read(xt_dom0, 0, bad[i], out), -XEN_EINVAL);
    }
    assert_int_equal(xt_write(xt_dom0, 0, "/Az09-_@/x", "ok"), 0);
    /* Not exactly one string: no path. */
    assert_int_equal(xt_call(xt_dom0, XS_READ, 0, "/a\0/b", 6, &m),
                     -XEN_EINVAL);
    assert_int_equal(xt_call(xt_dom0, XS_READ, 0, "/a", 2, &m), -XEN_EINVAL);
    assert_int_equal(xt_call(xt_dom0, XS_READ, 0, "", 0, &m), -XEN_EINVAL);
    /* 2048 bytes at most, after a /local/domain/<domid>/ prefix if any. */
    memset(path, 'p', sizeof(path));
    path[0] = '/';
    path[2048] = '\0';
    assert_int_equal(xt_write(xt_dom0, 0, path, "x"), 0);
    path[2048] = 'p';
    path[2049] = '\0';
    assert_int_equal(xt_write(xt_dom0, 0, path, "x"), -XEN_EINVAL);
    memset(path, 'p', sizeof(path));
    memcpy(path, "/local/domain/12345/", 20);
    path[20 + 2048] = '\0';
    assert_int_equal(xt_write(xt_dom0, 0, path, "x"), 0);
    path[20 + 2048] = 'p';
    path[20 + 2049] = '\0';
    assert_int_equal(xt_write(xt_dom0, 0, path, "x"), -XEN_EINVAL);
}

static void test_relative_paths(void **state)
{
    struct xs_conn *g = guest_home(3);
    char out[BUF];
    struct xt_msg m;

    (void)state;
    assert_int_equal(xt_write(g, 0, "device/vbd", "51712"), 0);
    xt_assert_value("/local/domain/3/device/vbd", "51712");
    assert_int_equal(xt_read(g, 0, "device/vbd", out), 5);
    assert_int_equal(xt_read(g, 0, "", out), -XEN_EINVAL);
    /* dom0's relative paths are under /local/domain/0. */
    assert_int_equal(xt_write(xt_dom0, 0, "name", "Domain-0"), 0);
    xt_assert_value("/local/domain/0/name", "Domain-0");
    assert_int_equal(xt_call(g, XS_GET_DOMAIN_PATH, 0, P("3"), &m), 0);
    assert_int_equal(m.h.len, 16);
    assert_memory_equal(m.body, "/local/domain/3", 16);
    assert_int_equal(xt_call(g, XS_GET_DOMAIN_PATH, 0, P("65535"), &m), 0);
    assert_string_equal(m.body, "/local/domain/65535");
    /* Any number a client sends fits (found by tests/fuzz/fuzz_xenstore). */
    assert_int_equal(xt_call(g, XS_GET_DOMAIN_PATH, 0, P("4294967295"), &m), 0);
    assert_int_equal(m.h.len, 25);
    assert_string_equal(m.body, "/local/domain/4294967295");
    assert_int_equal(xt_call(g, XS_GET_DOMAIN_PATH, 0, "3", 1, &m),
                     -XEN_EINVAL);
}

static void test_perms_format(void **state)
{
    char out[BUF];

    (void)state;
    assert_int_equal(xt_mkdir(xt_dom0, 0, "/p"), 0);
    assert_int_equal(xt_set_perms(xt_dom0, 0, "/p", P("r0\0b5\0w7\0n9")), 0);
    assert_int_equal(xt_get_perms(xt_dom0, 0, "/p", out), 12);
    assert_memory_equal(out, "r0\0b5\0w7\0n9", 12);
    /* Numbers as strtol(, , 0) reads them. */
    assert_int_equal(xt_set_perms(xt_dom0, 0, "/p", P("b0\0r0x10\0r011")), 0);
    assert_int_equal(xt_get_perms(xt_dom0, 0, "/p", out), 10);
    assert_memory_equal(out, "b0\0r16\0r9", 10);
    assert_int_equal(xt_set_perms(xt_dom0, 0, "/p", P("x0")), -XEN_EINVAL);
    assert_int_equal(xt_set_perms(xt_dom0, 0, "/p", P("r")), -XEN_EINVAL);
    assert_int_equal(xt_set_perms(xt_dom0, 0, "/p", P("r5x")), -XEN_EINVAL);
    assert_int_equal(xt_set_perms(xt_dom0, 0, "/p", P("r0\0")), -XEN_EINVAL);
    assert_int_equal(xt_set_perms(xt_dom0, 0, "/nope", P("r0")), -XEN_ENOENT);
    assert_int_equal(xt_call(xt_dom0, XS_SET_PERMS, 0, P("/p"),
                             (struct xt_msg[1]){ 0 }), -XEN_EINVAL);
    /* Unchanged by the failures. */
    assert_int_equal(xt_get_perms(xt_dom0, 0, "/p", out), 10);
    assert_memory_equal(out, "b0\0r16\0r9", 10);
}

static void test_guest_access(void **state)
{
    struct xs_conn *g = xt_guest(5);
    char out[BUF];

    (void)state;
    assert_int_equal(xt_write(xt_dom0, 0, "/data/x", "secret"), 0);
    assert_int_equal(xt_read(g, 0, "/data/x", out), -XEN_EACCES);
    assert_int_equal(xt_write(g, 0, "/data/x", "mine"), -XEN_EACCES);
    assert_int_equal(xt_dir(g, 0, "/data", out), -XEN_EACCES);
    /* An absent node under an unreadable parent: EACCES, not ENOENT. */
    assert_int_equal(xt_read(g, 0, "/data/nope", out), -XEN_EACCES);
    assert_int_equal(xt_set_perms(xt_dom0, 0, "/data", P("n0\0r5")), 0);
    assert_int_equal(xt_read(g, 0, "/data/nope", out), -XEN_ENOENT);
    assert_int_equal(xt_read(g, 0, "/data/x", out), -XEN_EACCES);
    assert_int_equal(xt_set_perms(xt_dom0, 0, "/data/x", P("r0")), 0);
    assert_int_equal(xt_read(g, 0, "/data/x", out), 6);  /* everyone reads */
    assert_int_equal(xt_write(g, 0, "/data/x", "mine"), -XEN_EACCES);
    assert_int_equal(xt_write(g, 0, "/data/new", "v"), -XEN_EACCES);
    assert_int_equal(xt_set_perms(xt_dom0, 0, "/data", P("n0\0b5")), 0);
    /* Created by the guest: its own, the rest inherited. */
    assert_int_equal(xt_write(g, 0, "/data/new/deep", "v"), 0);
    assert_int_equal(xt_get_perms(xt_dom0, 0, "/data/new/deep", out), 6);
    assert_memory_equal(out, "n5\0b5", 6);
    assert_int_equal(xt_get_perms(xt_dom0, 0, "/data/new", out), 6);
    assert_memory_equal(out, "n5\0b5", 6);
    assert_int_equal(xs_domain_nodes(5), 2);
    /* dom0 creating under it inherits as is. */
    assert_int_equal(xt_write(xt_dom0, 0, "/data/new/by0", "v"), 0);
    assert_int_equal(xt_get_perms(xt_dom0, 0, "/data/new/by0", out), 6);
    assert_memory_equal(out, "n5\0b5", 6);
    /* The owner may change the rest but not give it away. */
    assert_int_equal(xt_set_perms(g, 0, "/data/new", P("r5\0n7")), 0);
    assert_int_equal(xt_set_perms(g, 0, "/data/new", P("r7")), -XEN_EPERM);
    /* b is not ownership. */
    assert_int_equal(xt_set_perms(g, 0, "/data", P("n0\0b5")), -XEN_EACCES);
    assert_int_equal(xt_set_perms(g, 0, "/data/new",
                                  P("n5\0r1\0r2\0r3\0r4\0r6")), -XEN_ENOSPC);
    assert_int_equal(xt_set_perms(g, 0, "/data/new", P("n5\0r1\0r2\0r3\0r4")),
                     0);
    assert_int_equal(xt_rm(g, 0, "/data/new"), 0);
    assert_int_equal(xs_domain_nodes(5), 0);
}

static void test_first_matching_entry_wins(void **state)
{
    struct xs_conn *g = xt_guest(5);
    char out[BUF];

    (void)state;
    assert_int_equal(xt_write(xt_dom0, 0, "/m", "v"), 0);
    assert_int_equal(xt_set_perms(xt_dom0, 0, "/m", P("b0\0n5\0r5")), 0);
    assert_int_equal(xt_read(g, 0, "/m", out), -XEN_EACCES);
    assert_int_equal(xt_set_perms(xt_dom0, 0, "/m", P("b0\0n6")), 0);
    assert_int_equal(xt_read(g, 0, "/m", out), 1);       /* the default */
    assert_int_equal(xt_write(g, 0, "/m", "w"), 0);
}

static void test_missing_domains(void **state)
{
    struct xs_conn *g;
    char out[BUF];

    (void)state;
    xt_host.missing[9] = true;
    g = xt_guest(9);
    assert_int_equal(xt_write(xt_dom0, 0, "/n", "v"), 0);
    /* An entry for a domain that does not exist is kept, but ignored. */
    assert_int_equal(xt_set_perms(xt_dom0, 0, "/n", P("n0\0r9")), 0);
    assert_int_equal(xt_get_perms(xt_dom0, 0, "/n", out), 6);
    assert_memory_equal(out, "n0\0r9", 6);
    assert_int_equal(xt_read(g, 0, "/n", out), -XEN_EACCES);
    /* An owner that does not exist: ENOENT. */
    assert_int_equal(xt_set_perms(xt_dom0, 0, "/n", P("n9")), -XEN_ENOENT);
    assert_int_equal(xt_set_perms(xt_dom0, 0, "/n", P("n32752")),
                     -XEN_ENOENT);
}

static void test_set_target(void **state)
{
    struct xs_conn *dm, *guest;
    char out[BUF];

    (void)state;
    assert_int_equal(xt_call(xt_dom0, XS_INTRODUCE, 0, P("6\0" "100\0" "1"),
                             (struct xt_msg[1]){ 0 }), 0);
    assert_int_equal(xt_call(xt_dom0, XS_INTRODUCE, 0, P("7\0" "200\0" "2"),
                             (struct xt_msg[1]){ 0 }), 0);
    dm = xt_host.introduced[0];
    guest = xt_host.introduced[1];
    assert_int_equal(xt_write(xt_dom0, 0, "/vm7/state", "running"), 0);
    assert_int_equal(xt_set_perms(xt_dom0, 0, "/vm7/state", P("n7")), 0);
    assert_int_equal(xt_read(guest, 0, "/vm7/state", out), 7);
    assert_int_equal(xt_read(dm, 0, "/vm7/state", out), -XEN_EACCES);
    assert_int_equal(xt_call(xt_dom0, XS_SET_TARGET, 0, P("6\0" "7"),
                             (struct xt_msg[1]){ 0 }), 0);
    assert_int_equal(xt_read(dm, 0, "/vm7/state", out), 7);
    assert_int_equal(xt_set_perms(dm, 0, "/vm7/state", P("n7\0r6")), 0);
    assert_int_equal(xt_call(xt_dom0, XS_SET_TARGET, 0, P("6\0" "8"),
                             (struct xt_msg[1]){ 0 }), -XEN_ENOENT);
    assert_int_equal(xt_call(xt_dom0, XS_SET_TARGET, 0, P("6"),
                             (struct xt_msg[1]){ 0 }), -XEN_EINVAL);
}

static void test_privileged_requests(void **state)
{
    static const struct {
        uint32_t type;
        const char *payload;
        size_t len;
    } reqs[] = {
        { XS_INTRODUCE, P("5\0" "1\0" "1") },
        { XS_RELEASE, P("5") },
        { XS_IS_DOMAIN_INTRODUCED, P("5") },
        { XS_RESUME, P("5") },
        { XS_SET_TARGET, P("5\0" "6") },
        { XS_CONTROL, P("check") },
    };
    struct xs_conn *g = xt_guest(5);
    struct xt_msg m;

    (void)state;
    for (size_t i = 0; i < sizeof(reqs) / sizeof(reqs[0]); i++)
        assert_int_equal(xt_call(g, reqs[i].type, 0, reqs[i].payload,
                                 reqs[i].len, &m), -XEN_EACCES);
    assert_int_equal(xt_host.n_introduced, 0);
}

static void test_unknown_types(void **state)
{
    static const uint32_t types[] = {
        XS_WATCH_EVENT, XS_ERROR, 20, XS_GET_FEATURE, XS_SET_FEATURE,
        XS_GET_QUOTA, XS_SET_QUOTA, XS_TYPE_COUNT, 1000, XS_INVALID,
    };
    struct xt_msg m;

    (void)state;
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        uint32_t req = xt_send(xt_dom0, types[i], 77, P("x"));

        assert_true(xt_next(xt_dom0, &m));
        assert_int_equal(m.h.type, XS_ERROR);
        assert_int_equal(m.h.req_id, req);
        assert_int_equal(m.h.tx_id, 77);
        assert_int_equal(m.h.len, 7);
        assert_memory_equal(m.body, "ENOSYS", 7);
    }
}

static void test_bad_transaction_id(void **state)
{
    struct xt_msg m;
    char out[BUF];

    (void)state;
    assert_int_equal(xt_read(xt_dom0, 42, "/", out), -XEN_ENOENT);
    assert_int_equal(xt_write(xt_dom0, 42, "/x", "v"), -XEN_ENOENT);
    assert_int_equal(xt_call(xt_dom0, XS_TRANSACTION_END, 42, P("T"), &m),
                     -XEN_ENOENT);
    xt_assert_absent("/x");
}

static void test_domain_requests(void **state)
{
    struct xt_msg m;

    (void)state;
    assert_int_equal(xt_call(xt_dom0, XS_IS_DOMAIN_INTRODUCED, 0, P("0"), &m),
                     0);
    assert_int_equal(m.h.len, 2);
    assert_memory_equal(m.body, "T", 2);
    assert_int_equal(xt_call(xt_dom0, XS_IS_DOMAIN_INTRODUCED, 0, P("4"), &m),
                     0);
    assert_memory_equal(m.body, "F", 2);
    assert_int_equal(xt_call(xt_dom0, XS_INTRODUCE, 0, P("4\0" "4096\0" "17"),
                             &m), 0);
    assert_memory_equal(m.body, "OK", 3);
    assert_int_equal(xt_host.n_introduced, 1);
    assert_int_equal(xt_host.domids[0], 4);
    assert_int_equal(xt_host.mfns[0], 4096);
    assert_int_equal(xt_host.ports[0], 17);
    assert_int_equal(xt_call(xt_dom0, XS_IS_DOMAIN_INTRODUCED, 0, P("4"), &m),
                     0);
    assert_memory_equal(m.body, "T", 2);
    /* Again: the same connection, reset. */
    assert_int_equal(xt_call(xt_dom0, XS_INTRODUCE, 0, P("4\0" "4096\0" "18"),
                             &m), 0);
    assert_int_equal(xt_host.n_introduced, 1);
    assert_int_equal(xt_host.n_reintroduced, 1);
    assert_int_equal(xt_call(xt_dom0, XS_RESUME, 0, P("4"), &m), 0);
    assert_int_equal(xt_call(xt_dom0, XS_RESUME, 0, P("5"), &m), -XEN_ENOENT);
    assert_int_equal(xt_call(xt_dom0, XS_RESUME, 0, P("0"), &m), -XEN_EINVAL);
    assert_int_equal(xt_call(xt_dom0, XS_RELEASE, 0, P("4"), &m), 0);
    assert_int_equal(xt_host.n_released, 1);
    assert_int_equal(xt_call(xt_dom0, XS_IS_DOMAIN_INTRODUCED, 0, P("4"), &m),
                     0);
    assert_memory_equal(m.body, "F", 2);
    assert_int_equal(xt_call(xt_dom0, XS_RELEASE, 0, P("4"), &m), -XEN_ENOENT);
    assert_int_equal(xt_call(xt_dom0, XS_RELEASE, 0, P("0"), &m), -XEN_EINVAL);
    assert_int_equal(xt_call(xt_dom0, XS_RELEASE, 0, P("junk"), &m),
                     -XEN_EINVAL);
    /* Malformed introductions. */
    assert_int_equal(xt_call(xt_dom0, XS_INTRODUCE, 0, P("4\0" "1"), &m),
                     -XEN_EINVAL);
    assert_int_equal(xt_call(xt_dom0, XS_INTRODUCE, 0, P("4\0" "1\0" "0"),
                             &m), -XEN_EINVAL);
    assert_int_equal(xt_call(xt_dom0, XS_INTRODUCE, 0, P("0\0" "1\0" "3"),
                             &m), -XEN_EINVAL);
    xt_host.introduce_error = -XEN_EBUSY;
    assert_int_equal(xt_call(xt_dom0, XS_INTRODUCE, 0, P("4\0" "1\0" "3"),
                             &m), -XEN_EBUSY);
    assert_int_equal(xt_host.n_introduced, 1);
}

static void test_control(void **state)
{
    struct xt_msg m;

    (void)state;
    assert_int_equal(xt_call(xt_dom0, XS_CONTROL, 0, P("print\0hello there"),
                             &m), 0);
    assert_memory_equal(m.body, "OK", 3);
    assert_string_equal(xt_host.log, "hello there");
    assert_int_equal(xt_call(xt_dom0, XS_CONTROL, 0, P("check"), &m), 0);
    assert_int_equal(xt_call(xt_dom0, XS_CONTROL, 0, P("help"), &m), 0);
    assert_non_null(strstr(m.body, "print\t<string>\n"));
    assert_int_equal(m.h.len, strlen(m.body) + 1);
    assert_int_equal(xt_call(xt_dom0, XS_CONTROL, 0, P("print"), &m),
                     -XEN_EINVAL);
    assert_int_equal(xt_call(xt_dom0, XS_CONTROL, 0, P("check\0x"), &m),
                     -XEN_EINVAL);
    assert_int_equal(xt_call(xt_dom0, XS_CONTROL, 0, P("live-update"), &m),
                     -XEN_EINVAL);
    assert_int_equal(xt_call(xt_dom0, XS_CONTROL, 0, "", 0, &m), -XEN_EINVAL);
}

static void test_quota_nodes(void **state)
{
    struct xs_conn *g = guest_home(5);
    char path[64];

    (void)state;
    assert_int_equal(xs_domain_nodes(5), 1);
    /* In directories of 100: a longer child list would pass the size
     * quota first. */
    for (int i = 0; xs_domain_nodes(5) < XS_QUOTA_NODES; i++) {
        snprintf(path, sizeof(path), "d%d/c%d", i / 100, i % 100);
        assert_int_equal(xt_mkdir(g, 0, path), 0);
    }
    assert_int_equal(xt_mkdir(g, 0, "d9/one-more"), -XEN_ENOSPC);
    assert_int_equal(xt_write(g, 0, "d0/c1", "rewriting is fine"), 0);
    /* Two new levels need two: all or nothing. */
    assert_int_equal(xt_rm(g, 0, "d0/c1"), 0);
    assert_int_equal(xt_write(g, 0, "two/levels", "x"), -XEN_ENOSPC);
    xt_assert_absent("/local/domain/5/two");
    assert_int_equal(xt_write(g, 0, "one", "x"), 0);
    assert_int_equal(xs_domain_nodes(5), XS_QUOTA_NODES);
    /* dom0 is not bound; what it makes here inherits the owner. */
    assert_int_equal(xt_mkdir(xt_dom0, 0, "/local/domain/5/by-dom0"), 0);
    assert_int_equal(xs_domain_nodes(5), XS_QUOTA_NODES + 1);
}

static void test_quota_node_size(void **state)
{
    struct xs_conn *g = guest_home(5);
    /* Xen's record: 24-byte header, 8 per permission, value, children. */
    size_t max = XS_QUOTA_NODE_SIZE - 1 - 24 - 8;
    char *value = malloc(XENSTORE_PAYLOAD_MAX);

    (void)state;
    memset(value, 'v', XENSTORE_PAYLOAD_MAX);
    value[max] = '\0';
    assert_int_equal(xt_write(g, 0, "big", value), 0);
    value[max] = 'v';
    value[max + 1] = '\0';
    assert_int_equal(xt_write(g, 0, "big", value), -XEN_ENOSPC);
    assert_int_equal(xt_write(g, 0, "big2", value), -XEN_ENOSPC);
    xt_assert_absent("/local/domain/5/big2");
    /* The parent's child list counts too: "big" is full already. */
    assert_int_equal(xt_mkdir(g, 0, "big/child"), -XEN_ENOSPC);
    value[3000] = '\0';
    assert_int_equal(xt_write(xt_dom0, 0, "/local/domain/5/big", value), 0);
    free(value);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_initial_store, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_write_creates_parents, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_binary_values, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_mkdir, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_rm, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_directory_keeps_order, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_directory_part, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_path_syntax, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_relative_paths, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_perms_format, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_guest_access, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_first_matching_entry_wins, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_missing_domains, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_set_target, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_privileged_requests, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_unknown_types, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_bad_transaction_id, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_domain_requests, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_control, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_quota_nodes, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_quota_node_size, xt_setup, xt_teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
