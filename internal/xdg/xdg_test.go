package xdg

import (
	"path/filepath"
	"testing"
)

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestFolders(t *testing.T) {
	for _, c := range []struct {
		vars          map[string]string
		config, state string
	}{
		{map[string]string{"HOME": "/home/ann"}, "/home/ann/.config/audit", "/home/ann/.local/state/audit"},
		{map[string]string{"HOME": "/home/ann", "XDG_CONFIG_HOME": "/etc/xdg", "XDG_STATE_HOME": "/state"}, "/etc/xdg/audit", "/state/audit"},
		{map[string]string{"HOME": "/home/ann", "XDG_CONFIG_HOME": "relative", "XDG_STATE_HOME": "rel"}, "/home/ann/.config/audit", "/home/ann/.local/state/audit"},
		{map[string]string{"USERPROFILE": "/users/ann"}, "/users/ann/.config/audit", "/users/ann/.local/state/audit"},
		{map[string]string{"HOME": "/home/ann", "USERPROFILE": "/users/ann"}, "/home/ann/.config/audit", "/home/ann/.local/state/audit"},
		{map[string]string{"XDG_CONFIG_HOME": "/etc/xdg"}, "/etc/xdg/audit", ""},
		{map[string]string{}, "", ""},
	} {
		if got := Config(env(c.vars)); got != filepath.FromSlash(c.config) {
			t.Errorf("Config(%v) = %q, want %q", c.vars, got, c.config)
		}
		if got := State(env(c.vars)); got != filepath.FromSlash(c.state) {
			t.Errorf("State(%v) = %q, want %q", c.vars, got, c.state)
		}
	}
}
