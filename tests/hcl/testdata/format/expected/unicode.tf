locals {
  café        = "crème"
  naïve_key   = 1
  x           = "日本語テキスト" # コメント
  emoji       = "👍🏽 ok"    # aligned
  zwj         = "👨‍👩‍👧"       # family
  longer_name = "é"       # e
}
resource "x" "ünïcode" {
  ключ = "значение"
  a    = 1
}
