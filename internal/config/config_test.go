package config

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/alignaudit/audit/internal/mail"
)

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestPath(t *testing.T) {
	for _, c := range []struct {
		vars map[string]string
		want string
	}{
		{map[string]string{"HOME": "/home/ann"}, "/home/ann/.config/audit/config.yaml"},
		{map[string]string{"HOME": "/home/ann", "XDG_CONFIG_HOME": "/etc/xdg"}, "/etc/xdg/audit/config.yaml"},
		{map[string]string{"HOME": "/home/ann", "XDG_CONFIG_HOME": "relative"}, "/home/ann/.config/audit/config.yaml"},
		{map[string]string{"USERPROFILE": "/users/ann"}, "/users/ann/.config/audit/config.yaml"},
		{map[string]string{}, ""},
	} {
		if got := Path(env(c.vars)); got != filepath.FromSlash(c.want) {
			t.Errorf("Path(%v) = %q, want %q", c.vars, got, c.want)
		}
	}
}

func TestParse(t *testing.T) {
	getenv := env(map[string]string{"HOME": "/home/ann"})
	const file = "/home/ann/.config/audit/config.yaml"
	for _, c := range []struct {
		name, src string
		want      Config
	}{
		{"empty", "", Config{}},
		{"only comments", "# nothing yet\n", Config{}},
		{"absolute", "font: /usr/share/fonts/x.ttc\n", Config{Font: "/usr/share/fonts/x.ttc"}},
		{"home", "font: ~/fonts/x.ttf\n", Config{Font: "/home/ann/fonts/x.ttf"}},
		{"relative to the file", "font: fonts/x.otf\n", Config{Font: "/home/ann/.config/audit/fonts/x.otf"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := Parse(file, []byte(c.src), getenv)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.want, *got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseProblems(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"fonts: x.ttf\n", "c.yaml:1: fonts: unknown field (allowed: font, smtp, smtp-user, tls, email-from)"},
		{"font: \"\"\n", "c.yaml:1: font: must be the path of a font file"},
		{"font: [a, b]\n", "c.yaml:1: font: want a single value, got a list"},
		{"font: x\n  y: z\n", "c.yaml:2: invalid YAML: mapping values are not allowed in this context"},
		{"- font\n", "c.yaml:1: want a mapping of fields (font, smtp, smtp-user, tls, email-from), got a list"},
	} {
		_, err := Parse("c.yaml", []byte(c.src), env(nil))
		if err == nil || err.Error() != c.want {
			t.Errorf("Parse(%q) = %v, want %q", c.src, err, c.want)
		}
	}
}

// TestParseMail: the sending settings, in the same file as the font.
func TestParseMail(t *testing.T) {
	const file = "/home/dana/.config/audit/config.yaml"
	for _, c := range []struct {
		name, yaml string
		want       Config
		err        string
	}{
		{name: "all", yaml: "smtp: smtp.example.com:2525\nsmtp-user: dana@example.com\ntls: implicit\nemail-from: Dana Reyes <dana@example.com>\n",
			want: Config{Mail: mail.Settings{SMTP: "smtp.example.com:2525", SMTPUser: "dana@example.com", TLS: mail.ImplicitTLS, EmailFrom: "Dana Reyes <dana@example.com>"}}},
		{name: "with the font", yaml: "font: /f.ttc\nsmtp: smtp.example.com\n",
			want: Config{Font: "/f.ttc", Mail: mail.Settings{SMTP: "smtp.example.com"}}},
		{name: "blank values", yaml: "smtp:\ntls: ''\n"},
		{name: "password", yaml: "smtp: smtp.example.com\npassword: hunter2\n",
			err: file + ":2: password: audit never reads a password from a file: remove this line, and set AUDIT_SMTP_PASSWORD or type the password when audit asks"},
		{name: "smtp-password", yaml: "SMTP-Password: hunter2\n",
			err: file + ":1: SMTP-Password: audit never reads a password from a file"},
		{name: "unknown key", yaml: "smtp: smtp.example.com\nport: 587\n",
			err: file + ":2: port: unknown field (allowed: font, smtp, smtp-user, tls, email-from)"},
		{name: "bad tls", yaml: "tls: ssl\n", err: file + `:1: tls: "ssl": want starttls, implicit or none`},
		{name: "bad port", yaml: "smtp: smtp.example.com:99999\n", err: file + `:1: smtp: "smtp.example.com:99999": the port must be a number from 1 to 65535`},
		{name: "bad host", yaml: "smtp: https://smtp.example.com\n", err: file + `:1: smtp: "https://smtp.example.com": want a host name`},
		{name: "bad from", yaml: "email-from: dana\n", err: file + `:1: email-from: "dana" is not an email address`},
		{name: "nested", yaml: "smtp:\n  host: x\n", err: file + ":2: smtp: want a single value, got a mapping"},
		{name: "repeated", yaml: "tls: none\ntls: starttls\n", err: file + ":2: tls: repeated field (first at line 1)"},
		{name: "syntax", yaml: "smtp: [\n", err: file + ":1: invalid YAML"},
		{name: "alias", yaml: "smtp: &h smtp.example.com\nsmtp-user: *h\n", err: file + ":1: smtp: YAML anchors and aliases are not supported"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := Parse(file, []byte(c.yaml), env(map[string]string{"HOME": "/home/dana"}))
			if c.err != "" {
				if err == nil || !strings.HasPrefix(err.Error(), c.err) {
					t.Fatalf("error:\n%v\nwant it to start\n%s", err, c.err)
				}
				if got != nil {
					t.Errorf("settings %+v from a bad file", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.want, *got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// FuzzParse: any bytes give settings or problems, never a panic, and the
// settings it gives are valid.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"", "# x\n", "font: a.ttf\n", "font: ~/x\n", "fonts: 1\n", "font: [\n", "- a\n",
		"smtp: smtp.example.com:587\nsmtp-user: dana\ntls: starttls\nemail-from: d@example.com\n",
		"password: x\n", "tls: none\n", "smtp: [\n", "a: &a [*a, *a]\n", "- 1\n", "---\n---\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse("c.yaml", data, env(map[string]string{"HOME": "/h"}))
		if (c == nil) == (err == nil) {
			t.Fatalf("Parse = %v, %v: want settings or an error", c, err)
		}
		if c == nil {
			return
		}
		s := c.Mail
		if s.SMTP != "" {
			if _, _, err := mail.ParseServer(s.SMTP); err != nil {
				t.Errorf("smtp %q: %v", s.SMTP, err)
			}
		}
		if s.TLS != "" {
			if _, err := mail.ParseTLSMode(string(s.TLS)); err != nil {
				t.Errorf("tls %q: %v", s.TLS, err)
			}
		}
		if s.EmailFrom != "" {
			if _, err := mail.ParseAddress(s.EmailFrom); err != nil {
				t.Errorf("email-from %q: %v", s.EmailFrom, err)
			}
		}
		if strings.ContainsAny(s.SMTPUser, "\r\n") {
			t.Errorf("smtp-user %q has a line break", s.SMTPUser)
		}
	})
}
