locals {
  a = [for x in var.l : x]
  b = [for x in [1, 2, 3] : x * 2 if x > 1]
  c = { for k, v in var.m : k => v }
  d = { for k, v in var.m : k => v... }
  e = [for x in var.l :
    upper(x)
  ]
  f = { for s in var.servers : s.name => s if s.enabled }
  g = [for i, v in ["a"] : "${i}-${v}"]
}
