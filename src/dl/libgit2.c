#include "libgit2.h"

#include "load.h"

static rt_git2 table;
static atomic_bool loaded;

int rt_git2_load(const rt_git2 **out, const char *for_what, rt_error *err)
{
    static const rt_dl_symbol symbols[] = {
#define RT_GIT2_SYMBOL(name) {"git_" #name, &table.name},
        RT_GIT2_FUNCTIONS(RT_GIT2_SYMBOL)
#undef RT_GIT2_SYMBOL
    };
    int rc = rt_dl_load(&loaded, "libgit2", RT_LIBGIT2_SONAME, for_what, symbols,
                        sizeof symbols / sizeof *symbols, err);
    *out = rc == RT_OK ? &table : NULL;
    return rc;
}
