/* toml_dump FILE — prints retort's view of a TOML file as JSON, for the differential
 * test against Python's tomllib (tests/integration/toml_tomllib.py).
 *
 * Every value is {"type", "line", "column", ...}: "value" for strings, integers and
 * booleans, "text" (the source text) for floats and dates, "items" for arrays, and
 * "entries": [[key, line, column, value]...] for tables. A failure is
 * {"error": {"message", "line", "column"}}. */
#include <jansson.h>
#include <stdio.h>

#include "retort/source.h"
#include "retort/toml.h"

static const char *const type_names[] = {"string", "integer", "float", "bool",
                                         "datetime", "array", "table"};

static json_t *value_json(const rt_toml_value *v)
{
    json_t *o = json_pack("{sssisi}", "type", type_names[v->type], "line", v->line,
                          "column", v->column);
    switch (v->type) {
    case RT_TOML_STRING:
        json_object_set_new(o, "value", json_stringn(v->str, v->len));
        break;
    case RT_TOML_INTEGER:
        json_object_set_new(o, "value", json_integer(v->integer));
        json_object_set_new(o, "text", json_string(v->str));
        break;
    case RT_TOML_BOOL:
        json_object_set_new(o, "value", json_boolean(v->boolean));
        break;
    case RT_TOML_FLOAT:
    case RT_TOML_DATETIME:
        json_object_set_new(o, "text", json_string(v->str));
        break;
    case RT_TOML_ARRAY: {
        json_t *items = json_array();
        for (size_t i = 0; i < v->count; i++)
            json_array_append_new(items, value_json(v->items[i]));
        json_object_set_new(o, "items", items);
        break;
    }
    case RT_TOML_TABLE: {
        json_t *entries = json_array();
        for (size_t i = 0; i < v->count; i++) {
            const rt_toml_entry *e = &v->entries[i];
            json_array_append_new(entries,
                                  json_pack("[s%iio]", e->key, e->key_len, e->line, e->column,
                                            value_json(e->value)));
        }
        json_object_set_new(o, "entries", entries);
        break;
    }
    }
    return o;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: toml_dump FILE\n", stderr);
        return 2;
    }
    rt_error err;
    rt_error_clear(&err);
    rt_source src;
    if (rt_source_read(&src, argv[1], &err) != RT_OK) {
        rt_error_print(&err, stderr);
        return 2;
    }
    rt_toml doc;
    json_t *root;
    if (rt_toml_parse(&doc, argv[1], src.data, src.len, &err) != RT_OK) {
        root = json_pack("{s{sssisi}}", "error", "message", err.message, "line", err.line,
                         "column", err.column);
    } else {
        root = json_pack("{so}", "root", value_json(doc.root));
        rt_toml_free(&doc);
    }
    json_dumpf(root, stdout, JSON_ENSURE_ASCII);
    putchar('\n');
    json_decref(root);
    rt_source_free(&src);
    return 0;
}
