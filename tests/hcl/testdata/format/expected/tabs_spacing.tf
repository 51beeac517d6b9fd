resource "a" "b" {
  name  = "x"
  count = 2
  tags  = { a = 1, b = 2 }
  list  = [1, 2, 3]
}
locals {
  x = 1
  y = 2
}
