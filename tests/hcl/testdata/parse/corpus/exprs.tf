lit_num    = 42
lit_float  = 3.14159
lit_exp    = 1e3
lit_exp2   = 2.5E-3
lit_big    = 123456789012345678901234567890
lit_bool   = true
lit_null   = null
str        = "hello"
tuple      = [1, "two", true, null]
tuple_nl   = [
  1,
  2
]
obj        = { a = 1, b = "x", "c" = true }
obj_colon  = { a: 1, b: 2 }
obj_paren  = { (var.k) = 1 }
obj_nl     = {
  a = 1
  b = 2
}
arith      = 1 + 2 * 3 - 4 / 2 % 3
prec       = 1 + 2 > 3 && true || false == !true
cmp        = 1 <= 2 && 2 >= 1 && 1 != 2 && 1 < 2
unary      = -5 + -(-3)
not        = !false
paren      = (1 + 2) * 3
cond       = true ? "yes" : "no"
cond_nest  = false ? 1 : true ? 2 : 3
call       = max(1, 2, 3)
call_exp   = max([1, 2]...)
call_nl    = concat(
  [1],
  [2],
)
call_empty = timestamp()
attr       = var.a.b.c
index      = var.list[0]
index_str  = var.map["key"]
index_expr = var.map[local.k]
legacy     = var.list.0.name
splat      = var.list[*].id
splat_idx  = var.list[*].tags["x"]
attr_splat = var.list.*.id
attr_splat2 = var.list.*.a.0
rel        = f(x).a[0]
tuple_idx  = [1, 2][1]
for_tuple  = [for x in var.l : x * 2]
for_kv     = [for k, v in var.m : "${k}=${v}" if v != null]
for_obj    = { for k, v in var.m : k => v }
for_group  = { for v in var.l : v.k => v... }
for_cond   = { for k, v in { a = 1, b = 2 } : k => v if v > 1 }
for_const  = [for x in [1, 2, 3] : x + 1 if x != 2]
mixed      = { list = [1, { a = [2] }], s = "x${1 + 1}y" }
deep_index = a.b[0].c["d"][1 + 1]
neg_index  = [1, 2, 3][-1 + 2]
const_cond = 1 == 1 ? [1] : [2]
str_concat = "a" == "a"
