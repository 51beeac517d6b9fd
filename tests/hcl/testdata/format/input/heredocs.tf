locals {
  h1 = <<EOT
  keep   this   spacing
	tabs	too
${ var.x }  %{ if true }y%{ endif }
EOT
  h2 = <<-EOT
      indented heredoc
        more
    EOT
  h3 = foo(<<EOT
arg
EOT
  )
  after = 1
}
