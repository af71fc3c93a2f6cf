/* retort.sum: strict reading, CRLF-blind hashing, and signing that is locked, atomic,
 * and leaves the previous file intact whatever fails. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "retort/sumfile.h"

static char dir[] = "/tmp/retort-sum-XXXXXX";
static rt_arena *arena;

static void setup(void)
{
    strcpy(dir, "/tmp/retort-sum-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    arena = rt_arena_new();
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
    rt_arena_free(arena);
}

static void write_file(const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
}

static char *read_file(const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    static char buf[65536];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

#define HASH_A "sha256:" "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

Test(sumfile, parses_sorted_entries_and_comments)
{
    const char text[] = "# header\n\nb_two.py " HASH_A "\r\na_one.py " HASH_A "\n";
    rt_sumfile sum;
    rt_error err;
    rt_arena *a = rt_arena_new();
    cr_assert_eq(rt_sumfile_parse(&sum, a, "retort.sum", text, sizeof text - 1, &err), RT_OK,
                 "%s", err.message);
    cr_assert_eq(sum.count, 2);
    cr_assert_str_eq(sum.entries[0].name, "a_one.py");
    cr_assert_eq(sum.entries[0].line, 4);
    cr_assert_not_null(rt_sumfile_find(&sum, "b_two.py"));
    cr_assert_null(rt_sumfile_find(&sum, "c.py"));
    cr_assert_eq(sum.entries[1].hash[0], 0x01);
    rt_arena_free(a);
}

static void expect_error(const char *text, unsigned line, unsigned column, const char *needle)
{
    rt_sumfile sum;
    rt_error err;
    rt_arena *a = rt_arena_new();
    int rc = rt_sumfile_parse(&sum, a, "retort.sum", text, strlen(text), &err);
    cr_assert_eq(rc, RT_EPARSE, "accepted: %s", text);
    cr_assert_eq(err.line, line, "line %u for %s", err.line, text);
    cr_assert_eq(err.column, column, "column %u for %s", err.column, text);
    cr_assert(strstr(err.message, needle), "message '%s' lacks '%s'", err.message, needle);
    rt_arena_free(a);
}

Test(sumfile, rejects_every_malformed_line_with_its_position)
{
    expect_error("a.py\n", 1, 1, "no space");
    expect_error("# c\na.py md5:abc\n", 2, 6, "sha256:");
    expect_error("a.py sha256:0123\n", 1, 13, "64 lowercase hex");
    expect_error("a.py " HASH_A " trailing\n", 1, 13, "64 lowercase hex");
    expect_error("a.py sha256:0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef\n",
                 1, 23, "hex digit");
    expect_error("a.py " HASH_A "\nb.py " HASH_A "\na.py " HASH_A "\n", 3, 1, "listed twice");
    expect_error("dir/a.py " HASH_A "\n", 1, 1, "invalid file name");
    expect_error(" a.py " HASH_A "\n", 1, 1, "invalid file name");
}

Test(sumfile, crlf_and_lf_checkouts_hash_identically)
{
    unsigned char lf[RT_HASH_LEN], crlf[RT_HASH_LEN], cr[RT_HASH_LEN];
    rt_hash_migration("a = 1\nb = 2\n", 12, lf);
    rt_hash_migration("a = 1\r\nb = 2\r\n", 14, crlf);
    rt_hash_migration("a = 1\rb = 2\r", 12, cr);
    cr_assert_eq(memcmp(lf, crlf, RT_HASH_LEN), 0);
    cr_assert_neq(memcmp(lf, cr, RT_HASH_LEN), 0, "a lone CR is content, not a line end");
    char hex[72];
    rt_hash_migration("", 0, lf);
    rt_hash_format(lf, hex);
    cr_assert_str_eq(hex, "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

Test(sign, records_sorted_and_reports_each_action, .init = setup, .fini = teardown)
{
    write_file("b.py", "b = 1\n");
    write_file("a.py", "a = 1\n");
    const char *names[] = {"b.py", "a.py"};
    rt_sign_result *r;
    rt_error err;
    cr_assert_eq(rt_sumfile_sign(arena, dir, names, 2, 0, &r, &err), RT_OK, "%s", err.message);
    cr_assert_eq(r[0].action, RT_SIGN_ADDED);
    char *text = read_file("retort.sum");
    cr_assert(strncmp(text, "# retort.sum:", 13) == 0);
    cr_assert(strstr(text, "a.py sha256:") < strstr(text, "b.py sha256:"), "not sorted: %s", text);

    write_file("a.py", "a = 2\n");
    cr_assert_eq(rt_sumfile_sign(arena, dir, names + 1, 1, 0, &r, &err), RT_OK);
    cr_assert_eq(r[0].action, RT_SIGN_CHANGED);
    cr_assert_eq(rt_sumfile_sign(arena, dir, names + 1, 1, 0, &r, &err), RT_OK);
    cr_assert_eq(r[0].action, RT_SIGN_UNCHANGED);
    rt_sumfile sum;
    cr_assert_eq(rt_sumfile_read(&sum, arena, dir, &err), RT_OK);
    cr_assert_eq(sum.count, 2, "signing one file keeps the others");
}

Test(sign, keeps_the_mode_of_the_existing_file, .init = setup, .fini = teardown)
{
    write_file("a.py", "a = 1\n");
    write_file("retort.sum", "");
    char path[256];
    snprintf(path, sizeof path, "%s/retort.sum", dir);
    cr_assert_eq(chmod(path, 0640), 0);
    const char *names[] = {"a.py"};
    rt_sign_result *r;
    cr_assert_eq(rt_sumfile_sign(arena, dir, names, 1, 0, &r, NULL), RT_OK);
    struct stat st;
    cr_assert_eq(stat(path, &st), 0);
    cr_assert_eq(st.st_mode & 0777, 0640);
}

Test(sign, refuses_a_corrupted_sum_and_leaves_it_alone, .init = setup, .fini = teardown)
{
    write_file("a.py", "a = 1\n");
    write_file("retort.sum", "garbage line\n");
    const char *names[] = {"a.py"};
    rt_sign_result *r;
    rt_error err;
    cr_assert_eq(rt_sumfile_sign(arena, dir, names, 1, 0, &r, &err), RT_EPARSE);
    cr_assert_eq(err.line, 1);
    cr_assert_str_eq(read_file("retort.sum"), "garbage line\n");
}

Test(sign, refuses_symlinks_and_missing_files, .init = setup, .fini = teardown)
{
    write_file("real.py", "x = 1\n");
    char link[256];
    snprintf(link, sizeof link, "%s/link.py", dir);
    cr_assert_eq(symlink("/etc/passwd", link), 0);
    const char *names[] = {"link.py"};
    rt_sign_result *r;
    rt_error err;
    cr_assert_eq(rt_sumfile_sign(arena, dir, names, 1, 0, &r, &err), RT_EIO);
    cr_assert(strstr(err.message, "symbolic link"));
    const char *missing[] = {"nope.py"};
    cr_assert_eq(rt_sumfile_sign(arena, dir, missing, 1, 0, &r, &err), RT_EIO);
    cr_assert_null(read_file("retort.sum"), "a failed sign must not create retort.sum");
}

Test(sign, refuses_a_directory_a_symlink_leads_out_of_the_project, .init = setup,
     .fini = teardown)
{
    char project[300], outside[300], link[320];
    snprintf(project, sizeof project, "%s/project", dir);
    snprintf(outside, sizeof outside, "%s/outside", dir);
    snprintf(link, sizeof link, "%s/versions", project);
    cr_assert_eq(mkdir(project, 0755), 0);
    cr_assert_eq(mkdir(outside, 0755), 0);
    cr_assert_eq(symlink(outside, link), 0);
    write_file("outside/a.py", "a = 1\n");
    cr_assert_eq(chdir(project), 0);
    const char *names[] = {"a.py"};
    rt_sign_result *r;
    rt_error err;
    cr_assert_eq(rt_sumfile_sign(arena, "versions", names, 1, 0, &r, &err), RT_EIO);
    cr_assert(strstr(err.message, "symbolic link"), "%s", err.message);
    cr_assert_null(read_file("outside/retort.sum"), "nothing may be written outside");
    /* Named as what it is (outside the working directory), it may be signed. */
    cr_assert_eq(rt_sumfile_sign(arena, outside, names, 1, 0, &r, &err), RT_OK);
    cr_assert_not_null(read_file("outside/retort.sum"));
}

