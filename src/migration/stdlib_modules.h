/* The Python standard library's top-level module names (rules/stdlib_modules.c). */
#ifndef RETORT_RULES_STDLIB_MODULES_H
#define RETORT_RULES_STDLIB_MODULES_H

#include <stddef.h>

extern const char *const rt_stdlib_modules[];
extern const size_t rt_stdlib_module_count;

#endif
