package mail

import (
	"strings"

	"github.com/alignaudit/audit/internal/yamlwalk"
)

// Settings are the sending settings of the settings file
// ($XDG_CONFIG_HOME/audit/config.yaml, read by internal/config); the flags
// of the same names win over them. An empty field was not set.
type Settings struct {
	SMTP      string // HOST or HOST:PORT, checked
	SMTPUser  string
	TLS       TLSMode
	EmailFrom string // an address, checked
}

// SettingKeys are the keys of the sending settings in the settings file.
var SettingKeys = []string{"smtp", "smtp-user", "tls", "email-from"}

// SettingsFrom reads the sending settings from the fields of the settings
// file, which w walks; bad values are problems of w, naming the line.
func SettingsFrom(w *yamlwalk.Walker, fields map[string]yamlwalk.Field) Settings {
	var s Settings
	if f, ok := fields["smtp"]; ok {
		if v := w.String(f.Value, "smtp"); v != "" {
			if _, _, err := ParseServer(v); err != nil {
				w.Fail(f.Value, "smtp", "%v", err)
			} else {
				s.SMTP = strings.TrimSpace(v)
			}
		}
	}
	if f, ok := fields["smtp-user"]; ok {
		s.SMTPUser = strings.TrimSpace(w.String(f.Value, "smtp-user"))
		if strings.ContainsAny(s.SMTPUser, "\r\n") {
			w.Fail(f.Value, "smtp-user", "want one line")
			s.SMTPUser = ""
		}
	}
	if f, ok := fields["tls"]; ok {
		if v := w.String(f.Value, "tls"); v != "" {
			m, err := ParseTLSMode(v)
			if err != nil {
				w.Fail(f.Value, "tls", "%v", err)
			}
			s.TLS = m
		}
	}
	if f, ok := fields["email-from"]; ok {
		if v := w.String(f.Value, "email-from"); v != "" {
			if _, err := ParseAddress(v); err != nil {
				w.Fail(f.Value, "email-from", "%v", err)
			} else {
				s.EmailFrom = strings.TrimSpace(v)
			}
		}
	}
	return s
}
