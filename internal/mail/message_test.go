package mail

import (
	"bytes"
	netmail "net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/alignaudit/audit/internal/followup"
	"github.com/alignaudit/audit/internal/mail/smtptest"
	"github.com/alignaudit/audit/internal/scoring"
	"github.com/google/go-cmp/cmp"
)

var history = []scoring.Snapshot{
	{Period: "2025-Q4", Overall: ptr(20)},
	{Period: "2026-Q2", Overall: ptr(31.2)},
	{Period: "2026-Q1"}, // no score: not the one to compare with
}

func writeDraft(t *testing.T, team string) ([]byte, Summary) {
	t.Helper()
	s := NewSummary(exampleResult(t, team), history, followup.FollowUp{}, time.Time{}, "team-2026-Q3.pdf")
	var b bytes.Buffer
	err := Write(&b, Draft{
		Summary: s,
		From:    addr(t, "Zoë Ørsted <zoe@example.com>"),
		To:      []*netmail.Address{addr(t, "vp@example.com"), addr(t, `"Продажи, директор" <ceo@example.com>`)},
		Cc:      []*netmail.Address{addr(t, "cmo@example.com")},
		Date:    mailDay,
		PDF:     pdfBytes(),
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), s
}

// TestWriteReadsBack writes drafts for teams with plain, non-ASCII and
// HTML-like names and reads them back with the standard library: the
// header, both bodies and the attachment survive.
func TestWriteReadsBack(t *testing.T) {
	for _, team := range []string{"Northwind Traders", "Zoë Ørsted — Продажи", `<b>Tom & "Jerry"</b> 営業`} {
		t.Run(team, func(t *testing.T) {
			eml, s := writeDraft(t, team)
			for i, line := range strings.Split(string(eml), "\r\n") {
				if len(line) > 998 {
					t.Errorf("line %d is %d characters: RFC 5322 allows 998", i+1, len(line))
				}
				for _, r := range line {
					if r > '~' {
						t.Fatalf("line %d is not ASCII: %q", i+1, line)
					}
				}
			}
			m, err := smtptest.Parse(eml)
			if err != nil {
				t.Fatal(err)
			}
			wantSubject := "Sales and Marketing Alignment Audit, " + team + " 2026-Q3: 43.8 Developing (+12.6)"
			if m.Subject != wantSubject || s.Subject() != wantSubject {
				t.Errorf("subject %q (summary %q), want %q", m.Subject, s.Subject(), wantSubject)
			}
			if got := m.Header.Get("X-Unsent"); got != "1" {
				t.Errorf("X-Unsent %q, want 1", got)
			}
			for field, want := range map[string]string{
				"From": "Zoë Ørsted <zoe@example.com>",
				"To":   "vp@example.com, Продажи, директор <ceo@example.com>",
				"Cc":   "cmo@example.com",
			} {
				list, err := m.Header.AddressList(field)
				if err != nil {
					t.Fatalf("%s: %v", field, err)
				}
				if got := FormatAddresses(list); got != want {
					t.Errorf("%s %q, want %q", field, got, want)
				}
			}
			if d, err := m.Header.Date(); err != nil || !d.Equal(mailDay) {
				t.Errorf("Date %v (%v), want %v", d, err, mailDay)
			}
			if diff := cmp.Diff([]string{"multipart/mixed", "multipart/alternative", "text/plain", "text/html", "application/pdf"}, m.Structure); diff != "" {
				t.Errorf("structure (-want +got):\n%s", diff)
			}
			if len(m.Attachments) != 1 || m.Attachments[0].Name != "team-2026-Q3.pdf" || !bytes.Equal(m.Attachments[0].Data, pdfBytes()) {
				t.Errorf("attachments %d, want team-2026-Q3.pdf byte for byte", len(m.Attachments))
			}
			if m.Plain != crlf(s.PlainText()) {
				t.Errorf("plain text body changed on the way:\n%s", m.Plain)
			}
			for _, want := range []string{
				"Sales and Marketing Alignment Audit — " + team + ", 2026-Q3",
				"Overall score: 43.8 of 100, Developing. Up 12.6 points since 2026-Q2 (31.2).",
				"Sales score 30.6, marketing 69.6: a gap of -39.0 points (sales − marketing; marketing sees it higher).",
				"Top three actions:",
				"1. Work marketing's lead and pipeline target back from the sales revenue number",
				"(+4.5 points, Shared goals and metrics)",
				"The full report is attached (team-2026-Q3.pdf).",
			} {
				if !strings.Contains(m.Plain, want) {
					t.Errorf("plain text body lacks %q:\n%s", want, m.Plain)
				}
			}
			html, err := s.HTML()
			if err != nil {
				t.Fatal(err)
			}
			if m.HTML != crlf(html) {
				t.Errorf("HTML body changed on the way")
			}
			escaped := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;").Replace(team)
			if !strings.Contains(m.HTML, escaped+", 2026-Q3</h1>") {
				t.Errorf("HTML body lacks the escaped team %q:\n%s", escaped, m.HTML)
			}
			if strings.Contains(team, "<b>") && strings.Contains(m.HTML, "<b>") {
				t.Errorf("the team's <b> reached the HTML unescaped")
			}
		})
	}
}

// TestWriteNoHeaderInjection: a team name with a line break cannot add a
// header field (a Bcc) to the message.
func TestWriteNoHeaderInjection(t *testing.T) {
	eml, _ := writeDraft(t, "Evil\r\nBcc: spy@example.com\r\n")
	m, err := smtptest.Parse(eml)
	if err != nil {
		t.Fatal(err)
	}
	if bcc := m.Header.Get("Bcc"); bcc != "" || bytes.Contains(eml, []byte("\r\nBcc:")) {
		t.Errorf("a Bcc header was injected: %q", bcc)
	}
	if !strings.HasPrefix(m.Subject, "Sales and Marketing Alignment Audit, Evil Bcc: spy@example.com 2026-Q3:") {
		t.Errorf("subject %q", m.Subject)
	}
}

// TestWriteLongNames: a team name of thousands of characters still gives
// header lines within RFC 5322's limit.
func TestWriteLongNames(t *testing.T) {
	for _, team := range []string{strings.Repeat("Northwind ", 300), strings.Repeat("Продажи ", 300)} {
		eml, s := writeDraft(t, team)
		for i, line := range strings.Split(string(eml), "\r\n") {
			if len(line) > 998 {
				t.Errorf("line %d is %d characters: RFC 5322 allows 998", i+1, len(line))
			}
		}
		m, err := smtptest.Parse(eml)
		if err != nil {
			t.Fatal(err)
		}
		if m.Subject != s.Subject() || !strings.Contains(m.Subject, "… 2026-Q3: 43.8") {
			t.Errorf("subject %q, want %q, clipped", m.Subject, s.Subject())
		}
	}
}

// crlf writes a text's line ends as a message carries them.
func crlf(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }

// TestWritePython reads a draft with Python's email package, a second
// parser that mail clients' behaviour is often checked against.
func TestWritePython(t *testing.T) {
	if testing.Short() {
		t.Skip("runs python3")
	}
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("no python3")
	}
	eml, _ := writeDraft(t, "Zoë Ørsted — Продажи")
	path := filepath.Join(t.TempDir(), "draft.eml")
	if err := os.WriteFile(path, eml, 0o644); err != nil {
		t.Fatal(err)
	}
	const script = `
import email, email.policy, hashlib, sys
m = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)
print("subject:", m["subject"])
print("to:", m["to"])
print("unsent:", m["x-unsent"])
print("plain:", m.get_body(("plain",)).get_content().splitlines()[0])
print("html:", "Продажи" in m.get_body(("html",)).get_content())
for a in m.iter_attachments():
    print("attachment:", a.get_filename(), a.get_content_type(), hashlib.sha256(a.get_content()).hexdigest())
print("defects:", sum(len(p.defects) for p in m.walk()))
`
	out, err := exec.Command("python3", "-c", script, path).CombinedOutput()
	if err != nil {
		t.Fatalf("python3: %v\n%s", err, out)
	}
	want := strings.Join([]string{
		"subject: Sales and Marketing Alignment Audit, Zoë Ørsted — Продажи 2026-Q3: 43.8 Developing (+12.6)",
		`to: vp@example.com, "Продажи, директор" <ceo@example.com>`,
		"unsent: 1",
		"plain: Sales and Marketing Alignment Audit — Zoë Ørsted — Продажи, 2026-Q3",
		"html: True",
		"attachment: team-2026-Q3.pdf application/pdf " + sha256hex(pdfBytes()),
		"defects: 0",
	}, "\n") + "\n"
	if diff := cmp.Diff(want, string(out)); diff != "" {
		t.Errorf("python3 reads (-want +got):\n%s", diff)
	}
}

