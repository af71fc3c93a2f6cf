"""Every statement form of Python 3.12 (retort front-end fixture)."""
from __future__ import annotations

import os
import os.path as osp, sys
from . import sibling
from .. import parent as p
from ...pkg.mod import (a, b as c,
                        d,)
from typing import *

revision = "1a2b3c4d5e6f"
down_revision: str | None = None
branch_labels = depends_on = None
x, *rest = y = [1, 2, 3]
(u, v), [w, z] = (1, 2), [3, 4]
obj.attr = d["k"] = lst[1:2] = 0
x += 1; x -= 1; x *= 2; x @= m; x /= 2; x //= 2; x %= 3; x **= 2
x >>= 1; x <<= 1; x &= 1; x |= 1; x ^= 1
count: int
(parenthesised): int = 3
obj.attr: int = 4


@decorator
@decorator.with_args(1, key="v")
@(lambda f: f)
def f(a, b=1, /, c=2, *args, d, e=3, **kwargs) -> None:
    """Docstring."""
    global G
    nonlocal_name = 1
    def inner():
        nonlocal nonlocal_name
        nonlocal_name += 1
    return a + b


async def g(x: int, *, y: "str" = "s") -> list[int]:
    async with ctx() as c, other():
        await c
    async for i in aiter():
        yield i
    return


def h(*args: *tuple[int, ...]): ...
def empty(): pass


class C(Base, metaclass=Meta, **extra):
    attr = 1

    def method(self):
        del self.attr, self[0]
        del (a), [b]
        assert self, "message"
        raise ValueError("x") from None


class D: pass


if a:
    pass
elif b:
    pass
elif c:
    pass
else:
    pass

for i, j in pairs:
    continue
else:
    pass

while True:
    break
else:
    pass

with open("f") as fh, open("g") as (gh, hh):
    pass

with (open("f") as fh,
      open("g") as gh,):
    pass

with (a, b):
    pass

with (yield_value := a):
    pass

try:
    pass
except ValueError as e:
    pass
except (TypeError, KeyError):
    pass
except:
    pass
else:
    pass
finally:
    pass

try:
    pass
except* ValueError:
    pass
except* (TypeError, OSError) as eg:
    pass

try:
    pass
finally:
    pass

raise
type Alias = int
type Generic[T] = list[T]
match = 1
type = 2
case = 3
_ = 4
print(match, type, case, _)
if x: y = 1; z = 2
