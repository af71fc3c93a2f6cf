/* libpq, loaded on first use (see load.h). Calls go through the table: pq->finish(conn)
 * for PQfinish(conn). */
#ifndef RETORT_DL_LIBPQ_H
#define RETORT_DL_LIBPQ_H

#include <libpq-fe.h>

#include "retort/error.h"

/* Every libpq function retort calls, without its PQ prefix. */
#define RT_PQ_FUNCTIONS(X)                                                                    \
    X(conninfoParse) X(conninfoFree) X(connectdbParams) X(status) X(errorMessage) X(finish)   \
    X(db) X(host) X(escapeIdentifier) X(freemem) X(exec) X(resultStatus)                     \
    X(resultErrorField) X(resultErrorMessage) X(ntuples) X(getisnull) X(getvalue)            \
    X(getlength) X(clear)

typedef struct rt_pq {
#define RT_PQ_MEMBER(name) __typeof__(&PQ##name) name;
    RT_PQ_FUNCTIONS(RT_PQ_MEMBER)
#undef RT_PQ_MEMBER
} rt_pq;

/* Points *out at the libpq functions, loading libpq on the first call. Fails with
 * RT_ENOTFOUND and err naming libpq and for_what (the feature that needs it) when it cannot
 * be loaded. The table is static, never freed. Thread-safe. */
int rt_pq_load(const rt_pq **out, const char *for_what, rt_error *err);

#endif
