/**
 * gRPC status codes and the error a handler throws to answer with one. Kept
 * apart from the server so code on the start-up path can name them without
 * loading `node:http2`.
 *
 * @module
 */

/**
 * gRPC status codes used by the server.
 */
export const GrpcStatus = {
  OK: 0,
  CANCELLED: 1,
  INVALID_ARGUMENT: 3,
  RESOURCE_EXHAUSTED: 8,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
} as const;

/**
 * An error a handler throws to answer with a specific gRPC status.
 */
export class GrpcError extends Error {
  /** The gRPC status code. */
  readonly status: number;
  /** Creates an error answering with `status` and `message`. */
  constructor(status: number, message: string) {
    super(message);
    this.name = "GrpcError";
    this.status = status;
  }
}
