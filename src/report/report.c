/* Reporter dispatch and the helpers the formats share: masking, UTF-8, JSON. */
#include <errno.h>
#include <string.h>

#include "report/reporters.h"
#include "retort/term.h"

static const struct {
    const char *name;
    rt_format format;
    rt_report_writer write;
} formats[] = {
    {"text", RT_FORMAT_TEXT, rt_report_text},
    {"concise", RT_FORMAT_CONCISE, rt_report_concise},
    {"json", RT_FORMAT_JSON, rt_report_json},
    {"sarif", RT_FORMAT_SARIF, rt_report_sarif},
    {"github", RT_FORMAT_GITHUB, rt_report_github},
    {"gitlab", RT_FORMAT_GITLAB, rt_report_gitlab},
    {"junit", RT_FORMAT_JUNIT, rt_report_junit},
};

#define FORMAT_COUNT (sizeof formats / sizeof formats[0])

bool rt_format_parse(const char *name, rt_format *out)
{
    for (size_t i = 0; name && i < FORMAT_COUNT; i++) {
        if (strcmp(name, formats[i].name) == 0) {
            *out = formats[i].format;
            return true;
        }
    }
    return false;
}

const char *rt_format_names(void)
{
    return "text, concise, json, sarif, github, gitlab, junit";
}

static rt_report_writer writer_for(rt_format format)
{
    for (size_t i = 0; i < FORMAT_COUNT; i++)
        if (formats[i].format == format)
            return formats[i].write;
    return NULL;
}

int rt_report_write(rt_format format, const rt_findings *findings,
                    const rt_report_options *opts, FILE *out, rt_error *err)
{
    static const rt_report_options no_options = {false, NULL, NULL};
    rt_report_writer write = writer_for(format);
    if (!write)
        return rt_error_set(err, RT_EUSAGE, NULL, 0, 0, "unknown report format %d", (int)format);
    rt_buf buf = RT_BUF_INIT;
    int rc = write(&buf, findings, opts ? opts : &no_options);
    if (rc == RT_OK && buf.toobig)
        rc = RT_ENOMEM;
    if (rc != RT_OK) {
        rt_error_set(err, rc, NULL, 0, 0, "out of memory while writing the report");
        goto cleanup;
    }
    errno = 0;
    if (fwrite(rt_buf_cstr(&buf), 1, buf.len, out) != buf.len || fflush(out) != 0 || ferror(out))
        rc = rt_error_set(err, RT_EIO, NULL, 0, 0, "cannot write the report: %s",
                          errno ? strerror(errno) : "write error");
cleanup:
    rt_buf_free(&buf);
    return rc;
}

size_t rt_report_decode(rt_str s, size_t i, uint32_t *cp)
{
    const unsigned char *p = (const unsigned char *)s.p + i;
    if (p[0] < 0x80) {
        *cp = p[0];
        return 1;
    }
    size_t n = rt_utf8_valid_len(p, s.len - i);
    if (n == 0) {
        *cp = RT_REPORT_INVALID;
        return 1;
    }
    static const unsigned char lead_mask[5] = {0, 0x7F, 0x1F, 0x0F, 0x07};
    uint32_t c = p[0] & lead_mask[n];
    for (size_t k = 1; k < n; k++)
        c = (c << 6) | (p[k] & 0x3F);
    *cp = c;
    return n;
}

bool rt_report_masked(const rt_finding *f, unsigned column)
{
    unsigned from = f->mask_column, to = f->mask_end_column;
    return from && column >= from && (to <= from || column < to);
}

rt_str rt_report_line(const rt_finding *f, const rt_report_options *opts)
{
    if (!opts->line_text || f->line == 0)
        return RT_STR_NULL;
    rt_str line = opts->line_text(opts->line_ctx, f->path, f->line);
    return line.p ? line : RT_STR_NULL;
}

const char *rt_report_ci_path(const char *path)
{
    while (path[0] == '.' && path[1] == '/') {
        path += 2;
        while (path[0] == '/')
            path++;
    }
    return path;
}

unsigned rt_report_end_column(const rt_finding *f)
{
    bool same_line = f->end_line == 0 || f->end_line == f->line;
    return same_line && f->end_column > f->column ? f->end_column : 0;
}
