/* The registry's promises: unique kebab-case names, a doc and fixtures for every rule. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "retort/rule.h"

static bool is_kebab(const char *s)
{
    if (!*s || *s == '-')
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
            return false;
    return s[-1] != '-';
}

Test(registry, names_are_unique_kebab_case_and_findable)
{
    cr_assert_gt(rt_rule_count(), 0);
    for (size_t i = 0; i < rt_rule_count(); i++) {
        const rt_rule *r = rt_rule_at(i);
        cr_assert(is_kebab(r->name), "rule name '%s' is not kebab-case", r->name);
        cr_assert_eq(rt_rule_find(rt_str_from(r->name)), r);
        cr_assert_eq(rt_rule_index(r), i);
        cr_assert(r->summary && r->summary[0], "%s has no summary", r->name);
        cr_assert(r->area && r->area[0], "%s has no area", r->name);
        cr_assert(r->default_severity >= RT_SEV_INFO && r->default_severity <= RT_SEV_ERROR);
        for (size_t j = 0; j < i; j++)
            cr_assert_str_neq(rt_rule_at(j)->name, r->name);
    }
}

Test(registry, every_rule_has_a_doc_compiled_in)
{
    for (size_t i = 0; i < rt_rule_count(); i++) {
        const char *name = rt_rule_at(i)->name;
        const char *doc = rt_rule_doc(name);
        cr_assert_not_null(doc, "rule %s has no rules/%s.md", name, name);
        char title[128];
        snprintf(title, sizeof title, "# %s\n", name);
        cr_assert(strncmp(doc, title, strlen(title)) == 0, "rules/%s.md must start with '%s'",
                  name, title);
    }
}

static void count_cases(const char *dir, int *bad, int *good)
{
    *bad = *good = 0;
    DIR *d = opendir(dir);
    if (!d)
        return;
    for (struct dirent *e; (e = readdir(d));) {
        *bad += strncmp(e->d_name, "bad_", 4) == 0;
        *good += strncmp(e->d_name, "good_", 5) == 0;
    }
    closedir(d);
}

Test(registry, every_rule_has_bad_and_good_fixtures)
{
    for (size_t i = 0; i < rt_rule_count(); i++) {
        const char *name = rt_rule_at(i)->name;
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/fixtures/rules/%s", RETORT_SOURCE_DIR, name);
        int bad, good;
        count_cases(dir, &bad, &good);
        cr_assert(bad > 0 && good > 0, "fixtures/rules/%s needs bad_* and good_* cases", name);
    }
}

Test(registry, suggests_near_names)
{
    cr_assert_str_eq(rt_rule_suggest(rt_str_from("sign-hook-misconfigure")),
                     "sign-hook-misconfigured");
    cr_assert_null(rt_rule_suggest(rt_str_from("zzzzzzzz")));
}
