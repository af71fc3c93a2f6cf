/* retort's entry point: dispatches to the subcommand (check by default). */
#include <stdio.h>
#include <string.h>

#include <pg_query.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "cli.h"
#include "retort/sql.h"

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

static const command commands[] = {
    {"check", cmd_check, "lint migrations, alembic.ini and the revision chain (default)"},
    {"sign", cmd_sign, "record generated migrations in retort.sum (post_write_hook)"},
    {"graph", cmd_graph, "show the revision graph: heads, bases, merges"},
    {"inspect", cmd_inspect, "show what retort understood of a migration file"},
    {"rules", cmd_rules, "list the rules with their severity and summary"},
    {"explain", cmd_explain, "print a rule's documentation"},
    {"init", cmd_init, "write .retort.yaml and wire the sign hook into alembic.ini"},
};

#define COMMAND_COUNT (sizeof commands / sizeof commands[0])

static void print_help(void)
{
    printf("retort %s — linter and safety checker for Alembic migrations\n\n"
           "Usage: retort [COMMAND] [OPTIONS] [PATH...]\n\nCommands:\n",
           RETORT_VERSION);
    for (size_t i = 0; i < COMMAND_COUNT; i++)
        printf("  %-9s %s\n", commands[i].name, commands[i].summary);
    printf("\nRun `retort COMMAND --help` for a command's options.\n"
           "Exit status: 0 clean, 1 findings at or above --fail-on, 2 usage, "
           "configuration or I/O error.\n");
}

static void print_version(void)
{
    printf("retort %s\nlibpg_query (PostgreSQL %s parser)\nPCRE2 %d.%02d\n", RETORT_VERSION,
           PG_VERSION, PCRE2_MAJOR, PCRE2_MINOR);
}

static const command *find_command(const char *name)
{
    for (size_t i = 0; i < COMMAND_COUNT; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

static int dispatch(int argc, char **argv)
{
    if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
                     strcmp(argv[1], "help") == 0)) {
        if (argc > 2 && strcmp(argv[1], "help") == 0 && find_command(argv[2])) {
            char *sub[] = {argv[2], "--help", NULL};
            return find_command(argv[2])->run(2, sub);
        }
        print_help();
        return EXIT_CLEAN;
    }
    if (argc > 1 && (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0)) {
        print_version();
        return EXIT_CLEAN;
    }
    const command *cmd = argc > 1 ? find_command(argv[1]) : NULL;
    if (cmd)
        return cmd->run(argc - 1, argv + 1);
    /* No subcommand: `retort [OPTIONS] [PATH...]` is `retort check ...`. */
    argv[0] = "check";
    return cmd_check(argc, argv);
}

int main(int argc, char **argv)
{
    int status = dispatch(argc, argv);
    rt_sql_shutdown(); /* libpg_query's caches, so memory checkers see no leftovers */
    return status;
}
