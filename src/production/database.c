/* Production from a PostgreSQL database (libpq): the heads in Alembic's version table.
 * The URL stays in the environment: messages name the variable, the host and the
 * database, never the URL or anything libpq echoes from it. */
#include <stdlib.h>
#include <string.h>

#include "dl/libpq.h"
#include "internal.h"
#include "retort/buf.h"

typedef struct db_reader {
    const rt_pq *pq;
    rt_production *prod;
    const char *env;
    PGconn *conn;
    rt_error *err;
} db_reader;

static int oom(db_reader *d)
{
    return rt_error_set(d->err, RT_ENOMEM, NULL, 0, 0, "out of memory");
}

static const char *or_default(const char *s, const char *fallback)
{
    return s && s[0] ? s : fallback;
}

/* The first line of a libpq message, unless it could quote the URL's password. */
static void first_line(rt_buf *out, const char *msg, const char *password)
{
    size_t n = strcspn(msg, "\n");
    if (password && password[0] && strstr(msg, password)) {
        rt_buf_puts(out, "the server refused the connection");
        return;
    }
    rt_buf_put(out, msg, n);
}

/* "database (host H, database D, from $ENV)" for messages and the source's name. */
static int describe(db_reader *d)
{
    rt_buf b = RT_BUF_INIT;
    rt_buf_printf(&b, "production (database %s on host %s, from $%s)",
                  or_default(d->pq->db(d->conn), "?"),
                  or_default(d->pq->host(d->conn), "localhost"), d->env);
    d->prod->source = b.toobig ? NULL : rt_arena_strndup(d->prod->arena, rt_buf_cstr(&b), b.len);
    rt_buf_free(&b);
    return d->prod->source ? RT_OK : oom(d);
}

static const char *option_value(const PQconninfoOption *opts, const char *keyword)
{
    for (const PQconninfoOption *o = opts; o && o->keyword; o++)
        if (strcmp(o->keyword, keyword) == 0)
            return o->val;
    return NULL;
}

static int connect_db(db_reader *d, const char *url)
{
    char *parse_error = NULL;
    PQconninfoOption *parsed = d->pq->conninfoParse(url, &parse_error);
    if (!parsed) {
        d->pq->freemem(parse_error);
        return rt_error_set(d->err, RT_ECONFIG, NULL, 0, 0,
                            "production database_url_env: $%s does not hold a valid "
                            "PostgreSQL URL or connection string", d->env);
    }
    bool has_timeout = option_value(parsed, "connect_timeout") != NULL;
    const char *keys[] = {"connect_timeout", "dbname", "options", NULL};
    const char *vals[] = {"5", url, "-c default_transaction_read_only=on", NULL};
    size_t first = has_timeout ? 1 : 0;
    d->conn = d->pq->connectdbParams(keys + first, vals + first, 1);
    int rc = RT_OK;
    if (!d->conn) {
        rc = oom(d);
    } else if (describe(d) != RT_OK) {
        rc = RT_ENOMEM;
    } else if (d->pq->status(d->conn) != CONNECTION_OK) {
        rt_buf why = RT_BUF_INIT;
        first_line(&why, d->pq->errorMessage(d->conn), option_value(parsed, "password"));
        rc = rt_error_set(d->err, RT_EIO, NULL, 0, 0, "cannot connect to %s: %s",
                          d->prod->source, why.toobig ? "?" : rt_buf_cstr(&why));
        rt_buf_free(&why);
    }
    d->pq->conninfoFree(parsed);
    return rc;
}

/* SELECT version_num FROM "schema"."table", identifiers quoted by libpq. */
static char *version_query(db_reader *d, const rt_production_sources *src)
{
    const char *table = or_default(src->version_table, "alembic_version");
    const char *schema = src->version_table_schema;
    char *qt = d->pq->escapeIdentifier(d->conn, table, strlen(table));
    char *qs = schema && schema[0] ? d->pq->escapeIdentifier(d->conn, schema, strlen(schema))
                                   : NULL;
    char *sql = NULL;
    if (qt && (qs || !(schema && schema[0]))) {
        rt_buf b = RT_BUF_INIT;
        rt_buf_printf(&b, "SELECT version_num FROM %s%s%s", qs ? qs : "", qs ? "." : "", qt);
        sql = b.toobig ? NULL : rt_buf_detach(&b);
        rt_buf_free(&b);
    }
    d->pq->freemem(qt);
    d->pq->freemem(qs);
    return sql;
}

static int take_heads(db_reader *d, const PGresult *res)
{
    int rows = d->pq->ntuples(res);
    rt_production *prod = d->prod;
    prod->heads = rt_arena_calloc(prod->arena, rows > 0 ? (size_t)rows : 1, sizeof *prod->heads);
    if (!prod->heads)
        return oom(d);
    for (int i = 0; i < rows; i++) {
        if (d->pq->getisnull(res, i, 0))
            continue;
        const char *v = d->pq->getvalue(res, i, 0);
        char *copy = rt_arena_strndup(prod->arena, v, (size_t)d->pq->getlength(res, i, 0));
        if (!copy)
            return oom(d);
        prod->heads[prod->head_count++] = rt_str_from(copy);
    }
    return RT_OK;
}

static int query_heads(db_reader *d, const rt_production_sources *src)
{
    char *sql = version_query(d, src);
    if (!sql)
        return oom(d);
    PGresult *res = d->pq->exec(d->conn, sql);
    free(sql);
    int rc = RT_OK;
    if (d->pq->resultStatus(res) == PGRES_TUPLES_OK) {
        rc = take_heads(d, res);
    } else {
        const char *state = d->pq->resultErrorField(res, PG_DIAG_SQLSTATE);
        bool no_table = state && strcmp(state, "42P01") == 0;
        rt_buf why = RT_BUF_INIT;
        first_line(&why, res ? d->pq->resultErrorMessage(res) : d->pq->errorMessage(d->conn),
                   NULL);
        rc = rt_error_set(d->err, RT_EIO, NULL, 0, 0, "cannot read the version table of %s: %s",
                          d->prod->source,
                          no_table ? "the version table does not exist (did Alembic ever run "
                                     "there? see production.version_table)"
                                   : (why.toobig ? "?" : rt_buf_cstr(&why)));
        rt_buf_free(&why);
    }
    d->pq->clear(res);
    return rc;
}

int rt_production_read_database(rt_production *prod, const rt_production_sources *src,
                                rt_error *err)
{
    db_reader d = {.prod = prod, .env = src->database_url_env, .err = err};
    const char *url = getenv(src->database_url_env);
    if (!url || !url[0])
        return rt_error_set(err, RT_ECONFIG, NULL, 0, 0,
                            "production database_url_env: the environment variable %s is "
                            "not set", src->database_url_env);
    int rc = rt_pq_load(&d.pq, "production database_url_env", err);
    if (rc != RT_OK)
        return rc;
    rc = connect_db(&d, url);
    if (rc == RT_OK)
        rc = query_heads(&d, src);
    d.pq->finish(d.conn);
    return rc;
}
