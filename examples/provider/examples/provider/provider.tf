terraform {
  required_providers {
    example = {
      source = "foundry/example"
    }
  }
}

provider "example" {
  root = "${path.root}/.example"
}
