// wire: go-cty's encoders and decoders on single inputs, as a batch oracle (Debian's go-cty 1.12.1,
// whose msgpack and JSON packages decide these cases as 1.16.0 does).
//
// Reads a JSON array of cases on stdin and writes a JSON array of results:
//   {"op":"marshal","value":V,"type":T}  V is {"value":...,"type":...} (go-cty's dynamic JSON form),
//       marshalled for type T with msgpack.Marshal and json.Marshal;
//   {"op":"unmarshalJSON","text":S,"type":T} and {"op":"unmarshalMsgpack","hex":H,"type":T}
//       decoded at T; the result is written back as dynamic JSON (with its type), or an error.
package main

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"

	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
	ctymsgpack "github.com/zclconf/go-cty/cty/msgpack"
)

type input struct {
	Op    string          `json:"op"`
	Value json.RawMessage `json:"value"`
	Type  json.RawMessage `json:"type"`
	Text  string          `json:"text"`
	Hex   string          `json:"hex"`
}

type output struct {
	Msgpack      string          `json:"msgpack,omitempty"`
	MsgpackError string          `json:"msgpackError,omitempty"`
	JSON         *string         `json:"json,omitempty"`
	JSONError    string          `json:"jsonError,omitempty"`
	Decoded      json.RawMessage `json:"decoded,omitempty"`
	Known        *bool           `json:"known,omitempty"`
	Error        string          `json:"error,omitempty"`
}

func main() {
	var cases []input
	if err := json.NewDecoder(os.Stdin).Decode(&cases); err != nil {
		fmt.Fprintln(os.Stderr, "wire: bad input:", err)
		os.Exit(2)
	}
	outs := make([]output, 0, len(cases))
	for _, c := range cases {
		outs = append(outs, run(c))
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(outs); err != nil {
		fmt.Fprintln(os.Stderr, "wire:", err)
		os.Exit(1)
	}
}

func run(c input) (out output) {
	defer func() {
		if r := recover(); r != nil {
			out = output{Error: fmt.Sprint("panic: ", r)}
		}
	}()
	ty, err := ctyjson.UnmarshalType(c.Type)
	if err != nil {
		return output{Error: "type: " + err.Error()}
	}
	var v cty.Value
	switch c.Op {
	case "marshal":
		v, err = ctyjson.Unmarshal(c.Value, cty.DynamicPseudoType)
		if err != nil {
			return output{Error: "value: " + err.Error()}
		}
		if b, err := ctymsgpack.Marshal(v, ty); err != nil {
			out.MsgpackError = err.Error()
		} else {
			out.Msgpack = hex.EncodeToString(b)
		}
		if b, err := ctyjson.Marshal(v, ty); err != nil {
			out.JSONError = err.Error()
		} else {
			s := string(b)
			out.JSON = &s
		}
		return out
	case "unmarshalJSON":
		v, err = ctyjson.Unmarshal([]byte(c.Text), ty)
	case "unmarshalMsgpack":
		var b []byte
		b, err = hex.DecodeString(c.Hex)
		if err == nil {
			v, err = ctymsgpack.Unmarshal(b, ty)
		}
	default:
		return output{Error: "unknown op " + c.Op}
	}
	if err != nil {
		return output{Error: err.Error()}
	}
	known := v.IsWhollyKnown()
	out.Known = &known
	if known {
		b, err := ctyjson.Marshal(v, cty.DynamicPseudoType)
		if err != nil {
			return output{Error: "re-encode: " + err.Error()}
		}
		out.Decoded = b
	} else {
		// Unknowns cannot be JSON; the type still shows how elements were retyped.
		t, _ := ctyjson.MarshalType(v.Type())
		out.Decoded = t
	}
	return out
}
