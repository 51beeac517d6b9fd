a = 1

b = 2
c = 3



d = 4
e = null
f = true
g = false
h = 1.50
j = 007
