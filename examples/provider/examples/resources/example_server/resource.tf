resource "example_server" "web" {
  name = "web"
  size = "medium"
  tags = {
    role = "frontend"
  }

  disk {
    size_gb = 20
    label   = "data"
  }
}
