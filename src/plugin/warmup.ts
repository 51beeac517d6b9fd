/**
 * Imported first by the package's entry modules for its side effect: when
 * Terraform started this process as a plugin (its magic cookie is in the
 * environment), TLS crypto starts seeding on a worker thread while the rest
 * of the provider's modules evaluate, instead of after them. Terraform
 * starts a provider 3-4 times per command; this takes ~15 ms off each
 * start (`terraform plan` of one resource: ~12% faster). In a warm daemon's
 * instance worker it also routes the provider's output to its launch
 * (`warm_instance.ts`). In any other process it does nothing.
 *
 * @module
 */

import { warmTlsCrypto } from "./tls_warmup.ts";
import {
  captureInstanceOutput,
  defineInstanceMainModule,
  inWarmInstance,
} from "./warm_instance.ts";

// The same name as handshake.ts's MAGIC_COOKIE_KEY; not imported, so this
// module stays free of dependencies and evaluates as early as possible.
const COOKIE = "TF_PLUGIN_MAGIC_COOKIE";

function startedByTerraform(): boolean {
  try {
    // Ask first: reading an unpermitted variable would prompt.
    if (Deno.permissions.querySync({ name: "env", variable: COOKIE }).state !== "granted") {
      return false;
    }
    return Deno.env.get(COOKIE) !== undefined;
  } catch {
    return false;
  }
}

// In a warm daemon's instance worker, output goes to the launch (before any
// other module of the provider can write), `Deno.mainModule` names the entry
// as in a cold launch, and TLS is warmed the same way.
captureInstanceOutput();
defineInstanceMainModule();
if (startedByTerraform() || inWarmInstance()) warmTlsCrypto();
