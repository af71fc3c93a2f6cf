/* libpg_query, loaded on first use (see load.h): about a third of retort's start-up went
 * to mapping and relocating it, while only SQL needs it. Calls go through the table:
 * pg->pg_query_exit() for pg_query_exit(). */
#ifndef RETORT_DL_LIBPG_QUERY_H
#define RETORT_DL_LIBPG_QUERY_H

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include "retort/error.h"

/* Every libpg_query symbol retort uses: its functions, the protobuf-c functions it
 * exports, and the descriptors (data) whose names and values retort reads. */
#define RT_PG_QUERY_SYMBOLS(X)                                                                \
    X(pg_query_parse_protobuf) X(pg_query_free_protobuf_parse_result)                        \
    X(pg_query__parse_result__unpack) X(pg_query_split_with_scanner)                         \
    X(pg_query_free_split_result) X(pg_query_parse_plpgsql)                                  \
    X(pg_query_free_plpgsql_parse_result) X(pg_query_exit)                                   \
    X(protobuf_c_message_descriptor_get_field) X(protobuf_c_enum_descriptor_get_value)       \
    X(pg_query__node__descriptor) X(pg_query__alter_table_type__descriptor)                  \
    X(pg_query__object_type__descriptor) X(pg_query__transaction_stmt_kind__descriptor)      \
    X(pg_query__reindex_object_type__descriptor)

typedef struct rt_pg_query {
#define RT_PG_QUERY_MEMBER(name) __typeof__(&name) name;
    RT_PG_QUERY_SYMBOLS(RT_PG_QUERY_MEMBER)
#undef RT_PG_QUERY_MEMBER
} rt_pg_query;

/* Points *out at libpg_query's symbols, loading it on the first call. Fails with
 * RT_ENOTFOUND and err naming libpg_query when it cannot be loaded. The table is static,
 * never freed. Thread-safe. */
int rt_pg_query_load(const rt_pg_query **out, rt_error *err);

#endif
