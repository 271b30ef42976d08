// Package rubrics holds the rubrics built into the binary.
package rubrics

import "embed"

// FS holds every built-in rubric as NAME.yaml.
//
//go:embed *.yaml
var FS embed.FS
