#!/usr/bin/python3
"""gRPC peer for the wire tests: Debian's python3-grpcio (gRPC C-core), an
implementation independent of ours, over mutual TLS as Terraform connects.

Usage: grpc_client.py TARGET SERVER_CERT CLIENT_CERT CLIENT_KEY MODE

MODE "parallel": 200 GetProviderSchema calls at once.
MODE "big": one ValidateResourceConfig carrying a 64 MiB DynamicValue.
MODE "big_reply": two CallFunction calls at once, each answered with 16 MiB.
MODE "health": one health check; "health_after_pause": two, 1.2 s apart.
Prints one JSON line: calls answered, errors (status names), reply sizes.
"""
import json
import sys
import time
import grpc

MIB = 1 << 20


def varint(n):
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def field(no, payload):
    return varint(no << 3 | 2) + varint(len(payload)) + payload


def main():
    target, server_cert, client_cert, client_key, mode = sys.argv[1:6]
    read = lambda p: open(p, "rb").read()
    creds = grpc.ssl_channel_credentials(
        root_certificates=read(server_cert),
        private_key=read(client_key),
        certificate_chain=read(client_cert),
    )
    options = [
        ("grpc.ssl_target_name_override", "localhost"),
        ("grpc.default_authority", "localhost"),
        ("grpc.max_send_message_length", 256 * MIB),
        ("grpc.max_receive_message_length", 256 * MIB),
    ]
    channel = grpc.secure_channel(target, creds, options)
    call = lambda method: channel.unary_unary(f"/tfplugin6.Provider/{method}")
    answered, errors, sizes = 0, [], []
    try:
        if mode == "parallel":
            schema = call("GetProviderSchema")
            pending = [schema.future(b"", timeout=30) for _ in range(200)]
            for f in pending:
                try:
                    sizes.append(len(f.result()))
                    answered += 1
                except grpc.RpcError as e:
                    errors.append(e.code().name)
        elif mode == "big":
            dv = field(1, b"\x00" * (64 * MIB))
            request = field(1, b"tiny_thing") + field(2, dv)
            reply = call("ValidateResourceConfig")(request, timeout=60)
            sizes.append(len(reply))
            answered += 1
        elif mode == "big_reply":
            # CallFunction answers 16 MiB; two calls at once share the connection.
            fn = call("CallFunction")
            pending = [fn.future(field(1, b"big"), timeout=60) for _ in range(2)]
            for f in pending:
                sizes.append(len(f.result()))
                answered += 1
        elif mode == "health_after_pause":
            # Two checks on one connection, 1.2 s apart (past a short preface timeout).
            check = channel.unary_unary("/grpc.health.v1.Health/Check")
            sizes.append(len(check(b"", timeout=10)))
            time.sleep(1.2)
            sizes.append(len(check(b"", timeout=10)))
            answered += 2
        elif mode == "health":
            check = channel.unary_unary("/grpc.health.v1.Health/Check")
            sizes.append(len(check(b"", timeout=10)))
            answered += 1
        else:
            raise SystemExit(f"unknown mode {mode}")
    except grpc.RpcError as e:
        errors.append(e.code().name)
    channel.close()
    print(json.dumps({"answered": answered, "errors": errors, "sizes": sorted(set(sizes))}))


if __name__ == "__main__":
    main()
