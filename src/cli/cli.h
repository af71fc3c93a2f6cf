/* The command line: one file per subcommand, sharing option parsing and config loading. */
#ifndef RETORT_CLI_H
#define RETORT_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "retort/arena.h"
#include "retort/check.h"
#include "retort/config.h"
#include "retort/report.h"

/* Exit statuses. */
enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_TROUBLE = 2 };

/* Options every subcommand that reads a project understands. Strings point into argv
 * or the arena. */
typedef struct cli_options {
    rt_arena *arena;
    const char *config_path;
    const char *format;
    const char **select, **ignore;
    size_t select_count, ignore_count;
    const char *fail_on;
    const char *dialect;
    const char *alembic_ini;
    const char *alembic_name;
    const char *base;
    const char *baseline;
    const char *write_baseline;
    bool quiet;
    bool no_color;
    bool help;
    char **paths;
    size_t path_count;
} cli_options;

/* Parses argv (argv[0] is the subcommand) into opts. Prints a usage error and returns
 * false on bad input. */
bool cli_parse(cli_options *opts, int argc, char **argv, const char *usage);

/* Loads the configuration named by --config, else discovered upward from the first
 * PATH (or the working directory), and applies --fail-on and --dialect. Prints the
 * error and returns false on failure. */
bool cli_load_config(rt_config *cfg, const cli_options *opts);

/* Prints an error to stderr, escaped, as "retort: error: ...". */
void cli_error(const rt_error *err);
void cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Whether standard output gets colours: a terminal, no NO_COLOR, no --no-color. */
bool cli_use_color(const cli_options *opts);

int cmd_check(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_sign(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_graph(int argc, char **argv);
int cmd_inspect(int argc, char **argv);

#endif
