package mail

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/alignaudit/audit/internal/mail/smtptest"
	"github.com/google/go-cmp/cmp"
)

var sendDay = time.Date(2026, 10, 2, 14, 0, 0, 0, time.UTC)

// body is what follows the header.
func body(t *testing.T, eml []byte) []byte {
	t.Helper()
	i := bytes.Index(eml, []byte("\r\n\r\n"))
	if i < 0 {
		t.Fatal("no blank line after the header")
	}
	return eml[i:]
}

// TestPrepareDraft: a draft loses X-Unsent, gets today's date, and keeps
// its body byte for byte.
func TestPrepareDraft(t *testing.T) {
	eml, _ := writeDraft(t, "Zoë Ørsted — Продажи")
	out, err := Prepare(eml, nil, sendDay)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"vp@example.com", "ceo@example.com", "cmo@example.com"}, out.Recipients()); diff != "" {
		t.Errorf("recipients (-want +got):\n%s", diff)
	}
	if out.From.Address != "zoe@example.com" || !strings.Contains(out.Subject, "Zoë Ørsted — Продажи") {
		t.Errorf("from %v, subject %q", out.From, out.Subject)
	}
	if !bytes.Equal(body(t, out.Data), body(t, eml)) {
		t.Error("the body changed")
	}
	m, err := smtptest.Parse(out.Data)
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := m.Header["X-Unsent"]; ok {
		t.Errorf("X-Unsent %q is still there", v)
	}
	if d, err := m.Header.Date(); err != nil || !d.Equal(sendDay) || len(m.Header["Date"]) != 1 {
		t.Errorf("Date %v (%v; %d fields), want one, %v", d, err, len(m.Header["Date"]), sendDay)
	}
	if len(m.Attachments) != 1 || !bytes.Equal(m.Attachments[0].Data, pdfBytes()) {
		t.Error("the PDF did not survive")
	}
}

// TestPrepareEdited: a message as a user may have edited it: LF line ends,
// a folded Bcc that must not be sent, no From, a repeated recipient.
func TestPrepareEdited(t *testing.T) {
	eml := "X-Unsent: 1\nTo: vp@example.com,\n  Dana <dana@example.com>\nBcc: boss@example.com,\n\tvp@example.com\nSubject: =?UTF-8?q?Zo=C3=AB?=\nDate: Thu, 01 Oct 2026 09:30:00 +0000\n\nHello\n"
	out, err := Prepare([]byte(eml), addr(t, "Sender <me@example.com>"), sendDay)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"vp@example.com", "dana@example.com", "boss@example.com"}, out.Recipients()); diff != "" {
		t.Errorf("recipients (-want +got):\n%s", diff)
	}
	want := "From: \"Sender\" <me@example.com>\r\nDate: Fri, 02 Oct 2026 14:00:00 +0000\r\nTo: vp@example.com,\n  Dana <dana@example.com>\nSubject: =?UTF-8?q?Zo=C3=AB?=\n\nHello\n"
	if diff := cmp.Diff(want, string(out.Data)); diff != "" {
		t.Errorf("data (-want +got):\n%s", diff)
	}
	if out.Subject != "Zoë" {
		t.Errorf("subject %q", out.Subject)
	}
}

func TestPrepareProblems(t *testing.T) {
	for _, c := range []struct{ eml, want string }{
		{"", "not an email message: EOF"},
		{"Subject: hi\r\n\r\nbody", "no recipient: the message has no To, Cc or Bcc address"},
		{"To: vp@example\r\n\r\nbody", `To: "vp@example" is not an email address`},
		{"To: vp@example.com\r\nCc: ok@example.com, bad@\r\n\r\nbody", `Cc: "bad@" is not an email address`},
		{"To: vp@example.com\r\n\r\nbody", "no From: write one into the message, or set email-from in the config file"},
		{"From: a@example.com, b@example.com\r\nTo: vp@example.com\r\n\r\nbody", "From: more than one sender: keep one"},
	} {
		_, err := Prepare([]byte(c.eml), nil, sendDay)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("Prepare(%q): %v, want %q", c.eml, err, c.want)
		}
	}
}
