import assert from "node:assert/strict";
import * as openpgp from "openpgp";
import { isFoundryErrorCode, signDetached } from "./imports.ts";

async function gpg(home: string, args: string[]) {
  const out = await new Deno.Command("gpg", {
    args: ["--batch", "--no-tty", "--homedir", home, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { ok: out.success, text: new TextDecoder().decode(out.stderr) };
}

Deno.test("detached signature verifies with Debian gpg; a tampered file does not", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const { privateKey, publicKey } = await openpgp.generateKey({
      userIDs: [{ name: "Foundry Test", email: "test@example.com" }],
      passphrase: "s3cret",
      format: "armored",
    });
    const sums = new TextEncoder().encode(
      `${"ab".repeat(32)}  terraform-provider-demo_1.0.0_linux_amd64.zip\n`,
    );
    const sig = await signDetached(sums, { armoredKey: privateKey, passphrase: "s3cret" });
    assert.notEqual(sig[0], "-".charCodeAt(0), "binary, not armored");
    await Deno.writeFile(`${dir}/SHA256SUMS`, sums);
    await Deno.writeFile(`${dir}/SHA256SUMS.sig`, sig);
    await Deno.writeTextFile(`${dir}/key.asc`, publicKey);
    const home = `${dir}/gnupg`;
    await Deno.mkdir(home, { mode: 0o700 });
    assert.ok((await gpg(home, ["--import", `${dir}/key.asc`])).ok);
    const good = await gpg(home, ["--verify", `${dir}/SHA256SUMS.sig`, `${dir}/SHA256SUMS`]);
    assert.ok(good.ok, good.text);
    assert.match(good.text, /Good signature from "Foundry Test <test@example.com>"/);
    await Deno.writeFile(`${dir}/SHA256SUMS`, new TextEncoder().encode("tampered\n"));
    const bad = await gpg(home, ["--verify", `${dir}/SHA256SUMS.sig`, `${dir}/SHA256SUMS`]);
    assert.ok(!bad.ok);
    assert.match(bad.text, /BAD signature/);
    // Stop the agent gpg may have started for this throwaway home.
    await new Deno.Command("gpgconf", { args: ["--homedir", home, "--kill", "all"] }).output()
      .catch(() => {});
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("signing errors name the problem: bad key, locked key, wrong passphrase", async () => {
  const data = new Uint8Array([1]);
  await assert.rejects(
    signDetached(data, { armoredKey: "not a key" }),
    (e) => isFoundryErrorCode(e, "build.sign.bad_key"),
  );
  const { privateKey } = await openpgp.generateKey({
    userIDs: [{ name: "L", email: "l@example.com" }],
    passphrase: "right",
    format: "armored",
  });
  await assert.rejects(signDetached(data, { armoredKey: privateKey }), (e) => {
    assert.ok(isFoundryErrorCode(e, "build.sign.locked_key"));
    assert.match((e as Error).message, /FOUNDRY_GPG_PASSPHRASE/);
    return true;
  });
  await assert.rejects(
    signDetached(data, { armoredKey: privateKey, passphrase: "wrong" }),
    (e) => isFoundryErrorCode(e, "build.sign.bad_passphrase"),
  );
});
