package rubric

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/alignaudit/audit/internal/safetext"
	"github.com/alignaudit/audit/internal/yamlwalk"
	"go.yaml.in/yaml/v3"
)

// slug is the form of every id: lowercase letters, digits, '-' and '_'.
var slug = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

// MaxQuestions bounds a rubric's size so that a hostile file cannot make
// scoring or the report unbounded.
const MaxQuestions = 5000

// Text limits, in characters: titles, labels and versions are a line of a
// report; every other text is at most as long as a respondent's comment.
const (
	MaxTitleLength = 200
	MaxTextLength  = 20000
)

// shortFields are the text fields that MaxTitleLength bounds.
var shortFields = map[string]bool{"version": true, "title": true, "label": true}

// Parse reads and validates a rubric. file names the source in problems.
// The error, if any, is a problem.List with every problem found.
func Parse(file string, data []byte) (*Rubric, error) {
	p := parser{w: yamlwalk.Walker{File: file}}
	root := p.w.Parse(data)
	if root == nil {
		return nil, p.w.Problems.Err()
	}
	r := p.rubric(root)
	p.w.Problems.Sort()
	if err := p.w.Problems.Err(); err != nil {
		return nil, err
	}
	return r, nil
}

type parser struct {
	w      yamlwalk.Walker
	scales map[string][]Option
}

func (p *parser) rubric(n *yaml.Node) *Rubric {
	f := p.w.Fields(n, "", "id", "version", "title", "description", "bands", "scales", "areas", "gap_threshold")
	if f == nil {
		return nil
	}
	r := &Rubric{
		ID:          p.id(n, f, "id", ""),
		Version:     p.text(n, f, "version", "", true),
		Title:       p.text(n, f, "title", "", true),
		Description: p.text(n, f, "description", "", false),
	}
	r.Bands = p.bands(n, f)
	r.Scales = p.scaleList(f)
	r.Areas = p.areas(n, f)
	r.GapThreshold = p.gapThreshold(f)
	return r
}

// gapThreshold reads the optional gap_threshold: points between 0 and 100.
func (p *parser) gapThreshold(f map[string]yamlwalk.Field) float64 {
	fld, ok := f["gap_threshold"]
	if !ok {
		return DefaultGapThreshold
	}
	v, ok := p.w.Float(fld.Value, "gap_threshold")
	if !ok {
		return DefaultGapThreshold
	}
	if v < 0 || v > 100 {
		p.w.Fail(fld.Value, "gap_threshold", "must be between 0 and 100 points, got %v", v)
		return DefaultGapThreshold
	}
	return v
}

// text reads a required or optional text field.
func (p *parser) text(parent *yaml.Node, f map[string]yamlwalk.Field, name, path string, required bool) string {
	// Control characters are removed once, here: texts reach terminals,
	// PDFs and spreadsheets.
	raw := p.rawText(parent, f, name, path, required)
	s := strings.TrimSpace(safetext.Text(raw))
	if s == "" && raw != "" && required {
		p.w.Fail(f[name].Value, yamlwalk.Join(path, name), "must not be empty")
	}
	return s
}

// rawText reads a text as written, for ids, which are checked as they are.
func (p *parser) rawText(parent *yaml.Node, f map[string]yamlwalk.Field, name, path string, required bool) string {
	fld, ok := f[name]
	if !ok {
		if required {
			p.w.Fail(parent, path, "missing field %q", name)
		}
		return ""
	}
	at := yamlwalk.Join(path, name)
	before := len(p.w.Problems)
	s := strings.TrimSpace(p.w.String(fld.Value, at))
	if len(p.w.Problems) > before {
		return ""
	}
	if s == "" && required {
		p.w.Fail(fld.Value, at, "must not be empty")
	}
	limit := MaxTextLength
	if shortFields[name] {
		limit = MaxTitleLength
	}
	if n := utf8.RuneCountInString(s); n > limit {
		p.w.Fail(fld.Value, at, "is %d characters long, more than the %d allowed", n, limit)
	}
	return s
}

// id reads a required slug.
func (p *parser) id(parent *yaml.Node, f map[string]yamlwalk.Field, name, path string) string {
	s := p.rawText(parent, f, name, path, true)
	if s != "" && !slug.MatchString(s) {
		p.w.Fail(f[name].Value, yamlwalk.Join(path, name), "%q is not a valid id: use lowercase letters, digits, '-' and '_'", s)
	}
	return s
}

