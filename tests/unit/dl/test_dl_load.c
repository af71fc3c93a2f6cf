/* rt_dl_load() and the lazily loaded libraries: a library or symbol that cannot be found
 * is an error naming the library, its file and the feature that needs it; a table loaded
 * once is the same table afterwards. */
#include <criterion/criterion.h>
#include <string.h>

#include "dl/libgit2.h"
#include "dl/libpq.h"
#include "dl/load.h"

typedef struct one_fn {
    size_t (*length)(const char *);
} one_fn;

Test(dl, a_missing_library_is_an_error_naming_it_and_the_feature)
{
    one_fn t = {0};
    rt_dl_symbol sym[] = {{"strlen", &t.length}};
    atomic_bool loaded = false;
    rt_error err = {0};
    int rc = rt_dl_load(&loaded, "libabsent", "libabsent-retort-test.so.0", "the feature X",
                        sym, 1, &err);
    cr_assert_eq(rc, RT_ENOTFOUND);
    cr_assert_not(loaded);
    cr_assert_null(t.length);
    cr_assert(strstr(err.message, "libabsent is needed for the feature X"), "%s", err.message);
    cr_assert(strstr(err.message, "libabsent-retort-test.so.0"), "%s", err.message);
}

Test(dl, a_missing_symbol_is_an_error_naming_it)
{
    one_fn t = {0};
    rt_dl_symbol sym[] = {{"rt_no_such_function_anywhere", &t.length}};
    atomic_bool loaded = false;
    rt_error err = {0};
    cr_assert_eq(rt_dl_load(&loaded, "libc", "libc.so.6", "Y", sym, 1, &err), RT_ENOTFOUND);
    cr_assert_not(loaded);
    cr_assert(strstr(err.message, "rt_no_such_function_anywhere"), "%s", err.message);
}

Test(dl, a_found_symbol_is_callable_and_loaded_once)
{
    one_fn t = {0};
    rt_dl_symbol sym[] = {{"strlen", &t.length}};
    atomic_bool loaded = false;
    rt_error err = {0};
    cr_assert_eq(rt_dl_load(&loaded, "libc", "libc.so.6", "Z", sym, 1, &err), RT_OK);
    cr_assert(loaded);
    cr_assert_eq(t.length("four"), 4);
    t.length = NULL;
    cr_assert_eq(rt_dl_load(&loaded, "libc", "libc.so.6", "Z", sym, 1, &err), RT_OK);
    cr_assert_null(t.length, "a loaded table is not resolved again");
}

Test(dl, libgit2_and_libpq_load_and_are_callable)
{
    rt_error err = {0};
    const rt_git2 *git = NULL;
    const rt_pq *pq = NULL;
    cr_assert_eq(rt_git2_load(&git, "a test", &err), RT_OK, "%s", err.message);
    cr_assert_eq(rt_pq_load(&pq, "a test", &err), RT_OK, "%s", err.message);
    const rt_git2 *again = NULL;
    cr_assert_eq(rt_git2_load(&again, "a test", &err), RT_OK);
    cr_assert_eq(again, git);
    int users = git->libgit2_init();
    cr_assert_geq(users, 1);
    cr_assert_eq(git->libgit2_shutdown(), users - 1);
    cr_assert_eq(pq->status(NULL), CONNECTION_BAD);
}
