/* Unit tests for dom0's /etc/fstab reader (dom0/kernel/fstab.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <dom0/fstab.h>

#define MAX 8

static struct fstab_entry got[MAX];
static unsigned int nr_got;
static char reports[MAX][300];
static unsigned int nr_reports;

static void each(void *arg, const struct fstab_entry *e)
{
    assert_ptr_equal(arg, got);
    assert_true(nr_got < MAX);
    got[nr_got++] = *e;
}

static void report(void *arg, unsigned int line, const char *msg)
{
    assert_ptr_equal(arg, got);
    assert_true(nr_reports < MAX);
    snprintf(reports[nr_reports++], sizeof(reports[0]), "%u: %s", line, msg);
}

/* Parse text from a heap block of exactly its length (ASan sees overruns). */
static unsigned int parse(const char *text)
{
    size_t len = strlen(text);
    char *copy = malloc(len ? len : 1);
    unsigned int n;

    assert_non_null(copy);
    memcpy(copy, text, len);
    nr_got = nr_reports = 0;
    n = fstab_parse(copy, len, each, report, got);
    free(copy);
    assert_int_equal(n, nr_got);
    return n;
}

static void test_netbsd_lines(void **state)
{
    (void)state;
    assert_int_equal(parse("# device mount type options dump pass\n"
                           "/dev/vda1\t/n0  ext2 rw 1 2\n"
                           "\n"
                           "/dev/vdb /var/log ext2 ro,noauto   # spare\n"
                           "/dev/vdc /mnt ext2 rw"), 3);
    assert_int_equal(nr_reports, 0);
    assert_string_equal(got[0].dev, "vda1");
    assert_string_equal(got[0].dir, "/n0");
    assert_string_equal(got[0].type, "ext2");
    assert_false(got[0].read_only);
    assert_false(got[0].noauto);
    assert_int_equal(got[0].line, 2);
    assert_string_equal(got[1].dir, "/var/log");
    assert_true(got[1].read_only);
    assert_true(got[1].noauto);
    assert_int_equal(got[1].line, 4);
    assert_string_equal(got[2].dev, "vdc");
    assert_int_equal(got[2].line, 5);
}

static void test_bad_lines_are_named_and_skipped(void **state)
{
    (void)state;
    assert_int_equal(parse("/dev/vda1 /n0 ext2\n"
                           "vda1 /n0 ext2 rw\n"
                           "/dev/ /n0 ext2 rw\n"
                           "/dev/a/b /n0 ext2 rw\n"
                           "/dev/vda1 n0 ext2 rw\n"
                           "/dev/vda1 /n0 ext2 rw 1 2 3\n"
                           "/dev/vda1 /n0 ext2 rw,log,,noatime\n"), 1);
    assert_int_equal(nr_reports, 8);
    assert_string_equal(reports[0], "1: needs device, mount point, type and options");
    assert_string_equal(reports[1], "2: the device must be /dev/NAME");
    assert_string_equal(reports[2], "3: the device must be /dev/NAME");
    assert_string_equal(reports[3], "4: the device must be /dev/NAME");
    assert_string_equal(reports[4], "5: the mount point must be an absolute path");
    assert_string_equal(reports[5], "6: more than six fields");
    assert_string_equal(reports[6], "7: option 'log' ignored");
    assert_string_equal(reports[7], "7: option 'noatime' ignored");
    assert_int_equal(got[0].line, 7);
}

static void test_long_field_refused(void **state)
{
    char text[600];

    (void)state;
    snprintf(text, sizeof(text), "/dev/vda /%0300d ext2 rw\n", 0);
    assert_int_equal(parse(text), 0);
    assert_string_equal(reports[0], "1: a field longer than 255 bytes");
}

static void test_empty_and_comments_only(void **state)
{
    (void)state;
    assert_int_equal(parse(""), 0);
    assert_int_equal(parse("   \n# nothing\n\t\n"), 0);
    assert_int_equal(nr_reports, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_netbsd_lines),
        cmocka_unit_test(test_bad_lines_are_named_and_skipped),
        cmocka_unit_test(test_long_field_refused),
        cmocka_unit_test(test_empty_and_comments_only),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
