package rubric

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alignaudit/audit/internal/problem"
	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

func TestParseValid(t *testing.T) {
	data, err := os.ReadFile("testdata/valid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	got, err := Parse("testdata/valid.yaml", data)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	cadence := []Option{
		{ID: "never", Label: "Never", Points: 0, RedFlag: true},
		{ID: "often", Label: "Often", Points: 2, Description: "Every week."},
	}
	want := &Rubric{
		ID:          "small-audit",
		Version:     "1.10", // a string as written, not the float 1.1
		Title:       "Small audit",
		Description: "Two areas, one scale.",
		Bands: []Band{
			{Min: 0, Label: "Low", Summary: "Far apart."},
			{Min: 50.5, Label: "High", Summary: "Close together."},
		},
		Scales:       []Scale{{Name: "cadence", Options: cadence}},
		GapThreshold: DefaultGapThreshold, // the file has none
		Areas: []Area{
			{
				ID:      "goals",
				Title:   "Shared goals",
				Weight:  2.5,
				Why:     "Goals decide what each team does.",
				Sources: []string{"Article one", "Article two"},
				Questions: []Question{
					{
						ID: "goals-1", Type: Choice, Text: "Do the teams share a target?", Help: "Think of the targets in reviews.",
						Weight: 3,
						Options: []Option{
							{ID: "no", Label: "No target", Points: -1},
							{ID: "yes", Label: "One target", Points: 4},
						},
						NA: true, Advice: "Set one target.",
					},
					{
						ID: "goals-2", Type: Choice, Text: "How often do they meet?", Weight: 1,
						Scale: "cadence", Options: cadence, Advice: "Meet weekly.",
					},
				},
				Recommendations: []Recommendation{
					{Below: 50, Text: "Start with the targets."},
					{Below: 100, Text: "Keep going."},
				},
			},
			{
				ID: "handoff_2", Title: "Handoff", Weight: 1, Why: "Leads get lost.",
				Questions: []Question{
					{ID: "handoff-1", Type: Choice, Text: "Is there a handoff rule?", Weight: 1, Scale: "cadence", Options: cadence, Advice: "Write the rule down."},
				},
			},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Parse mismatch (-want +got):\n%s", diff)
	}
}

// head is the top of a valid rubric, four lines long; the cases below add
// their areas from line 5 on.
const head = `id: r
version: "1"
title: T
bands: [{min: 0, label: Low, summary: S}]
`

// valid is a complete valid rubric: head plus one area of one question.
const valid = head + `areas:
  - id: a
    title: A
    why: W
    questions:
      - id: q
        text: Q
        advice: Do
        options:
          - {id: lo, label: Lo, points: 0}
          - {id: hi, label: Hi, points: 1}
`

// problemCases has one case per validation error. FuzzParse uses them as
// seeds too.
var problemCases = []struct {
	name string
	src  string
	want []string
}{
	// The gap threshold.
	{
		name: "gap threshold above 100",
		src:  "gap_threshold: 101\n" + valid,
		want: []string{"x.yaml:1: gap_threshold: must be between 0 and 100 points, got 101"},
	},
	{
		name: "gap threshold below 0",
		src:  "gap_threshold: -1\n" + valid,
		want: []string{"x.yaml:1: gap_threshold: must be between 0 and 100 points, got -1"},
	},
	{
		name: "gap threshold not a number",
		src:  "gap_threshold: wide\n" + valid,
		want: []string{"x.yaml:1: gap_threshold: want a number, got \"wide\""},
	},
	// Unknown fields.
	{
		name: "unknown field at top",
		src:  "colour: red\n" + valid,
		want: []string{"x.yaml:1: colour: unknown field (allowed: id, version, title, description, bands, scales, areas, gap_threshold)"},
	},
	{
		name: "unknown field in band",
		src: `id: r
version: "1"
title: T
bands: [{min: 0, label: Low, summary: S, max: 40}]
` + valid[len(head):],
		want: []string{"x.yaml:4: bands[0].max: unknown field (allowed: min, label, summary)"},
	},
	{
		name: "unknown field in area",
		src: head + `areas:
  - id: a
    title: A
    why: W
    owner: Sam
    questions:
      - {id: q, text: Q, advice: Do, options: [{id: lo, label: Lo, points: 0}, {id: hi, label: Hi, points: 1}]}
`,
		want: []string{"x.yaml:9: areas[0].owner: unknown field (allowed: id, title, weight, why, sources, questions, recommendations)"},
	},
	{
		name: "unknown field in question",
		src: head + `areas:
  - id: a
    title: A
    why: W
    questions:
      - id: q
        text: Q
        hint: H
        advice: Do
        options: [{id: lo, label: Lo, points: 0}, {id: hi, label: Hi, points: 1}]
`,
		want: []string{"x.yaml:12: areas[0].questions[0].hint: unknown field (allowed: id, type, text, help, weight, scale, options, na, dont_know, advice, unit, min, max, bands, unmeasured)"},
	},
	{
		name: "unknown field in option",
		src: head + `areas:
  - id: a
    title: A
    why: W
    questions:
      - id: q
        text: Q
        advice: Do
        options:
          - {id: lo, label: Lo, points: 0, colour: red}
          - {id: hi, label: Hi, points: 1}
`,
		want: []string{"x.yaml:14: areas[0].questions[0].options[0].colour: unknown field (allowed: id, label, points, description, red_flag)"},
	},
	{
		name: "unknown field in recommendation",
		src: valid + `    recommendations:
      - {below: 50, text: Talk, owner: Sam}
`,
		want: []string{"x.yaml:17: areas[0].recommendations[0].owner: unknown field (allowed: below, text)"},
	},

	// Duplicate ids.
	{
		name: "duplicate area id",
		src: valid + `  - id: a
    title: A again
    why: W
    questions:
      - {id: q2, text: Q, advice: Do, options: [{id: lo, label: Lo, points: 0}, {id: hi, label: Hi, points: 1}]}
`,
		want: []string{`x.yaml:16: areas[1].id: duplicate area id "a"`},
	},
	{
		name: "duplicate area title",
		src: valid + `  - id: b
    title: "A "
    why: W
    questions:
      - {id: q2, text: Q, advice: Do, options: [{id: lo, label: Lo, points: 0}, {id: hi, label: Hi, points: 1}]}
  - id: c
    title: a
    why: W
    questions:
      - {id: q3, text: Q, advice: Do, options: [{id: lo, label: Lo, points: 0}, {id: hi, label: Hi, points: 1}]}
`,
		want: []string{
			`x.yaml:17: areas[1].title: duplicate area title "A" (first used at areas[0]): each area needs its own title, which names its column in the tracker`,
			`x.yaml:22: areas[2].title: duplicate area title "a" (first used at areas[0]): each area needs its own title, which names its column in the tracker`,
		},
	},
	{
		name: "duplicate question id",
		src: head + `areas:
  - id: a
    title: A
    why: W
    questions:
      - {id: q, text: Q, advice: Do, options: [{id: lo, label: Lo, points: 0}, {id: hi, label: Hi, points: 1}]}
  - id: b
    title: B
    why: W
    questions:
      - {id: q, text: Q, advice: Do, options: [{id: lo, label: Lo, points: 0}, {id: hi, label: Hi, points: 1}]}
`,
		want: []string{`x.yaml:15: areas[1].questions[0].id: duplicate question id "q" (first used at areas[0].questions[0])`},
	},
	{
		name: "duplicate option id",
		src: head + `areas:
  - id: a
    title: A
    why: W
    questions:
      - id: q
        text: Q
        advice: Do
        options:
          - {id: lo, label: Lo, points: 0}
          - {id: hi, label: Hi, points: 1}
          - {id: lo, label: Low again, points: 2}
`,
		want: []string{`x.yaml:16: areas[0].questions[0].options[2].id: duplicate option id "lo"`},
	},
	{
		name: "duplicate option id in a scale",
		src: head + `scales:
  yes-no:
    - {id: y, label: Yes, points: 1}
    - {id: y, label: No, points: 0}
areas:
  - id: a
    title: A
    why: W
    questions:
      - {id: q, text: Q, advice: Do, scale: yes-no}
`,
		want: []string{`x.yaml:8: scales.yes-no[1].id: duplicate option id "y"`},
	},

	// Weights.
	{
		name: "area weight zero",
		src: head + `areas:
  - id: a
    title: A
    weight: 0
    why: W
    questions:
      - {id: q, text: Q, advice: Do, options: [{id: lo, label: Lo, points: 0}, {id: hi, label: Hi, points: 1}]}
`,
		want: []string{"x.yaml:8: areas[0].weight: must be greater than 0, got 0"},
	},
	{
		name: "area weight negative",
		src: head + `areas:
  - id: a
    title: A
    weight: -2
    why: W
    questions:
      - {id: q, text: Q, advice: Do, options: [{id: lo, label: Lo, points: 0}, {id: hi, label: Hi, points: 1}]}
`,
		want: []string{"x.yaml:8: areas[0].weight: must be greater than 0, got -2"},
	},
	{
		name: "question weight negative",
		src: head + `areas:
  - id: a
    title: A
    why: W
    questions:
      - {id: q, text: Q, advice: Do, weight: -0.5, options: [{id: lo, label: Lo, points: 0}, {id: hi, label: Hi, points: 1}]}
`,
		want: []string{"x.yaml:10: areas[0].questions[0].weight: must be greater than 0, got -0.5"},
	},
	{
		name: "question weight zero",
		src: head + `areas:
  - id: a
    title: A
    why: W
    questions:
      - {id: q, text: Q, advice: Do, weight: 0, options: [{id: lo, label: Lo, points: 0}, {id: hi, label: Hi, points: 1}]}
`,
		want: []string{"x.yaml:10: areas[0].questions[0].weight: must be greater than 0, got 0"},
	},

	// Scales and options.
	{
		name: "unknown scale",
		src: head + `scales:
  cadence: [{id: never, label: Never, points: 0}, {id: often, label: Often, points: 1}]
  agree: [{id: "no", label: No, points: 0}, {id: "yes", label: Yes, points: 1}]
areas:
  - id: a
    title: A
    why: W
    questions:
      - id: q
        text: Q
        advice: Do
        scale: frequency
`,
		want: []string{`x.yaml:16: areas[0].questions[0].scale: unknown scale "frequency" (known: agree, cadence)`},
	},
	{
		name: "unknown scale without scales",
		src: head + `areas:
  - id: a
    title: A
    why: W
    questions:
      - {id: q, text: Q, advice: Do, scale: frequency}
`,
		want: []string{`x.yaml:10: areas[0].questions[0].scale: unknown scale "frequency" (the rubric defines no scales)`},
	},
	{
		name: "both scale and options",
		src: head + `scales:
  yes-no: [{id: "no", label: No, points: 0}, {id: "yes", label: Yes, points: 1}]
areas:
  - id: a
    title: A
    why: W
    questions:
      - id: q
        text: Q
        advice: Do
        scale: yes-no
        options: [{id: lo, label: Lo, points: 0}, {id: hi, label: Hi, points: 1}]
`,
		want: []string{"x.yaml:15: areas[0].questions[0]: has both scale and options: use one"},
	},
	{
		name: "neither scale nor options",
		src: head + `areas:
  - id: a
    title: A
    why: W
    questions:
      - id: q
        text: Q
        advice: Do
`,
		want: []string{"x.yaml:10: areas[0].questions[0]: needs either scale or options"},
	},
	{
		name: "options all with the same points",
		src: head + `areas:
  - id: a
    title: A
    why: W
    questions:
      - id: q
        text: Q
        advice: Do
        options:
          - {id: lo, label: Lo, points: 2}
          - {id: mid, label: Mid, points: 2.0}
          - {id: hi, label: Hi, points: 2}
`,
		want: []string{"x.yaml:14: areas[0].questions[0].options: all options have the same points (2): the question could not tell answers apart"},
	},
	{
		name: "scale options all with the same points",
		src: head + `scales:
  flat: [{id: a, label: A, points: 0}, {id: b, label: B, points: 0}]
areas:
  - id: a
    title: A
    why: W
    questions:
      - {id: q, text: Q, advice: Do, scale: flat}
`,
		want: []string{"x.yaml:6: scales.flat: all options have the same points (0): the question could not tell answers apart"},
	},
	{
		name: "one option",
		src: head + `areas:
  - id: a
    title: A
    why: W
    questions:
      - id: q
        text: Q
        advice: Do
        options:
          - {id: only, label: Only, points: 1}
`,
		want: []string{"x.yaml:14: areas[0].questions[0].options: needs at least two options"},
	},
	{
		name: "reserved option id na",
		src: head + `areas:
  - id: a
    title: A
    why: W
    questions:
      - id: q
        text: Q
        advice: Do
        options:
          - {id: na, label: Does not apply, points: 0}
          - {id: hi, label: Hi, points: 1}
`,
		want: []string{`x.yaml:14: areas[0].questions[0].options[0].id: the option id "na" is reserved for "not applicable": set na: true on the question instead`},
	},

	// Bands.
	{
		name: "bands not starting at 0",
		src: `id: r
version: "1"
title: T
bands: [{min: 10, label: Low, summary: S}]
` + valid[len(head):],
		want: []string{"x.yaml:4: bands[0].min: the first band must start at 0, got 10"},
	},
	{
		name: "bands not ascending",
		src: `id: r
version: "1"
title: T
bands:
  - {min: 0, label: Low, summary: S}
  - {min: 50, label: Mid, summary: S}
  - {min: 40, label: High, summary: S}
` + valid[len(head):],
		want: []string{"x.yaml:7: bands[2].min: must be greater than the previous band's min (50), got 40"},
	},
	{
		name: "bands with equal mins",
		src: `id: r
version: "1"
title: T
bands:
  - {min: 0, label: Low, summary: S}
  - {min: 0, label: High, summary: S}
` + valid[len(head):],
		want: []string{"x.yaml:6: bands[1].min: must be greater than the previous band's min (0), got 0"},
	},
	{
		name: "band above 100",
		src: `id: r
version: "1"
title: T
bands:
  - {min: 0, label: Low, summary: S}
  - {min: 100.5, label: High, summary: S}
` + valid[len(head):],
		want: []string{"x.yaml:6: bands[1].min: must be between 0 and 100, got 100.5"},
	},
	{
		name: "band missing min",
		src: `id: r
version: "1"
title: T
bands:
  - {label: Low, summary: S}
` + valid[len(head):],
		want: []string{`x.yaml:5: bands[0]: missing field "min"`},
	},

	// Empty texts.
	{
		name: "empty title",
		src:  strings.Replace(valid, "title: T\n", "title: \"  \"\n", 1),
		want: []string{"x.yaml:3: title: must not be empty"},
	},
	{
		name: "empty version",
		src:  strings.Replace(valid, "version: \"1\"\n", "version:\n", 1),
		want: []string{"x.yaml:2: version: must not be empty"},
	},
	{
		name: "empty band label and summary",
		src: `id: r
version: "1"
title: T
bands: [{min: 0, label: "", summary: ~}]
` + valid[len(head):],
		want: []string{
			"x.yaml:4: bands[0].label: must not be empty",
			"x.yaml:4: bands[0].summary: must not be empty",
		},
	},
	{
		name: "empty area title and why",
		src: head + `areas:
  - id: a
    title: ""
    why:
    questions:
      - {id: q, text: Q, advice: Do, options: [{id: lo, label: Lo, points: 0}, {id: hi, label: Hi, points: 1}]}
`,
		want: []string{
			"x.yaml:7: areas[0].title: must not be empty",
			"x.yaml:8: areas[0].why: must not be empty",
		},
	},
	{
		name: "empty question text",
		src:  strings.Replace(valid, "text: Q\n", "text: \"\"\n", 1),
		want: []string{"x.yaml:11: areas[0].questions[0].text: must not be empty"},
	},
	{
		name: "empty advice",
		src:  strings.Replace(valid, "advice: Do\n", "advice: \"   \"\n", 1),
		want: []string{"x.yaml:12: areas[0].questions[0].advice: must not be empty"},
	},
	{
		name: "empty option label",
		src:  strings.Replace(valid, "label: Lo,", "label: '',", 1),
		want: []string{"x.yaml:14: areas[0].questions[0].options[0].label: must not be empty"},
	},
	{
		name: "empty recommendation text",
		src: valid + `    recommendations:
      - {below: 50, text: ""}
`,
		want: []string{"x.yaml:17: areas[0].recommendations[0].text: must not be empty"},
	},
	{
		name: "empty id",
		src:  strings.Replace(valid, "id: r\n", "id: \"\"\n", 1),
		want: []string{"x.yaml:1: id: must not be empty"},
	},

	// Missing fields.
	{
		name: "missing top fields",
		src:  "description: only this\n",
		want: []string{
			`x.yaml:1: missing field "id"`,
			`x.yaml:1: missing field "version"`,
			`x.yaml:1: missing field "title"`,
			`x.yaml:1: missing field "bands"`,
			`x.yaml:1: missing field "areas"`,
		},
	},
	{
		name: "missing area fields",
		src: head + `areas:
  - weight: 2
`,
		want: []string{
			`x.yaml:6: areas[0]: missing field "id"`,
			`x.yaml:6: areas[0]: missing field "title"`,
			`x.yaml:6: areas[0]: missing field "why"`,
			`x.yaml:6: areas[0]: missing field "questions"`,
		},
	},
	{
		name: "missing question fields",
		src: head + `areas:
  - id: a
    title: A
    why: W
    questions:
      - help: only help
        options: [{id: lo, label: Lo, points: 0}, {id: hi, label: Hi, points: 1}]
`,
		want: []string{
			`x.yaml:10: areas[0].questions[0]: missing field "id"`,
			`x.yaml:10: areas[0].questions[0]: missing field "text"`,
			`x.yaml:10: areas[0].questions[0]: missing field "advice"`,
		},
	},
	{
		name: "missing option fields",
		src: head + `areas:
  - id: a
    title: A
    why: W
    questions:
      - id: q
        text: Q
        advice: Do
        options:
          - {description: nothing else}
          - {id: hi, label: Hi, points: 1}
`,
		want: []string{
			`x.yaml:14: areas[0].questions[0].options[0]: missing field "id"`,
			`x.yaml:14: areas[0].questions[0].options[0]: missing field "label"`,
			`x.yaml:14: areas[0].questions[0].options[0]: missing field "points"`,
		},
	},
	{
		name: "missing recommendation below",
		src: valid + `    recommendations:
      - text: Talk more
`,
		want: []string{`x.yaml:17: areas[0].recommendations[0]: missing field "below"`},
	},

	// Ids.
	{
		name: "invalid rubric id",
		src:  strings.Replace(valid, "id: r\n", "id: My Rubric\n", 1),
		want: []string{`x.yaml:1: id: "My Rubric" is not a valid id: use lowercase letters, digits, '-' and '_'`},
	},
	{
		name: "invalid area id",
		src:  strings.Replace(valid, "  - id: a\n", "  - id: Goals\n", 1),
		want: []string{`x.yaml:6: areas[0].id: "Goals" is not a valid id: use lowercase letters, digits, '-' and '_'`},
	},
	{
		name: "invalid question id",
		src:  strings.Replace(valid, "- id: q\n", "- id: -q\n", 1),
		want: []string{`x.yaml:10: areas[0].questions[0].id: "-q" is not a valid id: use lowercase letters, digits, '-' and '_'`},
	},
	{
		name: "invalid option id",
		src:  strings.Replace(valid, "{id: lo,", "{id: lo.w,", 1),
		want: []string{`x.yaml:14: areas[0].questions[0].options[0].id: "lo.w" is not a valid id: use lowercase letters, digits, '-' and '_'`},
	},
	{
		name: "invalid scale name",
		src: head + `scales:
  Yes No: [{id: "no", label: No, points: 0}, {id: "yes", label: Yes, points: 1}]
areas:
  - id: a
    title: A
    why: W
    questions:
      - {id: q, text: Q, advice: Do, scale: Yes No}
`,
		want: []string{`x.yaml:6: scales.Yes No: "Yes No" is not a valid scale name: use lowercase letters, digits, '-' and '_'`},
	},

	// Wrong types.
	{
		name: "string for a number",
		src:  strings.Replace(valid, "points: 0}", "points: low}", 1),
		want: []string{`x.yaml:14: areas[0].questions[0].options[0].points: want a number, got "low"`},
	},
	{
		name: "quoted number for a weight",
		src:  strings.Replace(valid, "    title: A\n", "    title: A\n    weight: \"2\"\n", 1),
		want: []string{`x.yaml:8: areas[0].weight: want a number, got "2"`},
	},
	{
		name: "string for a bool",
		src:  strings.Replace(valid, "advice: Do\n", "advice: Do\n        na: sometimes\n", 1),
		want: []string{`x.yaml:13: areas[0].questions[0].na: want true or false, got "sometimes"`},
	},
	{
		name: "list for a mapping",
		src: head + `areas:
  - id: a
    title: A
    why: W
    questions:
      - [q, Q, Do]
`,
		want: []string{"x.yaml:10: areas[0].questions[0]: want a mapping of fields (id, type, text, help, weight, scale, options, na, dont_know, advice, unit, min, max, bands, unmeasured), got a list"},
	},
	{
		name: "mapping for a list",
		src:  head + "areas:\n  id: a\n",
		want: []string{"x.yaml:6: areas: want a list, got a mapping"},
	},
	{
		name: "mapping for a text",
		src:  strings.Replace(valid, "title: T\n", "title: T\ndescription: {en: D}\n", 1),
		want: []string{"x.yaml:4: description: want a single value, got a mapping"},
	},
	{
		name: "text for sources",
		src:  strings.Replace(valid, "    why: W\n", "    why: W\n    sources: one article\n", 1),
		want: []string{`x.yaml:9: areas[0].sources: want a list, got "one article"`},
	},
	{
		name: "list for a scale name",
		src: head + `scales:
  yes-no: [{id: "no", label: No, points: 0}, {id: "yes", label: Yes, points: 1}]
areas:
  - id: a
    title: A
    why: W
    questions:
      - {id: q, text: Q, advice: Do, scale: [yes-no]}
`,
		want: []string{
			"x.yaml:12: areas[0].questions[0].scale: want a single value, got a list",
			`x.yaml:12: areas[0].questions[0].scale: unknown scale "" (known: yes-no)`,
		},
	},
	{
		name: "root is a list",
		src:  "- id: r\n",
		want: []string{"x.yaml:1: want a mapping of fields (id, version, title, description, bands, scales, areas, gap_threshold), got a list"},
	},
	{
		name: "root is a text",
		src:  "just some words\n",
		want: []string{`x.yaml:1: want a mapping of fields (id, version, title, description, bands, scales, areas, gap_threshold), got "just some words"`},
	},
	{
		name: "infinite points",
		src:  strings.Replace(valid, "points: 0}", "points: -.inf}", 1),
		want: []string{`x.yaml:14: areas[0].questions[0].options[0].points: want a number, got "-.inf"`},
	},

	// YAML itself.
	{
		name: "syntax error",
		src:  strings.Replace(valid, "    why: W\n", "    why: W: more\n", 1),
		want: []string{"x.yaml:8: invalid YAML: mapping values are not allowed in this context"},
	},
	{
		name: "anchor and alias",
		src: head + `areas:
  - id: a
    title: A
    why: W
    questions:
      - id: q1
        text: Q
        advice: Do
        options: &yes-no [{id: lo, label: Lo, points: 0}, {id: hi, label: Hi, points: 1}]
      - id: q2
        text: Q
        advice: Do
        options: *yes-no
`,
		want: []string{
			"x.yaml:13: areas[0].questions[0].options: YAML anchors and aliases are not supported: write the value out",
			"x.yaml:17: areas[0].questions[1].options: YAML anchors and aliases are not supported: write the value out",
		},
	},
	{
		name: "empty file",
		src:  "",
		want: []string{"x.yaml: the file is empty"},
	},
	{
		name: "only comments",
		src:  "# a rubric, some day\n",
		want: []string{"x.yaml: the file is empty"},
	},

	// Recommendations.
	{
		name: "recommendation below 0",
		src: valid + `    recommendations:
      - {below: 0, text: Never shown}
`,
		want: []string{"x.yaml:17: areas[0].recommendations[0].below: must be above 0 and at most 100, got 0"},
	},
	{
		name: "recommendation below above 100",
		src: valid + `    recommendations:
      - {below: 100, text: Always shown}
      - {below: 101, text: Too high}
`,
		want: []string{"x.yaml:18: areas[0].recommendations[1].below: must be above 0 and at most 100, got 101"},
	},
}

func TestParseProblems(t *testing.T) {
	if r, err := Parse("x.yaml", []byte(valid)); err != nil || r == nil {
		t.Fatalf("Parse(valid) = %v, %v; want a rubric", r, err)
	}
	for _, tt := range problemCases {
		t.Run(tt.name, func(t *testing.T) {
			checkProblems(t, tt.src, tt.want)
		})
	}
}

// checkProblems parses src as x.yaml and compares the problems it reports
// with want.
func checkProblems(t *testing.T, src string, want []string) {
	t.Helper()
	r, err := Parse("x.yaml", []byte(src))
	if err == nil {
		t.Fatalf("Parse returned no error, want:\n%s", strings.Join(want, "\n"))
	}
	if r != nil {
		t.Errorf("Parse returned a rubric along with the error")
	}
	var list problem.List
	if !errors.As(err, &list) {
		t.Fatalf("error is a %T, want a problem.List: %v", err, err)
	}
	var got []string
	for _, p := range list {
		got = append(got, p.String())
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems mismatch (-want +got):\n%s", diff)
	}
}

// TestParseEmptyLists: an empty list must be an error like a missing one.
// yaml.v3 leaves an empty sequence's Content nil, and yamlwalk.Seq hands
// that on, so the checks "items != nil && len(items) == 0" in parse.go never
// fire and "options: []" returns before the "at least two options" check.
// A question with no options then breaks Question.Best (index out of range)
// and can never be answered.
func TestParseEmptyLists(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{
			name: "no bands",
			src:  strings.Replace(valid, "bands: [{min: 0, label: Low, summary: S}]\n", "bands: []\n", 1),
			want: []string{"x.yaml:4: bands: must have at least one band"},
		},
		{
			name: "no areas",
			src:  head + "areas: []\n",
			want: []string{"x.yaml:5: areas: must have at least one area"},
		},
		{
			name: "no questions",
			src:  head + "areas:\n  - id: a\n    title: A\n    why: W\n    questions: []\n",
			want: []string{"x.yaml:9: areas[0].questions: must have at least one question"},
		},
		{
			name: "no options",
			src:  head + "areas:\n  - id: a\n    title: A\n    why: W\n    questions:\n      - {id: q, text: Q, advice: Do, options: []}\n",
			want: []string{"x.yaml:10: areas[0].questions[0].options: needs at least two options"},
		},
		{
			name: "empty scale",
			src:  head + "scales:\n  empty: []\nareas:\n  - id: a\n    title: A\n    why: W\n    questions:\n      - {id: q, text: Q, advice: Do, scale: empty}\n",
			want: []string{"x.yaml:6: scales.empty: needs at least two options"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkProblems(t, tt.src, tt.want)
		})
	}
}

