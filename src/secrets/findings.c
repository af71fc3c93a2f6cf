/* The secrets rules' shared walk: which files and values are scanned, where each secret
 * is written, which rule it belongs to, and how it is reported without its text. */
#include <ctype.h>
#include <dirent.h>
#include <string.h>

#include "retort/buf.h"
#include "retort/path.h"
#include "retort/project.h"
#include "retort/rule.h"
#include "retort/secrets.h"
#include "retort/source.h"

/* Names in messages are cut here; longer ones end with "...". */
#define SHOWN_NAME_MAX 64

/* The rule of each target, in rt_secrets_target order. */
static const char *const target_rule[RT_SECRETS_TARGET_COUNT] = {
    "credentials-in-alembic-ini", "credentials-in-source", "leaked-token",
    "weak-local-credentials"};

typedef struct walk {
    const rt_rule *rules[RT_SECRETS_TARGET_COUNT]; /* NULL: that rule does not run */
    rt_sink *sink;
    rt_secrets_scanner *scanner;
    rt_secret_list found;
} walk;

/* Where a scanned text is written and what it is. */
typedef struct place {
    const char *path;
    const char *key;       /* the ini or TOML key, or NULL for a file */
    const char *section;   /* the ini section or TOML table, or NULL */
    bool config;           /* alembic.ini or pyproject.toml */
} place;

/* A secret's position: line, column and exclusive end column on that line (0 when the
 * end is on another line or unknown: the mask then covers the rest of the line). */
typedef struct spot {
    unsigned line, column, end_column;
} spot;

/* How to find where a secret of the scanned text is written: exactly one of a text file
 * (src), an ini value (entry and its interpolated value) or a TOML string (toml, with the
 * file's bytes in raw, which may be NULL). */
typedef struct locator {
    rt_source *src;
    const rt_ini_entry *entry;
    const char *value;
    rt_source *raw;
    const rt_toml_value *toml;
    bool whole_line;   /* other values may share the line (a TOML array item) */
} locator;

static spot locate(const locator *l, const rt_secret *s);

static bool is_credential(const rt_secret *s)
{
    return s->detector == RT_SECRET_CREDENTIALS_URL ||
           s->detector == RT_SECRET_CREDENTIALS_QUERY ||
           s->detector == RT_SECRET_CREDENTIALS_ODBC || s->detector == RT_SECRET_CREDENTIALS_SQL;
}

static bool scheme_char(char c)
{
    return isalnum((unsigned char)c) || c == '+' || c == '.' || c == '-';
}

/* Whether the URL that holds credential s has a sqlite scheme (`sqlite+pysqlcipher://
 * :key@/file`): its "password" encrypts the database file, which travels with whoever
 * copies it, so an empty host does not make it a local, weak one. */
static bool sqlite_url(const char *text, const rt_secret *s)
{
    if (s->detector != RT_SECRET_CREDENTIALS_URL)
        return false;
    size_t i = s->start, floor = s->start > 512 ? s->start - 512 : 0;
    while (i >= floor + 3 && memcmp(text + i - 3, "://", 3) != 0)
        i--;
    if (i < floor + 3)
        return false;
    size_t end = i - 3, b = end;
    while (b > 0 && scheme_char(text[b - 1]))
        b--;
    return end - b >= 6 && rt_str_ieq_cstr((rt_str){text + b, 6}, "sqlite");
}

static rt_secrets_target target_of(const char *text, const rt_secret *s, bool config)
{
    if (!is_credential(s))
        return RT_SECRETS_TOKENS;
    if (s->local && !sqlite_url(text, s))
        return RT_SECRETS_WEAK_LOCAL;
    return config ? RT_SECRETS_IN_CONFIG : RT_SECRETS_IN_SOURCE;
}

/* The rule that reports s when it runs, else NULL. */
static const rt_rule *rule_for(const walk *w, const char *text, const rt_secret *s, bool config)
{
    return w->rules[target_of(text, s, config)];
}

