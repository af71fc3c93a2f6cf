/* Reading a project's files on all cores, with output independent of the thread count. */
#ifndef RETORT_ENGINE_FILES_H
#define RETORT_ENGINE_FILES_H

#include "retort/project.h"
#include "sink.h"

/* How many threads read files: $RETORT_THREADS when it holds a positive number, else the
 * online CPUs; at most the file count, at least 1. */
unsigned rt_engine_threads(size_t file_count);

/* Reads every file of p once (Python files into the migration model), runs the per-file
 * rules when sink is not NULL, and fills p->revisions / p->revision_count in the order of
 * p->files. With threads > 1 the files are shared among that many threads; findings still
 * reach sink->findings in file order, exactly as one thread adds them, and the error
 * returned is the one of the first failing file in file order (a run stops at an
 * unreadable file: a check that skipped it would pass silently). */
int rt_engine_read_files(rt_project *p, rt_sink *sink, unsigned threads, rt_error *err);

#endif
