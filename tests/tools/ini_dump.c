/* ini_dump FILE HERE — prints retort's view of an INI file as JSON, for the differential
 * test against Python's configparser (tests/integration/ini_configparser.py).
 *
 * Success: {"sections": [...], "defaults": {...}, "options": {section: {key: {...}}}}
 * where each option is {"raw", "value" or "error", "line", "column", "value_line",
 * "value_column", "end_line", "pieces": [[line, column]...]} (positions only for keys
 * written in the file), and every section lists its own keys, then [DEFAULT]'s and
 * `here`, in configparser's order. Failure: {"error": {"message", "line", "column"}}. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "retort/ini.h"
#include "retort/source.h"

static json_t *option_json(const rt_ini *ini, const char *section, const rt_ini_entry *e,
                           const char *here)
{
    rt_ini_var vars[] = {{"here", here}};
    json_t *o = json_object();
    if (!e) { /* the parser default `here` */
        json_object_set_new(o, "raw", json_string(here));
        json_object_set_new(o, "value", json_string(here));
        return o;
    }
    json_object_set_new(o, "raw", json_string(e->value));
    const char *value;
    rt_error err;
    rt_error_clear(&err);
    if (rt_ini_interpolate(ini, section, e, vars, 1, &value, &err) == RT_OK) {
        json_object_set_new(o, "value", json_string(value));
    } else {
        json_object_set_new(o, "error", json_string(err.message));
        json_object_set_new(o, "error_line", json_integer(err.line));
        json_object_set_new(o, "error_column", json_integer(err.column));
    }
    json_object_set_new(o, "line", json_integer(e->line));
    json_object_set_new(o, "column", json_integer(e->column));
    json_object_set_new(o, "value_line", json_integer(e->value_line));
    json_object_set_new(o, "value_column", json_integer(e->value_column));
    json_object_set_new(o, "end_line", json_integer(e->end_line));
    json_t *pieces = json_array();
    for (size_t i = 0; i < e->piece_count; i++)
        json_array_append_new(pieces, json_pack("[ii]", e->pieces[i].line,
                                                e->pieces[i].column));
    json_object_set_new(o, "pieces", pieces);
    return o;
}

/* A section's own keys, then `here` and [DEFAULT]'s keys not already listed:
 * configparser's options(section) order (for [DEFAULT] itself, `here` comes first). */
static json_t *section_json(const rt_ini *ini, const rt_ini_section *s, const char *here)
{
    json_t *o = json_object();
    for (size_t i = 0; s && i < s->count; i++)
        json_object_set_new(o, s->entries[i].key,
                            option_json(ini, s->name, &s->entries[i], here));
    const char *name = s ? s->name : "DEFAULT";
    if (!json_object_get(o, "here"))
        json_object_set_new(o, "here",
                            option_json(ini, name, rt_ini_get(ini, "DEFAULT", "here"), here));
    for (size_t i = 0; i < ini->defaults.count; i++) {
        const rt_ini_entry *e = &ini->defaults.entries[i];
        if (!json_object_get(o, e->key))
            json_object_set_new(o, e->key, option_json(ini, name, e, here));
    }
    return o;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fputs("usage: ini_dump FILE HERE\n", stderr);
        return 2;
    }
    rt_error err;
    rt_error_clear(&err);
    rt_source src;
    if (rt_source_read(&src, argv[1], &err) != RT_OK) {
        rt_error_print(&err, stderr);
        return 2;
    }
    rt_ini ini;
    json_t *root = json_object();
    if (rt_ini_parse(&ini, argv[1], src.data, src.len, &err) != RT_OK) {
        json_object_set_new(root, "error",
                            json_pack("{sssisi}", "message", err.message, "line", err.line,
                                      "column", err.column));
    } else {
        json_t *names = json_array(), *options = json_object();
        for (size_t i = 0; i < ini.count; i++) {
            json_array_append_new(names, json_string(ini.sections[i].name));
            json_object_set_new(options, ini.sections[i].name,
                                section_json(&ini, &ini.sections[i], argv[2]));
        }
        json_object_set_new(root, "sections", names);
        json_object_set_new(root, "defaults", section_json(&ini, NULL, argv[2]));
        json_object_set_new(root, "options", options);
        rt_ini_free(&ini);
    }
    json_dumpf(root, stdout, JSON_ENSURE_ASCII | JSON_PRESERVE_ORDER);
    putchar('\n');
    json_decref(root);
    rt_source_free(&src);
    return 0;
}
