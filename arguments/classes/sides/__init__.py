"""The assignment's side rule where a moderator decides: a pending pro or con (a new claim or
a link) is checked again when approved, against the map and the sides as they are then."""
