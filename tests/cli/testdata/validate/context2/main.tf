resource "x" "y" {
  obj = {
    a = 1
    b = 2 c = 3
  }
  call = f(1,
    2
    3)
  tpl = "${x
  : 1}"
  v = cond ?
    a
    b
}
