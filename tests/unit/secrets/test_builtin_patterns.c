/* The scanner's built-in patterns are compiled on first use, so no scan proves that all
 * of them compile: this does. */
#include <criterion/criterion.h>

#include "retort/secrets.h"
#include "secrets/internal.h"

Test(secrets_builtin, every_pattern_compiles)
{
    rt_secrets_scanner *sc = NULL;
    rt_error err;
    cr_assert_eq(rt_secrets_scanner_new(&sc, NULL, &err), RT_OK, "%s", err.message);
    for (int i = 0; i < RX_COUNT; i++)
        cr_assert_not_null(secrets_builtin(sc, i), "built-in pattern %d", i);
    rt_secrets_scanner_free(sc);
}
