ephemeral "example_token" "deploy" {
  scope       = "deploy"
  ttl_seconds = 600
}

provider "example" {
  alias = "deployer"
  token = ephemeral.example_token.deploy.value
}
