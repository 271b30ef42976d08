package main

import (
	"errors"
	"os"

	"github.com/alignaudit/audit/internal/config"
	"github.com/alignaudit/audit/internal/mail"
)

// maxConfigBytes is the most audit reads of the settings file.
const maxConfigBytes = 64 << 10

// configPath is the settings file, $XDG_CONFIG_HOME/audit/config.yaml; ""
// when there is no config folder.
func configPath(e *env) string {
	return config.Path(e.getenv)
}

// loadConfig reads the settings file, the one for the font and the email
// settings alike, and returns it with its path; no settings when there is
// no file. A file that cannot be read or has a bad key or value is invalid
// input, named with its line.
func loadConfig(e *env) (*config.Config, string, error) {
	path := configPath(e)
	if path == "" {
		return &config.Config{}, "", nil
	}
	data, err := readLimited(path, maxConfigBytes)
	if errors.Is(err, os.ErrNotExist) {
		return &config.Config{}, path, nil
	}
	if err != nil {
		return nil, path, invalidf("%s: %v", path, err)
	}
	c, err := config.Parse(path, data, e.getenv)
	return c, path, err
}

// mailConfig returns the sending settings of the settings file.
func mailConfig(e *env) (mail.Settings, error) {
	c, _, err := loadConfig(e)
	if err != nil {
		return mail.Settings{}, err
	}
	return c.Mail, nil
}
