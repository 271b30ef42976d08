// Package rubric defines the rubric that answers are scored against, and
// reads and validates it from YAML.
//
// A rubric has areas (shared goals, messaging, ...), each with weighted
// questions whose options carry points, and bands that name score ranges.
// docs/rubric-format.md describes the file format.
package rubric

// NA is the reserved option id a respondent uses for "not applicable".
const NA = "na"

// Rubric is a validated rubric.
type Rubric struct {
	ID          string
	Version     string
	Title       string
	Description string
	Bands       []Band // Min ascending, the first is 0
	Scales      []Scale
	Areas       []Area
}

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
// options or those of its scale.
type Question struct {
	ID      string
	Text    string
	Help    string
	Weight  float64
	Scale   string // the scale's name, or "" for the question's own options
	Options []Option
	NA      bool // the respondent may answer "not applicable"
	Advice  string
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
