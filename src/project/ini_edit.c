/* Text-preserving edits of alembic.ini: wiring `retort sign` as the last
 * post_write_hook. The file is parsed with the configparser-compatible reader for its
 * structure; the output is the input bytes with at most two spliced ranges. */
#include <stdlib.h>
#include <string.h>

#include "retort/ini.h"
#include "retort/ini_edit.h"
#include "retort/source.h"

#define HOOKS_SECTION "post_write_hooks"
#define HOOK_NAME "retort_sign"
#define HOOK_NAME_TRIES 100

bool rt_hook_type_parse(const char *name, rt_hook_type *out)
{
    if (strcmp(name, "console_scripts") == 0)
        *out = RT_HOOK_CONSOLE_SCRIPTS;
    else if (strcmp(name, "exec") == 0)
        *out = RT_HOOK_EXEC;
    else
        return false;
    return true;
}

/* ---- reading the hooks list ---------------------------------------------------- */

/* One hook name in the `hooks =` value: [start, end) in the file, and the separator
 * text in front of it ([sep, start); for the first, whatever precedes it in the value,
 * such as the line break of a value that starts on the next line). */
typedef struct token {
    size_t sep, start, end;
} token;

typedef struct hooks_value {
    size_t start, end;  /* the value's bytes in the file (stripped) */
    token *tokens;      /* malloc'd */
    size_t count;
} hooks_value;

static bool is_sep(char c)
{
    return c == ',' || c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Whether text[i] begins a continuation line that configparser drops as a comment. */
static bool comment_line_at(const char *text, size_t i, size_t end)
{
    if (i == 0 || (text[i - 1] != '\n' && text[i - 1] != '\r'))
        return false;
    while (i < end && (text[i] == ' ' || text[i] == '\t'))
        i++;
    return i < end && (text[i] == '#' || text[i] == ';');
}

static int tokenize(hooks_value *hv, const char *text)
{
    size_t cap = (hv->end - hv->start) / 2 + 1;
    hv->tokens = malloc(cap * sizeof *hv->tokens);
    if (!hv->tokens)
        return RT_ENOMEM;
    size_t sep = hv->start;
    for (size_t i = hv->start; i < hv->end;) {
        if (comment_line_at(text, i, hv->end)) {
            while (i < hv->end && text[i] != '\n' && text[i] != '\r')
                i++;
            continue;
        }
        if (is_sep(text[i])) {
            i++;
            continue;
        }
        size_t s = i;
        while (i < hv->end && !is_sep(text[i]))
            i++;
        hv->tokens[hv->count] = (token){sep, s, i};
        hv->count++;
        sep = i;
    }
    return RT_OK;
}

static bool token_is(const token *t, const char *text, const char *name)
{
    size_t n = strlen(name);
    return t->end - t->start == n && memcmp(text + t->start, name, n) == 0;
}

/* The section's entry `<hook>.<option>` (exact: hook names keep their case). */
static const rt_ini_entry *hook_option(const rt_ini_section *sec, const char *hook, size_t hook_len,
                                       const char *option)
{
    size_t olen = strlen(option);
    for (size_t i = 0; i < sec->count; i++) {
        const char *k = sec->entries[i].key;
        if (strncmp(k, hook, hook_len) == 0 && k[hook_len] == '.' &&
            strncmp(k + hook_len + 1, option, olen) == 0 && k[hook_len + 1 + olen] == '\0')
            return &sec->entries[i];
    }
    return NULL;
}

/* Whether word appears in s delimited by blanks, the string's ends or (before) a '/'. */
static bool has_word(const char *s, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = s ? strstr(s, word) : NULL; p; p = strstr(p + 1, word)) {
        bool starts = p == s || p[-1] == ' ' || p[-1] == '\t' || p[-1] == '/';
        if (starts && (p[n] == '\0' || p[n] == ' ' || p[n] == '\t'))
            return true;
    }
    return false;
}

