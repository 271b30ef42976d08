// Package rubrics holds the rubrics built into the binary.
package rubrics

import (
	"embed"

	"github.com/alignaudit/audit/internal/rubric"
)

// FS holds every built-in rubric as NAME.yaml.
//
//go:embed *.yaml
var FS embed.FS

// Parse reads and validates the built-in rubric with the given id. When
// there is none, the error is an fs.ErrNotExist; when it does not validate,
// a problem.List.
func Parse(id string) (*rubric.Rubric, error) {
	data, err := FS.ReadFile(id + ".yaml")
	if err != nil {
		return nil, err
	}
	return rubric.Parse("rubrics/"+id+".yaml", data)
}
