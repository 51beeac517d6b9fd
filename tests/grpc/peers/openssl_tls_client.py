"""An OpenSSL TLS 1.3 client (Debian's python3 `ssl`) for the server's
interop tests: connects with the given knobs, sends HTTP/2's preface and an
empty SETTINGS frame, reads the server's first frame header, and prints one
JSON line: the negotiated version, cipher and ALPN and the frame type, or
the error OpenSSL reported. In every mode but "ok" it reads on until the
connection ends: a TLS 1.3 server may send data (its SETTINGS) before it has
checked the client's certificate, so a refusal can come after a frame."""
import json
import socket
import ssl
import sys


def main():
    host, port, ca, cert, key, mode = sys.argv[1:7]
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.load_verify_locations(ca)
    ctx.check_hostname = True
    if mode != "no_cert":
        ctx.load_cert_chain(cert, key)
    ctx.set_alpn_protocols(["http/1.1"] if mode == "no_h2" else ["h2"])
    if mode == "tls12":
        ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    out = {}
    try:
        raw = socket.create_connection((host, int(port)), timeout=10)
        with ctx.wrap_socket(raw, server_hostname="localhost") as s:
            out["version"] = s.version()
            out["cipher"] = s.cipher()[0]
            out["alpn"] = s.selected_alpn_protocol()
            s.sendall(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + bytes(9)[:3] + b"\x04" + bytes(5))
            head = b""
            while len(head) < 9:
                chunk = s.recv(9 - len(head))
                if not chunk:
                    break
                head += chunk
            out["frame_type"] = head[3] if len(head) == 9 else None
            if mode != "ok":
                while s.recv(4096):
                    pass
    except (ssl.SSLError, OSError) as e:
        out["error"] = str(e)
    print(json.dumps(out))


main()
