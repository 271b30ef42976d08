package store

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"

	"github.com/alignaudit/audit/internal/answers"
)

// windowsReserved are names that Windows will not use as file names, with
// or without an extension.
var windowsReserved = map[string]bool{
	"con": true, "prn": true, "aux": true, "nul": true,
	"com1": true, "com2": true, "com3": true, "com4": true, "com5": true, "com6": true, "com7": true, "com8": true, "com9": true,
	"lpt1": true, "lpt2": true, "lpt3": true, "lpt4": true, "lpt5": true, "lpt6": true, "lpt7": true, "lpt8": true, "lpt9": true,
}

// SafeName turns a team or respondent name into a file name part: letters
// and digits (any script) are kept, everything else becomes a single '-', so
// the name has no path separator, no leading dot and cannot leave its
// folder. It is at most 60 characters.
func SafeName(s string) string {
	var b strings.Builder
	dash := false
	n := 0
	for _, r := range strings.ToLower(s) {
		if n >= 60 {
			break
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			dash = false
			n++
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
			n++
		}
	}
	name := strings.Trim(b.String(), "-")
	if name == "" {
		return "unnamed"
	}
	if windowsReserved[name] {
		return name + "-team"
	}
	return name
}

// FilePart returns the part of a file name that stands for a team or a
// respondent: SafeName's form of the name, which reads as the name when the
// name is words of letters and digits separated by single spaces; for any
// other name (punctuation, a reserved or long name, no letters at all) the
// first 6 hex digits of a SHA-256 of the name follow, so that names that
// differ get different files: "Anne-Marie Lee" and "Anne Marie Lee",
// "CON" and "con.team", two emoji. Names that differ only in case, or in
// the Unicode form of their accents, are one name (answers.NameKey), as in
// the tracker, and get one file.
func FilePart(name string) string {
	key := answers.NameKey(name)
	safe := SafeName(key)
	if strings.ReplaceAll(safe, "-", " ") == key {
		return safe
	}
	sum := sha256.Sum256([]byte(key))
	return safe + "-" + hex.EncodeToString(sum[:3])
}
