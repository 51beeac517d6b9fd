/**
 * The option keys each builder and `define*` accepts, as records keyed by
 * the option interfaces themselves: adding an option to an interface without
 * listing it here fails to compile, so the run-time check never refuses a
 * real option.
 *
 * @module
 */

import type { AttributeOptions } from "./attribute_builders.ts";
import type { DataSourceDefinition, ProviderDefinition, ResourceDefinition } from "./define.ts";
import type { EphemeralResourceDefinition } from "./ephemeral.ts";
import type { FunctionDefinition, FunctionParameter } from "./function.ts";
import type { BlockOptions, NestedAttributeOptions } from "./nested_builders.ts";
import type { SchemaOptions } from "./schema.ts";
import type { AttributeDef, Fields, Mode, Schema } from "./schema_types.ts";

type Keys<T> = { readonly [K in keyof Required<T>]: true };
type AnySchema = Schema<Fields>;

const keys = <T>(record: Keys<T>): readonly string[] => Object.freeze(Object.keys(record));

/** Options of `s.string()`, `s.list()`... */
export const ATTRIBUTE_OPTION_KEYS: readonly string[] = keys<AttributeOptions<unknown>>({
  required: true,
  optional: true,
  computed: true,
  sensitive: true,
  deprecated: true,
  description: true,
  markdownDescription: true,
  default: true,
  requiresReplace: true,
  validators: true,
  planModifiers: true,
  writeOnly: true,
  env: true,
  semanticEquals: true,
});

/** Options of `s.singleNested()`, `s.listNested()`... */
export const NESTED_OPTION_KEYS: readonly string[] = keys<NestedAttributeOptions>({
  required: true,
  optional: true,
  computed: true,
  sensitive: true,
  deprecated: true,
  description: true,
  markdownDescription: true,
  requiresReplace: true,
  validators: true,
  objectValidators: true,
});

/** Options of `s.listBlock()`, `s.singleBlock()`... */
export const BLOCK_OPTION_KEYS: readonly string[] = keys<BlockOptions>({
  minItems: true,
  maxItems: true,
  validators: true,
  objectValidators: true,
  deprecated: true,
  description: true,
  markdownDescription: true,
});

/** Options of `s.resource()`, `s.provider()`... */
export const SCHEMA_OPTION_KEYS: readonly string[] = keys<SchemaOptions>({
  version: true,
  description: true,
  markdownDescription: true,
  deprecated: true,
  validators: true,
});

/** Keys of `defineResource({...})`. */
export const RESOURCE_KEYS: readonly string[] = keys<ResourceDefinition<AnySchema, unknown>>({
  typeName: true,
  schema: true,
  create: true,
  read: true,
  update: true,
  delete: true,
  importState: true,
  upgradeState: true,
  modifyPlan: true,
  planDestroy: true,
  validateConfig: true,
  moveState: true,
  identity: true,
});

/** Keys of `defineDataSource({...})`. */
export const DATA_SOURCE_KEYS: readonly string[] = keys<DataSourceDefinition<AnySchema, unknown>>({
  typeName: true,
  schema: true,
  read: true,
  validateConfig: true,
});

/** Keys of `defineEphemeralResource({...})`. */
export const EPHEMERAL_KEYS: readonly string[] = keys<
  EphemeralResourceDefinition<AnySchema, unknown>
>({
  typeName: true,
  schema: true,
  open: true,
  renew: true,
  close: true,
  validateConfig: true,
});

/** Keys of `defineFunction({...})`. */
export const FUNCTION_KEYS: readonly string[] = keys<
  FunctionDefinition<readonly FunctionParameter[], AttributeDef<unknown, Mode>, undefined>
>({
  name: true,
  summary: true,
  description: true,
  markdownDescription: true,
  deprecated: true,
  parameters: true,
  variadicParameter: true,
  returns: true,
  run: true,
});

/** Keys of a function parameter. */
export const PARAMETER_KEYS: readonly string[] = keys<FunctionParameter>({
  name: true,
  type: true,
  allowNull: true,
  allowUnknown: true,
  description: true,
  markdownDescription: true,
});

/** Keys of `defineProvider({...})`. */
export const PROVIDER_KEYS: readonly string[] = keys<ProviderDefinition<AnySchema, unknown>>({
  typeName: true,
  schema: true,
  configure: true,
  resources: true,
  dataSources: true,
  functions: true,
  ephemeralResources: true,
  validateConfig: true,
});