static bool is_sign_hook(const rt_ini_section *sec, const char *name, size_t len)
{
    const rt_ini_entry *type = hook_option(sec, name, len, "type");
    if (!type)
        return false;
    if (strcmp(type->value, "console_scripts") == 0) {
        const rt_ini_entry *ep = hook_option(sec, name, len, "entrypoint");
        return ep && strcmp(ep->value, "retort-sign") == 0;
    }
    const rt_ini_entry *exe = hook_option(sec, name, len, "executable");
    const rt_ini_entry *opt = hook_option(sec, name, len, "options");
    return strcmp(type->value, "exec") == 0 && exe && opt && has_word(exe->value, "retort") &&
           has_word(opt->value, "sign");
}

/* A hook name no listed hook and no `<name>.` key uses. */
static bool pick_name(char out[32], const rt_ini_section *sec, const hooks_value *hv,
                      const char *text)
{
    for (int n = 1; n <= HOOK_NAME_TRIES; n++) {
        if (n == 1)
            memcpy(out, HOOK_NAME, sizeof HOOK_NAME);
        else
            snprintf(out, 32, HOOK_NAME "_%d", n);
        bool taken = false;
        for (size_t i = 0; i < hv->count && !taken; i++)
            taken = token_is(&hv->tokens[i], text, out);
        for (size_t i = 0; sec && i < sec->count && !taken; i++)
            taken = strncmp(sec->entries[i].key, out, strlen(out)) == 0 &&
                    sec->entries[i].key[strlen(out)] == '.';
        if (!taken)
            return true;
    }
    return false;
}

/* ---- building the new text ------------------------------------------------------ */

typedef struct editor {
    const char *text;
    size_t len;
    rt_source src;
    const char *nl;     /* the file's line end: "\r\n" or "\n" */
} editor;

static size_t line_end(editor *ed, unsigned line)
{
    rt_str l = rt_source_line(&ed->src, line);
    return (size_t)(l.p - ed->src.data) + l.len;
}

/* Offset of the first byte after line `line` and its line end. */
static size_t after_line(editor *ed, unsigned line)
{
    size_t i = line_end(ed, line);
    if (i < ed->len && ed->text[i] == '\r')
        i++;
    if (i < ed->len && ed->text[i] == '\n')
        i++;
    return i;
}

static bool blank_line(editor *ed, unsigned line)
{
    rt_str l = rt_str_trim(rt_source_line(&ed->src, line));
    return l.len == 0;
}

static bool comment_line(editor *ed, unsigned line)
{
    rt_str l = rt_str_trim(rt_source_line(&ed->src, line));
    return l.len > 0 && (l.p[0] == '#' || l.p[0] == ';');
}

static unsigned last_line(editor *ed)
{
    unsigned line, col;
    rt_source_position(&ed->src, ed->len, &line, &col);
    return line;
}

static void hook_lines(rt_buf *b, const char *name, rt_hook_type type, const char *nl)
{
    if (type == RT_HOOK_EXEC)
        rt_buf_printf(b, "%s.type = exec%s%s.executable = retort%s"
                         "%s.options = sign REVISION_SCRIPT_FILENAME%s",
                      name, nl, name, nl, name, nl);
    else
        rt_buf_printf(b, "%s.type = console_scripts%s%s.entrypoint = retort-sign%s", name, nl,
                      name, nl);
}

/* The line after which new keys go: the section's last entry, or with no entries the
 * last non-blank line of the section's comments (comment lines right above the next
 * section's header belong to that section). */
static unsigned insertion_line(editor *ed, const rt_ini *ini, const rt_ini_section *sec)
{
    unsigned last = sec->line;
    for (size_t i = 0; i < sec->count; i++)
        if (sec->entries[i].end_line > last)
            last = sec->entries[i].end_line;
    if (sec->count)
        return last;
    unsigned next = last_line(ed) + 1;
    for (size_t i = 0; i < ini->count; i++)
        if (ini->sections[i].line > sec->line && ini->sections[i].line < next)
            next = ini->sections[i].line;
    unsigned line = next - 1;
    while (next <= last_line(ed) && line > sec->line && comment_line(ed, line))
        line--; /* the next section's own heading comment */
    while (line > sec->line && blank_line(ed, line))
        line--;
    return line;
}

