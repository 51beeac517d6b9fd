// Command hclsyntax_dump parses HCL native-syntax files with Go's hclsyntax and
// prints, per file, the diagnostics and the syntax tree (kinds, ranges,
// constant values) as JSON: the expected data for Foundry's parser tests.
//
// Usage: hclsyntax_dump config FILE...   (one JSON document per line)
//        hclsyntax_dump expr  FILE       (each line of FILE is an expression)
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hcldec"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

type obj = map[string]interface{}

func rng(r hcl.Range) []int {
	return []int{r.Start.Line, r.Start.Column, r.Start.Byte, r.End.Line, r.End.Column, r.End.Byte}
}

func value(v cty.Value) interface{} {
	if !v.IsWhollyKnown() {
		return obj{"unknown": true}
	}
	ty, err := ctyjson.MarshalType(v.Type())
	if err != nil {
		return obj{"error": err.Error()}
	}
	val, err := ctyjson.Marshal(v, v.Type())
	if err != nil {
		return obj{"error": err.Error()}
	}
	return obj{"type": json.RawMessage(ty), "value": json.RawMessage(val)}
}

func traversal(t hcl.Traversal) []interface{} {
	out := []interface{}{}
	for _, step := range t {
		switch s := step.(type) {
		case hcl.TraverseRoot:
			out = append(out, obj{"kind": "root", "name": s.Name, "range": rng(s.SrcRange)})
		case hcl.TraverseAttr:
			out = append(out, obj{"kind": "attr", "name": s.Name, "range": rng(s.SrcRange)})
		case hcl.TraverseIndex:
			out = append(out, obj{"kind": "index", "key": value(s.Key), "range": rng(s.SrcRange)})
		}
	}
	return out
}

func exprs(es []hclsyntax.Expression) []interface{} {
	out := []interface{}{}
	for _, e := range es {
		out = append(out, expr(e))
	}
	return out
}

func expr(e hclsyntax.Expression) interface{} {
	if e == nil {
		return nil
	}
	o := obj{"range": rng(e.Range())}
	switch x := e.(type) {
	case *hclsyntax.LiteralValueExpr:
		o["kind"] = "literal"
		o["value"] = value(x.Val)
	case *hclsyntax.TemplateExpr:
		o["kind"] = "template"
		o["parts"] = exprs(x.Parts)
	case *hclsyntax.TemplateWrapExpr:
		o["kind"] = "templateWrap"
		o["wrapped"] = expr(x.Wrapped)
	case *hclsyntax.TemplateJoinExpr:
		o["kind"] = "templateJoin"
		o["tuple"] = expr(x.Tuple)
	case *hclsyntax.ScopeTraversalExpr:
		o["kind"] = "scopeTraversal"
		o["traversal"] = traversal(x.Traversal)
	case *hclsyntax.RelativeTraversalExpr:
		o["kind"] = "relativeTraversal"
		o["source"] = expr(x.Source)
		o["traversal"] = traversal(x.Traversal)
	case *hclsyntax.FunctionCallExpr:
		o["kind"] = "functionCall"
		o["name"] = x.Name
		o["args"] = exprs(x.Args)
		o["expandFinal"] = x.ExpandFinal
		o["nameRange"] = rng(x.NameRange)
	case *hclsyntax.ConditionalExpr:
		o["kind"] = "conditional"
		o["condition"] = expr(x.Condition)
		o["trueResult"] = expr(x.TrueResult)
		o["falseResult"] = expr(x.FalseResult)
	case *hclsyntax.BinaryOpExpr:
		o["kind"] = "binaryOp"
		o["op"] = opName(x.Op)
		o["lhs"] = expr(x.LHS)
		o["rhs"] = expr(x.RHS)
	case *hclsyntax.UnaryOpExpr:
		o["kind"] = "unaryOp"
		if x.Op == hclsyntax.OpNegate {
			o["op"] = "-"
		} else {
			o["op"] = "!"
		}
		o["operand"] = expr(x.Val)
	case *hclsyntax.TupleConsExpr:
		o["kind"] = "tuple"
		o["exprs"] = exprs(x.Exprs)
	case *hclsyntax.ObjectConsExpr:
		o["kind"] = "object"
		items := []interface{}{}
		for _, it := range x.Items {
			items = append(items, obj{"key": expr(it.KeyExpr), "value": expr(it.ValueExpr)})
		}
		o["items"] = items
	case *hclsyntax.ObjectConsKeyExpr:
		o["kind"] = "objectKey"
		o["wrapped"] = expr(x.Wrapped)
		o["forceNonLiteral"] = x.ForceNonLiteral
	case *hclsyntax.ForExpr:
		o["kind"] = "for"
		o["keyVar"] = x.KeyVar
		o["valVar"] = x.ValVar
		o["collection"] = expr(x.CollExpr)
		o["keyExpr"] = expr(x.KeyExpr)
		o["valExpr"] = expr(x.ValExpr)
		o["condition"] = expr(x.CondExpr)
		o["group"] = x.Group
	case *hclsyntax.IndexExpr:
		o["kind"] = "index"
		o["collection"] = expr(x.Collection)
		o["key"] = expr(x.Key)
	case *hclsyntax.SplatExpr:
		o["kind"] = "splat"
		o["source"] = expr(x.Source)
		o["each"] = expr(x.Each)
	case *hclsyntax.AnonSymbolExpr:
		o["kind"] = "anonSymbol"
	case *hclsyntax.ParenthesesExpr:
		o["kind"] = "parentheses"
		o["expression"] = expr(x.Expression)
	default:
		o["kind"] = fmt.Sprintf("%T", e)
	}
	return o
}