// weight reads an optional weight > 0 that defaults to 1.
func (p *parser) weight(f map[string]yamlwalk.Field, path string) float64 {
	fld, ok := f["weight"]
	if !ok {
		return 1
	}
	at := yamlwalk.Join(path, "weight")
	w, ok := p.w.Float(fld.Value, at)
	if !ok {
		return 1
	}
	if w <= 0 {
		p.w.Fail(fld.Value, at, "must be greater than 0, got %v", w)
		return 1
	}
	if w > 1e6 {
		p.w.Fail(fld.Value, at, "must be at most 1000000, got %v", w)
		return 1
	}
	return w
}

func (p *parser) bands(parent *yaml.Node, f map[string]yamlwalk.Field) []Band {
	fld, ok := f["bands"]
	if !ok {
		p.w.Fail(parent, "", "missing field \"bands\"")
		return nil
	}
	items := p.w.Seq(fld.Value, "bands")
	if items != nil && len(items) == 0 {
		p.w.Fail(fld.Value, "bands", "must have at least one band")
	}
	var bands []Band
	for i, n := range items {
		path := yamlwalk.Index("bands", i)
		bf := p.w.Fields(n, path, "min", "label", "summary")
		if bf == nil {
			continue
		}
		b := Band{
			Label:   p.text(n, bf, "label", path, true),
			Summary: p.text(n, bf, "summary", path, true),
		}
		minField, ok := bf["min"]
		if !ok {
			p.w.Fail(n, path, "missing field \"min\"")
		} else if v, ok := p.w.Float(minField.Value, path+".min"); ok {
			b.Min = v
			switch {
			case i == 0 && v != 0:
				p.w.Fail(minField.Value, path+".min", "the first band must start at 0, got %v", v)
			case v < 0 || v > 100:
				p.w.Fail(minField.Value, path+".min", "must be between 0 and 100, got %v", v)
			case i > 0 && len(bands) > 0 && v <= bands[len(bands)-1].Min:
				p.w.Fail(minField.Value, path+".min", "must be greater than the previous band's min (%v), got %v", bands[len(bands)-1].Min, v)
			}
		}
		bands = append(bands, b)
	}
	return bands
}

func (p *parser) scaleList(f map[string]yamlwalk.Field) []Scale {
	p.scales = map[string][]Option{}
	fld, ok := f["scales"]
	if !ok {
		return nil
	}
	var scales []Scale
	for _, pair := range p.w.Pairs(fld.Value, "scales") {
		name := pair.Key.Value
		path := yamlwalk.Join("scales", name)
		if !slug.MatchString(name) {
			p.w.Fail(pair.Key, path, "%q is not a valid scale name: use lowercase letters, digits, '-' and '_'", name)
		}
		opts := p.options(pair.Value, path)
		p.scales[name] = opts
		scales = append(scales, Scale{Name: name, Options: opts})
	}
	return scales
}

// options reads a list of options and checks ids and points.
func (p *parser) options(n *yaml.Node, path string) []Option {
	items := p.w.Seq(n, path)
	if items == nil {
		return nil
	}
	if len(items) < 2 {
		p.w.Fail(n, path, "needs at least two options")
	}
	seen := map[string]bool{}
	allPoints := true
	var opts []Option
	for i, item := range items {
		at := yamlwalk.Index(path, i)
		var ok bool
		f := p.w.Fields(item, at, "id", "label", "points", "description", "red_flag")
		if f == nil {
			continue
		}
		o := Option{
			ID:          p.id(item, f, "id", at),
			Label:       p.text(item, f, "label", at, true),
			Description: p.text(item, f, "description", at, false),
		}
		if o.ID == NA {
			p.w.Fail(f["id"].Value, at+".id", "the option id %q is reserved for \"not applicable\": set na: true on the question instead", NA)
		} else if o.ID == DontKnow {
			p.w.Fail(f["id"].Value, at+".id", "the option id %q is reserved for \"don't know\": set dont_know: true on the question instead", DontKnow)
		} else if o.ID != "" && seen[o.ID] {
			p.w.Fail(f["id"].Value, at+".id", "duplicate option id %q", o.ID)
		}
		seen[o.ID] = true
		o.Points, ok = p.points(item, f, at)
		allPoints = allPoints && ok
		if rf, ok := f["red_flag"]; ok {
			o.RedFlag = p.w.Bool(rf.Value, at+".red_flag")
		}
		opts = append(opts, o)
	}
	if len(opts) >= 2 && allPoints {
		same := true
		for _, o := range opts[1:] {
			same = same && o.Points == opts[0].Points
		}
		if same {
			p.w.Fail(n, path, "all options have the same points (%v): the question could not tell answers apart", opts[0].Points)
		}
	}
	return opts
}

