/* Alembic's configuration resolved statically: the rules are in
 * include/retort/alembic_config.h, each taken from what Alembic's Config and
 * ScriptDirectory.from_config do (1.8.1, and 1.16+ for pyproject.toml). */
#include "retort/alembic_config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "retort/buf.h"
#include "retort/source.h"

typedef struct loader {
    rt_alembic_config *cfg;
    rt_error *err;
    rt_ini_var here;
    bool has_section;                    /* the ini has the selected section */
    const rt_toml_value *tool;           /* pyproject's [tool.alembic], or NULL */
} loader;

/* A part of a split string: offset and length. */
typedef struct part {
    size_t off, len;
} part;

/* ---- paths (posixpath semantics) ---- */

static const char *copy(loader *l, const char *s, size_t n)
{
    return rt_arena_strndup(l->cfg->arena, s, n);
}

static int oom(loader *l)
{
    return rt_error_set(l->err, RT_ENOMEM, NULL, 0, 0, "out of memory");
}

/* posixpath.normpath(): no ".", "..", or doubled slashes (two leading slashes stay). */
static const char *normpath(loader *l, const char *path)
{
    size_t n = strlen(path);
    if (n == 0)
        return copy(l, ".", 1);
    int lead = path[0] == '/' ? (path[1] == '/' && path[2] != '/' ? 2 : 1) : 0;
    part *comps = rt_arena_calloc(l->cfg->arena, n / 2 + 2, sizeof *comps);
    if (!comps)
        return NULL;
    size_t nc = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && path[j] != '/')
            j++;
        size_t len = j - i;
        bool dot = len == 1 && path[i] == '.';
        bool dotdot = len == 2 && path[i] == '.' && path[i + 1] == '.';
        if (len && !dot) {
            bool keep_dotdot = !lead && (nc == 0 || (comps[nc - 1].len == 2 &&
                                                     path[comps[nc - 1].off] == '.' &&
                                                     path[comps[nc - 1].off + 1] == '.'));
            if (!dotdot || keep_dotdot)
                comps[nc++] = (part){i, len};
            else if (nc)
                nc--;
        }
        i = j + 1;
    }
    rt_buf b = RT_BUF_INIT;
    for (int i = 0; i < lead; i++)
        rt_buf_putc(&b, '/');
    for (size_t i = 0; i < nc; i++) {
        if (i)
            rt_buf_putc(&b, '/');
        rt_buf_put(&b, path + comps[i].off, comps[i].len);
    }
    if (b.len == 0)
        rt_buf_putc(&b, '.');
    const char *out = b.toobig ? NULL : copy(l, rt_buf_cstr(&b), b.len);
    rt_buf_free(&b);
    return out;
}

/* normpath(join(base, path)): path as Alembic resolves it from the working directory. */
static const char *resolve_path(loader *l, const char *base, const char *path)
{
    if (path[0] == '/')
        return normpath(l, path);
    rt_buf b = RT_BUF_INIT;
    rt_buf_puts(&b, base);
    if (b.len && b.data[b.len - 1] != '/')
        rt_buf_putc(&b, '/');
    rt_buf_puts(&b, path);
    const char *out = b.toobig ? NULL : normpath(l, rt_buf_cstr(&b));
    rt_buf_free(&b);
    return out;
}

/* The absolute directory of file (os.path.abspath(os.path.dirname(file))). */
static const char *abs_dirname(loader *l, const char *file)
{
    const char *slash = strrchr(file, '/');
    const char *dir = slash ? copy(l, file, slash == file ? 1 : (size_t)(slash - file)) : "";
    char cwd[4096];
    if (!dir)
        return NULL;
    if (dir[0] == '/')
        return normpath(l, dir);
    if (!getcwd(cwd, sizeof cwd))
        return NULL;
    return resolve_path(l, cwd, dir);
}

/* ---- splitting, as Alembic splits ---- */

/* re.split(", *| +", s): every comma (with the spaces after it) or run of spaces
 * separates; empty parts are kept. Returns the number of parts. */
