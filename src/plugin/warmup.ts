/**
 * Imported first by the package's entry modules for its side effect: in a
 * warm daemon's instance worker it routes the provider's output to its
 * launch and names the entry as `Deno.mainModule` (`warm_instance.ts`),
 * before any other module of the provider can write. In any other process
 * it does nothing. (It also used to start WebCrypto's one-time set-up on a
 * worker thread for `node:tls`'s first handshake; the gRPC server's own TLS
 * does not need it, and it cost ~34 ms of CPU per launch.)
 *
 * @module
 */

import { captureInstanceOutput, defineInstanceMainModule } from "./warm_instance.ts";

// In a warm daemon's instance worker, output goes to the launch (before any
// other module of the provider can write), and `Deno.mainModule` names the
// entry as in a cold launch.
captureInstanceOutput();
defineInstanceMainModule();
