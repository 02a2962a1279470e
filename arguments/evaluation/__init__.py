"""Pure evaluation of a debate's graph: no ORM, plain ids in, plain dicts out.

`framework.Link` is the shape both algorithms read; `grounded` labels claims IN, OUT or
UNDECIDED (Dung 1995), `dfquad` gives each claim a strength in [0, 1] (Rago et al. 2016).
"""
