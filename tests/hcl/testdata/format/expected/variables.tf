variable "a" {
  type = string
}
variable "b" {
  type = list(string)
}
variable "c" {
  type = map(string)
}
variable "d" {
  type = list(any)
}
variable "e" {
  type = map(any)
}
variable "f" {
  type = set(any)
}
variable "g" {
  type    = list(string)
  default = var.x
}
variable "h" {
  type = "number"
}
variable "i" {
  type = object({ a = string, b = list(number) })
}
locals {
  type = "string"
}
module "n" {
  type = list
}
variable "nested" {
  validation {
    type          = list
    condition     = true
    error_message = "x"
  }
}
variable "noquote" { type = string }
