output "name" {
  value = provider::example::slugify("Queue Worker (prod)")
}
