#include "files.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "retort/file_ops.h"
#include "retort/migration.h"
#include "retort/source.h"
#include "revisions.h"

#define MAX_THREADS 64
/* Deep enough for the bounded recursion of the parsers, also under sanitizers. */
#define THREAD_STACK (16u << 20)

/* One pass over the files, shared by its workers. */
typedef struct pass {
    rt_project *p;
    bool *has_revision;         /* per file: p->revisions[f] was filled */
    size_t *found;              /* per file: findings it added to its worker's list */
    unsigned char *worker_of;   /* per file: the worker that read it */
    pthread_mutex_t arena_lock; /* p->arena receives the revision records */
    atomic_size_t next;         /* the next file to start */
    atomic_size_t stop;         /* files from this index on are not started */
} pass;

typedef struct worker {
    pass *pass;
    unsigned id;
    rt_sink *sink;         /* &own, or the run's sink when this is the only worker */
    rt_sink own;
    rt_findings findings;  /* own.findings: this worker's, in the order of its files */
    size_t failed;         /* the file that failed, or SIZE_MAX */
    int rc;
    rt_error err;
} worker;

static bool is_python(const char *name)
{
    size_t n = strlen(name);
    return n > 3 && strcmp(name + n - 3, ".py") == 0;
}

static void run_file_rules(const rt_file_ctx *ctx, rt_sink *sink)
{
    const rt_base *base = ctx->project->base;
    if (ctx->file->context || (base && !rt_base_changed(base, ctx->file->path)))
        return;
    for (size_t i = 0; sink && i < rt_rule_count(); i++) {
        const rt_rule *rule = rt_rule_at(i);
        if (sink->severity[i] != RT_SEV_OFF && rule->check_file)
            rule->check_file(rule, ctx, sink);
    }
}

static int record_revision(pass *ps, size_t f, const rt_migration *m, rt_error *err)
{
    rt_project *p = ps->p;
    const rt_project_file *file = &p->files[f];
    pthread_mutex_lock(&ps->arena_lock);
    int rc = rt_revision_from_migration(&p->revisions[f], p->arena, file->path, file->name, m);
    pthread_mutex_unlock(&ps->arena_lock);
    if (rc != RT_OK)
        return rt_error_set(err, RT_ENOMEM, file->path, 0, 0, "out of memory");
    ps->has_revision[f] = true;
    return RT_OK;
}

/* Reads file f, models it when it is Python, hands it to the per-file rules (sink may be
 * NULL: no rules), and records its revision. */
static int process_file(pass *ps, size_t f, rt_sink *sink, rt_error *err)
{
    const rt_project_file *file = &ps->p->files[f];
    rt_source src;
    int rc = rt_source_read(&src, file->path, err);
    if (rc != RT_OK)
        return rc;
    if (sink)
        rt_suppress_cache_add(sink->suppress, file->path, src.data, src.len);
    rt_arena *arena = NULL;
    rt_migration *m = NULL;
    if (is_python(file->name)) {
        arena = rt_arena_new();
        rc = arena ? rt_migration_read_source(&m, arena, &src, err)
                   : rt_error_set(err, RT_ENOMEM, file->path, 0, 0, "out of memory");
    }
    if (rc == RT_OK) {
        rt_file_ops ops = {0};
        rt_file_ctx ctx = {.project = ps->p, .file = file, .source = &src, .migration = m,
                           .ops = &ops};
        run_file_rules(&ctx, sink);
        rt_file_ops_free(&ops);
        if (m)
            rc = record_revision(ps, f, m, err);
    }
    if (rc == RT_OK && sink && sink->status != RT_OK)
        rc = rt_error_set(err, sink->status, NULL, 0, 0, "out of memory collecting findings");
    rt_arena_free(arena);
    if (rc == RT_OK)
        ps->p->sources[f] = src; /* kept: later readers of the file use these bytes */
    else
        rt_source_free(&src);
    return rc;
}

/* Lowers ps->stop to f: no file after a failed one is started. */
static void stop_after(pass *ps, size_t f)
{
    size_t seen = atomic_load(&ps->stop);
    while (f < seen && !atomic_compare_exchange_weak(&ps->stop, &seen, f)) {
    }
}

/* Takes files in increasing order until none is left or one fails. Every file before a
 * failed one has been started by then (next only grows), so the first failure in file
 * order is always found. */
static void work(worker *w)
{
    pass *ps = w->pass;
    for (;;) {
        size_t f = atomic_fetch_add(&ps->next, 1);
        if (f >= ps->p->file_count || f >= atomic_load(&ps->stop))
            return;
        size_t before = w->sink ? w->sink->findings->count : 0;
        int rc = process_file(ps, f, w->sink, &w->err);
        ps->found[f] = (w->sink ? w->sink->findings->count : 0) - before;
        ps->worker_of[f] = (unsigned char)w->id;
        if (rc != RT_OK) {
            w->rc = rc;
            w->failed = f;
            stop_after(ps, f);
            return;
        }
    }
}

/* No rt_sql_shutdown() here: libpg_query frees a thread's memory contexts itself when
 * the thread exits (a thread-specific key's destructor); freeing them first would free
 * them twice. */
static void *thread_main(void *arg)
{
    work(arg);
    return NULL;
}

unsigned rt_engine_threads(size_t file_count)
{
    long n = 0;
    const char *env = getenv("RETORT_THREADS");
    if (env && env[0]) {
        char *end = NULL;
        unsigned long v = strtoul(env, &end, 10);
        n = *end == '\0' && v > 0 && v <= MAX_THREADS ? (long)v : 0;
    }
    if (n <= 0)
        n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n > MAX_THREADS)
        n = MAX_THREADS;
    if ((size_t)n > file_count)
        n = (long)file_count;
    return n > 1 ? (unsigned)n : 1;
}

