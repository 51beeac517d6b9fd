resource "a" "x${y}" {}
