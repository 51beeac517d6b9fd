import {
  to = example_server.web
  id = "srv-0001"
}
