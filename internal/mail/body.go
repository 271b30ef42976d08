package mail

import (
	"fmt"
	"html/template"
	"strings"
)

// PlainText is the plain-text body: short enough to read on a phone.
func (s Summary) PlainText() string {
	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	line("%s", s.headline())
	line("")
	line("%s", s.overallLine())
	if s.BandSummary != "" {
		line("%s", s.BandSummary)
	}
	if g := s.gapLine(); g != "" {
		line("")
		line("%s", g)
	}
	if len(s.FollowUp.Targets) > 0 {
		line("")
		line("%s", s.FollowUp.targetsTitle())
		for _, t := range s.FollowUp.Targets {
			line("- %s", t.line())
		}
	}
	if len(s.FollowUp.Actions) > 0 {
		line("")
		line("%s", s.FollowUp.actionsTitle())
		for _, a := range s.FollowUp.Actions {
			line("- %s", a.line())
		}
	}
	if len(s.Actions) > 0 {
		line("")
		line("%s:", s.actionsTitle())
		for i, a := range s.Actions {
			line("%d. %s", i+1, a.text())
			if a.Advice != "" {
				line("   Question: %s", a.Question)
			}
			line("   (%s)", a.gainLine())
		}
	}
	line("")
	line("%s", s.attachedLine())
	return b.String()
}

// htmlBody is the HTML alternative. html/template escapes every value, so
// a team or question named "<b>" stays text.
var htmlBody = template.Must(template.New("body").Parse(`<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{.Subject}}</title></head>
<body style="font-family: Arial, Helvetica, sans-serif; font-size: 15px; line-height: 1.4; color: #222; max-width: 40em">
<h1 style="font-size: 18px">{{.Headline}}</h1>
<p><strong>{{.Overall}}</strong>{{with .BandSummary}}<br>{{.}}{{end}}</p>
{{- with .Gap}}
<p>{{.}}</p>
{{- end}}
{{- with .FollowUp.Targets}}
<h2 style="font-size: 16px">{{$.TargetsTitle}}</h2>
<ul>{{range .}}<li>{{.Line}}</li>{{end}}</ul>
{{- end}}
{{- if .FollowUp.Actions}}
<h2 style="font-size: 16px">{{.FollowUpTitle}}</h2>
<ul>{{range .FollowUp.Actions}}<li>{{.Line}}</li>{{end}}</ul>
{{- end}}
{{- with .Actions}}
<h2 style="font-size: 16px">{{$.ActionsTitle}}</h2>
<ol>{{range .}}
<li><strong>{{.Text}}</strong>{{if .Advice}}<br>Question: {{.Question}}{{end}}<br><span style="color: #555">{{.GainLine}}</span></li>{{end}}
</ol>
{{- end}}
<p>{{.Attached}}</p>
</body>
</html>
`))

// HTML is the HTML body.
func (s Summary) HTML() (string, error) {
	type action struct{ Text, Advice, Question, GainLine string }
	type line struct{ Line string }
	data := struct {
		Subject, Headline, Overall, BandSummary, Gap string
		FollowUp                                     struct{ Targets, Actions []line }
		TargetsTitle, FollowUpTitle                  string
		ActionsTitle, Attached                       string
		Actions                                      []action
	}{
		Subject: s.Subject(), Headline: s.headline(), Overall: s.overallLine(), BandSummary: s.BandSummary,
		Gap: s.gapLine(), TargetsTitle: s.FollowUp.targetsTitle(), FollowUpTitle: s.FollowUp.actionsTitle(), ActionsTitle: s.actionsTitle(),
		Attached: s.attachedLine(),
	}
	for _, t := range s.FollowUp.Targets {
		data.FollowUp.Targets = append(data.FollowUp.Targets, line{t.line()})
	}
	for _, a := range s.FollowUp.Actions {
		data.FollowUp.Actions = append(data.FollowUp.Actions, line{a.line()})
	}
	for _, a := range s.Actions {
		data.Actions = append(data.Actions, action{Text: a.text(), Advice: a.Advice, Question: a.Question, GainLine: a.gainLine()})
	}
	var b strings.Builder
	if err := htmlBody.Execute(&b, data); err != nil {
		return "", fmt.Errorf("email body: %w", err)
	}
	return b.String(), nil
}
