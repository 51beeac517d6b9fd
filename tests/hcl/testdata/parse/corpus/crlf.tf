a = 1
b = "x"
blk "l" {
  c = <<EOT
line1
EOT
}
