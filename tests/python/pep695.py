# PEP 695 type parameters and type statements (Python 3.12).
type Point = tuple[float, float]
type ListOrSet[T] = list[T] | set[T]
type Nested[T: (int, str), *Ts, **P] = Callable[P, tuple[T, *Ts]]


def first[T](items: list[T]) -> T:
    return items[0]


async def amap[T, R: Hashable](f: Callable[[T], R], xs: list[T]) -> list[R]:
    return [f(x) for x in xs]


class Box[T](Generic, metaclass=Meta):
    def get[S: str](self, key: S) -> T: ...


class Empty[*Ts, **P]: pass
