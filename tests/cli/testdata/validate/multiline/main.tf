locals {
  b = "x
}
