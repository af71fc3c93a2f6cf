/* retort — arena allocation.
 *
 * One arena per unit of work (a checked file, a loaded configuration): everything
 * allocated from it dies together in rt_arena_free(). Blocks are aligned for any type.
 *
 * When the environment variable RETORT_ARENA_MALLOC is set to 1 at rt_arena_new(), every
 * allocation is a separate malloc() so that ASan and valgrind see each block.
 */
#ifndef RETORT_ARENA_H
#define RETORT_ARENA_H

#include <stddef.h>

typedef struct rt_arena rt_arena;

/* Returns a new empty arena, or NULL when out of memory. Free it with rt_arena_free(). */
rt_arena *rt_arena_new(void);

/* Frees every block allocated from the arena, then the arena. NULL is accepted. */
void rt_arena_free(rt_arena *arena);

/* Returns size bytes owned by the arena (uninitialised), or NULL when out of memory.
 * size 0 returns a valid unique pointer. */
void *rt_arena_alloc(rt_arena *arena, size_t size);

/* Like rt_arena_alloc() for n * size zeroed bytes; NULL on overflow or out of memory. */
void *rt_arena_calloc(rt_arena *arena, size_t n, size_t size);

/* Grows an array allocated from the arena: returns a block of new_n * size bytes holding
 * the first old_n * size bytes of old (which may be NULL when old_n is 0). The old block
 * stays owned by the arena. NULL on overflow or out of memory. */
void *rt_arena_grow(rt_arena *arena, void *old, size_t old_n, size_t new_n, size_t size);

/* Returns a NUL-terminated copy of the len bytes at s, owned by the arena, or NULL. */
char *rt_arena_strndup(rt_arena *arena, const char *s, size_t len);

/* Total bytes handed out by the arena so far (for statistics and limits). */
size_t rt_arena_used(const rt_arena *arena);

#endif
