// Package rubric defines the rubric that answers are scored against, and
// reads and validates it from YAML.
//
// A rubric has areas (shared goals, messaging, ...), each with weighted
// questions whose options carry points, and bands that name score ranges.
// docs/rubric-format.md describes the file format.
package rubric

import (
	"cmp"
	"strconv"
	"strings"
)

// Reserved answer ids. No option may use them.
const (
	// NA is the answer "not applicable", where a question allows it.
	NA = "na"
	// DontKnow is the answer "don't know", where a question allows it
	// (dont_know: true). Like NA it is left out of the score, but it is
	// counted and reported.
	DontKnow = "unknown"
	// Unmeasured is the answer "we don't measure this" to a number
	// question that has an unmeasured answer. It scores its points like an
	// option: not measuring is itself the gap.
	Unmeasured = "unmeasured"
)

// The types of question.
const (
	Choice = "choice" // the respondent chooses one of the options
	Number = "number" // the respondent gives a number, which falls into a band
)

// Rubric is a validated rubric.
type Rubric struct {
	ID          string
	Version     string
	Title       string
	Description string
	Bands       []Band // Min ascending, the first is 0
	Scales      []Scale
	Areas       []Area
	// GapThreshold is the sales–marketing gap, in points, at which reports
	// highlight a gap: |sales − marketing| >= GapThreshold. The rubric's
	// gap_threshold, DefaultGapThreshold when it has none.
	GapThreshold float64
}

// DefaultGapThreshold is the gap threshold of a rubric without one.
const DefaultGapThreshold = 15.0

// Band names a score range: from Min up to the next band's Min.
type Band struct {
	Min     float64
	Label   string
	Summary string
}

// Scale is a named answer set that questions share.
type Scale struct {
	Name    string
	Options []Option
}

// Option is one answer a respondent can choose.
type Option struct {
	ID          string
	Label       string
	Points      float64
	Description string
	RedFlag     bool
}

// Area is a group of questions about one alignment point.
type Area struct {
	ID              string
	Title           string
	Weight          float64
	Why             string
	Sources         []string
	Questions       []Question
	Recommendations []Recommendation
}

// Question is one question of an area. Options holds the question's own
// options or those of its scale; for a number question, one option per
// band (ids band-1, band-2, ... in ascending order of the numbers) and then
// the unmeasured answer, if the question has one. A number answer counts as
// the option of its band, so every formula treats both types alike.
type Question struct {
	ID       string
	Type     string // Choice or Number
	Text     string
	Help     string
	Weight   float64
	Scale    string // the scale's name, or "" for the question's own options
	Options  []Option
	NA       bool // the respondent may answer "not applicable"
	DontKnow bool // the respondent may answer "don't know"
	Advice   string

	// Number questions only.
	Unit     string    // e.g. "hours" or "%"; may be empty
	Min, Max float64   // the valid range, both included
	Below    []float64 // the upper bounds of every band but the last, ascending
}

// Recommendation applies to an area whose score is below Below.
type Recommendation struct {
	Below float64
	Text  string
}

// Band returns the band of a score: the last band whose Min is at most the
// score.
func (r *Rubric) Band(score float64) Band {
	var b Band
	for _, band := range r.Bands {
		if band.Min <= score {
			b = band
		}
	}
	return b
}

// NumQuestions counts the questions of all areas.
func (r *Rubric) NumQuestions() int {
	n := 0
	for _, a := range r.Areas {
		n += len(a.Questions)
	}
	return n
}

// IsNumber reports whether the respondent answers with a number.
func (q *Question) IsNumber() bool { return q.Type == Number }

// BandOption returns the option of the band that the number v falls into:
// the first band whose upper bound is above v, or else the last band. A
// number equal to a bound belongs to the band above it.
func (q *Question) BandOption(v float64) *Option {
	for i, below := range q.Below {
		if v < below {
			return &q.Options[i]
		}
	}
	return &q.Options[len(q.Below)]
}

// Bands returns the options of the bands, without the unmeasured answer.
func (q *Question) Bands() []Option {
	if !q.IsNumber() {
		return nil
	}
	return q.Options[:len(q.Below)+1]
}

// UnmeasuredOption returns the question's "we don't measure this" answer,
// if it has one.
func (q *Question) UnmeasuredOption() (*Option, bool) {
	if !q.IsNumber() || len(q.Options) <= len(q.Below)+1 {
		return nil, false
	}
	return &q.Options[len(q.Options)-1], true
}

// Range returns the lowest and highest number q accepts, as they
// would be written: "0 to 100".
func (q *Question) Range() string {
	return FormatNumber(q.Min) + " to " + FormatNumber(q.Max)
}

// FormatNumber writes a number as briefly as it can be read back exactly:
// 4, 0.5, 1e+06.
func FormatNumber(v float64) string {
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// BandRange describes the numbers of band i of a number question, such as
// "under 1", "1 to under 4" or "48 or more".
func (q *Question) BandRange(i int) string {
	switch {
	case i == 0 && len(q.Below) > 0:
		return "under " + FormatNumber(q.Below[0])
	case i < len(q.Below):
		return FormatNumber(q.Below[i-1]) + " to under " + FormatNumber(q.Below[i])
	case i > 0:
		return FormatNumber(q.Below[i-1]) + " or more"
	}
	return "any"
}

// Option returns the option with the given id.
func (q *Question) Option(id string) (*Option, bool) {
	for i := range q.Options {
		if q.Options[i].ID == id {
			return &q.Options[i], true
		}
	}
	return nil, false
}

// PointRange returns the lowest and highest points of the question's
// options.
func (q *Question) PointRange() (lo, hi float64) {
	for i, o := range q.Options {
		if i == 0 || o.Points < lo {
			lo = o.Points
		}
		if i == 0 || o.Points > hi {
			hi = o.Points
		}
	}
	return lo, hi
}

// Best returns the option with the most points (the first of equals).
func (q *Question) Best() Option {
	best := q.Options[0]
	for _, o := range q.Options[1:] {
		if o.Points > best.Points {
			best = o
		}
	}
	return best
}

// RecommendationsFor returns the recommendations that apply to an area score.
func (a *Area) RecommendationsFor(score float64) []Recommendation {
	var out []Recommendation
	for _, rec := range a.Recommendations {
		if score < rec.Below {
			out = append(out, rec)
		}
	}
	return out
}

// CompareVersions orders two rubric versions: -1 when a is older than b,
// 0 when they are the same, +1 when a is newer. Versions are compared part
// by part between the dots, numerically where both parts are numbers (so
// 1.10 is newer than 1.9), else as text.
func CompareVersions(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) || i < len(bs); i++ {
		var x, y string
		if i < len(as) {
			x = as[i]
		}
		if i < len(bs) {
			y = bs[i]
		}
		xn, xerr := strconv.ParseUint(x, 10, 64)
		yn, yerr := strconv.ParseUint(y, 10, 64)
		switch {
		case xerr == nil && yerr == nil && xn != yn:
			return cmp.Compare(xn, yn)
		case xerr == nil && yerr == nil:
		case x != y:
			return strings.Compare(x, y)
		}
	}
	return 0
}

// WithUnit writes a number, already formatted, with its unit: "4 hours",
// "45%", "90% of target", or the number alone when there is no unit.
func WithUnit(number, unit string) string {
	switch {
	case unit == "":
		return number
	case strings.HasPrefix(unit, "%"):
		return number + unit
	}
	return number + " " + unit
}
