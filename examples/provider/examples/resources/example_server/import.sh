# A server is imported by its inventory id.
terraform import example_server.web srv-0001
