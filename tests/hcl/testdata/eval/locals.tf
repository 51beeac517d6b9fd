locals {
  tup  = [1, 2, 3]
  lst  = tolist(["a", "b", "c"])
  st   = toset(["x", "y"])
  mp   = tomap({ a = 1, b = 2 })
  obj  = { name = "web", port = 80, tags = { env = "prod" } }
  objs = tolist([{ id = "a", n = 1 }, { id = "b", n = 2 }])
  nul  = null
  str  = "hello"
  sec  = sensitive("s3cret")
  unk  = terraform_data.u.id
  empty_list = tolist([])
}