static size_t split_legacy(const char *s, part *out)
{
    size_t n = 0, start = 0, i = 0, len = strlen(s);
    while (i < len) {
        size_t j = i;
        if (s[i] == ',') {
            j++;
            while (j < len && s[j] == ' ')
                j++;
        } else {
            while (j < len && s[j] == ' ')
                j++;
        }
        if (j == i) {
            i++;
            continue;
        }
        if (out)
            out[n] = (part){start, i - start};
        n++;
        start = i = j;
    }
    if (out)
        out[n] = (part){start, len - start};
    return n + 1;
}

/* s.split(sep) (sep one character), every part kept. */
static size_t split_char(const char *s, char sep, part *out)
{
    size_t n = 0, start = 0, len = strlen(s);
    for (size_t i = 0; i <= len; i++)
        if (i == len || s[i] == sep) {
            if (out)
                out[n] = (part){start, i - start};
            n++;
            start = i + 1;
        }
    return n;
}

/* Splits s with the separator (0 for the legacy split) into an arena array. */
static part *split(loader *l, const char *s, char sep, size_t *n)
{
    *n = sep ? split_char(s, sep, NULL) : split_legacy(s, NULL);
    part *parts = rt_arena_calloc(l->cfg->arena, *n, sizeof *parts);
    if (parts && sep)
        split_char(s, sep, parts);
    else if (parts)
        split_legacy(s, parts);
    return parts;
}

/* ---- ini options ---- */

static void set_value(rt_alembic_value *v, const char *value, const char *file,
                      unsigned line, unsigned column)
{
    *v = (rt_alembic_value){value, file, line, column};
}

/* The interpolated value of name in the selected section (or [DEFAULT]): *entry is
 * NULL when the option is absent. */
static int ini_option(loader *l, const char *section, const char *name,
                      const rt_ini_entry **entry, const char **value)
{
    rt_alembic_config *c = l->cfg;
    *value = NULL;
    *entry = c->ini_path ? rt_ini_get(&c->ini, section, name) : NULL;
    if (!*entry)
        return RT_OK;
    return rt_ini_interpolate(&c->ini, section, *entry, &l->here, 1, value, l->err);
}

static int main_option(loader *l, const char *name, const rt_ini_entry **entry,
                       const char **value)
{
    if (!l->has_section) {
        *entry = NULL;
        *value = NULL;
        return RT_OK;
    }
    return ini_option(l, l->cfg->section, name, entry, value);
}

/* Options Alembic reads while loading the script directory: each must interpolate. */
static int check_read_options(loader *l)
{
    static const char *const names[] = {"script_location", "truncate_slug_length",
                                        "version_locations", "prepend_sys_path",
                                        "file_template", "sourceless", "output_encoding",
                                        "timezone", "recursive_version_locations"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const rt_ini_entry *e;
        const char *v;
        int rc = main_option(l, names[i], &e, &v);
        if (rc != RT_OK)
            return rc;
    }
    return RT_OK;
}

/* ---- pyproject.toml ---- */

/* Python's `value % {"here": ...}` for the strings Alembic formats. */
static int toml_format(loader *l, const rt_toml_value *v, const char **out)
{
    rt_alembic_config *c = l->cfg;
    rt_buf b = RT_BUF_INIT;
    int rc = RT_OK;
    for (size_t i = 0; i < v->len && rc == RT_OK; i++) {
        if (v->str[i] != '%') {
            rt_buf_putc(&b, v->str[i]);
        } else if (i + 1 < v->len && v->str[i + 1] == '%') {
            rt_buf_putc(&b, '%');
            i++;
        } else if (v->len - i >= 8 && memcmp(v->str + i, "%(here)s", 8) == 0) {
            rt_buf_puts(&b, l->here.value);
            i += 7;
        } else {
            rc = rt_error_set(l->err, RT_ECONFIG, c->pyproject_path, v->line, v->column,
                              "Alembic formats this string with Python's %% operator and "
                              "only %%(here)s is defined: write %%%% for a literal %%");
        }
    }
    if (rc == RT_OK && memchr(v->str, '\0', v->len))
        rc = rt_error_set(l->err, RT_ECONFIG, c->pyproject_path, v->line, v->column,
                          "NUL character in a path or option");
    if (rc == RT_OK) {
        *out = b.toobig ? NULL : copy(l, rt_buf_cstr(&b), b.len);
        if (!*out)
            rc = oom(l);
    }
    rt_buf_free(&b);
    return rc;
}

