/* The junit format: JUnit XML, which most CI systems show as test results.
 *
 *   <?xml version="1.0" encoding="UTF-8"?>
 *   <testsuites name="retort" tests="1" failures="1">
 *     <testsuite name="retort" tests="1" failures="1" errors="0" skipped="0">
 *       <testcase name="alembic.ini:3:35 credentials-in-alembic-ini"
 *                 classname="credentials-in-alembic-ini">
 *         <failure message="sqlalchemy.url holds a password" type="error">alembic.ini:3:35:
 *   error[credentials-in-alembic-ini]: sqlalchemy.url holds a password
 *   help: read the URL from the environment</failure>
 *       </testcase>
 *     </testsuite>
 *   </testsuites>
 *
 * (the failure's text is the concise line and the help line; long lines wrapped here).
 * Every finding is one failing test case. With no findings there is one passing test
 * case, "retort check", so the report still says that the check ran. The document is
 * well-formed for any input: markup characters are escaped, and invalid UTF-8 and the
 * characters XML 1.0 forbids (controls other than TAB, LF, CR; U+FFFE, U+FFFF) become
 * U+FFFD. In attributes TAB, LF and CR are written as character references so that
 * attribute normalisation keeps them.
 */
#include "report/reporters.h"

static bool xml_char_ok(uint32_t cp)
{
    if (cp == RT_REPORT_INVALID || cp == 0xFFFE || cp == 0xFFFF)
        return false;
    return cp >= 0x20 || cp == '\t' || cp == '\n' || cp == '\r';
}

static void xml_escape(rt_buf *out, const char *s, bool attribute)
{
    rt_str str = rt_str_from(s);
    for (size_t i = 0; i < str.len;) {
        uint32_t cp;
        size_t n = rt_report_decode(str, i, &cp);
        switch (xml_char_ok(cp) ? cp : 0xFFFD) {
        case '&': rt_buf_puts(out, "&amp;"); break;
        case '<': rt_buf_puts(out, "&lt;"); break;
        case '>': rt_buf_puts(out, "&gt;"); break;
        case '"': rt_buf_puts(out, attribute ? "&quot;" : "\""); break;
        case '\t': rt_buf_puts(out, attribute ? "&#9;" : "\t"); break;
        case '\n': rt_buf_puts(out, attribute ? "&#10;" : "\n"); break;
        case '\r': rt_buf_puts(out, "&#13;"); break;
        case 0xFFFD: rt_buf_puts(out, "\xEF\xBF\xBD"); break;
        default: rt_buf_put(out, str.p + i, n); break;
        }
        i += n;
    }
}

/* "path:line:col" with the parts that are known, unescaped. */
static void position(rt_buf *out, const rt_finding *f)
{
    rt_buf_puts(out, f->path);
    if (f->line)
        rt_buf_printf(out, ":%u", f->line);
    if (f->line && f->column)
        rt_buf_printf(out, ":%u", f->column);
}

static void testcase(rt_buf *out, rt_buf *scratch, const rt_finding *f)
{
    rt_buf_clear(scratch);
    position(scratch, f);
    rt_buf_printf(scratch, " %s", f->rule);
    rt_buf_puts(out, "    <testcase name=\"");
    xml_escape(out, rt_buf_cstr(scratch), true);
    rt_buf_puts(out, "\" classname=\"");
    xml_escape(out, f->rule, true);
    rt_buf_puts(out, "\">\n      <failure message=\"");
    xml_escape(out, f->message, true);
    rt_buf_printf(out, "\" type=\"%s\">", rt_severity_name(f->severity));
    rt_buf_clear(scratch);
    position(scratch, f);
    rt_buf_printf(scratch, ": %s[%s]: %s", rt_severity_name(f->severity), f->rule, f->message);
    if (f->help)
        rt_buf_printf(scratch, "\nhelp: %s", f->help);
    xml_escape(out, rt_buf_cstr(scratch), false);
    rt_buf_puts(out, "</failure>\n    </testcase>\n");
}

int rt_report_junit(rt_buf *out, const rt_findings *list, const rt_report_options *opts)
{
    (void)opts;
    size_t tests = list->count ? list->count : 1;
    rt_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    rt_buf_printf(out, "<testsuites name=\"retort\" tests=\"%zu\" failures=\"%zu\">\n", tests,
                  list->count);
    rt_buf_printf(out,
                  "  <testsuite name=\"retort\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" "
                  "skipped=\"0\">\n",
                  tests, list->count);
    rt_buf scratch = RT_BUF_INIT;
    for (size_t i = 0; i < list->count; i++)
        testcase(out, &scratch, &list->items[i]);
    if (list->count == 0)
        rt_buf_puts(out, "    <testcase name=\"retort check\" classname=\"retort\"/>\n");
    rt_buf_puts(out, "  </testsuite>\n</testsuites>\n");
    bool ok = !scratch.toobig;
    rt_buf_free(&scratch);
    return ok ? RT_OK : RT_ENOMEM;
}
