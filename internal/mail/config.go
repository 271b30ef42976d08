package mail

import (
	"strings"

	"github.com/alignaudit/audit/internal/yamlwalk"
	"go.yaml.in/yaml/v3"
)

// Settings are the sending settings of the config file
// ($XDG_CONFIG_HOME/audit/config.yaml); the flags of the same names win
// over them. An empty field was not set.
type Settings struct {
	SMTP      string // HOST or HOST:PORT, checked
	SMTPUser  string
	TLS       TLSMode
	EmailFrom string // an address, checked
}

// settingKeys are the keys a config file may hold.
var settingKeys = []string{"smtp", "smtp-user", "tls", "email-from"}

// ParseSettings reads a config file. Unknown keys and bad values are
// problems naming the file and line; so is any key that looks like a
// password, which audit never reads from a file.
func ParseSettings(file string, data []byte) (Settings, error) {
	var s Settings
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err == nil && len(doc.Content) == 0 {
		return s, nil // empty, or only comments
	}
	w := yamlwalk.Walker{File: file}
	root := w.Parse(data)
	if root == nil {
		return s, w.Problems.Err()
	}
	if root.Kind == yaml.MappingNode {
		var rest []*yaml.Node
		for i := 0; i+1 < len(root.Content); i += 2 {
			k := root.Content[i]
			if name := strings.ToLower(k.Value); strings.Contains(name, "pass") || strings.Contains(name, "secret") {
				w.Fail(k, k.Value, "audit never reads a password from a file: remove this line, and set AUDIT_SMTP_PASSWORD or type the password when audit asks")
				continue
			}
			rest = append(rest, k, root.Content[i+1])
		}
		root = &yaml.Node{Kind: yaml.MappingNode, Line: root.Line, Content: rest}
	}
	fields := w.Fields(root, "", settingKeys...)
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
	if err := w.Problems.Err(); err != nil {
		return Settings{}, err
	}
	return s, nil
}