// points reads an option's points. Points are bounded so that scores stay
// finite whatever a rubric holds.
func (p *parser) points(item *yaml.Node, f map[string]yamlwalk.Field, at string) (float64, bool) {
	pf, ok := f["points"]
	if !ok {
		p.w.Fail(item, at, "missing field \"points\"")
		return 0, false
	}
	v, ok := p.w.Float(pf.Value, at+".points")
	if !ok {
		return 0, false
	}
	if math.Abs(v) > 1e9 {
		p.w.Fail(pf.Value, at+".points", "must be between -1000000000 and 1000000000, got %v", v)
		return 0, false
	}
	return v, true
}

func (p *parser) areas(parent *yaml.Node, f map[string]yamlwalk.Field) []Area {
	fld, ok := f["areas"]
	if !ok {
		p.w.Fail(parent, "", "missing field \"areas\"")
		return nil
	}
	items := p.w.Seq(fld.Value, "areas")
	if items != nil && len(items) == 0 {
		p.w.Fail(fld.Value, "areas", "must have at least one area")
	}
	areaIDs := map[string]bool{}
	// Area titles name History's columns in the tracker, which compares
	// them trimmed (as read) and, like Excel's table headers, regardless
	// of case: two areas with one title would share a column.
	areaTitles := map[string]string{}  // lowercased title -> path of its first use
	questionIDs := map[string]string{} // id -> path of its first use
	total := 0
	var areas []Area
	for i, n := range items {
		path := yamlwalk.Index("areas", i)
		af := p.w.Fields(n, path, "id", "title", "weight", "why", "sources", "questions", "recommendations")
		if af == nil {
			continue
		}
		a := Area{
			ID:     p.id(n, af, "id", path),
			Title:  p.text(n, af, "title", path, true),
			Weight: p.weight(af, path),
			Why:    p.text(n, af, "why", path, true),
		}
		if a.ID != "" && areaIDs[a.ID] {
			p.w.Fail(af["id"].Value, path+".id", "duplicate area id %q", a.ID)
		}
		areaIDs[a.ID] = true
		if key := strings.ToLower(a.Title); a.Title != "" {
			if first, dup := areaTitles[key]; dup {
				p.w.Fail(af["title"].Value, path+".title", "duplicate area title %q (first used at %s): each area needs its own title, which names its column in the tracker", a.Title, first)
			} else {
				areaTitles[key] = path
			}
		}
		if sf, ok := af["sources"]; ok {
			for _, src := range p.w.Strings(sf.Value, path+".sources") {
				a.Sources = append(a.Sources, safetext.Text(src))
			}
		}
		qf, ok := af["questions"]
		if !ok {
			p.w.Fail(n, path, "missing field \"questions\"")
		} else {
			qs := p.w.Seq(qf.Value, path+".questions")
			if qs != nil && len(qs) == 0 {
				p.w.Fail(qf.Value, path+".questions", "must have at least one question")
			}
			total += len(qs)
			if total > MaxQuestions {
				p.w.Fail(qf.Value, path+".questions", "the rubric has more than %d questions", MaxQuestions)
				return areas
			}
			for j, qn := range qs {
				qpath := yamlwalk.Index(path+".questions", j)
				q, ok := p.question(qn, qpath)
				if !ok {
					continue
				}
				if first, dup := questionIDs[q.ID]; dup && q.ID != "" {
					p.w.Fail(qn, qpath+".id", "duplicate question id %q (first used at %s)", q.ID, first)
				} else {
					questionIDs[q.ID] = qpath
				}
				a.Questions = append(a.Questions, q)
			}
		}
		if rf, ok := af["recommendations"]; ok {
			a.Recommendations = p.recommendations(rf.Value, path+".recommendations")
		}
		areas = append(areas, a)
	}
	return areas
}

