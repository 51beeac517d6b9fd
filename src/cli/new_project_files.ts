/**
 * The files `foundry new NAME` writes: a provider project that passes its
 * own tests on the first command, laid out as the README's "Use it in your
 * project" describes (Foundry imported as `jsr:@foundry/foundry`, served
 * from a checkout through `links` until the package is published).
 *
 * @module
 */

/** What the files are made from. */
export interface ProjectSpec {
  /** Provider type name: lower-case letters and digits (`acme`). */
  readonly name: string;
  /** Registry namespace (`acme`). */
  readonly namespace: string;
  /** Registry host for `source` addresses (`example.com` until published). */
  readonly hostname: string;
  /** Path of a Foundry checkout for `links`, relative to the project; none: no `links`. */
  readonly foundryLink?: string;
}

const FENCE = "```";

function denoJson(p: ProjectSpec): string {
  const config: Record<string, unknown> = {
    imports: { "@foundry/foundry": "jsr:@foundry/foundry@^0.1.0" },
    ...(p.foundryLink !== undefined ? { links: [p.foundryLink] } : {}),
    tasks: {
      test: "deno test -A",
      foundry: "deno run -A --unstable-lazy-dynamic-imports jsr:@foundry/foundry/cli/main",
      docs:
        "deno run -A --unstable-lazy-dynamic-imports jsr:@foundry/foundry/cli/main docs generate",
    },
    fmt: { lineWidth: 100, exclude: ["docs/", "dist/", ".foundry/"] },
    foundry: {
      provider: {
        entry: "main.ts",
        name: p.name,
        namespace: p.namespace,
        hostname: p.hostname,
        version: "0.1.0",
      },
    },
  };
  return JSON.stringify(config, null, 2) + "\n";
}

function storeTs(): string {
  return `/**
 * The backing store: notes kept as JSON files in a directory. A real
 * provider would call its service's HTTP API here.
 *
 * @module
 */

/** One stored note. */
export interface Note {
  /** Unique title. */
  title: string;
  /** Text of the note. */
  body: string;
}

/** Notes as files in \`dir\`. */
export class Store {
  /** Keeps notes under \`dir\`. */
  constructor(readonly dir: string) {}

  #file(title: string): string {
    return \`\${this.dir}/\${encodeURIComponent(title)}.json\`;
  }

  /** Writes a note, creating the directory. */
  async put(note: Note): Promise<void> {
    await Deno.mkdir(this.dir, { recursive: true });
    await Deno.writeTextFile(this.#file(note.title), JSON.stringify(note));
  }

  /** The note with this title, or null. */
  async get(title: string): Promise<Note | null> {
    try {
      return JSON.parse(await Deno.readTextFile(this.#file(title))) as Note;
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return null;
      throw e;
    }
  }

  /** Removes a note; a missing one is not an error. */
  async remove(title: string): Promise<void> {
    await Deno.remove(this.#file(title)).catch(() => {});
  }
}
`;
}

