/* `retort rules` and `retort explain RULE`: the catalogue, from the registry and the
 * rules' own documentation. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "retort/term.h"

static const char rules_usage[] =
    "Usage: retort rules [--format text|json] [--config FILE]\n"
    "\n"
    "List every rule with its severity under the configuration, its area and summary.\n";

static const char explain_usage[] =
    "Usage: retort explain RULE\n"
    "\n"
    "Print the documentation of RULE: what it finds, why it matters, how to fix it.\n";

static void print_text(const rt_config *cfg)
{
    printf("%-36s %-8s %-14s %s\n", "RULE", "SEVERITY", "AREA", "SUMMARY");
    for (size_t i = 0; i < rt_rule_count(); i++) {
        const rt_rule *r = rt_rule_at(i);
        printf("%-36s %-8s %-14s %s\n", r->name, rt_severity_name(rt_config_severity(cfg, r)),
               r->area, r->summary);
    }
}

static int print_json(const rt_config *cfg)
{
    json_t *list = json_array();
    for (size_t i = 0; list && i < rt_rule_count(); i++) {
        const rt_rule *r = rt_rule_at(i);
        json_array_append_new(
            list, json_pack("{s:s, s:s, s:s, s:s, s:s}", "name", r->name, "area", r->area,
                            "severity", rt_severity_name(rt_config_severity(cfg, r)),
                            "default_severity", rt_severity_name(r->default_severity),
                            "summary", r->summary));
    }
    int rc = list ? json_dumpf(list, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : -1;
    json_decref(list);
    putchar('\n');
    return rc == 0 ? EXIT_CLEAN : EXIT_TROUBLE;
}

int cmd_rules(int argc, char **argv)
{
    cli_options o = {.arena = rt_arena_new()};
    rt_config cfg;
    int status = EXIT_TROUBLE;
    if (!o.arena || !cli_parse(&o, argc, argv, rules_usage))
        goto cleanup;
    if (o.help) {
        status = EXIT_CLEAN;
        goto cleanup;
    }
    const char *format = o.format ? o.format : "text";
    if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0) {
        cli_usage_error("retort rules prints text or json, not '%s'", format);
        goto cleanup;
    }
    if (!cli_load_config(&cfg, &o))
        goto cleanup;
    if (strcmp(format, "json") == 0) {
        status = print_json(&cfg);
    } else {
        print_text(&cfg);
        status = EXIT_CLEAN;
    }
    rt_config_free(&cfg);
cleanup:
    rt_arena_free(o.arena);
    return status;
}

int cmd_explain(int argc, char **argv)
{
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(explain_usage, stdout);
        return EXIT_CLEAN;
    }
    if (argc != 2) {
        cli_usage_error("retort explain takes one rule name (see `retort rules`)");
        return EXIT_TROUBLE;
    }
    const rt_rule *rule = rt_rule_find(rt_str_from(argv[1]));
    const char *doc = rule ? rt_rule_doc(rule->name) : NULL;
    if (!rule) {
        const char *near = rt_rule_suggest(rt_str_from(argv[1]));
        cli_usage_error("unknown rule '%s'%s%s%s (see `retort rules`)", argv[1],
                        near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
        return EXIT_TROUBLE;
    }
    if (!doc) {
        cli_usage_error("rule '%s' has no documentation", rule->name);
        return EXIT_TROUBLE;
    }
    fputs(doc, stdout);
    return EXIT_CLEAN;
}
