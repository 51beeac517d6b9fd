locals {
  a = 1+2*3-4/5%6
  b = -1
  c = - 2
  d = 3 - -4
  e = (5)-6
  f = x[1]-1
  g = !true && ! false||true
  h = a==b
  i = a!=b
  j = a<b
  k = a<=b
  l = a>b
  m = a>=b
  n = a ? b : c
  o = a?b:c
  p = foo(-1, - 2)
  q = [-1,-2]
  r = {x=-1}
  s = a.b.c[ 0 ].d
  t = a[*].b
  u = a.*.b
  v = f(x...)
  w = provider::aws::arn_parse("x")
  x = 1e3+2.5E-2
  y = a&&b
  z = (a||b)&&c
}
