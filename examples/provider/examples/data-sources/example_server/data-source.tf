data "example_server" "web" {
  name = "web"
}

output "web_size" {
  value = data.example_server.web.size
}
