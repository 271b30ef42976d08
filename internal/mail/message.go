package mail

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	netmail "net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Draft is an email about one audit, ready to be written as an .eml file.
type Draft struct {
	Summary Summary
	From    *netmail.Address // nil: the mail client that opens the draft fills it in
	To, Cc  []*netmail.Address
	Date    time.Time
	PDF     []byte // attached as Summary.Attachment
}

// Write writes the draft as an RFC 5322 message: plain-text and HTML
// alternatives and the PDF attached, marked "X-Unsent: 1" so that mail
// clients open it as a message to edit and send.
func Write(w io.Writer, d Draft) error {
	html, err := d.Summary.HTML()
	if err != nil {
		return err
	}
	m := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	m.SetGenHeader("X-Unsent", "1")
	if d.From != nil {
		m.FromMailAddress(d.From)
	}
	m.ToMailAddress(d.To...)
	if len(d.Cc) > 0 {
		m.CcMailAddress(d.Cc...)
	}
	// go-mail folds a long encoded subject before its first word, and some
	// readers (Python's email package among them) then show a leading
	// space: encode it here, one encoded word per line.
	m.SetGenHeaderPreformatted(gomail.HeaderSubject,
		strings.ReplaceAll(mime.QEncoding.Encode("UTF-8", d.Summary.Subject()), "?= =?", "?=\r\n =?"))
	m.SetDateWithValue(d.Date)
	m.SetBodyString(gomail.TypeTextPlain, d.Summary.PlainText())
	m.AddAlternativeString(gomail.TypeTextHTML, html)
	if err := m.AttachReader(d.Summary.Attachment, bytes.NewReader(d.PDF),
		gomail.WithFileContentType("application/pdf")); err != nil {
		return fmt.Errorf("attach %s: %w", d.Summary.Attachment, err)
	}
	_, err = m.WriteTo(w)
	return err
}

// ParseAddresses reads addresses as a user types them, separated by commas:
// "vp@example.com, Zoë Ørsted <zoe@example.com>". The error names the
// address at fault.
func ParseAddresses(list string) ([]*netmail.Address, error) {
	var out []*netmail.Address
	for _, item := range splitAddresses(list) {
		if strings.TrimSpace(item) == "" {
			continue
		}
		a, err := ParseAddress(item)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// ParseAddress reads one address. Besides RFC 5322 syntax, it wants the
// address part in ASCII with a domain that has a dot, which catches typing
// slips such as "vp@example" or "vp.example.com".
func ParseAddress(s string) (*netmail.Address, error) {
	s = strings.TrimSpace(s)
	bad := fmt.Errorf("%q is not an email address: want name@example.com or Name <name@example.com>", s)
	a, err := netmail.ParseAddress(s)
	if err != nil {
		return nil, bad
	}
	local, domain, _ := strings.Cut(a.Address, "@")
	for _, r := range a.Address {
		if r > '~' {
			return nil, fmt.Errorf("%q is not an email address audit can send to: write it in ASCII (a domain in its xn-- form)", s)
		}
	}
	if local == "" || !validDomain(domain) {
		return nil, bad
	}
	return a, nil
}

// validDomain checks a host name: dot-separated labels of letters, digits
// and inner hyphens, at least two of them.
func validDomain(d string) bool {
	labels := strings.Split(d, ".")
	if len(labels) < 2 || len(d) > 253 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for _, r := range l {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	return true
}

// splitAddresses splits a list at the commas that are not inside a quoted
// name, a comment or angle brackets.
func splitAddresses(list string) []string {
	var items []string
	start, depth := 0, 0
	quoted, escaped := false, false
	for i, r := range list {
		switch {
		case escaped:
			escaped = false
		case r == '\\':
			escaped = true
		case r == '"':
			quoted = !quoted
		case quoted:
		case r == '<' || r == '(':
			depth++
		case (r == '>' || r == ')') && depth > 0:
			depth--
		case r == ',' && depth == 0:
			items = append(items, list[start:i])
			start = i + 1
		}
	}
	return append(items, list[start:])
}

// FormatAddresses lists addresses for people to read: "Zoë Ørsted
// <zoe@example.com>, vp@example.com".
func FormatAddresses(list []*netmail.Address) string {
	parts := make([]string, len(list))
	for i, a := range list {
		parts[i] = a.Address
		if a.Name != "" {
			parts[i] = a.Name + " <" + a.Address + ">"
		}
	}
	return strings.Join(parts, ", ")
}
