variable "name" {
  type = string
}

locals {
  greeting = "Hello, ${var.name}!"
  ports    = [80, 443]
  shout    = upper(local.greeting)
  settings = { size = "small", tags = { env = "dev" } }
  secret   = sensitive("s3cr3t")
}
