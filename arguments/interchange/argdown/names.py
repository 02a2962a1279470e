"""Unique names for nodes, edges and titles."""


class UniqueNames:
    """Hands out names, adding " 2", " 3"… to one already taken."""

    def __init__(self):
        self.taken = set()
        self.counters = {}

    def claim(self, base):
        candidate = base
        number = self.counters.get(base, 1)
        while candidate in self.taken:
            number += 1
            candidate = f"{base} {number}"
        self.counters[base] = number
        self.taken.add(candidate)
        return candidate