// TestSummaryBodies keeps both bodies in golden files, so a change in
// wording shows in review: the examples after a previous quarter, the
// tracker's follow-up filled in, and a team with no score.
func TestSummaryBodies(t *testing.T) {
	res := exampleResult(t, "Northwind Traders")
	due := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	now := 100 * res.Actions[0].Score
	fu := followup.FollowUp{
		Targets: []followup.Target{
			{Area: "Overall", Score: 65, By: "2027-Q2"},
			{Area: "Shared goals and metrics", Score: 50, By: "2026-Q4"},
			{Area: "consistent messaging and brand promise", Score: 52.5, By: "2026-Q4"},
			{Area: "An area the rubric does not have", Score: 50, By: "2026-Q4"},
		},
		Actions: []followup.Action{
			{Question: "Is there a written definition of a sales-ready lead?", Owner: "Dana Reyes", Status: "Done", Due: due, ScoreThen: 10, ScoreNow: &now},
			{Question: "How are leads handed over?", Owner: "Sam Okafor", Status: "in progress", Due: due},
			{Question: "Do the heads\nmeet?", Status: ""},
		},
	}
	withFollowUp := NewSummary(res, history, fu, time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), "northwind-traders-2026-Q3.pdf")
	empty := exampleResult(t, "Empty")
	empty.Overall, empty.Band, empty.Roles, empty.Actions = nil, nil, nil, nil
	for name, s := range map[string]Summary{
		"examples":  NewSummary(exampleResult(t, "Northwind Traders"), history, followup.FollowUp{}, time.Time{}, "northwind-traders-2026-Q3.pdf"),
		"follow-up": withFollowUp,
		"no-score":  NewSummary(empty, history, followup.FollowUp{}, time.Time{}, "empty-2026-Q3.pdf"),
	} {
		html, err := s.HTML()
		if err != nil {
			t.Fatal(err)
		}
		golden(t, name+".txt", "Subject: "+s.Subject()+"\n\n"+s.PlainText())
		golden(t, name+".html", html)
	}
}

