# PEP 701 f-strings (Python 3.12): nested quotes, nesting, specs, debugging, conversions.
songs = ["Take me back to Eden", "Alkaline", "Ascensionism"]
a = f"This is the playlist: {", ".join(songs)}"
b = f"{f"{f"{f"{f"{f"{1+1}"}"}"}"}"}"
c = f"{'\n'.join(songs)}"
d = f"{songs!r:>{width}.{precision}}"
e = f"{x=}, {x = !r}, {x=:>10}"
g = f"""{
    songs[0]  # a comment inside the expression
}"""
h = f"{ {'a': 1}['a'] }" f'{(y := 10)}' "plain" rf"\d{x}\{{"
i = f"{x:{'>'}{10}}" + F"{{literal}}" + f"{x!s}{x!a}"
sql = f"ALTER TABLE {table} ADD COLUMN {name} {type_}"
op.execute(f"UPDATE t SET x = {value!r}")