// questionFields are the fields a question may have; the number fields only
// with type: number.
var (
	questionFields = []string{"id", "type", "text", "help", "weight", "scale", "options", "na", "dont_know", "advice",
		"unit", "min", "max", "bands", "unmeasured"}
	numberFields = []string{"unit", "min", "max", "bands", "unmeasured"}
)

func (p *parser) question(n *yaml.Node, path string) (Question, bool) {
	f := p.w.Fields(n, path, questionFields...)
	if f == nil {
		return Question{}, false
	}
	q := Question{
		ID:     p.id(n, f, "id", path),
		Type:   Choice,
		Text:   p.text(n, f, "text", path, true),
		Help:   p.text(n, f, "help", path, false),
		Weight: p.weight(f, path),
		Advice: p.text(n, f, "advice", path, true),
	}
	if nf, ok := f["na"]; ok {
		q.NA = p.w.Bool(nf.Value, path+".na")
	}
	if df, ok := f["dont_know"]; ok {
		q.DontKnow = p.w.Bool(df.Value, path+".dont_know")
	}
	if tf, ok := f["type"]; ok {
		switch t := p.w.String(tf.Value, path+".type"); t {
		case Choice, Number:
			q.Type = t
		default:
			if tf.Value.Kind == yaml.ScalarNode {
				p.w.Fail(tf.Value, path+".type", "unknown question type %q: use choice (the default) or number", t)
			}
			return q, true
		}
	}
	if q.IsNumber() {
		p.number(n, f, path, &q)
		return q, true
	}
	for _, name := range numberFields {
		if nf, ok := f[name]; ok {
			p.w.Fail(nf.Key, yamlwalk.Join(path, name), "only a number question has %s: add type: number, or remove it", name)
		}
	}
	sf, hasScale := f["scale"]
	of, hasOptions := f["options"]
	switch {
	case hasScale && hasOptions:
		p.w.Fail(sf.Key, path, "has both scale and options: use one")
	case !hasScale && !hasOptions:
		p.w.Fail(n, path, "needs either scale or options")
	case hasScale:
		q.Scale = p.w.String(sf.Value, path+".scale")
		opts, known := p.scales[q.Scale]
		if !known {
			p.w.Fail(sf.Value, path+".scale", "unknown scale %q%s", q.Scale, p.knownScales())
		}
		q.Options = opts
	default:
		q.Options = p.options(of.Value, path+".options")
	}
	return q, true
}

// maxNumber bounds the numbers of a number question, as points are
// bounded, so that nothing a rubric holds can overflow a report.
const maxNumber = 1e9

