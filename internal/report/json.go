package report

import (
	"encoding/json"
	"io"

	"github.com/alignaudit/audit/internal/scoring"
)

// The JSON shape of `audit score --json`, documented in README.md. Numbers
// are unrounded; a score that does not exist is null.
type jsonResult struct {
	Rubric      jsonRubric          `json:"rubric"`
	Team        string              `json:"team"`
	Period      string              `json:"period"`
	Respondents int                 `json:"respondents"`
	Overall     jsonScore           `json:"overall"`
	Gap         jsonGap             `json:"gap"`
	GapThresh   float64             `json:"gap_threshold"`
	Areas       []jsonArea          `json:"areas"`
	Questions   []jsonQuestion      `json:"questions"`
	Roles       map[string]jsonRole `json:"roles"`
	Actions     []jsonAction        `json:"actions"`
	RedFlags    []jsonRedFlag       `json:"red_flags"`
	Warnings    []string            `json:"warnings"`
}

type jsonRubric struct {
	ID      string `json:"id"`
	Version string `json:"version"`
	Title   string `json:"title"`
}

// jsonGap is the perception gap: the sales and marketing scores (null
// when nobody in the role answered), gap = sales − marketing (null unless
// both are there), and whether |gap| reaches the rubric's gap_threshold.
type jsonGap struct {
	Sales       *float64 `json:"sales"`
	Marketing   *float64 `json:"marketing"`
	Gap         *float64 `json:"gap"`
	Highlighted bool     `json:"highlighted"`
}

func gapOf(res *scoring.Result, sales, marketing, gap *float64) jsonGap {
	return jsonGap{Sales: sales, Marketing: marketing, Gap: gap, Highlighted: res.Highlighted(gap)}
}

type jsonScore struct {
	Score *float64 `json:"score"`
	Band  *string  `json:"band"`
}

// The fields about "don't know" appear only where the rubric allows it,
// and "values" only on number questions, so that the output for a rubric
// without them keeps its shape.
type jsonArea struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Weight   float64  `json:"weight"`
	Score    *float64 `json:"score"`
	Band     *string  `json:"band"`
	Answered int      `json:"answered"`
	NA       int      `json:"na"`
	DontKnow *int     `json:"dont_know,omitempty"` // when a question of the area allows it
	Gap      jsonGap  `json:"gap"`
}

type jsonQuestion struct {
	ID             string         `json:"id"`
	Area           string         `json:"area"`
	Score          *float64       `json:"score"`
	Answered       int            `json:"answered"`
	NA             int            `json:"na"`
	Min            *float64       `json:"min"`
	Max            *float64       `json:"max"`
	DontKnow       *int           `json:"dont_know,omitempty"`         // when the question allows it
	DontKnowByRole map[string]int `json:"dont_know_by_role,omitempty"` // roles with a "don't know"
	Values         *jsonValues    `json:"values,omitempty"`            // number questions
}

// jsonValues are the numbers given to a number question.
type jsonValues struct {
	Unit       string                `json:"unit"`
	N          int                   `json:"n"`
	Median     *float64              `json:"median"` // null when nobody gave a number
	Min        *float64              `json:"min"`
	Max        *float64              `json:"max"`
	Unmeasured int                   `json:"unmeasured"`
	Roles      map[string]jsonSpread `json:"roles"`
}

type jsonSpread struct {
	N      int     `json:"n"`
	Median float64 `json:"median"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
}

type jsonRole struct {
	Respondents int                 `json:"respondents"`
	Overall     *float64            `json:"overall"`
	DontKnow    *int                `json:"dont_know,omitempty"` // when a question of the rubric allows it
	Areas       map[string]*float64 `json:"areas"`
}

type jsonAction struct {
	Question string  `json:"question"`
	Area     string  `json:"area"`
	Gain     float64 `json:"gain"`
	Advice   string  `json:"advice"`
}

type jsonRedFlag struct {
	Question string `json:"question"`
	Option   string `json:"option"`
	Count    int    `json:"count"`
}

// JSON writes the result as indented JSON.
func JSON(w io.Writer, res *scoring.Result) error {
	out := jsonResult{
		Rubric:      jsonRubric{ID: res.Rubric.ID, Version: res.Rubric.Version, Title: res.Rubric.Title},
		Team:        res.Team,
		Period:      res.Period,
		Respondents: len(res.Respondents),
		Overall:     jsonScore{Score: res.Overall},
		Gap:         gapOf(res, res.Sales, res.Marketing, res.Gap),
		GapThresh:   res.GapThreshold,
		Areas:       []jsonArea{},
		Questions:   []jsonQuestion{},
		Roles:       map[string]jsonRole{},
		Actions:     []jsonAction{},
		RedFlags:    []jsonRedFlag{},
		Warnings:    append([]string{}, res.Warnings...),
	}
	if res.Band != nil {
		out.Overall.Band = &res.Band.Label
	}
	anyDontKnow := false
	for _, a := range res.Areas {
		ja := jsonArea{ID: a.Area.ID, Title: a.Area.Title, Weight: a.Area.Weight, Score: a.Score, Answered: a.Answered, NA: a.NA,
			Gap: gapOf(res, a.Sales, a.Marketing, a.Gap)}
		if a.Band != nil {
			ja.Band = &a.Band.Label
		}
		for _, q := range a.Area.Questions {
			if q.DontKnow {
				ja.DontKnow = &a.DontKnow
				anyDontKnow = true
				break
			}
		}
		out.Areas = append(out.Areas, ja)
	}
	for _, q := range res.Questions {
		jq := jsonQuestion{ID: q.Question.ID, Area: q.Area.ID, Score: q.Score,
			Answered: q.Answered, NA: q.NA, Min: q.Min, Max: q.Max}
		if q.Question.DontKnow {
			jq.DontKnow = &q.DontKnow
			jq.DontKnowByRole = q.DontKnowByRole
		}
		if n := q.Numbers; n != nil {
			v := &jsonValues{Unit: q.Question.Unit, Unmeasured: n.Unmeasured, Roles: map[string]jsonSpread{}}
			if n.Team != nil {
				v.N, v.Median, v.Min, v.Max = n.Team.N, &n.Team.Median, &n.Team.Min, &n.Team.Max
			}
			for role, sp := range n.Roles {
				v.Roles[role] = jsonSpread{N: sp.N, Median: sp.Median, Min: sp.Min, Max: sp.Max}
			}
			jq.Values = v
		}
		out.Questions = append(out.Questions, jq)
	}
	for _, r := range res.Roles {
		jr := jsonRole{Respondents: r.Respondents, Overall: r.Overall, Areas: r.Areas}
		if anyDontKnow {
			jr.DontKnow = &r.DontKnow
		}
		out.Roles[r.Role] = jr
	}
	for _, a := range res.Actions {
		out.Actions = append(out.Actions, jsonAction{Question: a.Question.ID, Area: a.Area.ID, Gain: a.Gain, Advice: a.Question.Advice})
	}
	for _, f := range res.RedFlags {
		out.RedFlags = append(out.RedFlags, jsonRedFlag{Question: f.Question.ID, Option: f.Option.ID, Count: f.Count})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