/* Appends text as a safe name: printable ASCII, anything else as '?', cut at
 * SHOWN_NAME_MAX. */
static void put_name(rt_buf *b, const char *text, size_t len)
{
    for (size_t i = 0; i < len && i < SHOWN_NAME_MAX; i++) {
        unsigned char c = (unsigned char)text[i];
        rt_buf_putc(b, c >= 0x20 && c < 0x7F && c != '`' ? (char)c : '?');
    }
    if (len > SHOWN_NAME_MAX)
        rt_buf_puts(b, "...");
}

/* The user of a URL credential: the userinfo before the password's `:`. */
static rt_str url_user(const char *text, const rt_secret *s)
{
    if (s->detector != RT_SECRET_CREDENTIALS_URL || s->start == 0 || text[s->start - 1] != ':')
        return RT_STR_NULL;
    size_t end = s->start - 1, i = end;
    while (i > 0 && text[i - 1] != '/' && text[i - 1] != '@' && end - i < 256 &&
           (unsigned char)text[i - 1] > ' ')
        i--;
    return (rt_str){text + i, end - i};
}

/* Whether bytes [from, to) of the scanned text overlap any secret found in it: such a
 * user or host name is not shown (`https://<token>:x@host`). */
static bool holds_secret(const rt_secret_list *found, size_t from, size_t to)
{
    for (size_t i = 0; i < found->count; i++)
        if (found->items[i].start < to && from < found->items[i].end)
            return true;
    return false;
}

/* "for USER@HOST" when they are known and hold no secret. */
static void put_target(rt_buf *b, const rt_secret_list *found, const char *text,
                       const rt_secret *s)
{
    rt_str user = url_user(text, s);
    if (user.len && holds_secret(found, (size_t)(user.p - text),
                                 (size_t)(user.p - text) + user.len))
        user = RT_STR_NULL;
    bool host = s->host_end > s->host_start && !holds_secret(found, s->host_start, s->host_end);
    if (!user.len && !host)
        return;
    rt_buf_puts(b, " for ");
    if (user.len) {
        put_name(b, user.p, user.len);
        rt_buf_putc(b, '@');
    }
    if (host)
        put_name(b, text + s->host_start, s->host_end - s->host_start);
    else
        rt_buf_puts(b, "(no host)");
}

static void put_what(rt_buf *b, const rt_secret_list *found, const char *text,
                     const rt_secret *s, const place *at)
{
    if (at->key) {
        rt_buf_putc(b, '`');
        put_name(b, at->key, strlen(at->key));
        rt_buf_puts(b, "` in [");
        put_name(b, at->section, strlen(at->section));
        rt_buf_puts(b, "] holds ");
    } else {
        rt_buf_puts(b, "this file holds ");
    }
    if (s->detector == RT_SECRET_CREDENTIALS_SQL)
        rt_buf_puts(b, "SQL that sets a literal password");
    else if (is_credential(s))
        rt_buf_puts(b, "a literal password");
    else
        rt_buf_puts(b, "a committed key or token");
    put_target(b, found, text, s);
    rt_buf_printf(b, " (%s: %s)", s->id, s->masked);
    if (is_credential(s) && s->local && !sqlite_url(text, s))
        rt_buf_puts(b, "; the host is local or a test host");
}

/* Secrets beyond this many on one line mask the whole line (keeps masking linear). */
#define MASK_NEIGHBOURS_MAX 64

static void widen(unsigned *from, unsigned *to, spot other)
{
    if (other.column < *from)
        *from = other.column;
    if (*to && (!other.end_column || other.end_column > *to))
        *to = other.end_column;
}

/* The mask of finding index at where: every secret of the text that starts on that line
 * (the list is in text order, so they are its neighbours), so that the snippet of one
 * finding never shows another (a token as a URL's user name). */