function mainTs(p: ProjectSpec): string {
  const n = p.name;
  return `/**
 * The ${n} provider: a \`${n}_note\` resource and data source over a local
 * store, and a \`slug\` function.
 *
 * @module
 */

import { defineFunction, defineProvider, s, serve, withClient } from "@foundry/foundry/provider";
import { Store } from "./store.ts";

const { defineResource, defineDataSource } = withClient<Store>();

/** The \`${n}_note\` resource. */
export const note = defineResource({
  typeName: "${n}_note",
  schema: s.resource({
    id: s.string({ computed: true, planModifiers: [s.useStateForUnknown()] }),
    title: s.string({
      required: true,
      requiresReplace: true,
      description: "Unique title; changing it replaces the note.",
    }),
    body: s.string({ optional: true, default: "", description: "Text of the note." }),
  }, { description: "A note in the store." }),
  async create({ plan, client }) {
    await client.put({ title: plan.title, body: plan.body });
    return { ...plan, id: plan.title };
  },
  async read({ state, client }) {
    const found = await client.get(state.title);
    return found === null ? null : { ...state, body: found.body }; // null: deleted outside Terraform
  },
  async update({ plan, state, client }) {
    await client.put({ title: plan.title, body: plan.body });
    return { ...plan, id: state.id };
  },
  async delete({ state, client }) {
    await client.remove(state.title);
  },
});

/** The \`${n}_note\` data source. */
export const noteLookup = defineDataSource({
  typeName: "${n}_note",
  schema: s.dataSource({
    title: s.string({ required: true, description: "Title of the note to read." }),
    body: s.string({ computed: true, description: "Text of the note." }),
  }, { description: "Reads a note of the store." }),
  async read({ config, client, diags }) {
    const found = await client.get(config.title);
    if (found === null) {
      diags.error("Note not found", { detail: \`No note is titled \${JSON.stringify(config.title)}.\` });
      return { ...config, body: "" };
    }
    return { ...config, body: found.body };
  },
});

/** The \`slug\` function. */
export const slug = defineFunction({
  summary: "Turns text into a slug",
  description: "Lower-cases the text and joins its words with hyphens.",
  parameters: [{ name: "text", type: s.string(), description: "Any text." }],
  returns: s.string(),
  run: ({ args: [text] }) =>
    text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, ""),
});

/** The provider. */
export const provider = defineProvider({
  typeName: "${n}",
  schema: s.provider({
    dir: s.string({ required: true, description: "Directory of the note store." }),
  }, { description: "Manages notes kept in a local directory." }),
  configure: ({ config }) => new Store(config.dir),
  resources: [note],
  dataSources: [noteLookup],
  functions: { slug },
});

if (import.meta.main) await serve(provider);
`;
}

function unitTestTs(p: ProjectSpec): string {
  const n = p.name;
  return `import assert from "node:assert/strict";
import { ProviderClient } from "@foundry/foundry/testing";
import { provider } from "./main.ts";

Deno.test("unit: a note is created, read back and looked up", async () => {
  const dir = await Deno.makeTempDir();
  const client = new ProviderClient(provider);
  await client.configure({ dir });
  const created = await client.create("${n}_note", { title: "hello", body: "hi" });
  assert.equal(created.plain?.id, "hello");
  const data = await client.readData("${n}_note", { title: "hello" });
  assert.equal(data.plain?.body, "hi");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("unit: slug", async () => {
  const r = await new ProviderClient(provider).callFunction("slug", "Hello, World!");
  if (r.error !== undefined) assert.fail(r.error.text);
  assert.equal(r.plain, "hello-world");
});
`;
}

function acceptanceTestTs(p: ProjectSpec): string {
  const n = p.name;
  return `import assert from "node:assert/strict";
import { findTerraform, runAcceptance } from "@foundry/foundry/testing";

Deno.test("acceptance: a note is written, changed and removed", async () => {
  if (await findTerraform() === undefined) {
    console.log("terraform is not on PATH: acceptance test skipped");
    return;
  }
  const dir = await Deno.makeTempDir();
  const config = (body: string) =>
    \`provider "${n}" {\\n  dir = "\${dir}"\\n}\\n\` +
    \`resource "${n}_note" "hello" {\\n  title = "hello"\\n  body  = "\${body}"\\n}\\n\`;
  await runAcceptance({
    provider: {
      source: "${p.hostname}/${p.namespace}/${n}",
      entry: new URL("./main.ts", import.meta.url),
    },
    steps: [
      { config: config("hi") },
      {
        config: config("bye"),
        check: ({ state }) => assert.equal(state.resource("${n}_note.hello").values.body, "bye"),
      },
    ],
  });
  await Deno.remove(dir, { recursive: true });
});
`;
}

function workflowTest(): string {
  return `name: test
on:
  push:
  pull_request:
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: denoland/setup-deno@v2
        with:
          deno-version: v2.x
      - uses: hashicorp/setup-terraform@v3
        with:
          terraform_wrapper: false
      - run: deno fmt --check
      - run: deno lint
      - run: deno task test
      - run: deno task foundry docs generate --check
      - run: deno task foundry docs validate
`;
}

