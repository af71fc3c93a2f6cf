/* Libraries loaded on first use (dlopen) instead of at start-up: libgit2 and libpq pull in
 * about thirty shared libraries whose relocation would cost every run tens of
 * milliseconds, while only `--base` and the production sources call them; libpg_query is
 * large and only SQL needs it. retort is compiled against their headers (so every call is
 * type-checked) and resolves the functions and data it uses by name. */
#ifndef RETORT_DL_LOAD_H
#define RETORT_DL_LOAD_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "retort/error.h"

/* One function to resolve: its exported name and where its address goes (the address of
 * a function-pointer member of a table). */
typedef struct rt_dl_symbol {
    const char *name;
    void *slot;
} rt_dl_symbol;

/* Unless *loaded is already true: opens soname (it stays loaded for the life of the
 * process), stores the address of every symbol in its slot and sets *loaded. On failure
 * *loaded stays false, the slots must not be used, and err (code RT_ENOTFOUND) names the
 * library (what), its file (soname), the reason, and the feature that needs it
 * (for_what). Thread-safe: once *loaded is true a call takes no lock (libpg_query's is
 * asked on every parse, by every thread); loading happens under one process-wide lock. */
int rt_dl_load(atomic_bool *loaded, const char *what, const char *soname, const char *for_what,
               const rt_dl_symbol *symbols, size_t count, rt_error *err);

#endif
