#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--version") == 0) {
        printf("retort %s\n", RETORT_VERSION);
        return 0;
    }
    fprintf(stderr, "retort: the command line is being built\n");
    return 2;
}
