#include "load.h"

#include <dlfcn.h>
#include <pthread.h>
#include <string.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static int resolve(void *handle, const char *what, const char *soname, const char *for_what,
                   const rt_dl_symbol *symbols, size_t count, rt_error *err)
{
    for (size_t i = 0; i < count; i++) {
        dlerror();
        void *address = dlsym(handle, symbols[i].name);
        if (!address) {
            const char *why = dlerror();
            return rt_error_set(err, RT_ENOTFOUND, NULL, 0, 0,
                                "%s is needed for %s, but %s lacks %s: %s", what, for_what,
                                soname, symbols[i].name, why ? why : "no such symbol");
        }
        /* POSIX guarantees that a function's address round-trips through void *. */
        memcpy(symbols[i].slot, &address, sizeof address);
    }
    return RT_OK;
}

int rt_dl_load(atomic_bool *loaded, const char *what, const char *soname, const char *for_what,
               const rt_dl_symbol *symbols, size_t count, rt_error *err)
{
    if (atomic_load_explicit(loaded, memory_order_acquire)) /* the slots are filled */
        return RT_OK;
    pthread_mutex_lock(&lock);
    int rc = RT_OK;
    if (!atomic_load_explicit(loaded, memory_order_relaxed)) {
        void *handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
        if (!handle) {
            const char *why = dlerror();
            rc = rt_error_set(err, RT_ENOTFOUND, NULL, 0, 0,
                              "%s is needed for %s, but %s cannot be loaded: %s", what,
                              for_what, soname, why ? why : "unknown error");
        } else {
            rc = resolve(handle, what, soname, for_what, symbols, count, err);
        }
        atomic_store_explicit(loaded, rc == RT_OK, memory_order_release);
    }
    pthread_mutex_unlock(&lock);
    return rc;
}
