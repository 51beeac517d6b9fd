/**
 * The services go-plugin runs beside a plugin's own: the controller (its
 * Shutdown), stdio streaming, gRPC health, and the broker; their method
 * paths and messages as protobuf tables. Field numbers follow go-plugin's
 * `internal/plugin/*.proto` and grpc's `health/v1/health.proto`.
 *
 * @module
 */

import { message, type MessageSpec } from "../../protobuf/mod.ts";

/** Method paths of go-plugin's own services and gRPC health. */
export const PLUGIN_METHODS = {
  /** `plugin.GRPCController/Shutdown` (Empty -> Empty). */
  shutdown: "/plugin.GRPCController/Shutdown",
  /** `plugin.GRPCStdio/StreamStdio` (Empty -> stream StdioData). */
  stdio: "/plugin.GRPCStdio/StreamStdio",
  /** `grpc.health.v1.Health/Check`. */
  health: "/grpc.health.v1.Health/Check",
  /** `plugin.GRPCBroker/StartStream` (stream ConnInfo <-> stream ConnInfo). */
  broker: "/plugin.GRPCBroker/StartStream",
} as const;

/** The service name go-plugin registers its health status under. */
export const HEALTH_SERVICE = "plugin";

/** `plugin.StdioData`: channel 1 is stdout, 2 stderr. */
export const StdioData: MessageSpec = message("plugin.StdioData", [
  { no: 1, name: "channel", kind: "enum" },
  { no: 2, name: "data", kind: "bytes" },
]);

/** `grpc.health.v1.HealthCheckRequest`. */
export const HealthCheckRequest: MessageSpec = message("grpc.health.v1.HealthCheckRequest", [
  { no: 1, name: "service", kind: "string" },
]);

/** `grpc.health.v1.HealthCheckResponse`: status 1 is SERVING, 2 NOT_SERVING. */
export const HealthCheckResponse: MessageSpec = message("grpc.health.v1.HealthCheckResponse", [
  { no: 1, name: "status", kind: "enum" },
]);

/** `plugin.ConnInfo`: one broker message (a service id and where it listens). */
export const ConnInfo: MessageSpec = message("plugin.ConnInfo", [
  { no: 1, name: "serviceId", kind: "int64" },
  { no: 2, name: "network", kind: "string" },
  { no: 3, name: "address", kind: "string" },
]);
