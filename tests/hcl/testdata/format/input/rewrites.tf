a = "${x}"
b = "${x}-${y}"
c = "${f("${y}")}"
d = "${
  x ? 1 : 2
}"
e = "${x ?
 1 : 2}"
f = "${(x ?
 1 : 2)}"
g = "${f(
  1)}"
resource a "b\u0041" {}
resource "a" /* c */ "b" {}
resource "a" "b" /* kept */ {}
resource "tab\there" "quote\"d" {}
resource "a" "" {}
variable "v" {
  type = "map"
}
variable "w" {
  type = set
}
variable "z" {
  type = "${string}"
  default = "${{a = 1}}"
}
locals {
  type = set
}
