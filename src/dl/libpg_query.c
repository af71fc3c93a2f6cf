#include "libpg_query.h"

#include "load.h"

static rt_pg_query table;
static atomic_bool loaded;

int rt_pg_query_load(const rt_pg_query **out, rt_error *err)
{
    static const rt_dl_symbol symbols[] = {
#define RT_PG_QUERY_SYMBOL(name) {#name, &table.name},
        RT_PG_QUERY_SYMBOLS(RT_PG_QUERY_SYMBOL)
#undef RT_PG_QUERY_SYMBOL
    };
    int rc = rt_dl_load(&loaded, "libpg_query", RT_PG_QUERY_SONAME, "parsing SQL", symbols,
                        sizeof symbols / sizeof *symbols, err);
    *out = rc == RT_OK ? &table : NULL;
    return rc;
}