static int toml_type_error(loader *l, const rt_toml_value *v, const char *what)
{
    return rt_error_set(l->err, RT_ECONFIG, l->cfg->pyproject_path, v->line, v->column,
                        "[tool.alembic] %s", what);
}

static int load_pyproject(loader *l, const char *dir)
{
    rt_alembic_config *c = l->cfg;
    rt_buf b = RT_BUF_INIT;
    rt_buf_puts(&b, dir);
    rt_buf_puts(&b, strcmp(dir, "/") ? "/pyproject.toml" : "pyproject.toml");
    const char *path = b.toobig ? NULL : copy(l, rt_buf_cstr(&b), b.len);
    rt_buf_free(&b);
    if (!path)
        return oom(l);
    if (access(path, F_OK) != 0)
        return RT_OK;
    rt_source src;
    int rc = rt_source_read(&src, path, l->err);
    if (rc != RT_OK)
        return rc;
    rc = rt_toml_parse(&c->pyproject, path, src.data, src.len, l->err);
    rt_source_free(&src);
    if (rc != RT_OK)
        return rc;
    c->pyproject_path = path;
    const rt_toml_value *tool = rt_toml_get(c->pyproject.root, "tool");
    if (tool && tool->type != RT_TOML_TABLE)
        return toml_type_error(l, tool, "`tool` must be a table");
    l->tool = rt_toml_get(tool, "alembic");
    if (l->tool && l->tool->type != RT_TOML_TABLE)
        return toml_type_error(l, l->tool, "must be a table (Incorrect TOML format)");
    return RT_OK;
}

/* The entry of name in [tool.alembic], or NULL. */
static const rt_toml_entry *toml_entry(loader *l, const char *name)
{
    return rt_toml_entry_get(l->tool, name);
}

static int toml_bool(loader *l, const char *name, bool *out)
{
    const rt_toml_entry *e = toml_entry(l, name);
    if (!e)
        return RT_OK;
    if (e->value->type != RT_TOML_BOOL)
        return rt_error_set(l->err, RT_ECONFIG, l->cfg->pyproject_path, e->value->line,
                            e->value->column, "boolean value expected for TOML parameter "
                            "'%s'", name);
    *out = e->value->boolean;
    return RT_OK;
}

/* ---- script_location and version locations ---- */

/* Alembic's coerce_resource_to_filename(), statically: a relative location with a colon
 * names a package resource, which only importing Python code can resolve. */
static int location_dir(loader *l, const rt_alembic_value *v, const char **out)
{
    if (v->value[0] != '/' && strchr(v->value, ':'))
        return rt_error_set(l->err, RT_ECONFIG, v->file, v->line, v->column,
                            "'%s' names a package resource (package:path); retort cannot "
                            "resolve package resources statically: use a path",
                            v->value);
    *out = resolve_path(l, l->here.value, v->value);
    return *out ? RT_OK : oom(l);
}

static int script_location(loader *l)
{
    rt_alembic_config *c = l->cfg;
    const rt_ini_entry *e;
    const char *v;
    int rc = main_option(l, "script_location", &e, &v);
    if (rc != RT_OK)
        return rc;
    if (e) {
        set_value(&c->script_location, v, c->ini_path, e->value_line, e->value_column);
    } else {
        const rt_toml_entry *t = toml_entry(l, "script_location");
        if (!t) {
            const rt_ini_section *s = c->ini_path ? rt_ini_section_find(&c->ini, c->section)
                                                  : NULL;
            return rt_error_set(l->err, RT_ECONFIG,
                                c->ini_path ? c->ini_path : c->pyproject_path,
                                s ? s->line : 0, 0,
                                "No 'script_location' key found in configuration.");
        }
        if (t->value->type != RT_TOML_STRING)
            return toml_type_error(l, t->value, "script_location must be a string");
        if ((rc = toml_format(l, t->value, &v)) != RT_OK)
            return rc;
        set_value(&c->script_location, v, c->pyproject_path, t->value->line,
                  t->value->column);
    }
    return location_dir(l, &c->script_location, &c->script_dir);
}

