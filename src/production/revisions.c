/* The revision id of a migration at the git ref, from the migration model. */
#include <string.h>

#include "internal.h"
#include "retort/migration.h"

int rt_production_revision_of(rt_production *prod, const char *path, const char *bytes,
                              size_t len, rt_str *out, rt_error *err)
{
    *out = RT_STR_NULL;
    rt_migration *m = NULL;
    int rc = rt_migration_read(&m, prod->arena, path, bytes, len, err);
    if (rc != RT_OK)
        return rc;
    const rt_mig_ident *rev = &m->revision;
    if (rev->form == RT_MIG_ID_STRING && rev->count == 1 && rev->ids[0].p)
        *out = rev->ids[0];
    else if (rev->form == RT_MIG_ID_ABSENT && m->filename_revision.p)
        *out = m->filename_revision;
    return RT_OK;
}
