// Package scoring turns a rubric and respondents' answers into scores,
// bands, a ranked action plan and red flags. It is pure: no files, no
// terminal, no output formats. docs/scoring.md gives the formulas.
package scoring

import (
	"math"
	"slices"
	"sort"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/rubric"
)

// Result is the scoring of one team in one period.
type Result struct {
	Rubric      *rubric.Rubric
	Team        string
	Period      string
	Respondents []Respondent // in the order the answer sheets were given
	Overall     *float64     // 0..100; nil when no question was answered
	Band        *rubric.Band // band of Overall; nil with it
	Areas       []AreaResult // rubric order
	Questions   []QuestionResult
	Roles       []RoleResult // by role name
	Actions     []Action     // highest gain first
	RedFlags    []RedFlag    // rubric order
	Warnings    []string
	// The perception gap, defined here once for every report: Sales and
	// Marketing are the two roles' overall scores (nil when nobody in the
	// role answered) and Gap is sales − marketing, signed, nil unless both
	// are there. GapThreshold is the rubric's: see Highlighted.
	Sales, Marketing, Gap *float64
	GapThreshold          float64
}

// Respondent is one person who answered.
type Respondent struct {
	Name   string
	Role   string
	Source string
}

// AreaResult is the team's score for one area.
type AreaResult struct {
	Area      *rubric.Area
	Score     *float64 // 0..100; nil when none of its questions was answered
	Band      *rubric.Band
	Answered  int // answers given (not N/A) over all its questions and respondents
	NA        int
	DontKnow  int              // "don't know" answers over all its questions and respondents
	Questions []QuestionResult // the area's questions, rubric order
	// Sales, Marketing and Gap (sales − marketing) for the area, as for
	// the Result.
	Sales, Marketing, Gap *float64
}

// QuestionResult is the team's score for one question.
type QuestionResult struct {
	Question *rubric.Question
	Area     *rubric.Area
	Score    *float64 // mean of s over respondents who answered, 0..1
	Answered int      // answers that count in the score: options, numbers, unmeasured
	NA       int
	DontKnow int // "don't know" answers, left out of the score like N/A
	// DontKnowByRole counts the "don't know" answers by role; nil when
	// nobody answered "don't know".
	DontKnowByRole map[string]int
	Min, Max       *float64 // lowest and highest s among respondents
	// Numbers describes the numbers given to a number question; nil for a
	// choice question.
	Numbers *NumberStats
	// Responses has one entry per respondent, in respondent order.
	Responses []Response
}

// NumberStats describes the numbers respondents gave to a number question.
type NumberStats struct {
	Team       *Spread           // over everyone who gave a number; nil when nobody did
	Roles      map[string]Spread // by role, for the roles in which someone gave a number
	Unmeasured int               // "we don't measure this" answers
}

// Spread is the median and range of some numbers.
type Spread struct {
	N                int
	Median, Min, Max float64
}

// Response is one respondent's answer to one question.
type Response struct {
	Respondent int            // index into Result.Respondents
	Option     *rubric.Option // nil when N/A, don't know or missing; a number's band
	NA         bool
	DontKnow   bool
	Value      *float64 // the number given to a number question
	Score      float64  // s, 0..1, when Option is set
	Comment    string
}

// RoleResult is the same scoring restricted to one role's respondents.
type RoleResult struct {
	Role        string
	Respondents int
	Overall     *float64
	Areas       map[string]*float64 // by area id
	Questions   map[string]*float64 // by question id, 0..1
	DontKnow    int                 // "don't know" answers of the role's respondents
}

// Action is a question whose team score is below 1, with how much the
// overall score would gain if it were 1.
type Action struct {
	Question *rubric.Question
	Area     *rubric.Area
	Score    float64 // the question's team score, 0..1
	Gain     float64 // points of the overall score
}

// RedFlag is a question where some respondents chose a red-flag option.
type RedFlag struct {
	Question *rubric.Question
	Area     *rubric.Area
	Option   *rubric.Option
	Count    int
}

// Options change how answers are checked.
type Options struct {
	// AllowMissing counts unanswered questions as not answered instead of
	// reporting them as problems.
	AllowMissing bool
}

// tally is the sum of s and the number of answers for one question.
type tally struct {
	sum float64
	n   int
}

func (t tally) mean() (float64, bool) {
	if t.n == 0 {
		return 0, false
	}
	return t.sum / float64(t.n), true
}

