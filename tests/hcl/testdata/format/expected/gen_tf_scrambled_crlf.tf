terraform {
  required_version = ">= 1.5"
  required_providers {
    example = {
      source  = "example.com/acme/example"
      version = "~> 1.2"
    }
  }
}

variable "regions" {
  type    = list(string)
  default = ["us-east-1", "eu-west-1", "ap-south-1"]
}

variable "tags" {
  type = map(string)
  default = {
    team  = "platform"
    owner = "ops@example.com"
  }
}

locals {
  name_prefix = "acme-${var.tags["team"]}"
  ports       = [for p in range(8000, 8010) : p if p % 2 == 0]
  by_region   = { for i, r in var.regions : r => i * 10 + 1 }
  enabled     = length(var.regions) > 2 ? true : false
}

resource "example_server" "svc0" {
  count  = local.enabled ? 1 : 0
  name   = "${local.name_prefix}-svc0-${count.index}"
  size   = "small"
  region = element(var.regions, count.index % length(var.regions))
  weight = 759 * 1.5 + 0.2750
  labels = merge(var.tags, { service = "svc0", tier = "web" })

  network {
    cidr   = cidrsubnet("10.0.0.0/16", 8, count.index)
    public = false
    ports  = local.ports
  }

  dynamic "rule" {
    for_each = toset(["80", "443", "8000"])
    content {
      port     = tonumber(rule.value)
      protocol = upper("tcp")
    }
  }

  user_data = <<-EOT
    #!/bin/sh
    echo "starting svc0 in ${element(var.regions, 0)}"
    %{for p in local.ports~}
    open-port ${p}
    %{endfor~}
  EOT

  lifecycle {
    create_before_destroy = true
    ignore_changes        = [labels["owner"]]
  }
}

data "example_image" "svc0" {
  filter      = "ubuntu-*"
  most_recent = true
}

output "svc0_ids" {
  value       = example_server.svc0[*].id
  description = "IDs of svc0 (splat)"
  sensitive   = false
}

resource "example_server" "svc1" {
  count  = local.enabled ? 1 : 0
  name   = "${local.name_prefix}-svc1-${count.index}"
  size   = "large"
  region = element(var.regions, count.index % length(var.regions))
  weight = 758 * 1.5 + 0.8922
  labels = merge(var.tags, { service = "svc1", tier = "web" })

  network {
    cidr   = cidrsubnet("10.1.0.0/16", 8, count.index)
    public = true
    ports  = local.ports
  }

  dynamic "rule" {
    for_each = toset(["80", "443", "8001"])
    content {
      port     = tonumber(rule.value)
      protocol = upper("tcp")
    }
  }

  user_data = <<-EOT
    #!/bin/sh
    echo "starting svc1 in ${element(var.regions, 0)}"
    %{for p in local.ports~}
    open-port ${p}
    %{endfor~}
  EOT 

  lifecycle {
    create_before_destroy = true
    ignore_changes        = [labels["owner"]]
  }
}

resource "example_server" "svc2" {
  count  = local.enabled ? 1 : 0
  name   = "${local.name_prefix}-svc2-${count.index}"
  size   = "small"
  region = element(var.regions, count.index % length(var.regions))
  weight = 95 * 1.5 + 0.2186
  labels = merge(var.tags, { service = "svc2", tier = "cache" })

  network {
    cidr   = cidrsubnet("10.2.0.0/16", 8, count.index)
    public = true
    ports  = local.ports
  }

  dynamic "rule" {
    for_each = toset(["80", "443", "8002"])
    content {
      port     = tonumber(rule.value)
      protocol = upper("tcp")
    }
  }

  user_data = <<-EOT
    #!/bin/sh
    echo "starting svc2 in ${element(var.regions, 0)}"
    %{for p in local.ports~}
    open-port ${p}
    %{endfor~}
  EOT 

  lifecycle {
    create_before_destroy = true
    ignore_changes        = [labels["owner"]]
  }
}

resource "example_server" "svc3" {
  count  = local.enabled ? 5 : 0
  name   = "${local.name_prefix}-svc3-${count.index}"
  size   = "small"
  region = element(var.regions, count.index % length(var.regions))
  weight = 733 * 1.5 + 0.6499
  labels = merge(var.tags, { service = "svc3", tier = "cache" })

  network {
    cidr   = cidrsubnet("10.3.0.0/16", 8, count.index)
    public = false
    ports  = local.ports
  }

  dynamic "rule" {
    for_each = toset(["80", "443", "8003"])
    content {
      port     = tonumber(rule.value)
      protocol = upper("tcp")
    }
  }

  user_data = <<-EOT
    #!/bin/sh
    echo "starting svc3 in ${element(var.regions, 0)}"
    %{for p in local.ports~}
    open-port ${p}
    %{endfor~}
  EOT

  lifecycle {
    create_before_destroy = true
    ignore_changes        = [labels["owner"]]
  }
}

data "example_image" "svc3" {
  filter      = "ubuntu-*"
  most_recent = true
}

output "svc3_ids" {
  value       = example_server.svc3[*].id
  description = "IDs of svc3 (splat)"
  sensitive   = false
}
  