resource "null_resource" "x" {
  triggers = {
    a = 1