// Score checks the sheets against the rubric and scores them. The error,
// if any, is a problem.List naming every culprit.
func Score(r *rubric.Rubric, sheets []*answers.Sheet, opt Options) (*Result, error) {
	res := &Result{Rubric: r}
	if len(sheets) > 0 {
		res.Team, res.Period = sheets[0].Team, sheets[0].Period
	}
	ix := newIndex(r)
	res.Questions = make([]QuestionResult, len(ix.questions))
	for qi, ref := range ix.questions {
		res.Questions[qi] = QuestionResult{Question: ref.question, Area: ref.area, Responses: make([]Response, len(sheets))}
	}
	warnings, problems := check(r, ix, sheets, opt, res.Questions)
	if err := problems.Err(); err != nil {
		return nil, err
	}
	res.Warnings = warnings

	res.Respondents = make([]Respondent, len(sheets))
	team := make([]tally, len(ix.questions))
	byRole := map[string][]tally{}
	roleCount := map[string]int{}
	roleTally := make([][]tally, len(sheets)) // byRole of each respondent's role
	for si, s := range sheets {
		res.Respondents[si] = Respondent{Name: s.Respondent, Role: s.Role, Source: s.Source}
		if byRole[s.Role] == nil {
			byRole[s.Role] = make([]tally, len(ix.questions))
		}
		roleTally[si] = byRole[s.Role]
		roleCount[s.Role]++
	}
	roleDontKnow := map[string]int{}
	// The responses, which check filled in, are added up question by
	// question and in respondent order, as they always were (a sum of
	// floats depends on its order).
	for qi := range res.Questions {
		qr := &res.Questions[qi]
		sMin, sMax := math.Inf(1), math.Inf(-1)
		for si := range qr.Responses {
			resp := &qr.Responses[si]
			switch {
			case resp.NA:
				qr.NA++
			case resp.DontKnow:
				qr.DontKnow++
				if qr.DontKnowByRole == nil {
					qr.DontKnowByRole = map[string]int{}
				}
				qr.DontKnowByRole[sheets[si].Role]++
				roleDontKnow[sheets[si].Role]++
			case resp.Option != nil:
				qr.Answered++
				team[qi].sum += resp.Score
				team[qi].n++
				rt := roleTally[si]
				rt[qi].sum += resp.Score
				rt[qi].n++
				sMin, sMax = min(sMin, resp.Score), max(sMax, resp.Score)
			}
		}
		if m, ok := team[qi].mean(); ok {
			qr.Score, qr.Min, qr.Max = &m, &sMin, &sMax
		}
		if qr.Question.IsNumber() {
			qr.Numbers = numberStats(res.Respondents, qr.Responses)
		}
	}

	agg := aggregate(ix, team)
	res.Overall = agg.overall
	if res.Overall != nil {
		b := r.Band(*res.Overall)
		res.Band = &b
	}
	for ai := range r.Areas {
		ar := AreaResult{Area: &r.Areas[ai], Score: agg.areas[ai]}
		if ar.Score != nil {
			b := r.Band(*ar.Score)
			ar.Band = &b
		}
		lo, hi := ix.areaSpan[ai][0], ix.areaSpan[ai][1]
		ar.Questions = res.Questions[lo:hi]
		for _, qr := range ar.Questions {
			ar.Answered += qr.Answered
			ar.NA += qr.NA
			ar.DontKnow += qr.DontKnow
		}
		res.Areas = append(res.Areas, ar)
	}
	res.Roles = roles(ix, byRole, roleCount)
	for i := range res.Roles {
		res.Roles[i].DontKnow = roleDontKnow[res.Roles[i].Role]
	}
	res.Actions = actions(ix, team, agg)
	res.RedFlags = redFlags(res.Questions)
	res.perceptionGap()
	return res, nil
}

// The roles whose scores make the perception gap.
const (
	SalesRole     = "sales"
	MarketingRole = "marketing"
)

// perceptionGap fills in the sales and marketing scores and their gaps.
func (r *Result) perceptionGap() {
	r.GapThreshold = r.Rubric.GapThreshold
	sales, okS := r.Role(SalesRole)
	marketing, okM := r.Role(MarketingRole)
	if okS {
		r.Sales = sales.Overall
	}
	if okM {
		r.Marketing = marketing.Overall
	}
	r.Gap = Gap(r.Sales, r.Marketing)
	for i := range r.Areas {
		a := &r.Areas[i]
		if okS {
			a.Sales = sales.Areas[a.Area.ID]
		}
		if okM {
			a.Marketing = marketing.Areas[a.Area.ID]
		}
		a.Gap = Gap(a.Sales, a.Marketing)
	}
}

// Gap is sales − marketing: positive when sales sees it higher. It is nil
// unless both scores are there.
func Gap(sales, marketing *float64) *float64 {
	if sales == nil || marketing == nil {
		return nil
	}
	g := *sales - *marketing
	return &g
}

// Highlighted reports whether a gap is large enough for reports to call it
// out: |gap| of GapThreshold points or more.
func (r *Result) Highlighted(gap *float64) bool {
	return gap != nil && math.Abs(*gap) >= r.GapThreshold
}

// chosen returns the option an answer counts as: the option chosen, or for
// a number its band (and the number), or the unmeasured answer. The answer
// has been checked.
func chosen(q *rubric.Question, a answers.Answer) (*rubric.Option, *float64) {
	if !q.IsNumber() {
		o, _ := q.Option(a.Option)
		return o, nil
	}
	if a.Number == nil {
		o, _ := q.UnmeasuredOption()
		return o, nil
	}
	// The sheet's own number: neither results nor sheets are changed
	// once made. A copy of each took 120,000 allocations for 20,000
	// respondents.
	return q.BandOption(*a.Number), a.Number
}

