// ctyref: batch oracle over Debian's go-cty 1.12.1 for the cty conformance data.
//
// Reads a JSON array of cases {"name","type","value"} on stdin, where "value" is the tagged JSON
// value form documented in tests/cty/testdata/README.md, and writes a JSON array with, per case,
// the value as go-cty holds it (set elements in go-cty iteration order, strings NFC), the msgpack
// hex from cty/msgpack.Marshal, the text from cty/json.Marshal, and whether both round-trip.
//
// Built in GOPATH mode against /usr/share/gocode (see ../build-ctyref.sh).
package main

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"os"
	"sort"
	"strconv"

	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
	ctymsgpack "github.com/zclconf/go-cty/cty/msgpack"
)

type input struct {
	Name  string          `json:"name"`
	Type  json.RawMessage `json:"type"`
	Value json.RawMessage `json:"value"`
}

type output struct {
	Name             string          `json:"name"`
	Value            json.RawMessage `json:"value,omitempty"`
	Msgpack          string          `json:"msgpack,omitempty"`
	MsgpackRoundTrip bool            `json:"msgpackRoundTrip"`
	MsgpackDecoded   json.RawMessage `json:"msgpackDecoded,omitempty"`
	JSON             *string         `json:"json,omitempty"`
	JSONRoundTrip    bool            `json:"jsonRoundTrip"`
	JSONError        string          `json:"jsonError,omitempty"`
	Error            string          `json:"error,omitempty"`
}

