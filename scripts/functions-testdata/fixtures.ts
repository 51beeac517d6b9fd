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

/** A throwaway 1024-bit RSA key (made for these tests only) and a PKCS #1 v1.5 ciphertext. */
export const TEST_RSA = {
  pkcs1:
    "-----BEGIN RSA PRIVATE KEY-----\nMIICXAIBAAKBgQDi1Xn1a8uY0a/ZswWhKXBvGkLaxKb0W7VMttplfuRVD9PMLU+d\nW/Y+ET2sS32Nn2THXFlJu2r7Tw5fZnsScIU3uiTIa6/ypqmtxhJPrKU2MSk/lGBn\nFXzRmD1vOYkB1OEv0voUwjwG9GuWN6n14+lJIIRuG58uAB99RAmfjD5JhwIDAQAB\nAoGAPTwb/GDpSYvxyPdHIcaqD5QrUBueZoELZHZIZvXmdgAb0Ra6U2SsCP1mhMis\nUDsjXZ5UjE8IBmfFHYPw3X16uJpqLYjawoLS0N1l70hKgdFZpTvLp1PSx6WchvfJ\n5ZGv5R3YL5tPLzzsXkljXmsEtfGekPyh0Yji7V5w8t7C68ECQQDsaoMC1GzeycID\nXlsFHIiDWCjHw6kC0VTF/DtsT7vpU7bR+uCeLyWicqLYeYNAagJKHeX9E+HO6T6d\nXlZJhZW/AkEA9Z/DXm9a/C2oRS4hA//DcZJ7841b+aKyleJUcOTOwLNmoYj+QzT0\nISDIdTegrQ9TBCz2RnCzHsyyvLADZ5COOQJBANCI4ycL2TxrGwd9oyvPD1tL2Czd\nGaeyneRFqOTRMB+QCCMP+DGPxNKV666nAG9BEuPtm4CwmO26L9D/9XzEqGECQEBc\nteAIA+pyuFYwaTxYB8m53bsLPp+ib3NxFDlk63x5RhpsAFxyAsqvgXedtP/ENTex\n5HK+02DtuKRS5wF7UpkCQHWavvu6I5niGtakm0UlqZyVoWk3TiQjR/hM7uroerM4\nA7b5w+84ztrqV9H58nntbUke3upjS6VcZikao0icfEE=\n-----END RSA PRIVATE KEY-----\n",
  pkcs8:
    "-----BEGIN PRIVATE KEY-----\nMIICdgIBADANBgkqhkiG9w0BAQEFAASCAmAwggJcAgEAAoGBAOLVefVry5jRr9mz\nBaEpcG8aQtrEpvRbtUy22mV+5FUP08wtT51b9j4RPaxLfY2fZMdcWUm7avtPDl9m\nexJwhTe6JMhrr/Kmqa3GEk+spTYxKT+UYGcVfNGYPW85iQHU4S/S+hTCPAb0a5Y3\nqfXj6UkghG4bny4AH31ECZ+MPkmHAgMBAAECgYA9PBv8YOlJi/HI90chxqoPlCtQ\nG55mgQtkdkhm9eZ2ABvRFrpTZKwI/WaEyKxQOyNdnlSMTwgGZ8Udg/DdfXq4mmot\niNrCgtLQ3WXvSEqB0VmlO8unU9LHpZyG98nlka/lHdgvm08vPOxeSWNeawS18Z6Q\n/KHRiOLtXnDy3sLrwQJBAOxqgwLUbN7JwgNeWwUciINYKMfDqQLRVMX8O2xPu+lT\nttH64J4vJaJyoth5g0BqAkod5f0T4c7pPp1eVkmFlb8CQQD1n8Neb1r8LahFLiED\n/8NxknvzjVv5orKV4lRw5M7As2ahiP5DNPQhIMh1N6CtD1MELPZGcLMezLK8sANn\nkI45AkEA0IjjJwvZPGsbB32jK88PW0vYLN0Zp7Kd5EWo5NEwH5AIIw/4MY/E0pXr\nrqcAb0ES4+2bgLCY7bov0P/1fMSoYQJAQFy14AgD6nK4VjBpPFgHybnduws+n6Jv\nc3EUOWTrfHlGGmwAXHICyq+Bd520/8Q1N7Hkcr7TYO24pFLnAXtSmQJAdZq++7oj\nmeIa1qSbRSWpnJWhaTdOJCNH+Ezu6uh6szgDtvnD7zjO2upX0fnyee1tSR7e6mNL\npVxmKRqjSJx8QQ==\n-----END PRIVATE KEY-----\n",
  ciphertext:
    "Z6O0XGaO67PxY6x6emicuk3bAVXZ/KC39n0FZPXCcezi5sH8YBRhraFpjJLYeDQiu0x24yi0JPT3ZP24ACNaBcHIAUCtW/YOqWdgYZjHKtpzKa9oRM9RgqMwI/QA1Ml7WG0DH2Db5rlcKRYH0qGWHhD1+k1zLufn/XTYk7fuQ/s=",
} as const;
