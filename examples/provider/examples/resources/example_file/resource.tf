resource "example_file" "motd" {
  path    = "etc/motd"
  content = "Welcome!\n"
}
