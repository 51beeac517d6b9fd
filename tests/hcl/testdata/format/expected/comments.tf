# leading comment
// slash comment
/* block comment */
/*
 multi-line
   block comment
*/
resource "a" "b" { # after brace
  # inside
  # misindented
  x              = 1 # trailing x
  yy             = 2 // trailing yy
  /* before */ z = 3
  w              = /* inline */ 4
  list = [
    # in list
    1, # one
    2,
  ]
} # after close

# between blocks



# many blank lines above
locals {
  a = 1
}
/* at eof */
