// A provider that dies before its handshake must say why where a Terraform user
// looks: Terraform quotes its first stdout line, and the acceptance runner adds
// its stderr. Both against the real Terraform.
import assert from "node:assert/strict";
import { isFoundryError } from "../../src/errors/mod.ts";
import { findTerraform, runAcceptance } from "../../src/testing/mod.ts";

const terraform = await findTerraform();
const ignore = terraform === undefined;
if (ignore) console.error("start-up failure tests skipped: terraform is not installed");

const config = `provider "broken" {}\n`;

async function failure(fixture: string): Promise<string> {
  const err = await runAcceptance({
    provider: {
      source: "example.com/test/broken",
      entry: new URL(`./fixtures/${fixture}`, import.meta.url),
    },
    steps: [{ config }],
  }).catch((e) => e);
  assert.ok(isFoundryError(err, "testing.step_failed"), String(err));
  return err.message;
}

/** Terraform wraps its error text at 78 columns. */
function flat(text: string): string {
  return text.replace(/\s+/g, " ");
}

Deno.test({ name: "an invalid schema is named in Terraform's own error", ignore }, async () => {
  const message = await failure("bad_schema_provider.ts");
  // What Terraform itself printed: the one line the provider wrote on stdout.
  assert.match(
    flat(message),
    /Unrecognized remote plugin message: provider failed to start: invalid schema for provider schema: unknown option `sensitiv` on attribute `api_token` — did you mean `sensitive`\?/,
  );
  // What the runner added: the provider's stderr, with the stack.
  assert.match(message, /--- the provider, started by the test runner as Terraform starts it ---/);
  assert.match(message, /stderr:\nFoundryError: invalid schema for provider schema/);
  assert.match(message, /bad_schema_provider\.ts:\d+/);
});

Deno.test({ name: "a module that throws while loading is named too", ignore }, async () => {
  const message = await failure("throwing_provider.ts");
  assert.match(
    flat(message),
    /Unrecognized remote plugin message: provider failed to start: BROKEN_SETTINGS is not set: point it at the settings file/,
  );
  assert.match(message, /stderr:\nError: BROKEN_SETTINGS is not set/);
});