// TestParseRepeatedField: a field given twice must be a problem at the
// second one, not silently take the last value (yamlwalk.Fields promises
// this; yaml.v3 does not check repeated keys when it decodes into a Node).
func TestParseRepeatedField(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		wantLine int
		wantPath string
	}{
		{"top", valid + "title: T2\n", 16, "title"},
		{"question", strings.Replace(valid, "advice: Do\n", "advice: Do\n        text: Q2\n", 1), 13, "areas[0].questions[0].text"},
		{"scale", head + `scales:
  s: [{id: a, label: A, points: 0}, {id: b, label: B, points: 1}]
  s: [{id: c, label: C, points: 0}, {id: d, label: D, points: 1}]
areas:
  - id: a
    title: A
    why: W
    questions:
      - {id: q, text: Q, advice: Do, scale: s}
`, 7, "scales.s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("x.yaml", []byte(tt.src))
			var list problem.List
			if !errors.As(err, &list) {
				t.Fatalf("Parse error = %v, want a problem at line %d, path %s", err, tt.wantLine, tt.wantPath)
			}
			for _, p := range list {
				if p.Line == tt.wantLine && p.Path == tt.wantPath {
					return
				}
			}
			t.Errorf("problems:\n%v\nwant one at line %d, path %s", err, tt.wantLine, tt.wantPath)
		})
	}
}

