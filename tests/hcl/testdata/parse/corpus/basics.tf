# A comment
// another comment
/* a block
   comment */
terraform {
  required_version = ">= 1.5"
}

variable "name" {
  type    = string
  default = "web" # trailing comment
}

resource "aws_instance" "web" {
  ami           = "ami-123"
  instance_type = var.size
  count         = 2

  tags = {
    Name = "web"
    "quoted key" = 1
    (local.k) = 2
    k3 : 3,
  }

  lifecycle { create_before_destroy = true }
  ebs_block_device {}
  nested ident label {
    x = 1
  }
}

locals {
  a = 1 /* inline */ + 2
  b = [
    1,
    2, // comment in list
  ]
}
empty {
}
