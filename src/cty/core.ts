/**
 * cty's lean entry: types, values, numbers, refinements, set ordering and
 * the msgpack/JSON codecs — what a provider needs on its start-up path —
 * without conversion, unification and display, which `mod.ts` also loads
 * (about 15 modules, ~3 ms of every provider launch). The provider layer
 * imports it; everyone else uses `mod.ts`.
 *
 * @module
 */

export * from "./type.ts";
export { Value } from "./value.ts";
export {
  BigDecimal,
  exactFloat64,
  formatNumber,
  type Num,
  numberFromBigInt,
  parseNumber,
  toBigInt,
} from "./number.ts";
export { UnknownInfo } from "./refinement.ts";
export { orderSetElements } from "./set_order.ts";
export { typeFromJSONValue, typeToJSON } from "./type_json.ts";
export { decodeJson } from "./json_decode.ts";
export { decodeMsgpack } from "./msgpack_decode.ts";
export { encodeMsgpack } from "./msgpack_encode.ts";
export { loadConversion } from "./encode_conform.ts";
