/**
 * The generated Terraform configuration the HCL benches and growth scripts read:
 * `../shared/bench/gen_tf.py GROUPS` output (about 920 bytes per group), or `undefined` when
 * python3 or the script is missing, so that a bench can say so and skip.
 *
 * @module
 */

/** `gen_tf.py GROUPS` output, or `undefined` when it cannot be generated here. */
export function genTf(groups: number): string | undefined {
  const script = new URL("../../shared/bench/gen_tf.py", import.meta.url).pathname;
  try {
    const out = new Deno.Command("python3", { args: [script, String(groups)] }).outputSync();
    return out.success ? new TextDecoder().decode(out.stdout) : undefined;
  } catch {
    return undefined;
  }
}
