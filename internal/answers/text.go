package answers

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// NameKey is what two team or respondent names must share to name the same
// team or person: names are compared ignoring case and surrounding space,
// in composed form. Files, the scoring of a team and the tracker all
// compare names this way (file names ignore case on Windows and macOS).
func NameKey(s string) string {
	return strings.ToLower(norm.NFC.String(strings.TrimSpace(s)))
}