static void mask_line(const walk *w, const locator *l, size_t index, spot where,
                      unsigned *from, unsigned *to)
{
    *from = where.column;
    *to = where.end_column;
    if (l->whole_line) {
        *from = 1;
        *to = 0;
        return;
    }
    size_t seen = 0;
    for (size_t j = index; j > 0 && seen <= MASK_NEIGHBOURS_MAX; j--) {
        spot other = locate(l, &w->found.items[j - 1]);
        if (other.line != where.line)
            break;
        widen(from, to, other);
        seen++;
    }
    for (size_t j = index + 1; j < w->found.count && seen <= MASK_NEIGHBOURS_MAX; j++) {
        spot other = locate(l, &w->found.items[j]);
        if (other.line != where.line)
            break;
        widen(from, to, other);
        seen++;
    }
    if (seen > MASK_NEIGHBOURS_MAX) {
        *from = 1;
        *to = 0;
    }
}

static void emit(walk *w, const rt_rule *rule, const char *text, size_t index, const place *at,
                 const locator *l, spot where)
{
    const rt_secret *s = &w->found.items[index];
    rt_buf msg = RT_BUF_INIT, key = RT_BUF_INIT;
    unsigned mask_from, mask_to;
    mask_line(w, l, index, where, &mask_from, &mask_to);
    put_what(&msg, &w->found, text, s, at);
    rt_buf_printf(&key, "%s:%s:%s", s->id, at->key ? at->key : "", s->sha256);
    rt_emit(w->sink, rule,
            &(rt_loc){.path = at->path,
                      .line = where.line,
                      .column = where.column,
                      .end_line = where.end_column ? where.line : 0,
                      .end_column = where.end_column,
                      .key = rt_buf_cstr(&key),
                      .mask_column = mask_from,
                      .mask_end_column = mask_to},
            NULL, "%s", rt_buf_cstr(&msg));
    rt_buf_free(&msg);
    rt_buf_free(&key);
}

static void report_error(walk *w, const rt_rule *rule, const rt_config *config,
                         const rt_error *err)
{
    const char *path = err->path[0] ? err->path : config ? config->path : NULL;
    rt_emit(w->sink, rule,
            &(rt_loc){.path = path ? path : ".retort.yaml", .line = err->line,
                      .column = err->column, .key = "scanner"},
            "fix the pattern in .retort.yaml's secrets section",
            "the secrets scanner could not start, so nothing was scanned: %s", err->message);
}

/* ---- Text files: env.py, migrations, .sql ---- */

static rt_secrets_comment comment_style(const char *path)
{
    rt_str p = rt_str_from(path);
    if (rt_str_ends_with(p, ".sql"))
        return RT_SECRETS_COMMENT_SQL;
    if (rt_str_ends_with(p, ".ini"))
        return RT_SECRETS_COMMENT_INI;
    return RT_SECRETS_COMMENT_PY;
}

static void scan_source(walk *w, const char *path, rt_source *src)
{
    rt_error err;
    rt_secrets_list_clear(&w->found);
    if (rt_secrets_scan_text(w->scanner, src->data, src->len, &w->found, &err) != RT_OK)
        return;
    place at = {.path = path};
    locator l = {.src = src};
    for (size_t i = 0; i < w->found.count; i++) {
        const rt_secret *s = &w->found.items[i];
        const rt_rule *rule = rule_for(w, src->data, s, false);
        if (!rule)
            continue;
        spot where = locate(&l, s);
        if (!rt_secrets_suppressed(src, where.line, rule->name, comment_style(path)))
            emit(w, rule, src->data, i, &at, &l, where);
    }
}

/* Scans the file at path: the bytes the engine read of it when it is a project file,
 * else read now. */
static void scan_file(walk *w, const rt_project *project, const char *path)
{
    rt_source *known = rt_project_source(project, path);
    if (known) {
        scan_source(w, path, known);
        return;
    }
    rt_source src;
    rt_error err;
    if (rt_source_read(&src, path, &err) != RT_OK)
        return;
    scan_source(w, path, &src);
    rt_source_free(&src);
}

