/* libFuzzer target: the .retort.yaml loader (anchors, aliases, every key's validation).
 * Seeds: tests/config/. */
#include <stddef.h>
#include <stdint.h>

#include "retort/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rt_config cfg;
    rt_error err;
    rt_config_load_bytes(&cfg, ".retort.yaml", (const char *)data, size, &err);
    rt_config_free(&cfg);
    return 0;
}
