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

type jsonScore struct {
	Score *float64 `json:"score"`
	Band  *string  `json:"band"`
}

type jsonArea struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Weight   float64  `json:"weight"`
	Score    *float64 `json:"score"`
	Band     *string  `json:"band"`
	Answered int      `json:"answered"`
	NA       int      `json:"na"`
}

type jsonQuestion struct {
	ID       string   `json:"id"`
	Area     string   `json:"area"`
	Score    *float64 `json:"score"`
	Answered int      `json:"answered"`
	NA       int      `json:"na"`
	Min      *float64 `json:"min"`
	Max      *float64 `json:"max"`
}

type jsonRole struct {
	Respondents int                 `json:"respondents"`
	Overall     *float64            `json:"overall"`
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
	for _, a := range res.Areas {
		ja := jsonArea{ID: a.Area.ID, Title: a.Area.Title, Weight: a.Area.Weight, Score: a.Score, Answered: a.Answered, NA: a.NA}
		if a.Band != nil {
			ja.Band = &a.Band.Label
		}
		out.Areas = append(out.Areas, ja)
	}
	for _, q := range res.Questions {
		out.Questions = append(out.Questions, jsonQuestion{ID: q.Question.ID, Area: q.Area.ID, Score: q.Score,
			Answered: q.Answered, NA: q.NA, Min: q.Min, Max: q.Max})
	}
	for _, r := range res.Roles {
		out.Roles[r.Role] = jsonRole{Respondents: r.Respondents, Overall: r.Overall, Areas: r.Areas}
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
