"""A gRPC server in Python's grpcio (gRPC C-core): an independent peer for
Foundry's gRPC client. Raw bytes in and out (no generated code):

  /peer.Echo/Say        unary: answers the request unchanged
  /peer.Echo/Fail       unary: aborts with INVALID_ARGUMENT "bad: <request text>"
  /peer.Echo/Repeat     server stream: the request, as many times as its first byte says
  /peer.Echo/Slow       unary: answers after 2 s (for deadlines)
  /peer.Echo/Chat       bidirectional: each message back, upper-cased

Usage: grpc_server.py unix:/path [server.pem server.key client_ca.pem]
Prints "ready" on stdout once listening, then serves until stdin closes.
"""
import sys
import time
from concurrent import futures

import grpc


def say(request, context):
    return request


def fail(request, context):
    context.abort(grpc.StatusCode.INVALID_ARGUMENT, "bad: " + request.decode("utf-8", "replace"))


def repeat(request, context):
    for _ in range(request[0] if request else 0):
        yield request


def slow(request, context):
    time.sleep(2)
    return request


def chat(requests, context):
    for r in requests:
        yield r.upper()


def raw(kind, fn):
    return kind(fn, request_deserializer=None, response_serializer=None)


handlers = grpc.method_handlers_generic_handler("peer.Echo", {
    "Say": raw(grpc.unary_unary_rpc_method_handler, say),
    "Fail": raw(grpc.unary_unary_rpc_method_handler, fail),
    "Repeat": raw(grpc.unary_stream_rpc_method_handler, repeat),
    "Slow": raw(grpc.unary_unary_rpc_method_handler, slow),
    "Chat": raw(grpc.stream_stream_rpc_method_handler, chat),
})

server = grpc.server(futures.ThreadPoolExecutor(max_workers=16),
                     options=[("grpc.max_receive_message_length", 64 << 20),
                              ("grpc.max_send_message_length", 64 << 20)])
server.add_generic_rpc_handlers((handlers,))
if len(sys.argv) > 2:
    read = lambda p: open(p, "rb").read()
    creds = grpc.ssl_server_credentials(
        [(read(sys.argv[3]), read(sys.argv[2]))],
        root_certificates=read(sys.argv[4]),
        require_client_auth=True,
    )
    server.add_secure_port(sys.argv[1], creds)
else:
    server.add_insecure_port(sys.argv[1])
server.start()
print("ready", flush=True)
sys.stdin.read()
server.stop(0)