func opName(op *hclsyntax.Operation) string {
	switch op {
	case hclsyntax.OpLogicalOr:
		return "||"
	case hclsyntax.OpLogicalAnd:
		return "&&"
	case hclsyntax.OpEqual:
		return "=="
	case hclsyntax.OpNotEqual:
		return "!="
	case hclsyntax.OpGreaterThan:
		return ">"
	case hclsyntax.OpGreaterThanOrEqual:
		return ">="
	case hclsyntax.OpLessThan:
		return "<"
	case hclsyntax.OpLessThanOrEqual:
		return "<="
	case hclsyntax.OpAdd:
		return "+"
	case hclsyntax.OpSubtract:
		return "-"
	case hclsyntax.OpMultiply:
		return "*"
	case hclsyntax.OpDivide:
		return "/"
	case hclsyntax.OpModulo:
		return "%"
	}
	return "?"
}

func body(b *hclsyntax.Body) interface{} {
	attrs := []*hclsyntax.Attribute{}
	for _, a := range b.Attributes {
		attrs = append(attrs, a)
	}
	sort.Slice(attrs, func(i, j int) bool { return attrs[i].SrcRange.Start.Byte < attrs[j].SrcRange.Start.Byte })
	as := []interface{}{}
	for _, a := range attrs {
		o := obj{"name": a.Name, "range": rng(a.SrcRange), "nameRange": rng(a.NameRange), "expr": expr(a.Expr)}
		// The value where no variables or functions are needed.
		if len(a.Expr.Variables()) == 0 {
			v, diags := a.Expr.Value(nil)
			if !diags.HasErrors() {
				o["value"] = value(v)
			}
		}
		as = append(as, o)
	}
	bs := []interface{}{}
	for _, blk := range b.Blocks {
		lr := [][]int{}
		for _, r := range blk.LabelRanges {
			lr = append(lr, rng(r))
		}
		labels := blk.Labels
		if labels == nil {
			labels = []string{}
		}
		bs = append(bs, obj{
			"type": blk.Type, "labels": labels, "labelRanges": lr, "typeRange": rng(blk.TypeRange),
			"openBraceRange": rng(blk.OpenBraceRange), "closeBraceRange": rng(blk.CloseBraceRange),
			"body": body(blk.Body),
		})
	}
	return obj{"range": rng(b.SrcRange), "attributes": as, "blocks": bs}
}

func diags(ds hcl.Diagnostics) []interface{} {
	out := []interface{}{}
	for _, d := range ds {
		o := obj{"summary": d.Summary, "detail": d.Detail}
		if d.Subject != nil {
			o["subject"] = rng(*d.Subject)
		}
		if d.Context != nil {
			o["context"] = rng(*d.Context)
		}
		out = append(out, o)
	}
	return out
}