/* Whether path (in a version directory) is already one of the project's files. */
static bool listed(const rt_project *project, const char *name, const char *path)
{
    for (size_t i = 0; i < project->file_count; i++) {
        const rt_project_file *f = &project->files[i];
        if (strcmp(f->name, name) != 0)
            continue;
        const char *abs = f->path[0] == '/' ? f->path
                                            : rt_path_join(project->arena, project->cwd, f->path);
        const char *a = abs ? rt_path_normalize(project->arena, abs) : NULL;
        const char *b = rt_path_normalize(project->arena, path);
        if (!a || !b || strcmp(a, b) == 0)
            return true;
    }
    return false;
}

/* The .sql files of alembic.ini's version directories: the project lists them only for
 * explicit PATH directories, but a committed SQL migration can hold a password too. */
static void scan_version_sql(walk *w, const rt_project *project)
{
    const rt_alembic_config *cfg = project->alembic;
    for (size_t d = 0; cfg && d < cfg->version_dir_count; d++) {
        DIR *dir = opendir(cfg->version_dirs[d]);
        if (!dir)
            continue;
        for (struct dirent *e = readdir(dir); e; e = readdir(dir)) {
            rt_str name = rt_str_from(e->d_name);
            if (e->d_name[0] == '.' || !rt_str_ends_with(name, ".sql"))
                continue;
            char *path = rt_path_join(project->arena, cfg->version_dirs[d], e->d_name);
            if (path && rt_path_is_file(path) && !listed(project, e->d_name, path))
                scan_file(w, project, path);
        }
        closedir(dir);
    }
}

static void scan_sources(walk *w, const rt_project *project)
{
    const rt_alembic_config *cfg = project->alembic;
    char *env = NULL;
    if (cfg && cfg->script_dir)
        env = rt_path_join(project->arena, cfg->script_dir, "env.py");
    if (env && rt_path_is_file(env))
        scan_file(w, project, env);
    bool whole = true; /* no file was left out by PATHs or --base */
    for (size_t i = 0; i < project->file_count; i++) {
        const rt_project_file *f = &project->files[i];
        bool skip = f->context || (project->base && !rt_base_changed(project->base, f->path));
        whole = whole && !skip;
        if (!skip && (!env || strcmp(f->path, env) != 0))
            scan_file(w, project, f->path);
    }
    if (whole)
        scan_version_sql(w, project);
}

/* ---- alembic.ini ---- */

/* The offset in raw of offset off of its interpolated value, when the interpolation
 * only turned `%%` into `%`; false when a reference changed the value. */
static bool raw_offset(const char *raw, const char *value, size_t off, size_t *out)
{
    if (strcmp(raw, value) == 0) {
        *out = off;
        return true;
    }
    if (strstr(raw, "%("))
        return false;
    size_t i = 0;
    for (size_t v = 0; v < off && raw[i]; v++)
        i += raw[i] == '%' && raw[i + 1] == '%' ? 2 : 1;
    *out = i;
    return true;
}

static spot ini_spot(const rt_ini_entry *e, const char *value, const rt_secret *s)
{
    spot where = {e->value_line, e->value_column, 0};
    size_t start, end;
    if (!raw_offset(e->value, value, s->start, &start) ||
        !raw_offset(e->value, value, s->end, &end))
        return where;
    unsigned end_line, end_column;
    rt_ini_value_position(e, start, &where.line, &where.column);
    rt_ini_value_position(e, end, &end_line, &end_column);
    where.end_column = end_line == where.line ? end_column : 0;
    return where;
}

