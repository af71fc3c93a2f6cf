#include "retort/str.h"

#include <string.h>

rt_str rt_str_from(const char *s)
{
    return s ? (rt_str){s, strlen(s)} : RT_STR_NULL;
}

bool rt_str_eq(rt_str a, rt_str b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.p, b.p, a.len) == 0);
}

bool rt_str_eq_cstr(rt_str a, const char *s)
{
    return rt_str_eq(a, rt_str_from(s));
}

bool rt_str_starts_with(rt_str s, const char *prefix)
{
    size_t n = strlen(prefix);
    return s.len >= n && memcmp(s.p, prefix, n) == 0;
}

bool rt_str_ends_with(rt_str s, const char *suffix)
{
    size_t n = strlen(suffix);
    return s.len >= n && memcmp(s.p + s.len - n, suffix, n) == 0;
}

static int ascii_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

bool rt_str_ieq_cstr(rt_str a, const char *s)
{
    size_t n = strlen(s);
    if (a.len != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (ascii_lower((unsigned char)a.p[i]) != ascii_lower((unsigned char)s[i]))
            return false;
    return true;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

rt_str rt_str_trim(rt_str s)
{
    while (s.len && is_space(s.p[0])) {
        s.p++;
        s.len--;
    }
    while (s.len && is_space(s.p[s.len - 1]))
        s.len--;
    return s;
}