/* A worker's own sink (the run's severities and cwd, its own findings and suppressions),
 * or the run's sink itself for a worker alone. Leaves nothing to free on failure. */
static int worker_init(worker *w, pass *ps, unsigned id, bool alone, rt_sink *run_sink)
{
    *w = (worker){.pass = ps, .id = id, .failed = SIZE_MAX, .rc = RT_OK, .sink = run_sink};
    if (!run_sink || alone)
        return RT_OK;
    if (rt_findings_init(&w->findings) != RT_OK)
        return RT_ENOMEM;
    w->own = (rt_sink){.findings = &w->findings, .severity = run_sink->severity,
                       .cwd = run_sink->cwd, .status = RT_OK,
                       .suppress = rt_suppress_cache_new()};
    if (!w->own.suppress) {
        rt_findings_free(&w->findings);
        return RT_ENOMEM;
    }
    w->sink = &w->own;
    return RT_OK;
}

static void worker_free(worker *w)
{
    if (w->sink != &w->own)
        return;
    rt_suppress_cache_free(w->own.suppress);
    rt_findings_free(&w->findings);
}

/* Runs workers[1..n) in threads and workers[0] in this one. A thread that cannot be
 * created leaves its share to the others. */
static void run_workers(worker *workers, unsigned n)
{
    pthread_t tid[MAX_THREADS];
    bool started[MAX_THREADS] = {false};
    pthread_attr_t attr;
    bool attr_ok = pthread_attr_init(&attr) == 0;
    if (attr_ok)
        pthread_attr_setstacksize(&attr, THREAD_STACK);
    for (unsigned i = 1; i < n; i++)
        started[i] = pthread_create(&tid[i], attr_ok ? &attr : NULL, thread_main,
                                    &workers[i]) == 0;
    work(&workers[0]);
    for (unsigned i = 1; i < n; i++)
        if (started[i])
            pthread_join(tid[i], NULL);
    if (attr_ok)
        pthread_attr_destroy(&attr);
}

/* The findings of every worker, appended to the run's sink in file order. */
static int merge_findings(const pass *ps, worker *workers, rt_sink *sink)
{
    size_t cursor[MAX_THREADS] = {0};
    for (size_t f = 0; f < ps->p->file_count; f++) {
        worker *w = &workers[ps->worker_of[f]];
        for (size_t k = 0; k < ps->found[f]; k++)
            if (rt_findings_add(sink->findings, &w->findings.items[cursor[w->id]++]) != RT_OK)
                return RT_ENOMEM;
    }
    return RT_OK;
}

/* p->revisions[f] for every file with a revision, moved down into file order. */
static void compact_revisions(rt_project *p, const bool *has_revision)
{
    size_t n = 0;
    for (size_t f = 0; f < p->file_count; f++)
        if (has_revision[f])
            p->revisions[n++] = p->revisions[f];
    p->revision_count = n;
}

/* The result of a pass: the first failure in file order, else the merged findings. */
static int finish(pass *ps, worker *workers, unsigned n, rt_sink *sink, rt_error *err)
{
    const worker *first = NULL;
    for (unsigned i = 0; i < n; i++)
        if (workers[i].rc != RT_OK && (!first || workers[i].failed < first->failed))
            first = &workers[i];
    if (first) {
        if (err)
            *err = first->err;
        return first->rc;
    }
    compact_revisions(ps->p, ps->has_revision);
    if (n == 1 || !sink)
        return RT_OK;
    for (unsigned i = 0; i < n; i++)
        rt_suppress_cache_absorb(sink->suppress, workers[i].own.suppress);
    if (merge_findings(ps, workers, sink) != RT_OK)
        return rt_error_set(err, RT_ENOMEM, NULL, 0, 0, "out of memory collecting findings");
    return RT_OK;
}

int rt_engine_read_files(rt_project *p, rt_sink *sink, unsigned threads, rt_error *err)
{
    unsigned n = threads < 1 ? 1 : threads > MAX_THREADS ? MAX_THREADS : threads;
    size_t files = p->file_count + 1;
    worker *workers = calloc(n, sizeof *workers);
    pass ps = {.p = p, .has_revision = calloc(files, sizeof(bool)),
               .found = calloc(files, sizeof(size_t)), .worker_of = calloc(files, 1)};
    atomic_init(&ps.next, 0);
    atomic_init(&ps.stop, SIZE_MAX);
    p->revisions = rt_arena_calloc(p->arena, files, sizeof *p->revisions);
    p->revision_count = 0;
    rt_project_sources_free(p);
    p->sources = calloc(files, sizeof *p->sources);
    bool locked = pthread_mutex_init(&ps.arena_lock, NULL) == 0;
    unsigned ready = 0;
    if (workers && ps.has_revision && ps.found && ps.worker_of && p->revisions && p->sources &&
        locked)
        while (ready < n && worker_init(&workers[ready], &ps, ready, n == 1, sink) == RT_OK)
            ready++;
    int rc;
    if (ready == n) {
        run_workers(workers, n);
        rc = finish(&ps, workers, n, sink, err);
    } else {
        rc = rt_error_set(err, RT_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (unsigned i = 0; i < ready; i++)
        worker_free(&workers[i]);
    if (locked)
        pthread_mutex_destroy(&ps.arena_lock);
    free(workers);
    free(ps.has_revision);
    free(ps.found);
    free(ps.worker_of);
    return rc;
}
