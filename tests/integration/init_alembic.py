"""`retort init` on real Alembic projects: the sign hook becomes the last
post_write_hook, every other byte of alembic.ini stays, a second run changes nothing,
--dry-run writes nothing, and real Alembic then runs the hook (retort.sum appears).

The edited files are read back with Python's configparser and with Alembic's own hook
list, so "the last hook" is what Alembic will do, not what retort believes.
"""
import configparser
import difflib
import os
import shutil
import subprocess
import sys
import tempfile

RETORT = os.environ["RETORT"]
SOURCE = os.environ["RETORT_SOURCE_DIR"]
PYTHON = os.environ.get("PYTHON", "/usr/bin/python3")
ENV = dict(os.environ, RETORT=RETORT, PYTHONPATH=os.path.join(SOURCE, "python"))

FAILURES = []


def run(args, cwd, ok=(0,)):
    proc = subprocess.run(args, cwd=cwd, env=ENV, capture_output=True)
    assert proc.returncode in ok, f"{args}: exit {proc.returncode}: {proc.stderr.decode()}"
    return proc


def read(path):
    with open(path, "rb") as f:
        return f.read()


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def alembic_hooks(ini):
    """The hook names in the order Alembic 1.8 runs them, as Alembic parses them."""
    from alembic.config import Config
    from alembic.script.base import _split_on_space_comma
    cfg = Config(ini)
    opts = cfg.get_section("post_write_hooks", {})
    return [n for n in _split_on_space_comma.split(opts.get("hooks", "")) if n], opts


def new_project(root):
    run([PYTHON, "-m", "alembic", "init", "migrations"], root)
    return os.path.join(root, "alembic.ini")


def check_clean(root):
    proc = run([RETORT, "check", "--fail-on", "info", "--select", "sign-hook-misconfigured"],
               root, ok=(0, 1))
    assert proc.returncode == 0, f"sign-hook-misconfigured after init:\n{proc.stdout.decode()}"


def changed_lines(before, after):
    """The lines removed and added, as difflib sees them."""
    diff = difflib.ndiff(before.decode().splitlines(True), after.decode().splitlines(True))
    return [d for d in diff if d[:1] in "+-"]


def case(fn):
    def wrapped():
        with tempfile.TemporaryDirectory() as root:
            try:
                fn(root)
                print(f"ok   {fn.__name__}")
            except AssertionError as e:
                FAILURES.append(fn.__name__)
                print(f"FAIL {fn.__name__}: {e}")
    wrapped.__name__ = fn.__name__
    return wrapped


@case
def template_project_then_alembic_revision(root):
    ini = new_project(root)
    before = read(ini)
    dry = run([RETORT, "init", "--dry-run"], root).stdout.decode()
    assert read(ini) == before, "--dry-run wrote alembic.ini"
    assert not os.path.exists(os.path.join(root, ".retort.yaml")), "--dry-run wrote .retort.yaml"
    assert "+hooks = retort_sign\n" in dry and "--- a/alembic.ini" in dry, dry
    run([RETORT, "init"], root)
    after = read(ini)
    assert changed_lines(before, after) == [
        "+ hooks = retort_sign\n", "+ retort_sign.type = console_scripts\n",
        "+ retort_sign.entrypoint = retort-sign\n"], changed_lines(before, after)
    # The dry run's diff, applied with patch(1), gives exactly what init wrote.
    if shutil.which("patch"):
        write(os.path.join(root, "copy.ini"), before)
        patched = subprocess.run(["patch", "-s", "-o", "-", os.path.join(root, "copy.ini")],
                                 input=dry.split("--- a/.retort.yaml")[0].encode(),
                                 capture_output=True)
        assert patched.stdout == after, patched.stderr.decode()
    hooks, _ = alembic_hooks(ini)
    assert hooks[-1] == "retort_sign", hooks
    check_clean(root)
    config = read(os.path.join(root, ".retort.yaml"))
    # Idempotent: a second run changes nothing, and says so.
    second = run([RETORT, "init"], root).stdout.decode()
    assert read(ini) == after and read(os.path.join(root, ".retort.yaml")) == config
    assert "already" in second and "left as it is" in second, second
    assert run([RETORT, "init", "--dry-run"], root).stdout == b""
    # The starter config is valid: check runs with it.
    run([RETORT, "check", "--config", ".retort.yaml", "--select", "integrity"], root, ok=(0, 1))
    # Real Alembic runs the hook it wrote.
    run([PYTHON, "-m", "alembic", "revision", "-m", "first"], root)
    versions = os.path.join(root, "migrations", "versions")
    sums = read(os.path.join(versions, "retort.sum")).decode()
    [migration] = [f for f in os.listdir(versions) if f.endswith(".py")]
    assert migration in sums, sums
    proc = run([RETORT, "check", "--select", "integrity"], root, ok=(0, 1))
    assert proc.returncode == 0, proc.stdout.decode()


