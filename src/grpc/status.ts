/**
 * gRPC status codes and the error a handler throws to answer with one. Kept
 * apart from the server so code on the start-up path can name them without
 * loading `node:http2`.
 *
 * @module
 */

/**
 * gRPC status codes used by the server and the client.
 */
export const GrpcStatus = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
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
