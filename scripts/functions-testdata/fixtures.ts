/**
 * The files the filesystem function cases read: written next to the Terraform console by the
 * generator, and into a temporary directory by the test that replays the cases.
 *
 * @module
 */

/** Relative path -> contents (a string is UTF-8 text); a trailing `/` is an empty directory. */
export const FIXTURE_FILES: Readonly<Record<string, string | Uint8Array>> = {
  "hello.txt": "Hello, World!\n",
  "empty.txt": "",
  "unicode.txt": "é😀\n",
  "bin.dat": new Uint8Array([0xff, 0x00, 0xfe]),
  "sub/a.txt": "a",
  "sub/b.json": "{}",
  "sub/deep/c.txt": "c",
  "sub/deep/d.md": "d",
  ".hidden": "h",
  "emptydir/": "",
};

/** Writes the fixture under `dir`. */
export async function writeFixture(dir: string): Promise<void> {
  for (const [rel, content] of Object.entries(FIXTURE_FILES)) {
    const path = `${dir}/${rel}`;
    if (rel.endsWith("/")) {
      await Deno.mkdir(path, { recursive: true });
      continue;
    }
    await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    if (typeof content === "string") await Deno.writeTextFile(path, content);
    else await Deno.writeFile(path, content);
  }
}

/** Function names whose results or errors mention the base or home directory. */
export const FILESYSTEM_FUNCTIONS: ReadonlySet<string> = new Set([
  "abspath",
  "basename",
  "dirname",
  "pathexpand",
  "file",
  "fileexists",
  "fileset",
  "filebase64",
  "filebase64sha256",
  "filebase64sha512",
  "filemd5",
  "filesha1",
  "filesha256",
  "filesha512",
]);

/**
 * Files `terraform console -plan` itself keeps in the directory while the cases run (they show
 * up in `fileset(".", "*")`); the test writes empty stand-ins.
 */
export const TERRAFORM_FILES: readonly string[] = [
  "main.tf",
  "terraform.tfstate",
  ".terraform.tfstate.lock.info",
];
