terraform {
  required_providers {
    example = {
      source = "example.com/foundry/example"
    }
  }
}

variable "environment" {
  type    = string
  default = "dev"
}

variable "web_disk_gb" {
  type    = number
  default = 20
}

provider "example" {
  root = "${path.root}/.example"
}

resource "example_server" "web" {
  name = "web"
  tags = {
    env  = var.environment
    role = "frontend"
  }

  disk {
    size_gb = var.web_disk_gb
    label   = "data"
  }
}

resource "example_server" "db" {
  name = "db"
  size = "large"
  # Write-only: the token sets the password and is stored in neither plan
  # nor state; bump the version to set a new one.
  admin_password_wo         = ephemeral.example_token.deploy.value
  admin_password_wo_version = 1

  disk {
    size_gb = 100
    label   = "pgdata"
  }
  disk {
    size_gb = 10
    label   = "wal"
  }
}

# A short-lived token (an ephemeral resource: opened for this run, closed at
# its end, never stored) configures a second instance of the provider.
ephemeral "example_token" "deploy" {
  scope = "deploy"
}

provider "example" {
  alias = "deployer"
  root  = "${path.root}/.example"
  token = ephemeral.example_token.deploy.value
}

resource "example_server" "worker" {
  provider = example.deployer
  # A provider-defined function: any text to a valid server name.
  name = provider::example::slugify("Queue Worker (${var.environment})")
}

resource "example_file" "motd" {
  path    = "etc/motd"
  content = "Welcome to ${var.environment}: web is at ${example_server.web.ip_address}\n"
}

data "example_server" "web" {
  name = example_server.web.name
}

output "web_ip" {
  value = example_server.web.ip_address
}

output "looked_up_web_size" {
  value = data.example_server.web.size
}

output "worker_name" {
  value = example_server.worker.name
}

output "db_disks" {
  value = [for d in example_server.db.disk : "${d.device} ${d.size_gb}G"]
}
