locals {
  plain         = "hello"
  interp        = var.a
  interp_spaced = var.a
  mixed         = "pre-${var.a}-post"
  two           = "${var.a}${var.b}"
  nested        = foo("${bar}")
  nested_lit    = foo("x-${bar}")
  strip         = var.a
  directive     = "%{if var.a}yes%{else}no%{endif}"
  forin         = "%{for x in var.l}${x},%{endfor}"
  escape        = "$${not} %%{not} \"q\" \\ \n"
  obj_interp    = { a = 1 }
  multi         = var.a
  cond          = var.a ? 1 : 2
  paren_multi = (
    var.a
  )
  func  = max(1, 2)
  math  = 1 + 2
  uni   = "héllo wörld ✓"
  empty = ""
}
