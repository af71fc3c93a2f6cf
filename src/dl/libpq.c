#include "libpq.h"

#include "load.h"

static rt_pq table;
static atomic_bool loaded;

int rt_pq_load(const rt_pq **out, const char *for_what, rt_error *err)
{
    static const rt_dl_symbol symbols[] = {
#define RT_PQ_SYMBOL(name) {"PQ" #name, &table.name},
        RT_PQ_FUNCTIONS(RT_PQ_SYMBOL)
#undef RT_PQ_SYMBOL
    };
    int rc = rt_dl_load(&loaded, "libpq", RT_LIBPQ_SONAME, for_what, symbols,
                        sizeof symbols / sizeof *symbols, err);
    *out = rc == RT_OK ? &table : NULL;
    return rc;
}
