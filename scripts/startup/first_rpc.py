#!/usr/bin/env python3
"""Exec -> handshake line and exec -> first RPC answered, for provider commands in turn, as
Terraform starts them: go-plugin's environment with a client certificate, then a gRPC call
(GetProviderSchema, tfplugin6) over the unix socket with mutual TLS from Debian's grpcio, an
independent client. Per command: median wall times and the median of per-round ratios to the
first command (p25-p75), and the CPU time of all the provider's threads (from
/proc/PID/task/*/schedstat) when its line arrived and when the answer did: on a machine shared
with other builds CPU time shows the work a launch does far more steadily than wall time.

    /usr/bin/python3 scripts/startup/first_rpc.py 21 '["/tmp/goanchor/bin/terraform-provider-anchor"]' \\
        '["deno", "run", "-A", "examples/provider/main.ts"]'
"""
import base64
import datetime
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time

import grpc
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

COOKIE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2"


def client_certificate():
    """A self-signed P-256 client certificate, as Terraform makes one per run."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(seconds=30))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH,
                                                  ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .sign(key, hashes.SHA256()))
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return cert.public_bytes(serialization.Encoding.PEM), key_pem


def cpu_ms(pid):
    """CPU time of every thread of `pid` so far, in milliseconds."""
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                total += int(f.read().split()[0])
        except OSError:
            pass  # the thread ended meanwhile
    return total / 1e6


def launch(command, env, cert_pem, key_pem):
    started = time.perf_counter()
    p = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL)
    try:
        line = p.stdout.readline().decode()
        at_line = time.perf_counter()
        cpu_line = cpu_ms(p.pid)
        parts = line.strip().split("|")
        if len(parts) != 6 or parts[4] != "grpc":
            sys.exit(f"{command!r} printed {line!r}, not a go-plugin handshake line")
        der = base64.b64decode(parts[5] + "=" * (-len(parts[5]) % 4))
        server_pem = x509.load_der_x509_certificate(der).public_bytes(serialization.Encoding.PEM)
        creds = grpc.ssl_channel_credentials(server_pem, key_pem, cert_pem)
        with grpc.secure_channel(f"unix:{parts[3]}", creds,
                                 options=[("grpc.ssl_target_name_override", "localhost")]) as ch:
            call = ch.unary_unary("/tfplugin6.Provider/GetProviderSchema",
                                  request_serializer=lambda b: b, response_deserializer=lambda b: b)
            answer = call(b"", timeout=30, wait_for_ready=True)
        at_rpc = time.perf_counter()
        cpu_rpc = cpu_ms(p.pid)
        if len(answer) == 0:
            sys.exit(f"{command!r} answered GetProviderSchema with nothing")
        return ((at_line - started) * 1000, (at_rpc - started) * 1000, cpu_line, cpu_rpc)
    finally:
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(timeout=5)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def spread(values):
    v = sorted(values)
    return f"{statistics.median(v):.2f}x ({v[len(v) // 4]:.2f}-{v[(3 * len(v)) // 4]:.2f})"


def main():
    if len(sys.argv) < 3 or not sys.argv[1].isdigit() or int(sys.argv[1]) < 1:
        sys.exit("usage: first_rpc.py ROUNDS JSON_ARGV [JSON_ARGV...]")
    rounds, commands = int(sys.argv[1]), [json.loads(a) for a in sys.argv[2:]]
    cert_pem, key_pem = client_certificate()
    with tempfile.TemporaryDirectory() as tmp:
        env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", tmp), "TMPDIR": tmp,
               "TF_PLUGIN_MAGIC_COOKIE": COOKIE, "PLUGIN_PROTOCOL_VERSIONS": "6",
               "PLUGIN_CLIENT_CERT": cert_pem.decode()}
        for c in commands:  # warm the caches once each
            launch(c, env, cert_pem, key_pem)
        runs = [[] for _ in commands]
        for _ in range(rounds):
            for i, c in enumerate(commands):
                runs[i].append(launch(c, env, cert_pem, key_pem))
    for i, c in enumerate(commands):
        col = lambda k, j=i: [r[k] for r in runs[j]]
        line_ratio = spread([a / b for a, b in zip(col(0), col(0, 0))])
        rpc_ratio = spread([a / b for a, b in zip(col(1), col(1, 0))])
        print(f"{' '.join(c)[-48:]:>48}  line {statistics.median(col(0)):6.1f} ms {line_ratio:18}"
              f"  first RPC {statistics.median(col(1)):6.1f} ms {rpc_ratio:18}"
              f"  CPU at line {statistics.median(col(2)):6.1f} ms, at first RPC "
              f"{statistics.median(col(3)):6.1f} ms")
    print("load average", " ".join(f"{x:.1f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
