a = -5
b = "${x}"
c = "%{if x}y%{else}z%{endif}"
d = "%{for k, v in m}${k}%{endfor}"
e = null
f = [for x in y : x]
g = f(x)
h = { "k" = 1, k2 = v }
i = <<EOT
hello ${name}
EOT
j = "${1}"
k = "a${"b"}"
l = 1.5
m = 12345678901234567890
n = "%{if x}y%{endif}"
o = 1 + 2
p = !x
q = -x
r = (1)
s = true ? 1 : 2
t = [1][0]
u = "a${1 + 1}b"
v = "a$${b}"
w = "a${b}$${c}"
x = -1.5
y = {a = 1}.a
z = !false
blk "one" "two" {
  inner {
    v = 1
  }
  inner {
    v = 2
  }
}
blk "one" "three" {}