Test(sign, a_failed_write_leaves_the_previous_sum_intact, .init = setup, .fini = teardown)
{
    write_file("a.py", "a = 1\n");
    const char *names[] = {"a.py"};
    rt_sign_result *r;
    cr_assert_eq(rt_sumfile_sign(arena, dir, names, 1, 0, &r, NULL), RT_OK);
    static char before[65536];
    snprintf(before, sizeof before, "%s", read_file("retort.sum"));
    write_file("a.py", "a = 2\n");
    /* Simulate a full disk: writes beyond 16 bytes fail with EFBIG. */
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit lim = {16, 16};
    cr_assert_eq(setrlimit(RLIMIT_FSIZE, &lim), 0);
    rt_error err;
    cr_assert_eq(rt_sumfile_sign(arena, dir, names, 1, 0, &r, &err), RT_EIO);
    cr_assert_str_eq(read_file("retort.sum"), before);
    cr_assert(strstr(err.message, "cannot write"), "%s", err.message);
}

Test(sign, concurrent_signs_lose_no_update, .init = setup, .fini = teardown)
{
    enum { WRITERS = 8 };
    for (int i = 0; i < WRITERS; i++) {
        char name[32];
        snprintf(name, sizeof name, "m%d.py", i);
        write_file(name, name);
    }
    pid_t pids[WRITERS];
    for (int i = 0; i < WRITERS; i++) {
        pids[i] = fork();
        cr_assert_geq(pids[i], 0);
        if (pids[i] == 0) {
            char name[32];
            snprintf(name, sizeof name, "m%d.py", i);
            const char *names[] = {name};
            rt_sign_result *r;
            rt_arena *a = rt_arena_new();
            for (int k = 0; k < 20; k++)
                if (rt_sumfile_sign(a, dir, names, 1, 0, &r, NULL) != RT_OK)
                    _exit(1);
            _exit(0);
        }
    }
    for (int i = 0; i < WRITERS; i++) {
        int status;
        cr_assert_eq(waitpid(pids[i], &status, 0), pids[i]);
        cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    rt_sumfile sum;
    rt_error err;
    cr_assert_eq(rt_sumfile_read(&sum, arena, dir, &err), RT_OK, "%s", err.message);
    cr_assert_eq(sum.count, WRITERS, "every concurrent sign must survive");
}

Test(sign, replace_all_drops_lines_of_files_not_listed, .init = setup, .fini = teardown)
{
    write_file("a.py", "a\n");
    write_file("retort.sum", "gone.py " HASH_A "\n");
    const char *names[] = {"a.py"};
    rt_sign_result *r;
    cr_assert_eq(rt_sumfile_sign(arena, dir, names, 1, RT_SIGN_REPLACE_ALL, &r, NULL), RT_OK);
    cr_assert_null(strstr(read_file("retort.sum"), "gone.py"));
}

/* A directory the signer may not write to (as root, the test drops to `nobody` in a
 * child, since root writes anywhere): a clear error, the old retort.sum intact. */
Test(sign, a_read_only_directory_is_an_error_and_changes_nothing, .init = setup, .fini = teardown)
{
    write_file("a.py", "a = 1\n");
    const char *names[] = {"a.py"};
    rt_sign_result *r;
    cr_assert_eq(rt_sumfile_sign(arena, dir, names, 1, 0, &r, NULL), RT_OK);
    static char before[65536];
    snprintf(before, sizeof before, "%s", read_file("retort.sum"));
    write_file("a.py", "a = 2\n");
    cr_assert_eq(chmod(dir, 0555), 0);
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
            _exit(3);
        rt_error err;
        int rc = rt_sumfile_sign(rt_arena_new(), dir, names, 1, 0, &r, &err);
        _exit(rc == RT_EIO && strstr(err.message, "temporary file") ? 0 : 1);
    }
    int status;
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    cr_assert(chmod(dir, 0755) == 0);
    cr_assert(WIFEXITED(status));
    cr_assert_eq(WEXITSTATUS(status), 0, "signing in a read-only directory must fail clearly");
    cr_assert_str_eq(read_file("retort.sum"), before);
}
