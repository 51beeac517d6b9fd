/**
 * `provider::example::slugify(text)`: turns any text into a DNS label that
 * `example_server.name` accepts ("My Web Server!" -> "my-web-server").
 *
 * @module
 */

import { defineFunction, FunctionError, s } from "../../src/provider/mod.ts";

/** The longest DNS label. */
const MAX = 63;

/** The `slugify` function. */
export const slugify = defineFunction({
  name: "slugify",
  summary: "Turns text into a DNS label",
  description:
    "Lower-cases the text, drops accents, turns every run of other characters into one hyphen " +
    "and trims it to 63 characters, giving a valid example_server name.",
  parameters: [{ name: "text", type: s.string(), description: "Any text." }],
  returns: s.string(),
  run({ args: [text] }) {
    const slug = text
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .slice(0, MAX)
      .replace(/^-+|-+$/g, "");
    if (slug === "") {
      throw new FunctionError(
        `${JSON.stringify(text)} has no letters or digits to make a name from`,
        { argument: 0 },
      );
    }
    return slug;
  },
});