static int add_version_dir(loader *l, rt_alembic_value origin)
{
    rt_alembic_config *c = l->cfg;
    const char *dir;
    int rc = location_dir(l, &origin, &dir);
    if (rc != RT_OK)
        return rc;
    size_t n = c->version_dir_count;
    c->version_dirs = rt_arena_grow(c->arena, c->version_dirs, n, n + 1,
                                    sizeof *c->version_dirs);
    c->version_dir_origins = rt_arena_grow(c->arena, c->version_dir_origins, n, n + 1,
                                           sizeof *c->version_dir_origins);
    if (!c->version_dirs || !c->version_dir_origins)
        return oom(l);
    c->version_dirs[n] = dir;
    c->version_dir_origins[n] = origin;
    c->version_dir_count = n + 1;
    return RT_OK;
}

/* The separator of a path_separator / version_path_separator value, or an error at
 * it. */
static int separator(loader *l, const char *name, const rt_ini_entry *e, const char *v,
                     char *sep)
{
    static const char *const names[] = {"space", "newline", "os", ":", ";"};
    static const char seps[] = {' ', '\n', ':', ':', ';'};
    for (size_t i = 0; i < sizeof seps; i++)
        if (strcmp(v, names[i]) == 0) {
            *sep = seps[i];
            return RT_OK;
        }
    const char *hash = strpbrk(v, "#;");
    bool comment = hash && hash > v && (hash[-1] == ' ' || hash[-1] == '\t');
    return rt_error_set(l->err, RT_ECONFIG, l->cfg->ini_path, e->value_line, e->value_column,
                        "'%s' is not a valid value for %s; expected 'space', 'newline', "
                        "'os', ':', ';'%s",
                        v, name,
                        comment ? " (configparser does not strip inline comments: put the "
                                  "comment on a line of its own)"
                                : "");
}

/* Where part p of value (from entry) is written; see the header on split values. */
static void part_position(const rt_ini_entry *e, const part *raw, size_t nraw, size_t count,
                          size_t i, const part *p, unsigned *line, unsigned *col)
{
    if (!strchr(e->value, '%'))
        rt_ini_value_position(e, p->off, line, col);
    else if (nraw == count)
        rt_ini_value_position(e, raw[i].off, line, col);
    else
        rt_ini_value_position(e, 0, line, col);
}

static int ini_version_locations(loader *l, const rt_ini_entry *e, const char *v)
{
    rt_alembic_config *c = l->cfg;
    const rt_ini_entry *se;
    const char *sv;
    const char *key = "path_separator";
    int rc = main_option(l, key, &se, &sv);
    if (rc == RT_OK && !se) {
        key = "version_path_separator";
        rc = main_option(l, key, &se, &sv);
    }
    char sep = 0;
    if (rc == RT_OK && se)
        rc = separator(l, key, se, sv, &sep);
    if (rc != RT_OK)
        return rc;
    bool strip = se && (strcmp(key, "path_separator") == 0 || sep == '\n');
    size_t n, nraw;
    part *parts = split(l, v, sep, &n), *raw = split(l, e->value, sep, &nraw);
    if (!parts || !raw)
        return oom(l);
    for (size_t i = 0; i < n; i++) {
        part p = parts[i];
        if (sep && p.len == 0)
            continue;
        if (strip) {
            rt_str t = rt_str_trim((rt_str){v + p.off, p.len});
            p = (part){(size_t)(t.p - v), t.len};
        }
        rt_alembic_value origin = {copy(l, v + p.off, p.len), c->ini_path, 0, 0};
        if (!origin.value)
            return oom(l);
        part_position(e, raw, nraw, n, i, &p, &origin.line, &origin.column);
        if ((rc = add_version_dir(l, origin)) != RT_OK)
            return rc;
    }
    return RT_OK;
}