func main() {
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	switch os.Args[1] {
	case "config":
		for _, name := range os.Args[2:] {
			src, err := os.ReadFile(name)
			if err != nil {
				panic(err)
			}
			f, ds := hclsyntax.ParseConfig(src, "test.tf", hcl.InitialPos)
			out := obj{"diagnostics": diags(ds)}
			if f != nil {
				out["body"] = body(f.Body.(*hclsyntax.Body))
			}
			enc.Encode(out)
		}
	case "content":
		// content FILE SCHEMAJSON: Body.Content against a schema; diagnostics sorted by position.
		src, err := os.ReadFile(os.Args[2])
		if err != nil {
			panic(err)
		}
		var schema struct {
			Attributes []struct {
				Name     string `json:"name"`
				Required bool   `json:"required"`
			} `json:"attributes"`
			Blocks []struct {
				Type       string   `json:"type"`
				LabelNames []string `json:"labelNames"`
			} `json:"blocks"`
		}
		if err := json.Unmarshal([]byte(os.Args[3]), &schema); err != nil {
			panic(err)
		}
		hs := &hcl.BodySchema{}
		for _, a := range schema.Attributes {
			hs.Attributes = append(hs.Attributes, hcl.AttributeSchema{Name: a.Name, Required: a.Required})
		}
		for _, b := range schema.Blocks {
			hs.Blocks = append(hs.Blocks, hcl.BlockHeaderSchema{Type: b.Type, LabelNames: b.LabelNames})
		}
		f, ds := hclsyntax.ParseConfig(src, "test.tf", hcl.InitialPos)
		if ds.HasErrors() {
			panic(ds.Error())
		}
		content, cds := f.Body.Content(hs)
		sort.SliceStable(cds, func(i, j int) bool {
			if cds[i].Subject.Start.Byte != cds[j].Subject.Start.Byte {
				return cds[i].Subject.Start.Byte < cds[j].Subject.Start.Byte
			}
			return cds[i].Summary < cds[j].Summary
		})
		names := []string{}
		for n := range content.Attributes {
			names = append(names, n)
		}
		sort.Strings(names)
		blocks := [][]string{}
		for _, b := range content.Blocks {
			blocks = append(blocks, append([]string{b.Type}, b.Labels...))
		}
		_, jds := f.Body.JustAttributes()
		enc.Encode(obj{"diagnostics": diags(cds), "attributes": names, "blocks": blocks,
			"justAttributesDiagnostics": diags(jds), "missingItemRange": rng(content.MissingItemRange)})
	case "decode":
		// decode FILE SPECJSON: hcldec.Decode of the file's body against a spec written as
		// Foundry's Spec JSON (kind, name, type as cty type JSON, nested, ...).
		src, err := os.ReadFile(os.Args[2])
		if err != nil {
			panic(err)
		}
		var raw map[string]interface{}
		if err := json.Unmarshal([]byte(os.Args[3]), &raw); err != nil {
			panic(err)
		}
		f, ds := hclsyntax.ParseConfig(src, "test.tf", hcl.InitialPos)
		if ds.HasErrors() {
			panic(ds.Error())
		}
		v, dds := hcldec.Decode(f.Body, toSpec(raw), nil)
		out := obj{"diagnostics": diags(dds)}
		if !dds.HasErrors() {
			out["value"] = value(v)
		}
		enc.Encode(out)
	case "json":
		// json FILE...: hcl/json's syntax diagnostics for each file.
		for _, name := range os.Args[2:] {
			src, err := os.ReadFile(name)
			if err != nil {
				panic(err)
			}
			_, ds := hcljson.Parse(src, "test.tf.json")
			enc.Encode(obj{"diagnostics": diags(ds)})
		}
	case "expr":
		fh, err := os.Open(os.Args[2])
		if err != nil {
			panic(err)
		}
		sc := bufio.NewScanner(fh)
		for sc.Scan() {
			line := sc.Text()
			e, ds := hclsyntax.ParseExpression([]byte(line), "expr.hcl", hcl.InitialPos)
			vars := []interface{}{}
			for _, t := range hclsyntax.Variables(e) {
				vars = append(vars, traversal(t))
			}
			out := obj{"src": line, "diagnostics": diags(ds), "expr": expr(e), "variables": vars}
			if !ds.HasErrors() && len(e.Variables()) == 0 {
				v, vds := e.Value(nil)
				if !vds.HasErrors() {
					out["value"] = value(v)
				} else {
					out["valueDiagnostics"] = diags(vds)
				}
			}
			enc.Encode(out)
		}
	}
}

func toSpec(m map[string]interface{}) hcldec.Spec {
	ty := func() cty.Type {
		b, _ := json.Marshal(m["type"])
		t, err := ctyjson.UnmarshalType(b)
		if err != nil {
			panic(err)
		}
		return t
	}
	str := func(k string) string { s, _ := m[k].(string); return s }
	num := func(k string) int { n, _ := m[k].(float64); return int(n) }
	nested := func(k string) hcldec.Spec { return toSpec(m[k].(map[string]interface{})) }
	switch str("kind") {
	case "attr":
		req, _ := m["required"].(bool)
		return &hcldec.AttrSpec{Name: str("name"), Type: ty(), Required: req}
	case "block":
		req, _ := m["required"].(bool)
		return &hcldec.BlockSpec{TypeName: str("type"), Nested: nested("nested"), Required: req}
	case "blockList":
		return &hcldec.BlockListSpec{TypeName: str("type"), Nested: nested("nested"), MinItems: num("minItems"), MaxItems: num("maxItems")}
	case "blockSet":
		return &hcldec.BlockSetSpec{TypeName: str("type"), Nested: nested("nested"), MinItems: num("minItems"), MaxItems: num("maxItems")}
	case "blockMap":
		labels := []string{}
		for _, l := range m["labelNames"].([]interface{}) {
			labels = append(labels, l.(string))
		}
		return &hcldec.BlockMapSpec{TypeName: str("type"), LabelNames: labels, Nested: nested("nested")}
	case "object":
		o := hcldec.ObjectSpec{}
		for k, v := range m["attributes"].(map[string]interface{}) {
			o[k] = toSpec(v.(map[string]interface{}))
		}
		return o
	case "default":
		return &hcldec.DefaultSpec{Primary: nested("primary"), Default: nested("default")}
	case "literal":
		b, _ := json.Marshal(m["value"])
		v, err := ctyjson.Unmarshal(b, ty())
		if err != nil {
			panic(err)
		}
		return &hcldec.LiteralSpec{Value: v}
	}
	panic("unknown spec kind " + str("kind"))
}