static void scan_ini_entry(walk *w, rt_alembic_config *cfg, rt_source *raw, const char *section,
                           const rt_ini_entry *e)
{
    const rt_ini_var here = {"here", cfg->here ? cfg->here : "."};
    const char *value = NULL;
    rt_error err;
    if (rt_ini_interpolate(&cfg->ini, section, e, &here, 1, &value, &err) != RT_OK)
        return;
    rt_secrets_list_clear(&w->found);
    if (rt_secrets_scan_value(w->scanner, e->key, value, strlen(value), &w->found, &err) != RT_OK)
        return;
    place at = {.path = cfg->ini_path, .key = e->key, .section = section, .config = true};
    locator l = {.entry = e, .value = value};
    for (size_t i = 0; i < w->found.count; i++) {
        const rt_secret *s = &w->found.items[i];
        const rt_rule *rule = rule_for(w, value, s, true);
        if (!rule)
            continue;
        spot where = locate(&l, s);
        if (!raw || !rt_secrets_suppressed(raw, where.line, rule->name, RT_SECRETS_COMMENT_INI))
            emit(w, rule, value, i, &at, &l, where);
    }
}

static void scan_ini(walk *w, rt_alembic_config *cfg)
{
    if (!cfg->ini_path)
        return;
    rt_source raw;
    rt_error err;
    bool have_raw = rt_source_read(&raw, cfg->ini_path, &err) == RT_OK;
    for (size_t i = 0; i < cfg->ini.defaults.count; i++)
        scan_ini_entry(w, cfg, have_raw ? &raw : NULL, "DEFAULT", &cfg->ini.defaults.entries[i]);
    for (size_t s = 0; s < cfg->ini.count; s++) {
        const rt_ini_section *sec = &cfg->ini.sections[s];
        for (size_t i = 0; i < sec->count; i++)
            scan_ini_entry(w, cfg, have_raw ? &raw : NULL, sec->name, &sec->entries[i]);
    }
    if (have_raw)
        rt_source_free(&raw);
}

/* ---- pyproject.toml [tool.alembic] ---- */

/* Where offset off of a TOML string is written: exact when the string is written on one
 * line exactly as decoded (no escapes), else the value's start with an unknown end. */
static spot toml_spot(rt_source *raw, const rt_toml_value *v, const rt_secret *s)
{
    spot where = {v->line, v->column, 0};
    if (!raw)
        return where;
    size_t at = rt_source_offset(raw, v->line, v->column);
    char quote = at < raw->len ? raw->data[at] : 0;
    if ((quote != '"' && quote != '\'') || raw->len - at - 1 < v->len + 1 ||
        memcmp(raw->data + at + 1, v->str, v->len) != 0 || raw->data[at + 1 + v->len] != quote ||
        memchr(v->str, '\n', v->len))
        return where;
    unsigned end_line;
    rt_source_position(raw, at + 1 + s->start, &where.line, &where.column);
    rt_source_position(raw, at + 1 + s->end, &end_line, &where.end_column);
    if (end_line != where.line)
        where.end_column = 0;
    return where;
}

static void scan_toml_string(walk *w, const char *path, rt_source *raw, const char *key,
                             const rt_toml_value *v, bool item)
{
    rt_error err;
    rt_secrets_list_clear(&w->found);
    if (rt_secrets_scan_value(w->scanner, key, v->str, v->len, &w->found, &err) != RT_OK)
        return;
    place at = {.path = path, .key = key, .section = "tool.alembic", .config = true};
    locator l = {.raw = raw, .toml = v, .whole_line = item};
    for (size_t i = 0; i < w->found.count; i++) {
        const rt_secret *s = &w->found.items[i];
        const rt_rule *rule = rule_for(w, v->str, s, true);
        if (!rule)
            continue;
        spot where = locate(&l, s);
        if (!raw || !rt_secrets_suppressed(raw, where.line, rule->name, RT_SECRETS_COMMENT_PY))
            emit(w, rule, v->str, i, &at, &l, where);
    }
}