static int toml_version_locations(loader *l, const rt_toml_entry *t)
{
    rt_alembic_config *c = l->cfg;
    const rt_toml_value *arr = t->value;
    if (arr->type != RT_TOML_ARRAY)
        return toml_type_error(l, arr, "version_locations must be an array of strings");
    set_value(&c->version_locations_raw, NULL, c->pyproject_path, arr->line, arr->column);
    for (size_t i = 0; i < arr->count; i++) {
        const rt_toml_value *item = arr->items[i];
        const char *v;
        if (item->type != RT_TOML_STRING)
            return toml_type_error(l, item, "version_locations must be an array of strings");
        int rc = toml_format(l, item, &v);
        if (rc == RT_OK)
            rc = add_version_dir(l, (rt_alembic_value){v, c->pyproject_path, item->line,
                                                       item->column});
        if (rc != RT_OK)
            return rc;
    }
    return RT_OK;
}

/* 1.16 reads path_separator for prepend_sys_path too: a bad one fails there. */
static int check_prepend_separator(loader *l)
{
    const rt_ini_entry *pe, *se;
    const char *pv, *sv;
    int rc = main_option(l, "prepend_sys_path", &pe, &pv);
    if (rc != RT_OK || !pv || !pv[0])
        return rc;
    rc = main_option(l, "path_separator", &se, &sv);
    char sep;
    return rc == RT_OK && se ? separator(l, "path_separator", se, sv, &sep) : rc;
}

static int version_locations(loader *l)
{
    rt_alembic_config *c = l->cfg;
    const rt_ini_entry *e;
    const char *v;
    int rc = main_option(l, "version_locations", &e, &v);
    if (rc != RT_OK || (rc = check_prepend_separator(l)) != RT_OK)
        return rc;
    if (e)
        set_value(&c->version_locations_raw, e->value, c->ini_path, e->value_line,
                  e->value_column);
    if (e && v[0])
        return ini_version_locations(l, e, v);
    const rt_toml_entry *t = toml_entry(l, "version_locations");
    if (t)
        return toml_version_locations(l, t);
    const char *versions = resolve_path(l, c->script_dir, "versions");
    if (!versions)
        return oom(l);
    c->version_dirs = rt_arena_calloc(c->arena, 1, sizeof *c->version_dirs);
    c->version_dir_origins = rt_arena_calloc(c->arena, 1, sizeof *c->version_dir_origins);
    if (!c->version_dirs || !c->version_dir_origins)
        return oom(l);
    c->version_dirs[0] = versions;
    c->version_dir_origins[0] = c->script_location;
    c->version_dir_count = 1;
    return RT_OK;
}

/* A boolean option: the ini's value is exactly "true", else pyproject's boolean. */
static int boolean_option(loader *l, const char *name, bool *out)
{
    const rt_ini_entry *e;
    const char *v;
    *out = false;
    int rc = main_option(l, name, &e, &v);
    if (rc != RT_OK)
        return rc;
    if (e) {
        *out = strcmp(v, "true") == 0;
        return RT_OK;
    }
    return toml_bool(l, name, out);
}

static void sqlalchemy_url(loader *l)
{
    rt_alembic_config *c = l->cfg;
    const rt_ini_entry *e;
    const char *v;
    rt_error_clear(&c->sqlalchemy_url_error);
    rt_error *saved = l->err;
    l->err = &c->sqlalchemy_url_error;
    if (main_option(l, "sqlalchemy.url", &e, &v) != RT_OK)
        v = NULL;
    l->err = saved;
    if (e)
        set_value(&c->sqlalchemy_url, v, c->ini_path, e->value_line, e->value_column);
}

/* ---- post_write_hooks ---- */

static int hook_option(loader *l, const char *name, const char *opt, rt_alembic_value *out)
{
    rt_alembic_config *c = l->cfg;
    rt_buf b = RT_BUF_INIT;
    rt_buf_printf(&b, "%s.%s", name, opt);
    const rt_ini_entry *e = NULL;
    const char *v = NULL;
    int rc = b.toobig ? oom(l) : ini_option(l, "post_write_hooks", rt_buf_cstr(&b), &e, &v);
    rt_buf_free(&b);
    if (rc == RT_OK && e)
        set_value(out, v, c->ini_path, e->value_line, e->value_column);
    return rc;
}

/* Every key get_section("post_write_hooks") interpolates: the section's, [DEFAULT]'s,
 * and the parser default `here` itself (a directory name with a `%` fails there). */