// numberStats gives the median and range of the numbers of one question,
// for the team and for each role.
func numberStats(respondents []Respondent, responses []Response) *NumberStats {
	st := &NumberStats{Roles: map[string]Spread{}}
	all := make([]float64, 0, len(responses))
	byRole := map[string][]float64{}
	for _, resp := range responses {
		switch {
		case resp.Value != nil:
			all = append(all, *resp.Value)
			role := respondents[resp.Respondent].Role
			byRole[role] = append(byRole[role], *resp.Value)
		case resp.Option != nil:
			st.Unmeasured++
		}
	}
	if len(all) > 0 {
		sp := spread(all)
		st.Team = &sp
	}
	for role, values := range byRole {
		st.Roles[role] = spread(values)
	}
	return st
}

// spread returns the median, lowest and highest of values (not empty),
// which it sorts. The median of an even number of values is the mean of
// the middle two.
func spread(sorted []float64) Spread {
	slices.Sort(sorted)
	n := len(sorted)
	median := sorted[n/2]
	if n%2 == 0 {
		median = (sorted[n/2-1] + sorted[n/2]) / 2
	}
	return Spread{N: n, Median: median, Min: sorted[0], Max: sorted[n-1]}
}

// aggregation holds area and overall scores and the sums behind them, which
// the action plan reuses.
type aggregation struct {
	areas       []*float64
	overall     *float64
	areaWeights []float64 // Σw over each area's answered questions
	totalWeight float64   // ΣW over the areas that have a score
}

// aggregate computes area scores 100·Σ(w·s)/Σw over answered questions and
// the overall Σ(W·A)/ΣW over the areas that have a score.
func aggregate(ix *index, qs []tally) aggregation {
	r := ix.rubric
	agg := aggregation{areas: make([]*float64, len(r.Areas)), areaWeights: make([]float64, len(r.Areas))}
	var weighted float64
	for ai, a := range r.Areas {
		var ws, w float64
		for qi := ix.areaSpan[ai][0]; qi < ix.areaSpan[ai][1]; qi++ {
			if s, ok := qs[qi].mean(); ok {
				qw := ix.questions[qi].question.Weight
				ws += qw * s
				w += qw
			}
		}
		if w == 0 {
			continue
		}
		score := 100 * ws / w
		agg.areas[ai] = &score
		agg.areaWeights[ai] = w
		weighted += a.Weight * score
		agg.totalWeight += a.Weight
	}
	if agg.totalWeight > 0 {
		overall := weighted / agg.totalWeight
		agg.overall = &overall
	}
	return agg
}

// actions ranks every answered question whose team score is below 1 by how
// many points the overall score would gain if it became 1. Only the
// question's area changes, so the gain is W·(100·w·(1−s)/Σw)/ΣW.
func actions(ix *index, qs []tally, agg aggregation) []Action {
	var out []Action
	for qi, ref := range ix.questions {
		s, ok := qs[qi].mean()
		if !ok || s >= 1 {
			continue
		}
		ai := ref.areaIndex
		areaGain := 100 * ref.question.Weight * (1 - s) / agg.areaWeights[ai]
		gain := ref.area.Weight * areaGain / agg.totalWeight
		out = append(out, Action{Question: ref.question, Area: ref.area, Score: s, Gain: gain})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if math.Abs(out[i].Gain-out[j].Gain) <= 1e-9 {
			return false // equal gains keep rubric order
		}
		return out[i].Gain > out[j].Gain
	})
	return out
}

func roles(ix *index, byRole map[string][]tally, count map[string]int) []RoleResult {
	names := make([]string, 0, len(byRole))
	for name := range byRole {
		names = append(names, name)
	}
	sort.Strings(names)
	out := make([]RoleResult, 0, len(names))
	for _, name := range names {
		qs := byRole[name]
		agg := aggregate(ix, qs)
		rr := RoleResult{Role: name, Respondents: count[name], Overall: agg.overall,
			Areas: map[string]*float64{}, Questions: map[string]*float64{}}
		for ai, a := range ix.rubric.Areas {
			rr.Areas[a.ID] = agg.areas[ai]
		}
		for qi, ref := range ix.questions {
			if m, ok := qs[qi].mean(); ok {
				rr.Questions[ref.question.ID] = &m
			} else {
				rr.Questions[ref.question.ID] = nil
			}
		}
		out = append(out, rr)
	}
	return out
}

func redFlags(qs []QuestionResult) []RedFlag {
	var out []RedFlag
	for _, qr := range qs {
		for oi := range qr.Question.Options {
			o := &qr.Question.Options[oi]
			if !o.RedFlag {
				continue
			}
			n := 0
			for _, resp := range qr.Responses {
				if resp.Option == o {
					n++
				}
			}
			if n > 0 {
				out = append(out, RedFlag{Question: qr.Question, Area: qr.Area, Option: o, Count: n})
			}
		}
	}
	return out
}

// Role returns the result for a role, if anyone answered in it.
func (r *Result) Role(name string) (*RoleResult, bool) {
	for i := range r.Roles {
		if r.Roles[i].Role == name {
			return &r.Roles[i], true
		}
	}
	return nil, false
}