/* Copies the file up to the end of line `line`, then `lines` (whole lines). */
static void insert_after(rt_buf *out, editor *ed, size_t *copied, unsigned line,
                         const rt_buf *lines)
{
    size_t at = after_line(ed, line);
    rt_buf_put(out, ed->text + *copied, at - *copied);
    if (at > 0 && ed->text[at - 1] != '\n' && ed->text[at - 1] != '\r')
        rt_buf_puts(out, ed->nl);
    rt_buf_put(out, lines->data, lines->len);
    *copied = at;
}

/* Rewrites the hooks value with `move` (index of the sign hook, or SIZE_MAX) removed
 * and `name` appended. */
static void rewrite_hooks(rt_buf *out, editor *ed, const hooks_value *hv, size_t move,
                          const char *name)
{
    const char *t = ed->text;
    const token *tk = hv->tokens;
    size_t n = hv->count;
    bool first = true;
    if (n > 0)
        rt_buf_put(out, t + hv->start, tk[0].start - hv->start);
    for (size_t i = 0; i < n; i++) {
        if (i == move)
            continue;
        if (!first)
            rt_buf_put(out, t + tk[i].sep, tk[i].start - tk[i].sep);
        rt_buf_put(out, t + tk[i].start, tk[i].end - tk[i].start);
        first = false;
    }
    const char *sep = ", ";
    size_t sep_len = 2;
    if (n >= 2 && move != n - 1) {
        sep = t + tk[n - 1].sep;
        sep_len = tk[n - 1].start - tk[n - 1].sep;
    }
    if (memchr(sep, '#', sep_len) || memchr(sep, ';', sep_len)) {
        sep = ", ";
        sep_len = 2;
    }
    if (!first)
        rt_buf_put(out, sep, sep_len);
    rt_buf_puts(out, name);
    if (n > 0)
        rt_buf_put(out, t + tk[n - 1].end, hv->end - tk[n - 1].end);
}

static void append_section(rt_buf *out, editor *ed, const char *name, rt_hook_type type)
{
    rt_buf_put(out, ed->text, ed->len);
    if (ed->len > 0 && ed->text[ed->len - 1] != '\n' && ed->text[ed->len - 1] != '\r')
        rt_buf_puts(out, ed->nl);
    if (ed->len > 0)
        rt_buf_puts(out, ed->nl);
    rt_buf_printf(out, "[" HOOKS_SECTION "]%shooks = %s%s", ed->nl, name, ed->nl);
    hook_lines(out, name, type, ed->nl);
}

/* The `hooks` entry of the section itself ([DEFAULT]'s does not count). */
static const rt_ini_entry *hooks_entry(const rt_ini_section *sec)
{
    for (size_t i = 0; i < sec->count; i++)
        if (strcmp(sec->entries[i].key, "hooks") == 0)
            return &sec->entries[i];
    return NULL;
}

static void find_value(editor *ed, const rt_ini_entry *e, hooks_value *hv)
{
    if (e->value[0] == '\0') {
        hv->start = hv->end = line_end(ed, e->line);
        while (hv->start > 0 && (ed->text[hv->start - 1] == ' ' || ed->text[hv->start - 1] == '\t'))
            hv->start--;
        return;
    }
    hv->start = rt_source_offset(&ed->src, e->value_line, e->value_column);
    hv->end = line_end(ed, e->end_line);
    if (hv->end < hv->start)
        hv->end = hv->start;
    while (hv->end > hv->start && (ed->text[hv->end - 1] == ' ' || ed->text[hv->end - 1] == '\t'))
        hv->end--;
}

