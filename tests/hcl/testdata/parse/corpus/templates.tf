plain     = "hello world"
interp    = "hello ${var.name}!"
wrap      = "${var.name}"
wrap_num  = "${1 + 2}"
escapes   = "tab\there\nnewline \"quoted\" back\\slash"
unicode_e = "\u00e9 \U0001F600 \u0041"
dollar    = "$${not interp} %%{not directive} $ % $x %y"
cond_tmpl = "%{ if true }yes%{ else }no%{ endif }"
for_tmpl  = "%{ for x in [1, 2, 3] }${x},%{ endfor }"
for_kv    = "%{ for k, v in { a = 1 } }${k}=${v}%{ endfor }"
strip     = "a   ${~ "b" ~}   c"
strip_dir = "x %{~ if true ~}  y  %{~ endif ~} z"
nested    = "outer ${"inner ${"deepest"}"} end"
heredoc   = <<EOT
line one
  line two ${var.x}
EOT
flush     = <<-EOT
    indented
      more
    back
    EOT
flush_interp = <<-EOT
    a ${1}
      b
  EOT
flush_blank = <<-EOT
    a

    b
    EOT
heredoc_directive = <<EOT
%{ for p in [1, 2] ~}
port ${p}
%{ endfor ~}
done
EOT
heredoc_empty = <<EOT
EOT
heredoc_in_list = [<<EOT
item
EOT
, 2]
obj_in_interp = "${ {a = 1}.a }"
brace_in_interp = "${ {for k in [1] : k => k} }"
