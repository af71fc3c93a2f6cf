/* retort — the Unicode data behind Python's str.lower() (generated tables in
 * unicode_case.c), for configparser-compatible option names. */
#ifndef RETORT_PROJECT_UNICODE_CASE_H
#define RETORT_PROJECT_UNICODE_CASE_H

#include <stdbool.h>
#include <stdint.h>

/* The one-code-point lower-case mapping of c (c itself when it has none). U+0130 and
 * U+03A3 need the caller's care: the first lowers to two code points, the second
 * depends on its context (Final_Sigma). */
uint32_t rt_ucase_lower(uint32_t c);

/* Unicode's Case_Ignorable property, as Python's Final_Sigma rule uses it. */
bool rt_ucase_is_case_ignorable(uint32_t c);

/* Unicode's Cased property, for code points that are not case-ignorable. */
bool rt_ucase_is_cased(uint32_t c);

#endif
