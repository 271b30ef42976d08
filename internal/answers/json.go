package answers

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"go.yaml.in/yaml/v3"
)

// jsonNode reads a JSON text into the node tree the YAML walker reads, so
// that both formats are checked by one reader and every problem names its
// line. It is JSON as encoding/json reads it: any escape (\/ among them)
// and any character JSON allows in a string (DEL, C1 controls, U+FFFE)
// are accepted, which YAML would refuse. The error is a syntax error with
// its line (0 when it has none).
func jsonNode(data []byte) (*yaml.Node, int, error) {
	// Decode checks the whole text first (syntax, nesting depth), so that
	// the tokens below can be trusted.
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber() // a number beyond float64 is the answer's problem, reported with its question
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, lineOf(data, err), err
	}
	if len(bytes.TrimSpace(data[dec.InputOffset():])) > 0 {
		return nil, 0, errors.New("more than one JSON value")
	}
	r := &jsonReader{dec: json.NewDecoder(bytes.NewReader(data)), data: data, line: 1}
	r.dec.UseNumber()
	n, err := r.value()
	if err != nil {
		return nil, r.line, err
	}
	return n, 0, nil
}

// jsonReader turns tokens into nodes, counting lines as it goes.
type jsonReader struct {
	dec  *json.Decoder
	data []byte
	off  int64 // where the line count stands
	line int   // the line of the last token read
}

// token returns the next token and its line. A token is on one line (JSON
// strings hold no raw line breaks), so the line where it ends is its line.
func (r *jsonReader) token() (json.Token, int, error) {
	t, err := r.dec.Token()
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, r.line, err
	}
	end := r.dec.InputOffset()
	r.line += bytes.Count(r.data[r.off:end], []byte("\n"))
	r.off = end
	return t, r.line, nil
}

func (r *jsonReader) value() (*yaml.Node, error) {
	t, line, err := r.token()
	if err != nil {
		return nil, err
	}
	return r.node(t, line)
}

func (r *jsonReader) node(t json.Token, line int) (*yaml.Node, error) {
	scalar := func(tag, value string) *yaml.Node {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: value, Line: line, Style: yaml.DoubleQuotedStyle}
	}
	switch t := t.(type) {
	case string:
		return scalar("!!str", t), nil
	case json.Number:
		if strings.ContainsAny(string(t), ".eE") {
			return scalar("!!float", string(t)), nil
		}
		return scalar("!!int", string(t)), nil
	case bool:
		return scalar("!!bool", fmt.Sprint(t)), nil
	case nil:
		return scalar("!!null", "null"), nil
	case json.Delim:
		kind, end := yaml.MappingNode, json.Delim('}')
		if t == '[' {
			kind, end = yaml.SequenceNode, ']'
		}
		n := &yaml.Node{Kind: kind, Line: line}
		for {
			t, line, err := r.token()
			if err != nil {
				return nil, err
			}
			if t == end {
				if n.Content == nil && kind == yaml.SequenceNode {
					n.Content = []*yaml.Node{}
				}
				return n, nil
			}
			item, err := r.node(t, line)
			if err != nil {
				return nil, err
			}
			n.Content = append(n.Content, item)
			if kind == yaml.MappingNode {
				v, err := r.value()
				if err != nil {
					return nil, err
				}
				n.Content = append(n.Content, v)
			}
		}
	}
	return nil, fmt.Errorf("unexpected JSON token %v", t)
}

// lineOf finds the line of a JSON syntax error.
func lineOf(data []byte, err error) int {
	var se *json.SyntaxError
	if !errors.As(err, &se) || se.Offset > int64(len(data)) {
		return 0
	}
	return bytes.Count(data[:se.Offset], []byte("\n")) + 1
}
