variable "a" {
  type = "string"
}
variable "b" {
  type = "list"
}
variable "c" {
  type = "map"
}
variable "d" {
  type = list
}
variable "e" {
  type = map
}
variable "f" {
  type = set
}
variable "g" {
  type = list(string)
  default = "${var.x}"
}
variable "h" {
  type = "number"
}
variable "i" {
  type = object({a=string, b=list(number)})
}
locals {
  type = "string"
}
module "n" {
  type = list
}
variable "nested" {
  validation {
    type = list
    condition = "${true}"
    error_message = "x"
  }
}
variable noquote { type = string }
