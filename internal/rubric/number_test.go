package rubric

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// numberArea is an area with one number question; the cases below change
// one line of it. Its question starts at line 10 (after head and four area
// lines).
const numberArea = `areas:
  - id: a
    title: A
    why: W
    questions:
      - id: speed
        type: number
        text: How many hours until the first call?
        unit: hours
        min: 0
        max: 1000
        bands:
          - {below: 1, points: 4, label: Within the hour}
          - {below: 24, points: 2, label: The same day}
          - {points: 0, label: Later, red_flag: true}
        unmeasured: {label: We don't measure it, points: 0, red_flag: true}
        dont_know: true
        na: true
        advice: Call back faster.
`

func TestParseNumberQuestion(t *testing.T) {
	r, err := Parse("x.yaml", []byte(head+numberArea))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	got := r.Areas[0].Questions[0]
	want := Question{
		ID: "speed", Type: Number, Text: "How many hours until the first call?", Weight: 1,
		Unit: "hours", Min: 0, Max: 1000, Below: []float64{1, 24},
		Options: []Option{
			{ID: "band-1", Label: "Within the hour", Points: 4},
			{ID: "band-2", Label: "The same day", Points: 2},
			{ID: "band-3", Label: "Later", Points: 0, RedFlag: true},
			{ID: Unmeasured, Label: "We don't measure it", Points: 0, RedFlag: true},
		},
		NA: true, DontKnow: true, Advice: "Call back faster.",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("question mismatch (-want +got):\n%s", diff)
	}
	if !got.IsNumber() {
		t.Error("IsNumber() = false")
	}
	if n := len(got.Bands()); n != 3 {
		t.Errorf("Bands() has %d bands, want 3", n)
	}
	if o, ok := got.UnmeasuredOption(); !ok || o.ID != Unmeasured {
		t.Errorf("UnmeasuredOption() = %v, %v", o, ok)
	}
	if lo, hi := got.PointRange(); lo != 0 || hi != 4 {
		t.Errorf("PointRange() = %v, %v; want 0, 4", lo, hi)
	}
	for _, tt := range []struct {
		v    float64
		want string
	}{
		{0, "band-1"}, {0.99, "band-1"}, {1, "band-2"}, {23.5, "band-2"}, {24, "band-3"}, {1000, "band-3"},
	} {
		if o := got.BandOption(tt.v); o.ID != tt.want {
			t.Errorf("BandOption(%v) = %s, want %s", tt.v, o.ID, tt.want)
		}
	}
	for i, want := range []string{"under 1", "1 to under 24", "24 or more"} {
		if s := got.BandRange(i); s != want {
			t.Errorf("BandRange(%d) = %q, want %q", i, s, want)
		}
	}
	if s := got.Range(); s != "0 to 1000" {
		t.Errorf("Range() = %q", s)
	}

	// The smallest number question: no unit, no unmeasured answer.
	r, err = Parse("x.yaml", []byte(head+`areas:
  - id: a
    title: A
    why: W
    questions:
      - {id: n, type: number, text: Q, advice: Do, min: -5, max: 5, bands: [{below: 0, points: 0, label: Negative}, {points: 1, label: Not negative}]}
`))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	q := r.Areas[0].Questions[0]
	if _, ok := q.UnmeasuredOption(); ok || len(q.Options) != 2 || q.Unit != "" {
		t.Errorf("smallest number question: %+v", q)
	}
}

func TestParseDontKnowOnChoice(t *testing.T) {
	src := strings.Replace(valid, "advice: Do\n", "advice: Do\n        dont_know: true\n", 1)
	r, err := Parse("x.yaml", []byte(src))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if q := r.Areas[0].Questions[0]; !q.DontKnow || q.Type != Choice {
		t.Errorf("question = %+v, want a choice question with DontKnow", q)
	}
}

// numberCase replaces pairs of old and new text in the number question.
func numberCase(oldNew ...string) string {
	src := head + numberArea
	for i := 0; i+1 < len(oldNew); i += 2 {
		if !strings.Contains(src, oldNew[i]) {
			panic("numberArea has no " + oldNew[i])
		}
		src = strings.Replace(src, oldNew[i], oldNew[i+1], 1)
	}
	return src
}

