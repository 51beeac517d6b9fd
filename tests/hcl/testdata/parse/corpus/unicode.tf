café = "crème brûlée"
名前 = "値"
emoji = "😀 ok"
combining = "e\u0301"
precomposed = "é"
decomposed = "é"
label_block "ünïcödé" "日本" {
  größe = 1
  x = "日本語 ${größe} テキスト"
}
after = "😀😀" + x
decomposed_lit = "é and ö"
