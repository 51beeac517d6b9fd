locals {
  empty_list = [ ]
  empty_obj = { }
  list = [ 1 , 2 , 3 ]
  obj = { a = 1 , b = 2 }
  nested = { a = { b = [ { c = 1 } ] } }
  call = max( 1 , 2 )
  call2 = max(
    1,
    2,
  )
  multi = [
  "a",
      "b",
  ]
  obj2 = {
  a = 1
      bb = 2
  "quoted key" = 3
  (var.k) = 4
  k5: 5
  }
  tricky = [[1,2],[3,
  4]]
  closer = {
    a = [1,
    2]}
  paren = (
    1 + 2
  )
  idx = foo[0][1]
  idx2 = foo(1)[0]
  idx3 = [1,2][0]
  idx4 = {a=1}["a"]
  idx5 = 5 [0]
}
