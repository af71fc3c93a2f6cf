/* `inspect_json FILE...` runs the code of `retort inspect --format json FILE...` (the
 * same src/cli/cmd_inspect.c) without the rest of the CLI, so the model can be tested
 * end to end while other parts of the program are not linked in. */
#include "cli.h"

int main(int argc, char **argv)
{
    argv[0] = "inspect";
    return cmd_inspect(argc, argv);
}