/* Edits an existing section. Leaves *changed false when the sign hook is already last. */
static int edit_section(rt_buf *out, editor *ed, const rt_ini *ini, const rt_ini_section *sec,
                        rt_hook_type type, bool *changed)
{
    hooks_value hv = {0};
    const rt_ini_entry *hooks = hooks_entry(sec);
    if (hooks) {
        find_value(ed, hooks, &hv);
        if (tokenize(&hv, ed->text) != RT_OK)
            return RT_ENOMEM;
    }
    size_t sign = SIZE_MAX;
    for (size_t i = 0; i < hv.count && sign == SIZE_MAX; i++)
        if (is_sign_hook(sec, ed->text + hv.tokens[i].start, hv.tokens[i].end - hv.tokens[i].start))
            sign = i;
    int rc = RT_OK;
    char name[32];
    if (sign != SIZE_MAX && sign == hv.count - 1)
        goto cleanup;
    if (sign != SIZE_MAX) {
        const token *t = &hv.tokens[sign];
        snprintf(name, sizeof name, "%.*s", (int)(t->end - t->start), ed->text + t->start);
    } else if (!pick_name(name, sec, &hv, ed->text)) {
        rc = RT_ERR;
        goto cleanup;
    }
    *changed = true;
    size_t copied = 0;
    if (hooks) {
        rt_buf_put(out, ed->text, hv.start);
        if (hv.count == 0 && hv.start == hv.end)
            rt_buf_putc(out, ' ');
        rewrite_hooks(out, ed, &hv, sign, name);
        copied = hv.end;
    }
    if (sign == SIZE_MAX) {
        rt_buf lines = RT_BUF_INIT;
        if (!hooks)
            rt_buf_printf(&lines, "hooks = %s%s", name, ed->nl);
        hook_lines(&lines, name, type, ed->nl);
        insert_after(out, ed, &copied, insertion_line(ed, ini, sec), &lines);
        rt_buf_free(&lines);
    }
    rt_buf_put(out, ed->text + copied, ed->len - copied);
cleanup:
    free(hv.tokens);
    return rc;
}

int rt_ini_edit_sign_hook(char **out, size_t *out_len, bool *changed, const char *path,
                          const char *text, size_t len, rt_hook_type type, rt_error *err)
{
    rt_ini ini;
    editor ed = {.text = text, .len = len, .nl = "\n"};
    rt_buf b = RT_BUF_INIT;
    *out = NULL;
    *changed = false;
    int rc = rt_ini_parse(&ini, path, text, len, err);
    if (rc != RT_OK)
        return rc;
    rc = rt_source_from_bytes(&ed.src, path, text, len, err);
    if (rc != RT_OK)
        goto cleanup_ini;
    const char *lf = memchr(text, '\n', len);
    if (lf && lf > text && lf[-1] == '\r')
        ed.nl = "\r\n";
    const rt_ini_section *sec = rt_ini_section_find(&ini, HOOKS_SECTION);
    if (!sec) {
        *changed = true;
        append_section(&b, &ed, HOOK_NAME, type);
    } else {
        rc = edit_section(&b, &ed, &ini, sec, type, changed);
        if (rc == RT_ERR)
            rt_error_set(err, rc, path, sec->line, 1, "no free name for the sign hook");
        else if (rc != RT_OK)
            rt_error_set(err, rc, path, 0, 0, "out of memory");
        if (rc == RT_OK && !*changed)
            rt_buf_put(&b, text, len);
    }
    if (rc == RT_OK && b.toobig)
        rc = rt_error_set(err, RT_ENOMEM, path, 0, 0, "out of memory");
    if (rc == RT_OK) {
        *out_len = b.len;
        *out = b.len ? rt_buf_detach(&b) : calloc(1, 1);
        if (!*out)
            rc = rt_error_set(err, RT_ENOMEM, path, 0, 0, "out of memory");
    }
    rt_buf_free(&b);
    rt_source_free(&ed.src);
cleanup_ini:
    rt_ini_free(&ini);
    return rc;
}
