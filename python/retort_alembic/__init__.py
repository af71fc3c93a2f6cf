"""Alembic post_write_hook entry point for Alembic versions without `type = exec`.

Alembic 1.2 to 1.11 run post_write_hooks only as console_scripts entry points. This
module is that entry point, `retort-sign`: it hands the generated file to the retort
binary (`retort sign FILE`), found on PATH or named by the RETORT environment variable.
"""
import os
import sys


def sign():
    """Replace this process with `retort sign <files passed by Alembic>`."""
    exe = os.environ.get("RETORT") or "retort"
    try:
        os.execvp(exe, [exe, "sign", *sys.argv[1:]])
    except OSError as e:
        sys.stderr.write(f"retort-sign: cannot run {exe!r}: {e.strerror}\n")
        sys.exit(2)