/* Every string under v (key is the key that holds it; array items keep their array's
 * key, and item says v is inside an array or inline table, where other values may share
 * its line). Depth is bounded by the TOML reader's RT_TOML_MAX_DEPTH. */
static void scan_toml(walk *w, const char *path, rt_source *raw, const char *key,
                      const rt_toml_value *v, bool item)
{
    if (v->type == RT_TOML_STRING) {
        scan_toml_string(w, path, raw, key, v, item);
    } else if (v->type == RT_TOML_ARRAY) {
        for (size_t i = 0; i < v->count; i++)
            scan_toml(w, path, raw, key, v->items[i], true);
    } else if (v->type == RT_TOML_TABLE) {
        for (size_t i = 0; i < v->count; i++)
            scan_toml(w, path, raw, v->entries[i].key, v->entries[i].value, item);
    }
}

static void scan_pyproject(walk *w, const rt_alembic_config *cfg)
{
    const rt_toml_value *table = rt_toml_get(rt_toml_get(cfg->pyproject.root, "tool"), "alembic");
    if (!table || !cfg->pyproject_path)
        return;
    rt_source raw;
    rt_error err;
    bool have_raw = rt_source_read(&raw, cfg->pyproject_path, &err) == RT_OK;
    scan_toml(w, cfg->pyproject_path, have_raw ? &raw : NULL, "tool.alembic", table, false);
    if (have_raw)
        rt_source_free(&raw);
}

static spot file_spot(rt_source *src, const rt_secret *s)
{
    spot where;
    unsigned end_line;
    rt_source_position(src, s->start, &where.line, &where.column);
    rt_source_position(src, s->end, &end_line, &where.end_column);
    if (end_line != where.line)
        where.end_column = 0;
    return where;
}

static spot locate(const locator *l, const rt_secret *s)
{
    if (l->src)
        return file_spot(l->src, s);
    if (l->entry)
        return ini_spot(l->entry, l->value, s);
    return toml_spot(l->raw, l->toml, s);
}

/* Fills w->rules with the secrets rules that run; true when self is the first of them,
 * the one that scans for all. */
static bool first_to_run(walk *w, const rt_rule *self, const rt_sink *sink)
{
    const rt_rule *first = NULL;
    for (size_t t = 0; t < RT_SECRETS_TARGET_COUNT; t++) {
        const rt_rule *r = rt_rule_find(rt_str_from(target_rule[t]));
        w->rules[t] = r && rt_rule_enabled(sink, r) ? r : NULL;
        if (!first)
            first = w->rules[t];
    }
    return first == self;
}

void rt_secrets_check_project(const rt_rule *self, const rt_project *project, rt_sink *sink)
{
    walk w = {.sink = sink};
    if (!first_to_run(&w, self, sink))
        return;
    const rt_config *config = project->config;
    rt_secrets_config sc = {0};
    if (config)
        sc = (rt_secrets_config){.path = config->path,
                                 .patterns = config->secrets.patterns,
                                 .pattern_count = config->secrets.pattern_count,
                                 .allow = config->secrets.allow,
                                 .allow_count = config->secrets.allow_count};
    rt_error err;
    if (rt_secrets_scanner_new(&w.scanner, &sc, &err) != RT_OK) {
        report_error(&w, self, config, &err);
        return;
    }
    rt_secrets_list_init(&w.found);
    if (project->alembic && (w.rules[RT_SECRETS_IN_CONFIG] || w.rules[RT_SECRETS_TOKENS] ||
                             w.rules[RT_SECRETS_WEAK_LOCAL])) {
        scan_ini(&w, project->alembic);
        scan_pyproject(&w, project->alembic);
    }
    if (w.rules[RT_SECRETS_IN_SOURCE] || w.rules[RT_SECRETS_TOKENS] ||
        w.rules[RT_SECRETS_WEAK_LOCAL])
        scan_sources(&w, project);
    rt_secrets_list_free(&w.found);
    rt_secrets_scanner_free(w.scanner);
}
