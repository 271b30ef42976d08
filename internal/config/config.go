// Package config reads audit's settings file, config.yaml in
// $XDG_CONFIG_HOME/audit (by default ~/.config/audit/config.yaml). Every
// setting is optional, and a missing file means no settings; README.md
// lists the keys. The package never opens files: commands read the file
// and pass its bytes to Parse.
package config

import (
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/alignaudit/audit/internal/mail"
	"github.com/alignaudit/audit/internal/xdg"
	"github.com/alignaudit/audit/internal/yamlwalk"
)

// Config is the settings.
type Config struct {
	// Font is a font file (.ttf, .otf or .ttc) with the characters the
	// PDF report's built-in fonts lack, as --font gives it: an absolute
	// path, or one relative to the settings file's folder; "~/" is the home
	// folder.
	Font string
	// Mail are the settings for sending the report by email (smtp,
	// smtp-user, tls, email-from).
	Mail mail.Settings
}

// keys are the keys the settings file may hold.
var keys = append([]string{"font"}, mail.SettingKeys...)

// Path returns where the settings file is, or "" when there is no home
// folder to find it in.
func Path(getenv func(string) string) string {
	dir := xdg.Config(getenv)
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, "config.yaml")
}

// Parse reads the settings file; file names it in problems, and relative
// paths in it are taken from its folder. An empty file has no settings. The
// error, if any, is a problem.List.
func Parse(file string, data []byte, getenv func(string) string) (*Config, error) {
	c := &Config{}
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) == nil && len(doc.Content) == 0 {
		return c, nil // empty, or only comments
	}
	w := yamlwalk.Walker{File: file}
	root := w.Parse(data)
	if root == nil {
		return nil, w.Problems.Err()
	}
	if root.Kind == yaml.MappingNode {
		// audit never reads a password from a file: one there is refused,
		// by its line, rather than left to be taken for a setting.
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
	f := w.Fields(root, "", keys...)
	if fld, ok := f["font"]; ok {
		c.Font = strings.TrimSpace(w.String(fld.Value, "font"))
		if c.Font == "" && len(w.Problems) == 0 {
			w.Fail(fld.Value, "font", "must be the path of a font file")
		}
		c.Font = resolve(c.Font, filepath.Dir(file), xdg.Home(getenv))
	}
	c.Mail = mail.SettingsFrom(&w, f)
	if err := w.Problems.Err(); err != nil {
		return nil, err
	}
	return c, nil
}

// resolve makes a path from the settings file usable from anywhere.
func resolve(path, dir, home string) string {
	switch {
	case path == "":
		return ""
	case (path == "~" || strings.HasPrefix(path, "~/")) && home != "":
		return filepath.Join(home, strings.TrimPrefix(path, "~"))
	case filepath.IsAbs(path):
		return path
	}
	return filepath.Join(dir, path)
}
