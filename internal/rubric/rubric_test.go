package rubric

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestBand(t *testing.T) {
	r := &Rubric{Bands: []Band{
		{Min: 0, Label: "Misaligned"},
		{Min: 40, Label: "Developing"},
		{Min: 60, Label: "Aligned"},
		{Min: 80, Label: "Integrated"},
	}}
	tests := []struct {
		score float64
		want  string
	}{
		{0, "Misaligned"},
		{39.999999999, "Misaligned"},
		{40, "Developing"}, // exactly at min
		{59.5, "Developing"},
		{60, "Aligned"},
		{79.99999999999999, "Aligned"},
		{80, "Integrated"},
		{100, "Integrated"},
		{-1, ""}, // below every band: no band
	}
	for _, tt := range tests {
		if got := r.Band(tt.score).Label; got != tt.want {
			t.Errorf("Band(%v) = %q, want %q", tt.score, got, tt.want)
		}
	}
	if got := (&Rubric{}).Band(50); got != (Band{}) {
		t.Errorf("Band without bands = %+v, want the zero Band", got)
	}
}

func TestNumQuestions(t *testing.T) {
	r := &Rubric{Areas: []Area{
		{Questions: make([]Question, 3)},
		{},
		{Questions: make([]Question, 2)},
	}}
	if got := r.NumQuestions(); got != 5 {
		t.Errorf("NumQuestions = %d, want 5", got)
	}
}

func TestQuestionOptions(t *testing.T) {
	q := &Question{Options: []Option{
		{ID: "mid", Points: 2},
		{ID: "low", Points: -3},
		{ID: "top", Points: 7},
		{ID: "top2", Points: 7},
	}}
	lo, hi := q.PointRange()
	if lo != -3 || hi != 7 {
		t.Errorf("PointRange = %v, %v, want -3, 7", lo, hi)
	}
	if got := q.Best().ID; got != "top" {
		t.Errorf("Best = %q, want top (the first of equals)", got)
	}
	o, ok := q.Option("low")
	if !ok || o != &q.Options[1] {
		t.Errorf("Option(low) = %v, %v, want a pointer to Options[1]", o, ok)
	}
	if o, ok := q.Option("na"); ok || o != nil {
		t.Errorf("Option(na) = %v, %v, want nil, false", o, ok)
	}

	// Points all negative: the range must not start from 0.
	neg := &Question{Options: []Option{{ID: "a", Points: -5}, {ID: "b", Points: -1}}}
	if lo, hi := neg.PointRange(); lo != -5 || hi != -1 {
		t.Errorf("PointRange(negative) = %v, %v, want -5, -1", lo, hi)
	}
	if got := neg.Best().ID; got != "b" {
		t.Errorf("Best(negative) = %q, want b", got)
	}
}

func TestRecommendationsFor(t *testing.T) {
	a := &Area{Recommendations: []Recommendation{
		{Below: 50, Text: "basics"},
		{Below: 80, Text: "routine"},
		{Below: 100, Text: "polish"},
	}}
	tests := []struct {
		score float64
		want  []string
	}{
		{0, []string{"basics", "routine", "polish"}},
		{50, []string{"routine", "polish"}}, // "below 50" excludes 50
		{79.9, []string{"routine", "polish"}},
		{99.99, []string{"polish"}},
		{100, nil},
	}
	for _, tt := range tests {
		var got []string
		for _, rec := range a.RecommendationsFor(tt.score) {
			got = append(got, rec.Text)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("RecommendationsFor(%v) mismatch (-want +got):\n%s", tt.score, diff)
		}
	}
}