// numberProblemCases has one case per problem of a number question or of
// "don't know". FuzzParse uses them as seeds too.
var numberProblemCases = []struct {
	name string
	src  string
	want []string
}{
	{
		name: "unknown type",
		src:  numberCase("type: number", "type: percentage"),
		want: []string{`x.yaml:11: areas[0].questions[0].type: unknown question type "percentage": use choice (the default) or number`},
	},
	{
		name: "number fields on a choice question",
		src:  strings.Replace(valid, "advice: Do\n", "advice: Do\n        unit: hours\n        min: 0\n", 1),
		want: []string{
			"x.yaml:13: areas[0].questions[0].unit: only a number question has unit: add type: number, or remove it",
			"x.yaml:14: areas[0].questions[0].min: only a number question has min: add type: number, or remove it",
		},
	},
	{
		name: "options on a number question",
		src:  numberCase("        unit: hours\n", "        unit: hours\n        options: [{id: lo, label: Lo, points: 0}, {id: hi, label: Hi, points: 1}]\n"),
		want: []string{"x.yaml:14: areas[0].questions[0].options: a number question has bands, not options"},
	},
	{
		name: "missing min",
		src:  numberCase("        min: 0\n", ""),
		want: []string{`x.yaml:10: areas[0].questions[0]: missing field "min": a number question needs the range of valid answers`},
	},
	{
		name: "max not above min",
		src:  numberCase("max: 1000", "max: 0"),
		want: []string{"x.yaml:15: areas[0].questions[0].max: must be greater than min (0), got 0"},
	},
	{
		name: "huge max",
		src:  numberCase("max: 1000", "max: 1e12"),
		want: []string{"x.yaml:15: areas[0].questions[0].max: must be between -1000000000 and 1000000000, got 1e+12"},
	},
	{
		name: "max not a number",
		src:  numberCase("max: 1000", "max: .inf"),
		want: []string{`x.yaml:15: areas[0].questions[0].max: want a number, got ".inf"`},
	},
	{
		name: "missing bands",
		src:  numberCase("        bands:\n          - {below: 1, points: 4, label: Within the hour}\n          - {below: 24, points: 2, label: The same day}\n          - {points: 0, label: Later, red_flag: true}\n", ""),
		want: []string{`x.yaml:10: areas[0].questions[0]: missing field "bands"`},
	},
	{
		name: "one band",
		src:  numberCase("        bands:\n          - {below: 1, points: 4, label: Within the hour}\n          - {below: 24, points: 2, label: The same day}\n          - {points: 0, label: Later, red_flag: true}\n", "        bands: [{points: 0, label: Any}]\n"),
		want: []string{"x.yaml:16: areas[0].questions[0].bands: needs at least two bands: one or more with below, and a last one without"},
	},
	{
		name: "last band closed",
		src:  numberCase("{points: 0, label: Later, red_flag: true}", "{below: 100, points: 0, label: Later, red_flag: true}"),
		want: []string{"x.yaml:19: areas[0].questions[0].bands[2].below: the last band takes every number above the others: leave out below"},
	},
	{
		name: "band without below",
		src:  numberCase("{below: 24, points: 2, label: The same day}", "{points: 2, label: The same day}"),
		want: []string{`x.yaml:18: areas[0].questions[0].bands[1]: missing field "below" (only the last band has none)`},
	},
	{
		name: "bands not ascending",
		src:  numberCase("below: 24,", "below: 1,"),
		want: []string{"x.yaml:18: areas[0].questions[0].bands[1].below: must be greater than the band before's below (1), got 1: list the bands from the lowest numbers up"},
	},
	{
		name: "below at min",
		src:  numberCase("below: 1,", "below: 0,"),
		want: []string{"x.yaml:17: areas[0].questions[0].bands[0].below: must be above min (0) and at most max (1000), got 0: no number could fall into a band"},
	},
	{
		name: "below above max",
		src:  numberCase("below: 24,", "below: 2000,"),
		want: []string{"x.yaml:18: areas[0].questions[0].bands[1].below: must be above min (0) and at most max (1000), got 2000: no number could fall into a band"},
	},
	{
		name: "below not a number",
		src:  numberCase("below: 24,", "below: a day,"),
		want: []string{`x.yaml:18: areas[0].questions[0].bands[1].below: want a number, got "a day"`},
	},
	{
		name: "bands with equal points",
		src:  numberCase("points: 4, label: Within", "points: 0, label: Within", "points: 2, label: The same", "points: 0, label: The same"),
		want: []string{"x.yaml:17: areas[0].questions[0].bands: all bands have the same points (0): the question could not tell answers apart"},
	},
	{
		name: "band without label",
		src:  numberCase("{points: 0, label: Later, red_flag: true}", "{points: 0, red_flag: true}"),
		want: []string{`x.yaml:19: areas[0].questions[0].bands[2]: missing field "label"`},
	},
	{
		name: "unknown field in band",
		src:  numberCase("{points: 0, label: Later, red_flag: true}", "{points: 0, label: Later, id: late}"),
		want: []string{"x.yaml:19: areas[0].questions[0].bands[2].id: unknown field (allowed: below, points, label, red_flag)"},
	},
	{
		name: "unmeasured without points",
		src:  numberCase("{label: We don't measure it, points: 0, red_flag: true}", "{label: We don't measure it}"),
		want: []string{`x.yaml:20: areas[0].questions[0].unmeasured: missing field "points"`},
	},
	{
		name: "unmeasured not a mapping",
		src:  numberCase("{label: We don't measure it, points: 0, red_flag: true}", "true"),
		want: []string{`x.yaml:20: areas[0].questions[0].unmeasured: want a mapping of fields (label, points, red_flag), got "true"`},
	},
	{
		name: "dont_know not a bool",
		src:  numberCase("dont_know: true", "dont_know: sometimes"),
		want: []string{`x.yaml:21: areas[0].questions[0].dont_know: want true or false, got "sometimes"`},
	},
	{
		name: "option id unknown is reserved",
		src:  strings.Replace(valid, "{id: hi,", "{id: unknown,", 1),
		want: []string{`x.yaml:15: areas[0].questions[0].options[1].id: the option id "unknown" is reserved for "don't know": set dont_know: true on the question instead`},
	},
}

func TestParseNumberProblems(t *testing.T) {
	for _, tt := range numberProblemCases {
		t.Run(tt.name, func(t *testing.T) {
			checkProblems(t, tt.src, tt.want)
		})
	}
}
