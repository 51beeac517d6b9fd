locals {
  a = 1
  a = 2
}
variable "v" {
  default = {
    k = 
  }
}
