package mail

import (
	"strings"
	"testing"
)

func TestParseSettings(t *testing.T) {
	const file = "/home/dana/.config/audit/config.yaml"
	for _, c := range []struct {
		name, yaml string
		want       Settings
		err        string
	}{
		{name: "empty", yaml: ""},
		{name: "comments only", yaml: "# nothing yet\n\n"},
		{name: "all", yaml: "smtp: smtp.example.com:2525\nsmtp-user: dana@example.com\ntls: implicit\nemail-from: Dana Reyes <dana@example.com>\n",
			want: Settings{SMTP: "smtp.example.com:2525", SMTPUser: "dana@example.com", TLS: ImplicitTLS, EmailFrom: "Dana Reyes <dana@example.com>"}},
		{name: "blank values", yaml: "smtp:\ntls: ''\n"},
		{name: "password", yaml: "smtp: smtp.example.com\npassword: hunter2\n",
			err: file + ":2: password: audit never reads a password from a file: remove this line, and set AUDIT_SMTP_PASSWORD or type the password when audit asks"},
		{name: "smtp-password", yaml: "SMTP-Password: hunter2\n",
			err: file + ":1: SMTP-Password: audit never reads a password from a file"},
		{name: "unknown key", yaml: "smtp: smtp.example.com\nport: 587\n",
			err: file + ":2: port: unknown field (allowed: smtp, smtp-user, tls, email-from)"},
		{name: "bad tls", yaml: "tls: ssl\n", err: file + `:1: tls: "ssl": want starttls, implicit or none`},
		{name: "bad port", yaml: "smtp: smtp.example.com:99999\n", err: file + `:1: smtp: "smtp.example.com:99999": the port must be a number from 1 to 65535`},
		{name: "bad host", yaml: "smtp: https://smtp.example.com\n", err: file + `:1: smtp: "https://smtp.example.com": want a host name`},
		{name: "bad from", yaml: "email-from: dana\n", err: file + `:1: email-from: "dana" is not an email address`},
		{name: "list", yaml: "- smtp\n", err: file + ":1: want a mapping of fields (smtp, smtp-user, tls, email-from), got a list"},
		{name: "nested", yaml: "smtp:\n  host: x\n", err: file + ":2: smtp: want a single value, got a mapping"},
		{name: "repeated", yaml: "tls: none\ntls: starttls\n", err: file + ":2: tls: repeated field (first at line 1)"},
		{name: "syntax", yaml: "smtp: [\n", err: file + ":1: invalid YAML"},
		{name: "alias", yaml: "smtp: &h smtp.example.com\nsmtp-user: *h\n", err: file + ":1: smtp: YAML anchors and aliases are not supported"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := ParseSettings(file, []byte(c.yaml))
			if c.err != "" {
				if err == nil || !strings.HasPrefix(err.Error(), c.err) {
					t.Fatalf("error:\n%v\nwant it to start\n%s", err, c.err)
				}
				if got != (Settings{}) {
					t.Errorf("settings %+v from a bad file", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("got %+v, want %+v", got, c.want)
			}
		})
	}
}

// FuzzParseSettings: any file gives settings or problems, never a panic,
// and the settings it gives are valid.
func FuzzParseSettings(f *testing.F) {
	for _, s := range []string{
		"", "smtp: smtp.example.com:587\nsmtp-user: dana\ntls: starttls\nemail-from: d@example.com\n",
		"password: x\n", "tls: none\n", "smtp: [\n", "a: &a [*a, *a]\n", "- 1\n", "---\n---\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseSettings("config.yaml", data)
		if err != nil {
			if s != (Settings{}) {
				t.Errorf("settings %+v with an error", s)
			}
			return
		}
		if s.SMTP != "" {
			if _, _, err := ParseServer(s.SMTP); err != nil {
				t.Errorf("smtp %q: %v", s.SMTP, err)
			}
		}
		if s.TLS != "" {
			if _, err := ParseTLSMode(string(s.TLS)); err != nil {
				t.Errorf("tls %q: %v", s.TLS, err)
			}
		}
		if s.EmailFrom != "" {
			if _, err := ParseAddress(s.EmailFrom); err != nil {
				t.Errorf("email-from %q: %v", s.EmailFrom, err)
			}
		}
		if strings.ContainsAny(s.SMTPUser, "\r\n") {
			t.Errorf("smtp-user %q has a line break", s.SMTPUser)
		}
	})
}
