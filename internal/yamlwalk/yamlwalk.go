// Package yamlwalk reads a YAML document node by node, so that every problem
// in a user's file is reported with its line and the path of the field,
// instead of stopping at the first one.
package yamlwalk

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/alignaudit/audit/internal/problem"
	"go.yaml.in/yaml/v3"
)

// Walker records the problems found while reading one file.
type Walker struct {
	File     string
	Problems problem.List
}

// Parse decodes data into its root node. A syntax error is recorded and nil
// returned.
func (w *Walker) Parse(data []byte) *yaml.Node {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	err := dec.Decode(&doc)
	if err == io.EOF || err == nil && (doc.Kind == 0 || len(doc.Content) == 0) {
		w.Problems.Add(w.File, 0, "", "the file is empty")
		return nil
	}
	if err != nil {
		line, msg := splitYAMLError(err)
		w.Problems.Add(w.File, line, "", "%s", msg)
		return nil
	}
	// A second document would be silently ignored: the user meant it to
	// count, so say so.
	var next yaml.Node
	if err := dec.Decode(&next); err != io.EOF {
		line := next.Line
		if err != nil {
			line, _ = splitYAMLError(err)
		}
		w.Problems.Add(w.File, line, "", "the file holds more than one YAML document (a line \"---\"): keep one per file")
		return nil
	}
	return doc.Content[0]
}

var yamlLine = regexp.MustCompile(`^yaml: (?:line (\d+): )?`)

// splitYAMLError turns "yaml: line 3: mapping values are not allowed" into
// (3, "mapping values are not allowed").
func splitYAMLError(err error) (int, string) {
	msg := err.Error()
	m := yamlLine.FindStringSubmatch(msg)
	if m == nil {
		return 0, msg
	}
	line, _ := strconv.Atoi(m[1])
	return line, "invalid YAML: " + msg[len(m[0]):]
}

// Fail records a problem at node n.
func (w *Walker) Fail(n *yaml.Node, path, format string, args ...any) {
	line := 0
	if n != nil {
		line = n.Line
	}
	w.Problems.Add(w.File, line, path, format, args...)
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "empty"
		}
		return fmt.Sprintf("%q", n.Value)
	case yaml.AliasNode:
		return "an alias"
	}
	return "something else"
}

// Field is one key of a mapping with its value.
type Field struct {
	Key   *yaml.Node
	Value *yaml.Node
}

// Fields checks that n is a mapping whose keys are all in allowed and
// returns its fields by key. Unknown and repeated keys are problems.
func (w *Walker) Fields(n *yaml.Node, path string, allowed ...string) map[string]Field {
	if !w.notAlias(n, path) {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		w.Fail(n, path, "want a mapping of fields (%s), got %s", strings.Join(allowed, ", "), kindName(n))
		return nil
	}
	fields := make(map[string]Field, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		name := k.Value
		// An anchored key is refused, but its field read, so that no
		// "missing field" follows.
		w.notAlias(k, Join(path, name))
		if !contains(allowed, name) {
			w.Fail(k, Join(path, name), "unknown field (allowed: %s)", strings.Join(allowed, ", "))
			continue
		}
		if prev, dup := fields[name]; dup {
			w.Fail(k, Join(path, name), "repeated field (first at line %d)", prev.Key.Line)
			continue
		}
		fields[name] = Field{Key: k, Value: v}
	}
	return fields
}

// Pairs checks that n is a mapping and returns its key/value pairs in file
// order, for maps whose keys are data (scale names, question ids).
func (w *Walker) Pairs(n *yaml.Node, path string) []Field {
	if !w.notAlias(n, path) {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		w.Fail(n, path, "want a mapping, got %s", kindName(n))
		return nil
	}
	pairs := make([]Field, 0, len(n.Content)/2)
	first := make(map[string]int, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		w.notAlias(k, Join(path, k.Value))
		if line, dup := first[k.Value]; dup {
			w.Fail(k, Join(path, k.Value), "repeated key (first at line %d)", line)
			continue
		}
		first[k.Value] = k.Line
		pairs = append(pairs, Field{Key: k, Value: n.Content[i+1]})
	}
	return pairs
}

// Seq checks that n is a list and returns its items.
func (w *Walker) Seq(n *yaml.Node, path string) []*yaml.Node {
	if !w.notAlias(n, path) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		w.Fail(n, path, "want a list, got %s", kindName(n))
		return nil
	}
	if n.Content == nil {
		return []*yaml.Node{}
	}
	return n.Content
}

// String reads a scalar as text.
func (w *Walker) String(n *yaml.Node, path string) string {
	if !w.scalar(n, path) {
		return ""
	}
	if n.Tag == "!!null" {
		return ""
	}
	return n.Value
}

// Float reads a finite number.
func (w *Walker) Float(n *yaml.Node, path string) (float64, bool) {
	if !w.scalar(n, path) {
		return 0, false
	}
	f, err := strconv.ParseFloat(n.Value, 64)
	if (n.Tag != "!!int" && n.Tag != "!!float") || err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		w.Fail(n, path, "want a number, got %s", kindName(n))
		return 0, false
	}
	return f, true
}

// Bool reads true or false.
func (w *Walker) Bool(n *yaml.Node, path string) bool {
	if !w.scalar(n, path) {
		return false
	}
	switch n.Value {
	case "true", "True", "TRUE":
		return true
	case "false", "False", "FALSE":
		return false
	}
	w.Fail(n, path, "want true or false, got %s", kindName(n))
	return false
}

// Strings reads a list of texts.
func (w *Walker) Strings(n *yaml.Node, path string) []string {
	var out []string
	for i, item := range w.Seq(n, path) {
		out = append(out, w.String(item, Index(path, i)))
	}
	return out
}

func (w *Walker) scalar(n *yaml.Node, path string) bool {
	if !w.notAlias(n, path) {
		return false
	}
	if n.Kind != yaml.ScalarNode {
		w.Fail(n, path, "want a single value, got %s", kindName(n))
		return false
	}
	return true
}

// notAlias refuses YAML aliases: rubrics and answers have no use for them,
// and following them would let a small file expand without bound.
func (w *Walker) notAlias(n *yaml.Node, path string) bool {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		w.Fail(n, path, "YAML anchors and aliases are not supported: write the value out")
		return false
	}
	return true
}

// Join appends a field name to a path.
func Join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// Index appends a list index to a path.
func Index(path string, i int) string {
	return fmt.Sprintf("%s[%d]", path, i)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