FORMATTED = b"""; a hand-kept alembic.ini\r
[alembic]\r
script_location = migrations\r
\r
[post_write_hooks]\r
# formatters first\r
hooks = black,zimports\r
black.type = console_scripts\r
black.entrypoint = black\r
zimports.type = console_scripts\r
zimports.entrypoint = zimports\r
\r
[loggers]\r
keys = root\r
"""


@case
def existing_hooks_keep_separator_and_crlf(root):
    ini = os.path.join(root, "alembic.ini")
    write(ini, FORMATTED)
    run([RETORT, "init", "--hook-type", "exec"], root)
    after = read(ini)
    assert after == FORMATTED.replace(b"hooks = black,zimports", b"hooks = black,zimports,retort_sign").replace(
        b"zimports.entrypoint = zimports\r\n",
        b"zimports.entrypoint = zimports\r\nretort_sign.type = exec\r\nretort_sign.executable = retort\r\n"
        b"retort_sign.options = sign REVISION_SCRIPT_FILENAME\r\n"), after
    hooks, opts = alembic_hooks(ini)
    assert hooks == ["black", "zimports", "retort_sign"], hooks
    check_clean(root)
    run([RETORT, "init"], root)
    assert read(ini) == after, "second run changed the file"


@case
def sign_hook_not_last_is_moved(root):
    ini = os.path.join(root, "alembic.ini")
    text = (b"[alembic]\nscript_location = migrations\n\n[post_write_hooks]\n"
            b"hooks = sign, black\nsign.type = console_scripts\nsign.entrypoint = retort-sign\n"
            b"black.type = console_scripts\nblack.entrypoint = black\n")
    write(ini, text)
    run([RETORT, "check", "--fail-on", "info", "--select", "sign-hook-misconfigured"], root,
        ok=(1,))
    run([RETORT, "init"], root)
    assert read(ini) == text.replace(b"hooks = sign, black", b"hooks = black, sign"), read(ini)
    check_clean(root)


@case
def multi_line_hooks_value(root):
    # (Alembic 1.8 splits `hooks` on commas and spaces only, so such a list is not
    # usable there; the edit must still keep the value's layout.)
    ini = os.path.join(root, "alembic.ini")
    text = (b"[alembic]\nscript_location = migrations\n\n[post_write_hooks]\n"
            b"hooks =\n    black\n    sign\n    isort\nsign.type = console_scripts\n"
            b"sign.entrypoint = retort-sign\n")
    write(ini, text)
    run([RETORT, "init"], root)
    want = text.replace(b"    black\n    sign\n    isort\n", b"    black\n    isort\n    sign\n")
    assert read(ini) == want, read(ini)


@case
def no_section_and_no_final_newline(root):
    ini = os.path.join(root, "alembic.ini")
    text = b"[alembic]\nscript_location = migrations"
    write(ini, text)
    os.chmod(ini, 0o600)
    run([RETORT, "init"], root)
    after = read(ini)
    assert after.startswith(text + b"\n\n[post_write_hooks]\nhooks = retort_sign\n"), after
    assert os.stat(ini).st_mode & 0o777 == 0o600, "mode not kept"
    cp = configparser.ConfigParser()
    cp.read_string(after.decode())
    assert cp["post_write_hooks"]["retort_sign.entrypoint"] == "retort-sign"
    check_clean(root)


@case
def name_taken_and_empty_hooks(root):
    ini = os.path.join(root, "alembic.ini")
    text = (b"[alembic]\nscript_location = migrations\n\n[post_write_hooks]\nhooks =\n"
            b"retort_sign.type = console_scripts\nretort_sign.entrypoint = something-else\n")
    write(ini, text)
    run([RETORT, "init"], root)
    hooks, opts = alembic_hooks(ini)
    assert hooks == ["retort_sign_2"], hooks
    assert opts["retort_sign_2.entrypoint"] == "retort-sign"
    check_clean(root)


@case
def broken_ini_is_an_error(root):
    ini = os.path.join(root, "alembic.ini")
    write(ini, b"[alembic]\nscript_location = a\nscript_location = b\n")
    proc = run([RETORT, "init"], root, ok=(2,))
    assert b"alembic.ini:3" in proc.stderr, proc.stderr
    assert read(ini) == b"[alembic]\nscript_location = a\nscript_location = b\n"
    assert not os.path.exists(os.path.join(root, ".retort.yaml"))
    proc = run([RETORT, "init", "nowhere"], root, ok=(2,))
    assert b"alembic init" in proc.stderr, proc.stderr


if __name__ == "__main__":
    for test in [template_project_then_alembic_revision, existing_hooks_keep_separator_and_crlf,
                 sign_hook_not_last_is_moved, multi_line_hooks_value,
                 no_section_and_no_final_newline, name_taken_and_empty_hooks,
                 broken_ini_is_an_error]:
        test()
    sys.exit(1 if FAILURES else 0)