function workflowRelease(p: ProjectSpec): string {
  return `name: release
on:
  push:
    tags: ["v*"]
permissions:
  contents: write
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: denoland/setup-deno@v2
        with:
          deno-version: v2.x
      - name: Build, checksum and sign
        env:
          FOUNDRY_GPG_KEY: \${{ secrets.GPG_PRIVATE_KEY }}
          FOUNDRY_GPG_PASSPHRASE: \${{ secrets.GPG_PASSPHRASE }}
        run: deno task foundry build --version "\${GITHUB_REF_NAME#v}" --out dist
      - name: Upload to the GitHub release
        env:
          GH_TOKEN: \${{ github.token }}
        run: gh release create "$GITHUB_REF_NAME" dist/terraform-provider-${p.name}_* --generate-notes
`;
}

function readme(p: ProjectSpec): string {
  const n = p.name;
  return `# terraform-provider-${n}

A Terraform provider written with Foundry: a \`${n}_note\` resource and data source over a local
note store, and a \`slug\` function.

${FENCE}sh
deno task test                                 # unit tests, and an acceptance test under terraform
deno task foundry docs generate                # docs/ in the Registry's layout
deno task foundry dev                          # run Terraform against this source, no build
deno task foundry build --current              # a release for this machine under dist/
${FENCE}

Examples live in \`examples/\` (they become the docs' "Example Usage"), page templates in
\`templates/\`. Pushing a tag \`vX.Y.Z\` builds every platform, writes \`SHA256SUMS\`, signs it with the
\`GPG_PRIVATE_KEY\` secret and uploads everything to the GitHub release.
`;
}

/**
 * Every file of a new provider project, by path relative to its folder,
 * sorted by path. Docs are not included: `foundry new` generates them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { projectFiles } from "./new_project_files.ts";
 * const files = projectFiles({ name: "acme", namespace: "acme", hostname: "example.com" });
 * assert.ok(files.get("main.ts")?.includes('typeName: "acme_note"'));
 * assert.equal(JSON.parse(files.get("deno.json")!).foundry.provider.name, "acme");
 * ```
 */
export function projectFiles(p: ProjectSpec): Map<string, string> {
  const n = p.name;
  const files: [string, string][] = [
    ["deno.json", denoJson(p)],
    ["main.ts", mainTs(p)],
    ["store.ts", storeTs()],
    ["main_test.ts", unitTestTs(p)],
    ["acceptance_test.ts", acceptanceTestTs(p)],
    ["README.md", readme(p)],
    [".gitignore", ".foundry/\ndist/\n.terraform/\n"],
    [".github/workflows/test.yml", workflowTest()],
    [".github/workflows/release.yml", workflowRelease(p)],
    [
      "examples/provider/provider.tf",
      `terraform {\n  required_providers {\n    ${n} = {\n      source = "${p.hostname}/${p.namespace}/${n}"\n    }\n  }\n}\n\nprovider "${n}" {\n  dir = "\${path.root}/.notes"\n}\n`,
    ],
    [
      `examples/resources/${n}_note/resource.tf`,
      `resource "${n}_note" "hello" {\n  title = "hello"\n  body  = "Hello, world!"\n}\n`,
    ],
    [
      `examples/resources/${n}_note/import.sh`,
      `# A note is imported by its title.\nterraform import ${n}_note.hello hello\n`,
    ],
    [
      `examples/data-sources/${n}_note/data-source.tf`,
      `data "${n}_note" "hello" {\n  title = "hello"\n}\n`,
    ],
    [
      "examples/functions/slug/function.tf",
      `output "slug" {\n  value = provider::${n}::slug("Hello, World!")\n}\n`,
    ],
    [
      "templates/index.md.tmpl",
      `---\npage_title: "{{ .ProviderName }} Provider"\ndescription: |-\n  Manages notes kept in a local directory.\n---\n\n# {{ .ProviderName }} Provider\n\n{{ .Description }}\n\n{{ .ExampleUsage }}\n\n{{ .SchemaMarkdown }}\n`,
    ],
  ];
  return new Map(files.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
