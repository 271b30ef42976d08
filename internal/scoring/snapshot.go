package scoring

// Snapshot is a team's scores in one period, as the tracker workbook keeps
// them; the report draws the trend from earlier snapshots.
type Snapshot struct {
	Period  string              // YYYY-Qn
	Version string              // the rubric's version: scores of two versions are different scales
	Overall *float64            // 0..100
	Areas   map[string]*float64 // by area title, as the tracker's columns are named
	// Sales and Marketing are the two roles' overall scores and Gap is
	// sales − marketing (see Result); nil where the tracker has none.
	Sales, Marketing, Gap *float64
}
