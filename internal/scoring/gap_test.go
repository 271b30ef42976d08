package scoring

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestPerceptionGap checks the sales and marketing scores and their gap,
// overall and per area, and which gaps are highlighted.
func TestPerceptionGap(t *testing.T) {
	// ann (sales): a = 87.5, b = 40, overall 75.625 (see TestScore).
	// ben (marketing): a = 100·(1 + 3·0.5)/4 = 62.5; b = 100·(0 + 1)/2 = 50;
	// overall = (3·62.5 + 50)/4 = 59.375.
	// Gaps (sales − marketing): overall 16.25, a 25, b −10.
	ann := file("ann.yaml", "sales", "a1: some", "a2: full", "b1: none", "b2: y")
	ben := file("ben.yaml", "marketing", "a1: full", "a2: some", "b1: none", "b2: z")
	lead := file("lee.yaml", "leadership", "a1: none", "a2: none", "b1: none", "b2: x")
	type areaGap struct{ Sales, Marketing, Gap *float64 }
	type want struct {
		Sales, Marketing, Gap *float64
		Areas                 []areaGap
		Highlighted           []bool // overall, a, b
	}
	tests := []struct {
		name      string
		threshold float64
		files     []sheetFile
		want      want
	}{
		{
			name: "both roles, default threshold", threshold: 15,
			files: []sheetFile{ann, ben, lead},
			want: want{Sales: f(75.625), Marketing: f(59.375), Gap: f(16.25),
				Areas:       []areaGap{{f(87.5), f(62.5), f(25)}, {f(40), f(50), f(-10)}},
				Highlighted: []bool{true, true, false}},
		},
		{
			name: "both roles, threshold 20", threshold: 20,
			files: []sheetFile{ben, ann},
			want: want{Sales: f(75.625), Marketing: f(59.375), Gap: f(16.25),
				Areas:       []areaGap{{f(87.5), f(62.5), f(25)}, {f(40), f(50), f(-10)}},
				Highlighted: []bool{false, true, false}},
		},
		{
			name: "a gap equal to the threshold is highlighted, of either sign", threshold: 10,
			files: []sheetFile{ann, ben},
			want: want{Sales: f(75.625), Marketing: f(59.375), Gap: f(16.25),
				Areas:       []areaGap{{f(87.5), f(62.5), f(25)}, {f(40), f(50), f(-10)}},
				Highlighted: []bool{true, true, true}},
		},
		{
			name: "sales only: no gap", threshold: 15,
			files: []sheetFile{ann, lead},
			want: want{Sales: f(75.625),
				Areas:       []areaGap{{Sales: f(87.5)}, {Sales: f(40)}},
				Highlighted: []bool{false, false, false}},
		},
		{
			name: "marketing only: no gap", threshold: 0,
			files: []sheetFile{ben},
			want: want{Marketing: f(59.375),
				Areas:       []areaGap{{Marketing: f(62.5)}, {Marketing: f(50)}},
				Highlighted: []bool{false, false, false}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := *loadRubric(t, "testdata/small.yaml")
			r.GapThreshold = tt.threshold
			res, err := Score(&r, parseAll(t, tt.files), Options{})
			if err != nil {
				t.Fatalf("Score: %v", err)
			}
			got := want{Sales: res.Sales, Marketing: res.Marketing, Gap: res.Gap,
				Highlighted: []bool{res.Highlighted(res.Gap)}}
			for _, a := range res.Areas {
				got.Areas = append(got.Areas, areaGap{a.Sales, a.Marketing, a.Gap})
				got.Highlighted = append(got.Highlighted, res.Highlighted(a.Gap))
			}
			if diff := cmp.Diff(tt.want, got, approx); diff != "" {
				t.Errorf("gap mismatch (-want +got):\n%s", diff)
			}
			if res.GapThreshold != tt.threshold {
				t.Errorf("GapThreshold = %v, want the rubric's %v", res.GapThreshold, tt.threshold)
			}
		})
	}
}

func TestHighlighted(t *testing.T) {
	tests := []struct {
		threshold float64
		gap       *float64
		want      bool
	}{
		{15, nil, false},
		{15, f(15), true},
		{15, f(-15), true},
		{15, f(14.99), false},
		{15, f(-14.99), false},
		{20, f(-21.2), true},
		{0, f(0), true},
		{100, f(99.9), false},
	}
	for _, tt := range tests {
		res := &Result{GapThreshold: tt.threshold}
		if got := res.Highlighted(tt.gap); got != tt.want {
			g := "nil"
			if tt.gap != nil {
				g = fmt.Sprint(*tt.gap)
			}
			t.Errorf("threshold %v, gap %s: Highlighted = %v, want %v", tt.threshold, g, got, tt.want)
		}
	}
}
