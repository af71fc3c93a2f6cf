# The expression grammar: precedence, comprehensions, calls, slices, literals.
a = lambda: 0
b = lambda x, y=1, *args, z, **kw: x + y
c = x if y else z if w else v
d = (n := 10) ** -2 ** 3
e = not a and b or not c and d
f = a < b <= c != d == e > f >= g is h is not i in j not in k
g = a | b ^ c & d << e >> f + g - h * i / j // k % l @ m
h = -a + +b - ~c ** d
i = [x for x in range(10) if x % 2 if x > 3 for y in range(x)]
j = {k: v for k, v in items.items()}
k = {x async for x in aiter() if await x}
l = (x for x in y)
m = sum(x for x in y)
n = f(*args, key=1, *more, **kw, last=2)
o = a[1:2, ::3, 4:, :5, ..., None]
p = a[b][c](d).e.f()[g:h:i]
q = {**base, "k": 1, **{"x": 2}}
r = {1, 2, *others}
s = [*a, *b]
t = *a, *b
u = ()
v = (1,)
w = 1, 2,
x = "implicit" 'concatenation' """of""" '''strings'''
y = b"bytes" rb"\raw" Rb"x"
z = 0xFF + 0o7 + 0b1 + 1_000.5e-3 + 3j + .5
aa = await_ = None
bb = [
    1,
    2,
]
cc = yield_ = True
dd = a if b else (yield_)
ff = f(a)(b)(c)
gg = a.b.c.d
hh = -1 ** 2
ii = (await_)
jj = [i for i in range(3)][0]
ll = ...
