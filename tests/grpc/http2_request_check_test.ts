// What makes a request's or trailers' header fields malformed (RFC 9113 8.2
// and 8.3): each rule, the message it gives, and requests that pass.
import assert from "node:assert/strict";
import type { HeaderField } from "../../src/grpc/hpack.ts";
import { malformedRequest, malformedTrailers } from "../../src/grpc/http2_request_check.ts";

/** A gRPC request as grpc-go sends it, with `extra` after its fields. */
function grpcRequest(...extra: HeaderField[]): HeaderField[] {
  return [
    [":method", "POST"],
    [":scheme", "http"],
    [":path", "/tfplugin6.Provider/PlanResourceChange"],
    [":authority", "localhost"],
    ["content-type", "application/grpc"],
    ["user-agent", "grpc-go/1.69.4"],
    ["te", "trailers"],
    ...extra,
  ];
}

Deno.test("malformedRequest passes well-formed requests, with or without :authority", () => {
  assert.equal(malformedRequest(grpcRequest()), undefined);
  assert.equal(malformedRequest(grpcRequest(["grpc-timeout", "20S"])), undefined);
  assert.equal(
    malformedRequest([[":path", "/a"], [":scheme", "https"], [":method", "GET"]]),
    undefined,
  );
});

Deno.test("malformedRequest names the rule each malformed request breaks", () => {
  const cases: [HeaderField[], string][] = [
    [grpcRequest(["X-Trace", "1"]), 'header name "X-Trace" is not lowercase'],
    [grpcRequest(["x-tracE", "1"]), 'header name "x-tracE" is not lowercase'],
    [[[":Method", "POST"]], 'header name ":Method" is not lowercase'],
    [grpcRequest(["", "1"]), 'header name "" is not lowercase'],
    [
      [[":method", "POST"], ["a", "1"], [":path", "/"]],
      "pseudo-header :path after a regular field",
    ],
    [[[":status", "200"]], "unknown pseudo-header :status"],
    [[[":protocol", "x"]], "unknown pseudo-header :protocol"],
    [[[":method", "POST"], [":method", "GET"]], "pseudo-header :method twice"],
    [[[":authority", "a"], [":authority", "b"]], "pseudo-header :authority twice"],
    [grpcRequest(["connection", "close"]), "connection-specific field connection"],
    [grpcRequest(["keep-alive", "5"]), "connection-specific field keep-alive"],
    [grpcRequest(["proxy-connection", "x"]), "connection-specific field proxy-connection"],
    [grpcRequest(["transfer-encoding", "chunked"]), "connection-specific field transfer-encoding"],
    [grpcRequest(["upgrade", "h2c"]), "connection-specific field upgrade"],
    [
      [[":method", "POST"], [":scheme", "http"], [":path", "/"], ["te", "gzip"]],
      'te must be "trailers", not "gzip"',
    ],
    [[[":scheme", "http"], [":path", "/"]], "no :method"],
    [[[":method", "POST"], [":path", "/"]], "no :scheme"],
    [[[":method", "POST"], [":scheme", "http"]], "no :path"],
    [[[":authority", "a"]], "no :method"],
    [[], "no :method"],
  ];
  for (const [fields, why] of cases) {
    assert.equal(malformedRequest(fields), why, JSON.stringify(fields));
  }
});

Deno.test("malformedTrailers refuses pseudo-headers and names not in lowercase only", () => {
  assert.equal(malformedTrailers([]), undefined);
  assert.equal(malformedTrailers([["grpc-status", "0"], ["grpc-message", ""]]), undefined);
  assert.equal(malformedTrailers([[":status", "200"]]), "pseudo-header :status in trailers");
  assert.equal(
    malformedTrailers([["Grpc-Status", "0"]]),
    'header name "Grpc-Status" is not lowercase',
  );
  assert.equal(malformedTrailers([["", "0"]]), 'header name "" is not lowercase');
});
