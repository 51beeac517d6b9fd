/**
 * TLS alerts (RFC 8446, section 6): the descriptions this server sends and
 * understands, and {@link TlsAlert}, the error every check of the handshake
 * and record layers throws. The connection turns it into the alert record
 * the client sees and the diagnostic the server reports, so one value says
 * both what the peer is told and why.
 *
 * @module
 */

/** Alert descriptions (RFC 8446, section 6; RFC 7301 for ALPN). */
export const AlertDescription = {
  close_notify: 0,
  unexpected_message: 10,
  bad_record_mac: 20,
  record_overflow: 22,
  handshake_failure: 40,
  bad_certificate: 42,
  unsupported_certificate: 43,
  certificate_expired: 45,
  certificate_unknown: 46,
  illegal_parameter: 47,
  unknown_ca: 48,
  decode_error: 50,
  decrypt_error: 51,
  protocol_version: 70,
  internal_error: 80,
  user_canceled: 90,
  missing_extension: 109,
  certificate_required: 116,
  no_application_protocol: 120,
} as const;

/** One of the {@link AlertDescription} codes. */
export type AlertCode = typeof AlertDescription[keyof typeof AlertDescription];

/** The name of an alert code, or `alert N` for one this module does not name. */
export function alertName(code: number): string {
  for (const [name, value] of Object.entries(AlertDescription)) {
    if (value === code) return name;
  }
  return `alert ${code}`;
}

/**
 * A fatal TLS error: the alert sent to the client, and a message saying
 * what was wrong, where, and (when the client can do something) what to do.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { AlertDescription, TlsAlert } from "./alert.ts";
 * const e = new TlsAlert(AlertDescription.protocol_version, "the client offers TLS 1.2 only");
 * assert.equal(e.alert, 70);
 * assert.match(e.message, /^TLS protocol_version: the client offers/);
 * ```
 */
export class TlsAlert extends Error {
  /** The alert description sent to the peer. */
  readonly alert: AlertCode;

  /** Makes the error; `message` is the diagnostic, without the alert's name. */
  constructor(alert: AlertCode, message: string) {
    super(`TLS ${alertName(alert)}: ${message}`);
    this.name = "TlsAlert";
    this.alert = alert;
  }
}