static int check_hook_section(loader *l, const rt_ini_section *s)
{
    rt_alembic_config *c = l->cfg;
    const rt_ini_section *parts[] = {s, &c->ini.defaults};
    const char *v;
    int rc = RT_OK;
    for (size_t k = 0; k < 2; k++)
        for (size_t i = 0; i < parts[k]->count && rc == RT_OK; i++)
            rc = rt_ini_interpolate(&c->ini, "post_write_hooks", &parts[k]->entries[i],
                                    &l->here, 1, &v, l->err);
    if (rc != RT_OK || rt_ini_get(&c->ini, "DEFAULT", "here") || !strchr(l->here.value, '%'))
        return rc;
    rt_ini_pos pos = {s->line, 1};
    rt_ini_entry here = {"here", l->here.value, s->line, 1, s->line, 1, s->line, 1, &pos};
    return rt_ini_interpolate(&c->ini, "post_write_hooks", &here, &l->here, 1, &v, l->err);
}

static int ini_hooks(loader *l, const rt_ini_section *s)
{
    rt_alembic_config *c = l->cfg;
    c->has_hooks_section = true;
    c->hooks_line = s->line;
    int rc = check_hook_section(l, s);
    const rt_ini_entry *e;
    const char *v;
    if (rc == RT_OK)
        rc = ini_option(l, "post_write_hooks", "hooks", &e, &v);
    if (rc != RT_OK || !e)
        return rc;
    c->hooks_line = e->line;
    size_t n, nraw;
    part *parts = split(l, v, 0, &n), *raw = split(l, e->value, 0, &nraw);
    c->hooks = rt_arena_calloc(c->arena, n, sizeof *c->hooks);
    if (!parts || !raw || !c->hooks)
        return oom(l);
    for (size_t i = 0; i < n && rc == RT_OK; i++) {
        if (parts[i].len == 0)
            continue;
        rt_alembic_hook *h = &c->hooks[c->hook_count++];
        h->name = copy(l, v + parts[i].off, parts[i].len);
        if (!h->name)
            return oom(l);
        part_position(e, raw, nraw, n, i, &parts[i], &h->line, &h->column);
        static const char *const opts[] = {"type", "entrypoint", "executable",
                                           "module", "options", "cwd"};
        rt_alembic_value *dst[] = {&h->type, &h->entrypoint, &h->executable,
                                   &h->module, &h->options, &h->cwd};
        for (size_t k = 0; k < 6 && rc == RT_OK; k++)
            rc = hook_option(l, h->name, opts[k], dst[k]);
    }
    return rc;
}

static int toml_hook(loader *l, const rt_toml_value *t, rt_alembic_hook *h)
{
    rt_alembic_config *c = l->cfg;
    static const char *const opts[] = {"type", "entrypoint", "executable",
                                       "module", "options", "cwd"};
    rt_alembic_value *dst[] = {&h->type, &h->entrypoint, &h->executable,
                               &h->module, &h->options, &h->cwd};
    if (t->type != RT_TOML_TABLE)
        return toml_type_error(l, t, "post_write_hooks must be an array of tables");
    for (size_t i = 0; i < t->count; i++) {
        const rt_toml_value *v = t->entries[i].value;
        const char *s;
        if (v->type != RT_TOML_STRING)
            return toml_type_error(l, v, "post_write_hooks values must be strings");
        int rc = toml_format(l, v, &s);
        if (rc != RT_OK)
            return rc;
        if (strcmp(t->entries[i].key, "name") == 0) {
            h->name = s;
            h->line = v->line;
            h->column = v->column;
        }
        for (size_t k = 0; k < 6; k++)
            if (strcmp(t->entries[i].key, opts[k]) == 0)
                set_value(dst[k], s, c->pyproject_path, v->line, v->column);
    }
    if (!h->name)
        return toml_type_error(l, t, "a [[tool.alembic.post_write_hooks]] table needs a "
                                     "`name`");
    return RT_OK;
}

