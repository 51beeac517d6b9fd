terraform {
  required_version = ">= 1.5"
  required_providers {
    example = {
      source  = "example.com/acme/example"
      version = "~> 1.0"
    }
  }
}
provider "example" {}
provider "example" {
}
resource "example_server" "unquoted" {
}
resource "example_server" "escapedA" {}
resource "example_server" "lab" {}
resource "example_server" "x" /* c2 */ {}
data "example_image" "img" { name = "x" }
module "m" {
  source = "./m"
  providers = {
    example = example.alias
  }
}
dynamic_block "d" {
  dynamic "rule" {
    for_each = var.rules
    content {
      port = rule.value
    }
  }
}
empty {
}
oneline { a = 1 }
