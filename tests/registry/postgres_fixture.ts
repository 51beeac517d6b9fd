// A throwaway PostgreSQL database per test. The server comes from Debian's postgresql
// (.ci/run installs and starts it and makes the role below); FOUNDRY_TEST_POSTGRES names
// another admin connection. When none answers, the tests say so and skip.
import postgres from "postgres";
import { randomBytes } from "node:crypto";

const ADMIN = Deno.env.get("FOUNDRY_TEST_POSTGRES") ??
  "postgres://foundry:foundry@127.0.0.1:5432/postgres";

/** Whether the admin connection answers (tried once, quickly). */
export async function havePostgres(): Promise<boolean> {
  const sql = postgres(ADMIN, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`SELECT 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/** A new empty database; `drop` removes it (closing other sessions first). */
export async function testDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `foundry_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(ADMIN, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end({ timeout: 1 });
  const url = new URL(ADMIN);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    async drop() {
      const again = postgres(ADMIN, { max: 1, onnotice: () => {} });
      await again.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.end({ timeout: 1 });
    },
  };
}