// number reads the fields of a number question: unit, range, bands and the
// unmeasured answer. The bands and the unmeasured answer become the
// question's options.
func (p *parser) number(n *yaml.Node, f map[string]yamlwalk.Field, path string, q *Question) {
	for _, name := range []string{"scale", "options"} {
		if nf, ok := f[name]; ok {
			p.w.Fail(nf.Key, yamlwalk.Join(path, name), "a number question has bands, not %s", name)
		}
	}
	q.Unit = p.text(n, f, "unit", path, false)
	lo, loOK := p.bound(n, f, "min", path)
	hi, hiOK := p.bound(n, f, "max", path)
	rangeOK := loOK && hiOK
	if rangeOK && lo >= hi {
		p.w.Fail(f["max"].Value, path+".max", "must be greater than min (%v), got %v", lo, hi)
		rangeOK = false
	}
	q.Min, q.Max = lo, hi

	bf, ok := f["bands"]
	if !ok {
		p.w.Fail(n, path, "missing field \"bands\"")
		return
	}
	bandsPath := path + ".bands"
	items := p.w.Seq(bf.Value, bandsPath)
	if items == nil {
		return
	}
	if len(items) < 2 {
		p.w.Fail(bf.Value, bandsPath, "needs at least two bands: one or more with below, and a last one without")
	}
	allPoints := true
	for i, item := range items {
		at := yamlwalk.Index(bandsPath, i)
		bandFields := p.w.Fields(item, at, "below", "points", "label", "red_flag")
		if bandFields == nil {
			allPoints = false
			continue
		}
		o := Option{ID: fmt.Sprintf("band-%d", i+1), Label: p.text(item, bandFields, "label", at, true)}
		var pointsOK bool
		o.Points, pointsOK = p.points(item, bandFields, at)
		allPoints = allPoints && pointsOK
		if rf, ok := bandFields["red_flag"]; ok {
			o.RedFlag = p.w.Bool(rf.Value, at+".red_flag")
		}
		last := i == len(items)-1
		belowField, hasBelow := bandFields["below"]
		switch {
		case last && hasBelow:
			p.w.Fail(belowField.Key, at+".below", "the last band takes every number above the others: leave out below")
		case !last && !hasBelow:
			p.w.Fail(item, at, "missing field \"below\" (only the last band has none)")
		case hasBelow:
			v, ok := p.w.Float(belowField.Value, at+".below")
			if !ok {
				break
			}
			switch {
			case len(q.Below) > 0 && v <= q.Below[len(q.Below)-1]:
				p.w.Fail(belowField.Value, at+".below", "must be greater than the band before's below (%v), got %v: list the bands from the lowest numbers up", q.Below[len(q.Below)-1], v)
			case rangeOK && (v <= lo || v > hi):
				p.w.Fail(belowField.Value, at+".below", "must be above min (%v) and at most max (%v), got %v: no number could fall into a band", lo, hi, v)
			}
			q.Below = append(q.Below, v)
		}
		q.Options = append(q.Options, o)
	}
	if len(q.Options) != len(q.Below)+1 {
		// A band without its bound: the options would not line up with the
		// bounds. The problem is reported; keep the question consistent.
		q.Options, q.Below = nil, nil
		return
	}
	if len(q.Options) >= 2 && allPoints {
		same := true
		for _, o := range q.Options[1:] {
			same = same && o.Points == q.Options[0].Points
		}
		if same {
			p.w.Fail(bf.Value, bandsPath, "all bands have the same points (%v): the question could not tell answers apart", q.Options[0].Points)
		}
	}
	if uf, ok := f["unmeasured"]; ok {
		at := path + ".unmeasured"
		if umf := p.w.Fields(uf.Value, at, "label", "points", "red_flag"); umf != nil {
			o := Option{ID: Unmeasured, Label: p.text(uf.Value, umf, "label", at, true)}
			o.Points, _ = p.points(uf.Value, umf, at)
			if rf, ok := umf["red_flag"]; ok {
				o.RedFlag = p.w.Bool(rf.Value, at+".red_flag")
			}
			q.Options = append(q.Options, o)
		}
	}
}

// bound reads min or max of a number question: required, and bounded.
func (p *parser) bound(n *yaml.Node, f map[string]yamlwalk.Field, name, path string) (float64, bool) {
	fld, ok := f[name]
	at := yamlwalk.Join(path, name)
	if !ok {
		p.w.Fail(n, path, "missing field %q: a number question needs the range of valid answers", name)
		return 0, false
	}
	v, ok := p.w.Float(fld.Value, at)
	if !ok {
		return 0, false
	}
	if math.Abs(v) > maxNumber {
		p.w.Fail(fld.Value, at, "must be between -1000000000 and 1000000000, got %v", v)
		return 0, false
	}
	return v, true
}

func (p *parser) knownScales() string {
	if len(p.scales) == 0 {
		return " (the rubric defines no scales)"
	}
	names := make([]string, 0, len(p.scales))
	for name := range p.scales {
		names = append(names, name)
	}
	slices.Sort(names)
	return fmt.Sprintf(" (known: %s)", strings.Join(names, ", "))
}

func (p *parser) recommendations(n *yaml.Node, path string) []Recommendation {
	var recs []Recommendation
	for i, item := range p.w.Seq(n, path) {
		at := yamlwalk.Index(path, i)
		f := p.w.Fields(item, at, "below", "text")
		if f == nil {
			continue
		}
		rec := Recommendation{Text: p.text(item, f, "text", at, true)}
		if bf, ok := f["below"]; !ok {
			p.w.Fail(item, at, "missing field \"below\"")
		} else if v, ok := p.w.Float(bf.Value, at+".below"); ok {
			if v <= 0 || v > 100 {
				p.w.Fail(bf.Value, at+".below", "must be above 0 and at most 100, got %v", v)
			}
			rec.Below = v
		}
		recs = append(recs, rec)
	}
	return recs
}
