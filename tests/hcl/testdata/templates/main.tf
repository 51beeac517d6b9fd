locals {
  greeting = "Hello, $${name}!"
  wrap     = "$${value}"
  t_fs     = "$${file(\"hello.tpl\")}"
  t_rec    = "$${templatefile(\"hello.tpl\", {name = \"x\"})}"
  t_ts     = "$${templatestring(\"x\", {})}"
  num      = 5
  bad      = "broken $${"
  list     = ["a $${x} b", "$${x}"]
  obj      = { t = "[$${x}]" }
  t_null   = null
  t_for    = "%%{ for k, v in m }$${k}=$${v};%%{ endfor }"
}