static int toml_hooks(loader *l)
{
    rt_alembic_config *c = l->cfg;
    const rt_toml_entry *e = toml_entry(l, "post_write_hooks");
    if (!e)
        return RT_OK;
    const rt_toml_value *arr = e->value;
    if (arr->type != RT_TOML_ARRAY)
        return toml_type_error(l, arr, "post_write_hooks must be an array of tables");
    c->has_hooks_section = true;
    c->hooks_line = e->line;
    c->hooks = rt_arena_calloc(c->arena, arr->count + 1, sizeof *c->hooks);
    if (!c->hooks)
        return oom(l);
    for (size_t i = 0; i < arr->count; i++) {
        int rc = toml_hook(l, arr->items[i], &c->hooks[c->hook_count++]);
        if (rc != RT_OK)
            return rc;
    }
    return RT_OK;
}

static int hooks(loader *l)
{
    rt_alembic_config *c = l->cfg;
    const rt_ini_section *s = c->ini_path ? rt_ini_section_find(&c->ini, "post_write_hooks")
                                          : NULL;
    return s ? ini_hooks(l, s) : toml_hooks(l);
}

/* ---- loading ---- */

static int read_ini(loader *l, const char *ini_path)
{
    rt_alembic_config *c = l->cfg;
    c->ini_path = copy(l, ini_path, strlen(ini_path));
    if (!c->ini_path)
        return oom(l);
    rt_source src;
    int rc = rt_source_read(&src, ini_path, l->err);
    if (rc != RT_OK)
        return rc;
    rc = rt_ini_parse(&c->ini, ini_path, src.data, src.len, l->err);
    rt_source_free(&src);
    return rc;
}

static int select_section(loader *l)
{
    rt_alembic_config *c = l->cfg;
    l->has_section = c->ini_path && rt_ini_section_find(&c->ini, c->section);
    if (l->has_section || l->tool)
        return RT_OK;
    return rt_error_set(l->err, RT_ECONFIG, c->ini_path, 0, 0,
                        "No config file '%s' found, or file has no '[%s]' section",
                        c->ini_path, c->section);
}

static int load(loader *l, const char *ini_path)
{
    rt_alembic_config *c = l->cfg;
    int rc;
    const char *base = strrchr(ini_path, '/');
    bool toml_given = strcmp(base ? base + 1 : ini_path, "pyproject.toml") == 0;
    bool ini_exists = access(ini_path, F_OK) == 0 || errno != ENOENT;
    if (!(l->here.value = c->here = abs_dirname(l, ini_path)))
        return oom(l);
    if ((rc = load_pyproject(l, c->here)) != RT_OK)
        return rc;
    if (toml_given && !l->tool)
        return rt_error_set(l->err, RT_ECONFIG, ini_path, 0, 0,
                            c->pyproject_path ? "no [tool.alembic] table"
                                              : "cannot open: No such file or directory");
    if (!toml_given && (ini_exists || !l->tool))
        rc = read_ini(l, ini_path);
    if (rc == RT_OK)
        rc = select_section(l);
    if (rc == RT_OK)
        rc = check_read_options(l);
    if (rc == RT_OK)
        rc = script_location(l);
    if (rc == RT_OK)
        rc = version_locations(l);
    if (rc == RT_OK)
        rc = boolean_option(l, "recursive_version_locations", &c->recursive_version_locations);
    if (rc == RT_OK)
        rc = boolean_option(l, "sourceless", &c->sourceless);
    if (rc == RT_OK)
        rc = hooks(l);
    if (rc == RT_OK)
        sqlalchemy_url(l);
    return rc;
}

int rt_alembic_config_load(rt_alembic_config *out, const char *ini_path, const char *section,
                           rt_error *err)
{
    memset(out, 0, sizeof *out);
    out->arena = rt_arena_new();
    if (!out->arena)
        return rt_error_set(err, RT_ENOMEM, ini_path, 0, 0, "out of memory");
    loader l = {.cfg = out, .err = err, .here = {"here", NULL}};
    section = section ? section : "alembic";
    out->section = copy(&l, section, strlen(section));
    int rc = out->section ? load(&l, ini_path) : oom(&l);
    if (rc != RT_OK)
        rt_alembic_config_free(out);
    return rc;
}

void rt_alembic_config_free(rt_alembic_config *cfg)
{
    if (!cfg)
        return;
    rt_ini_free(&cfg->ini);
    rt_toml_free(&cfg->pyproject);
    rt_arena_free(cfg->arena);
    memset(cfg, 0, sizeof *cfg);
}
