locals {
  a = [
    1,
    2
    3
  ]
  b = (1 +
    2
  c = true ? 1

  d = 1 e = 2
}
