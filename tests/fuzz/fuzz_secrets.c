/* libFuzzer target: the secrets scanner on text and, split at the first NUL byte into
 * key and value, on one configuration value. Seeds: tests/secrets/. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "retort/secrets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static rt_secrets_scanner *scanner;

static void release(void)
{
    rt_secrets_scanner_free(scanner);
}

/* The key is NUL-terminated for the scanner; NULL when the input has no NUL byte. */
static void scan_value(rt_secret_list *list, const char *text, size_t size)
{
    const char *nul = memchr(text, '\0', size);
    rt_error err;
    if (!nul) {
        rt_secrets_scan_value(scanner, NULL, text, size, list, &err);
        return;
    }
    size_t keylen = (size_t)(nul - text);
    rt_secrets_scan_value(scanner, text, nul + 1, size - keylen - 1, list, &err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rt_error err;
    if (!scanner) {
        if (rt_secrets_scanner_new(&scanner, NULL, &err) != RT_OK)
            abort();
        atexit(release);
    }
    rt_secret_list list;
    rt_secrets_list_init(&list);
    const char *text = (const char *)data;
    rt_secrets_scan_text(scanner, text, size, &list, &err);
    for (size_t i = 0; i < list.count; i++)
        if (list.items[i].start > list.items[i].end || list.items[i].end > size)
            abort();
    rt_secrets_list_clear(&list);
    scan_value(&list, text, size);
    rt_secrets_list_free(&list);
    return 0;
}
