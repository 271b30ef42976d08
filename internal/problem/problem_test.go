package problem

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestProblemString(t *testing.T) {
	tests := []struct {
		name string
		p    Problem
		want string
	}{
		{"file line path", Problem{File: "x.yaml", Line: 42, Path: "areas[1].questions[0].scale", Msg: `unknown scale "frequency"`},
			`x.yaml:42: areas[1].questions[0].scale: unknown scale "frequency"`},
		{"no line", Problem{File: "x.yaml", Path: "team", Msg: "is wrong"}, "x.yaml: team: is wrong"},
		{"no path", Problem{File: "x.yaml", Line: 3, Msg: "invalid YAML: oops"}, "x.yaml:3: invalid YAML: oops"},
		{"neither", Problem{File: "x.yaml", Msg: "the file is empty"}, "x.yaml: the file is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestListAdd(t *testing.T) {
	var l List
	l.Add("a.yaml", 3, "team", "is %q, not %d", "x", 7)
	l.Add("a.yaml", 0, "", "%d%% literal", 100)
	want := List{
		{File: "a.yaml", Line: 3, Path: "team", Msg: `is "x", not 7`},
		{File: "a.yaml", Line: 0, Path: "", Msg: "100% literal"},
	}
	if diff := cmp.Diff(want, l); diff != "" {
		t.Errorf("Add mismatch (-want +got):\n%s", diff)
	}
}

func TestListErr(t *testing.T) {
	var empty List
	if err := empty.Err(); err != nil {
		t.Errorf("empty List.Err() = %v, want nil", err)
	}
	var l List
	l.Add("a.yaml", 1, "id", "first")
	l.Add("b.yaml", 0, "", "second")
	err := l.Err()
	if err == nil {
		t.Fatal("List.Err() = nil, want an error")
	}
	var got List
	if !errors.As(err, &got) {
		t.Fatalf("List.Err() = %T, want a List", err)
	}
	if want := "a.yaml:1: id: first\nb.yaml: second"; err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
}

func TestListSort(t *testing.T) {
	l := List{
		{File: "b.yaml", Line: 1, Msg: "b1"},
		{File: "a.yaml", Line: 9, Msg: "a9"},
		{File: "a.yaml", Line: 2, Msg: "a2 first"},
		{File: "a.yaml", Line: 0, Msg: "a0"},
		{File: "a.yaml", Line: 2, Msg: "a2 second"},
	}
	l.Sort()
	var got []string
	for _, p := range l {
		got = append(got, p.Msg)
	}
	want := []string{"a0", "a2 first", "a2 second", "a9", "b1"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Sort order mismatch (-want +got):\n%s", diff)
	}
}
