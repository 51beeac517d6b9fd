// Whether an external peer a test needs is installed and usable (Debian's
// python3 with a module, nghttp2's tools, ...): the tests that lack one say
// so in one line and skip.

/** True when `cmd args` runs and exits 0; false when it fails or is not installed. */
export async function commandWorks(cmd: string, args: string[]): Promise<boolean> {
  try {
    return (await new Deno.Command(cmd, { args, stdout: "null", stderr: "null" }).output())
      .success;
  } catch {
    return false;
  }
}
