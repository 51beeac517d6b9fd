resource "example_server" "web" {
  name          = "web"
  instance_type = "t3.micro"
  a             = 1
  # a comment breaks the run
  bb  = 2
  ccc = 3

  dddd   = 4
  e      = 5 # trailing
  ffffff = 6 # aligned?
  g = {
    x   = 1
    yyy = 2
  }
  h = 7
}
locals {
  one   = 1 # one
  three = 3 /* block */
  four  = 4 // slashes
  five = [
    1, 2, # inline
    3
  ]
}