func TestChange(t *testing.T) {
	for _, c := range []struct {
		history []scoring.Snapshot
		subject string
		line    string
	}{
		{nil, "43.8 Developing", "Overall score: 43.8 of 100, Developing."},
		{[]scoring.Snapshot{{Period: "2026-Q2", Overall: ptr(50)}}, "43.8 Developing (-6.2)", "Down 6.2 points since 2026-Q2 (50.0)."},
		{[]scoring.Snapshot{{Period: "2025-Q3", Overall: ptr(43.76)}}, "43.8 Developing (±0.0)", "Unchanged since 2025-Q3."},
		// A later quarter in the tracker is not "last quarter".
		{[]scoring.Snapshot{{Period: "2026-Q4", Overall: ptr(10)}}, "43.8 Developing", "Developing."},
		// Two versions of the rubric are two scales: no change, as in the PDF.
		{[]scoring.Snapshot{{Period: "2026-Q2", Version: "0.9", Overall: ptr(50)}}, "43.8 Developing",
			"Developing. Not comparable with 2026-Q2, which was scored with version 0.9 of the rubric (now 1.0)."},
		{[]scoring.Snapshot{{Period: "2026-Q2", Version: "1.0", Overall: ptr(50)}}, "43.8 Developing (-6.2)", "Down 6.2 points since 2026-Q2 (50.0)."},
	} {
		s := NewSummary(exampleResult(t, "T"), c.history, followup.FollowUp{}, time.Time{}, "t.pdf")
		if !strings.HasSuffix(s.Subject(), ": "+c.subject) {
			t.Errorf("history %v: subject %q, want it to end %q", c.history, s.Subject(), c.subject)
		}
		if !strings.HasSuffix(s.overallLine(), c.line) {
			t.Errorf("history %v: %q, want it to end %q", c.history, s.overallLine(), c.line)
		}
	}
}

func TestParseAddresses(t *testing.T) {
	for _, c := range []struct {
		in, want, err string
	}{
		{in: "vp@example.com", want: "vp@example.com"},
		{in: " vp@example.com , cmo@example.co.uk,", want: "vp@example.com, cmo@example.co.uk"},
		{in: `"Ørsted, Zoë" <zoe@example.com>, Dana <dana@example.com>`, want: "Ørsted, Zoë <zoe@example.com>, Dana <dana@example.com>"},
		{in: "=?utf-8?q?Zo=C3=AB?= <zoe@example.com>", want: "Zoë <zoe@example.com>"},
		{in: "vp@example.com, vp@", err: `"vp@" is not an email address: want name@example.com or Name <name@example.com>`},
		{in: "vp@example", err: `"vp@example" is not an email address: want name@example.com`},
		{in: "vp.example.com", err: `"vp.example.com" is not an email address: want name@example.com`},
		{in: "vp@exa_mple.com", err: `"vp@exa_mple.com" is not an email address: want name@example.com`},
		{in: "zoë@example.com", err: `"zoë@example.com" is not an email address audit can send to: write it in ASCII (a domain in its xn-- form)`},
		{in: "a@b.com\r\nBcc: c@d.com", err: `"a@b.com\r\nBcc: c@d.com" is not an email address`},
	} {
		list, err := ParseAddresses(c.in)
		if c.err != "" {
			if err == nil || !strings.HasPrefix(err.Error(), c.err) {
				t.Errorf("ParseAddresses(%q): error %v, want %q", c.in, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseAddresses(%q): %v", c.in, err)
			continue
		}
		if got := FormatAddresses(list); got != c.want {
			t.Errorf("ParseAddresses(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
