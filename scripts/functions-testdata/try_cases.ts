/**
 * The `can` and `try` cases for tests/hcl/testdata/try_can.json: whole console lines, evaluated
 * in a directory holding {@link TRY_CONFIG} (a planned `terraform_data` gives the unknowns).
 *
 * @module
 */

/** The configuration the console runs in: locals of every kind the cases refer to. */
export const TRY_CONFIG = `resource "terraform_data" "u" {}

locals {
  obj      = { a = 1, b = "two", nested = { c = [1, 2, 3] } }
  list     = ["x", "y"]
  nums     = [1, 2, 3]
  map      = { k = "v" }
  people   = [{ name = "ann", age = 30 }, { name = "bob" }]
  s        = sensitive("secret")
  sobj     = sensitive({ a = 1 })
  n        = null
  str      = "hello"
  numstr   = "42"
  unk      = terraform_data.u.id
  unk_list = [terraform_data.u.id, "known"]
  unk_obj  = { id = terraform_data.u.id, name = "n" }
}
`;

/** Console lines: each calls `can` or `try` (a few wrap them in other expressions). */
export const TRY_CASES: readonly string[] = [
  // can: attribute, index and conversion failures are caught
  "can(local.obj.a)",
  "can(local.obj.zzz)",
  "can(local.obj.nested.c[2])",
  "can(local.obj.nested.c[3])",
  "can(local.obj.nested.d)",
  'can(local.map["k"])',
  'can(local.map["missing"])',
  "can(local.map.missing)",
  "can(local.list[0])",
  "can(local.list[2])",
  "can(local.list[-1])",
  'can(local.list["a"])',
  "can(local.n)",
  "can(local.n.a)",
  "can(local.str.a)",
  "can(local.people[1].age)",
  "can(local.people[0].age)",
  "can(local.people[*].name)",
  "can(local.people[*].age)",
  "can([for p in local.people : p.age])",
  "can([for p in local.people : p.name])",
  "can({ for p in local.people : p.name => p })",
  'can(tonumber("x"))',
  "can(tonumber(local.numstr))",
  'can(tobool("maybe"))',
  'can(regex("^[a-z]+$", local.str))',
  'can(regex("^[0-9]+$", local.str))',
  'can(regex("[", local.str))',
  'can(jsondecode("{"))',
  'can(jsondecode("{}"))',
  'can(cidrhost("10.0.0.0/8", 1))',
  'can(cidrhost("10.0.0.0/33", 1))',
  "can(1 + local.str)",
  "can(1 + local.numstr)",
  'can("${local.obj}")',
  'can("x${local.obj}")',
  'can("x${local.str}")',
  "can(local.list == local.map)",
  "can(local.s)",
  "can(local.sobj.a)",
  "can(local.sobj.b)",
  "can(sensitive(1))",
  "can(null)",
  "can(true ? 1 : local.obj.zzz)",
  "can(false ? 1 : local.obj.zzz)",
  "can(local.n == null ? 1 : 2)",
  "can(local.n ? 1 : 2)",
  "can(can(local.obj.zzz))",
  "can(try(local.obj.zzz))",
  "can(length(local.n))",
  "can(element(local.list, 5))",
  "can(keys(local.list))",
  'can(file("no-such-file"))',
  // can with unknowns: references that reach an unknown cannot be decided
  "can(local.unk)",
  "can(local.unk_list)",
  "can(local.unk_list[0])",
  "can(local.unk_list[1])",
  "can(local.unk_list[5])",
  "can(local.unk_obj)",
  "can(local.unk_obj.id)",
  "can(local.unk_obj.name)",
  "can(local.unk_obj.nope)",
  "can(upper(local.unk))",
  "can(tonumber(local.unk))",
  "can(terraform_data.u.id)",
  "can(upper(terraform_data.u.id))",
  "can(terraform_data.u)",
  'can(local.unk == "x")',
  "can(local.obj.zzz == local.unk)",
  "can(length(local.unk_list))",
  "try(length(local.unk_list), 0)",
  "try(local.unk_list[0] == null, false)",
  'try(local.unk_obj.name == "n", false)',
  // can: argument count errors are not caught
  "can()",
  "can(1, 2)",
  // try: the first argument that succeeds
  'try(local.obj.zzz, "fallback")',
  "try(local.obj.a, 0)",
  "try(local.list[9], local.list[0])",
  'try(local.map["missing"], "d")',
  'try(local.map.k, "d")',
  "try(local.people[1].age, 0)",
  "try(local.people[0].age, 0)",
  '[for p in local.people : try(p.age, "?")]',
  "[for p in local.people : can(p.age)]",
  "local.people[*].name",
  "try(local.people[*].age, [])",
  'try(tonumber("x"), 5)',
  "try(tonumber(local.numstr), 5)",
  'try(jsondecode("{"), {})',
  'try(jsondecode("{\\"a\\":1}"), {})',
  'try(local.n.a, "null attr")',
  "try(local.n, 1)",
  "try(null)",
  "try(local.obj)",
  "try(local.list)",
  "try(local.list...)",
  "try(local.nums...)",
  "try(local.obj.zzz, local.obj.nested)",
  "try(local.obj.zzz, local.obj.yyy, 3)",
  'try(try(local.obj.zzz, local.obj.yyy), "outer")',
  'try(local.obj.zzz, try(local.obj.yyy, "inner"))',
  'try(1, "a")',
  'try("a", 1)',
  'try(local.obj.zzz, 1, "a")',
  "try(local.str.a, local.str)",
  'try(regex("(\\\\d+)", local.str), "no digits")',
  'try(regex("(l+)", local.str), "no l")',
  "try(1 + local.str, 0)",
  'try(element(local.list, 5), "z")',
  'try(file("no-such-file"), "no file")',
  // try: failures of every argument are reported together
  "try(local.obj.zzz)",
  "try(local.obj.zzz, local.obj.yyy)",
  "try(local.list[5], local.map.missing)",
  'try(tonumber("x"), tobool("y"))',
  'try(jsondecode("{"))',
  "try(local.n.a)",
  "try(1 + local.str)",
  'try(regex("[", local.str))',
  "try()",
  // try: marks stay on the result
  'try(local.s, "x")',
  "try(local.obj.zzz, local.s)",
  "try(sensitive(1))",
  'try(local.sobj.a, "x")',
  'try(local.sobj.b, "x")',
  "nonsensitive(try(local.s))",
  // try with unknowns
  'try(local.unk, "x")',
  'try("x", local.unk)',
  "try(local.obj.zzz, local.unk)",
  'try(local.unk_list[1], "x")',
  'try(local.unk_list[0], "x")',
  'try(local.unk_list[5], "x")',
  'try(local.unk_obj.name, "d")',
  'try(local.unk_obj.nope, "d")',
  'try(upper(local.unk), "z")',
  'try(terraform_data.u.id, "z")',
  'try(local.unk_obj, "z")',
  'try(local.unk_list, "z")',
  "try(local.unk_list...)",
  // wrapped in other expressions
  'upper(try(local.obj.zzz, "fallback"))',
  'try(local.obj.zzz, "a") == "a"',
  'can(local.obj.a) ? "yes" : "no"',
  '"${try(local.obj.zzz, "t")}-${can(local.obj.zzz)}"',
  'core::try(local.obj.zzz, "core")',
  "core::can(local.obj.zzz)",
];