// TestParseNoFollowOnProblems: one mistake should give one problem. Today a
// required text of the wrong type is also reported as empty (text() goes on
// after String() failed), and an option whose points are not a number
// counts as 0 points, so a two-option question is also reported as "all
// options have the same points (0)", which is not what the file says.
func TestParseNoFollowOnProblems(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{
			name: "mapping for a required text",
			src:  strings.Replace(valid, "title: T\n", "title: {en: T}\n", 1),
			want: []string{"x.yaml:3: title: want a single value, got a mapping"},
		},
		{
			name: "string for points",
			src:  strings.Replace(valid, "points: 1}", "points: high}", 1),
			want: []string{`x.yaml:15: areas[0].questions[0].options[1].points: want a number, got "high"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkProblems(t, tt.src, tt.want)
		})
	}
}

func TestParseTooManyQuestions(t *testing.T) {
	var b strings.Builder
	b.WriteString(head + "areas:\n  - id: a\n    title: A\n    why: W\n    questions:\n")
	for i := range MaxQuestions + 1 {
		fmt.Fprintf(&b, "      - {id: q%d, text: Q, advice: Do, options: [{id: lo, label: Lo, points: 0}, {id: hi, label: Hi, points: 1}]}\n", i)
	}
	checkProblems(t, b.String(), []string{fmt.Sprintf("x.yaml:10: areas[0].questions: the rubric has more than %d questions", MaxQuestions)})
}

func TestParseTextLimits(t *testing.T) {
	for _, c := range []struct {
		old, field string
		line       int
		max        int
	}{
		{"title: T", "title", 3, MaxTitleLength},
		{"title: A", "areas[0].title", 7, MaxTitleLength},
		{"label: Lo,", "areas[0].questions[0].options[0].label", 14, MaxTitleLength},
		{"why: W", "areas[0].why", 8, MaxTextLength},
		{"text: Q", "areas[0].questions[0].text", 11, MaxTextLength},
		{"advice: Do", "areas[0].questions[0].advice", 12, MaxTextLength},
		{"summary: S", "bands[0].summary", 4, MaxTextLength},
	} {
		name, _, _ := strings.Cut(c.old, ":")
		at := func(n int) string {
			comma := strings.TrimPrefix(c.old, strings.TrimSuffix(c.old, ","))
			return strings.Replace(valid, c.old, name+": "+strings.Repeat("é", n)+comma, 1)
		}
		if _, err := Parse("x.yaml", []byte(at(c.max))); err != nil {
			t.Errorf("%s of %d characters: %v", c.field, c.max, err)
		}
		checkProblems(t, at(c.max+1), []string{fmt.Sprintf("x.yaml:%d: %s: is %d characters long, more than the %d allowed", c.line, c.field, c.max+1, c.max)})
	}
}

// TestParseManyProblems checks that every problem of a file is reported at
// once, sorted by line, against testdata/many-problems.golden.
func TestParseManyProblems(t *testing.T) {
	const file = "testdata/many-problems.yaml"
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Parse(file, data)
	var list problem.List
	if !errors.As(err, &list) {
		t.Fatalf("Parse error = %v, want a problem.List", err)
	}
	for i := 1; i < len(list); i++ {
		if list[i].Line < list[i-1].Line {
			t.Errorf("problem %d (line %d) comes after line %d: not sorted", i, list[i].Line, list[i-1].Line)
		}
	}
	golden(t, filepath.Join("testdata", "many-problems.golden"), []byte(err.Error()+"\n"))
}

// golden compares got with the golden file, or rewrites it with -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
	}
}

func TestParseGapThreshold(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  string
		want float64
	}{
		{"absent", valid, DefaultGapThreshold},
		{"set", "gap_threshold: 20\n" + valid, 20},
		{"zero", "gap_threshold: 0\n" + valid, 0},
		{"fraction", "gap_threshold: 12.5\n" + valid, 12.5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Parse("x.yaml", []byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			if r.GapThreshold != tc.want {
				t.Errorf("GapThreshold = %v, want %v", r.GapThreshold, tc.want)
			}
		})
	}
}
