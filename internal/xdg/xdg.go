// Package xdg finds the user's folders for settings and state, as the XDG
// Base Directory rules name them, from the environment it is given (so
// tests and commands pass their own).
package xdg

import "path/filepath"

// Home is the user's home folder ($HOME, or %USERPROFILE% on Windows), or
// "" when there is none.
func Home(getenv func(string) string) string {
	if home := getenv("HOME"); home != "" {
		return home
	}
	return getenv("USERPROFILE")
}

// Dir returns the folder the XDG variable names, or, when it is unset or
// not absolute (the rules say to ignore a relative one), underHome below
// the home folder; "" when there is neither.
func Dir(getenv func(string) string, variable, underHome string) string {
	if v := getenv(variable); v != "" && filepath.IsAbs(v) {
		return v
	}
	home := Home(getenv)
	if home == "" {
		return ""
	}
	return filepath.Join(home, underHome)
}

// Config is the folder of audit's settings: $XDG_CONFIG_HOME/audit, by
// default ~/.config/audit; "" without a home folder.
func Config(getenv func(string) string) string {
	return under(Dir(getenv, "XDG_CONFIG_HOME", ".config"))
}

// State is the folder of audit's state (drafts): $XDG_STATE_HOME/audit, by
// default ~/.local/state/audit; "" without a home folder.
func State(getenv func(string) string) string {
	return under(Dir(getenv, "XDG_STATE_HOME", filepath.Join(".local", "state")))
}

func under(dir string) string {
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, "audit")
}