func main() {
	dec := json.NewDecoder(os.Stdin)
	var cases []input
	if err := dec.Decode(&cases); err != nil {
		fmt.Fprintln(os.Stderr, "ctyref: bad input:", err)
		os.Exit(2)
	}
	outs := make([]output, 0, len(cases))
	for _, c := range cases {
		outs = append(outs, run(c))
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(outs); err != nil {
		fmt.Fprintln(os.Stderr, "ctyref:", err)
		os.Exit(1)
	}
}

func run(c input) (out output) {
	out.Name = c.Name
	defer func() {
		// go-cty panics on some inconsistent constructions; that is a case error, not a crash.
		if r := recover(); r != nil {
			out.Error = fmt.Sprint("panic: ", r)
		}
	}()
	ty, err := ctyjson.UnmarshalType(c.Type)
	if err != nil {
		out.Error = "type: " + err.Error()
		return
	}
	raw, err := decodeRaw(c.Value)
	if err != nil {
		out.Error = "value: " + err.Error()
		return
	}
	v, err := build(ty, raw)
	if err != nil {
		out.Error = "value: " + err.Error()
		return
	}
	out.Value = tagged(v, ty)
	b, err := ctymsgpack.Marshal(v, ty)
	if err != nil {
		out.Error = "msgpack: " + err.Error()
		return
	}
	out.Msgpack = hex.EncodeToString(b)
	if back, err := ctymsgpack.Unmarshal(b, ty); err == nil {
		again, _ := ctymsgpack.Marshal(back, ty)
		out.MsgpackRoundTrip = sameValue(back, v) && bytes.Equal(again, b)
		if !sameValue(back, v) {
			out.MsgpackDecoded = tagged(back, ty)
		}
	}
	if j, err := ctyjson.Marshal(v, ty); err != nil {
		out.JSONError = err.Error()
	} else if !json.Valid(j) {
		// go-cty 1.12 writes unknowns under a dynamic type as nothing at all; keep that as a fact.
		out.JSONError = "go-cty produced invalid JSON: " + string(j)
	} else {
		s := string(j)
		out.JSON = &s
		if back, err := ctyjson.Unmarshal(j, ty); err == nil {
			out.JSONRoundTrip = sameValue(back, v)
		}
	}
	return
}

// sameValue: RawEquals, or numerically equal. A float64 decoded from msgpack carries 53-bit
// precision where the parsed original has 512, and go-cty 1.12's RawEquals tells them apart.
func sameValue(a, b cty.Value) bool {
	if a.RawEquals(b) {
		return true
	}
	if !a.IsWhollyKnown() || !b.IsWhollyKnown() || !a.Type().Equals(b.Type()) {
		return false
	}
	eq := a.Equals(b)
	return eq.IsKnown() && eq.True()
}

func decodeRaw(b json.RawMessage) (interface{}, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var raw interface{}
	err := d.Decode(&raw)
	return raw, err
}

// build turns a tagged JSON value into a cty.Value of type ty.
func build(ty cty.Type, raw interface{}) (cty.Value, error) {
	if m, ok := raw.(map[string]interface{}); ok {
		if _, unk := m["$unknown"]; unk && len(m) == 1 {
			// go-cty 1.12 has no refinements: any refinement is dropped here by design.
			return cty.UnknownVal(ty), nil
		}
	}
	if raw == nil {
		return cty.NullVal(ty), nil
	}
	switch {
	case ty == cty.DynamicPseudoType:
		m, ok := raw.(map[string]interface{})
		if !ok || len(m) != 2 || m["type"] == nil {
			return cty.NilVal, fmt.Errorf("dynamic value must be {\"value\":..., \"type\":...}")
		}
		tj, _ := json.Marshal(m["type"])
		inner, err := ctyjson.UnmarshalType(tj)
		if err != nil {
			return cty.NilVal, err
		}
		return build(inner, m["value"])
	case ty == cty.String:
		s, ok := raw.(string)
		if !ok {
			return cty.NilVal, fmt.Errorf("want string, got %T", raw)
		}
		return cty.StringVal(s), nil
	case ty == cty.Bool:
		b, ok := raw.(bool)
		if !ok {
			return cty.NilVal, fmt.Errorf("want bool, got %T", raw)
		}
		return cty.BoolVal(b), nil
	case ty == cty.Number:
		var s string
		switch n := raw.(type) {
		case json.Number:
			s = string(n)
		case string:
			s = n
		default:
			return cty.NilVal, fmt.Errorf("want number, got %T", raw)
		}
		switch s {
		case "Infinity":
			return cty.PositiveInfinity, nil
		case "-Infinity":
			return cty.NegativeInfinity, nil
		}
		return cty.ParseNumberVal(s)
	case ty.IsListType(), ty.IsSetType(), ty.IsTupleType():
		arr, ok := raw.([]interface{})
		if !ok {
			return cty.NilVal, fmt.Errorf("want array, got %T", raw)
		}
		if ty.IsTupleType() && len(arr) != len(ty.TupleElementTypes()) {
			return cty.NilVal, fmt.Errorf("tuple wants %d elements", len(ty.TupleElementTypes()))
		}
		elems := make([]cty.Value, len(arr))
		for i, e := range arr {
			ety := cty.DynamicPseudoType
			if ty.IsTupleType() {
				ety = ty.TupleElementTypes()[i]
			} else {
				ety = ty.ElementType()
			}
			v, err := build(ety, e)
			if err != nil {
				return cty.NilVal, err
			}
			elems[i] = v
		}
		switch {
		case ty.IsTupleType():
			return cty.TupleVal(elems), nil
		case len(elems) == 0 && ty.IsListType():
			return cty.ListValEmpty(ty.ElementType()), nil
		case len(elems) == 0:
			return cty.SetValEmpty(ty.ElementType()), nil
		case ty.IsListType():
			return cty.ListVal(elems), nil
		default:
			return cty.SetVal(elems), nil
		}
	case ty.IsMapType(), ty.IsObjectType():
		m, ok := raw.(map[string]interface{})
		if !ok {
			return cty.NilVal, fmt.Errorf("want object, got %T", raw)
		}
		vals := map[string]cty.Value{}
		for k, e := range m {
			ety := cty.DynamicPseudoType
			if ty.IsMapType() {
				ety = ty.ElementType()
			} else if ty.HasAttribute(k) {
				ety = ty.AttributeType(k)
			} else {
				return cty.NilVal, fmt.Errorf("unexpected attribute %q", k)
			}
			v, err := build(ety, e)
			if err != nil {
				return cty.NilVal, err
			}
			vals[k] = v
		}
		if ty.IsMapType() {
			if len(vals) == 0 {
				return cty.MapValEmpty(ty.ElementType()), nil
			}
			return cty.MapVal(vals), nil
		}
		for k, aty := range ty.AttributeTypes() {
			if _, ok := vals[k]; !ok {
				if !ty.AttributeOptional(k) {
					return cty.NilVal, fmt.Errorf("missing attribute %q", k)
				}
				vals[k] = cty.NullVal(aty)
			}
		}
		if len(vals) == 0 {
			return cty.EmptyObjectVal, nil
		}
		return cty.ObjectVal(vals), nil
	}
	return cty.NilVal, fmt.Errorf("unsupported type %s", ty.FriendlyName())
}

// tagged writes v (at position type ty) in the tagged JSON value form.
func tagged(v cty.Value, ty cty.Type) json.RawMessage {
	var b bytes.Buffer
	writeTagged(&b, v, ty)
	return b.Bytes()
}

func writeTagged(b *bytes.Buffer, v cty.Value, ty cty.Type) {
	if ty == cty.DynamicPseudoType && v.Type() != cty.DynamicPseudoType {
		tj, _ := ctyjson.MarshalType(v.Type())
		b.WriteString(`{"value":`)
		writeTagged(b, v, v.Type())
		b.WriteString(`,"type":`)
		b.Write(tj)
		b.WriteString(`}`)
		return
	}
	if !v.IsKnown() {
		b.WriteString(`{"$unknown":{}}`)
		return
	}
	if v.IsNull() {
		b.WriteString("null")
		return
	}
	vt := v.Type()
	switch {
	case vt == cty.String:
		writeString(b, v.AsString())
	case vt == cty.Bool:
		b.WriteString(strconv.FormatBool(v.True()))
	case vt == cty.Number:
		writeNumber(b, v)
	case vt.IsListType(), vt.IsSetType(), vt.IsTupleType():
		b.WriteByte('[')
		i := 0
		for it := v.ElementIterator(); it.Next(); i++ {
			_, e := it.Element()
			if i > 0 {
				b.WriteByte(',')
			}
			ety := cty.DynamicPseudoType
			switch {
			case ty.IsTupleType():
				ety = ty.TupleElementTypes()[i]
			default:
				ety = ty.ElementType()
			}
			writeTagged(b, e, ety)
		}
		b.WriteByte(']')
	case vt.IsMapType(), vt.IsObjectType():
		keys := []string{}
		vals := map[string]cty.Value{}
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			keys = append(keys, k.AsString())
			vals[k.AsString()] = e
		}
		sort.Strings(keys)
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(',')
			}
			writeString(b, k)
			b.WriteByte(':')
			ety := cty.DynamicPseudoType
			if ty.IsMapType() {
				ety = ty.ElementType()
			} else {
				ety = ty.AttributeType(k)
			}
			writeTagged(b, vals[k], ety)
		}
		b.WriteByte('}')
	}
}

func writeString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	b.Truncate(b.Len() - 1) // Encoder appends a newline
}

// writeNumber: a JSON number only when any JSON reader keeps it exactly (a binary64 that is not
// -0 and not an integer beyond 2^53); otherwise the exact decimal text as a string.
func writeNumber(b *bytes.Buffer, v cty.Value) {
	if v.RawEquals(cty.PositiveInfinity) {
		b.WriteString(`"Infinity"`)
		return
	}
	if v.RawEquals(cty.NegativeInfinity) {
		b.WriteString(`"-Infinity"`)
		return
	}
	bf := v.AsBigFloat()
	if f, acc := bf.Float64(); acc == big.Exact && !(f == 0 && bf.Signbit()) && !(bf.IsInt() && math.Abs(f) > 1<<53) {
		j, _ := json.Marshal(f)
		b.Write(j)
		return
	}
	writeString(b, bf.Text('f', -1))
}
