# match statements with every pattern kind.
match command.split():
    case [action]:
        pass
    case [action, obj]:
        pass
    case ["go", direction] | ["move", direction]:
        pass
    case ["drop", *objects]:
        pass
    case []:
        pass
    case Point(x=0, y=0):
        pass
    case Point(1, y=var) as p:
        pass
    case {"x": 1, "y": y, **rest}:
        pass
    case {Color.RED: _, 2: [a, b]}:
        pass
    case -1 | 1.5 | 2j | -3 + 4j | "s" "t" if False:
        pass
    case None | True | False:
        pass
    case Color.RED | mod.Color.GREEN:
        pass
    case (a, b, *_):
        pass
    case (single):
        pass
    case ():
        pass
    case str() | bytes():
        pass
    case _:
        pass

match x, y:
    case 1, 2:
        pass
    case a, *b if a > 1:
        pass

match (w := value),:
    case *_, last:
        pass
