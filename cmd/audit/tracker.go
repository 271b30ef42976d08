package main

import (
	"errors"
	"time"

	"github.com/alignaudit/audit/internal/scoring"
)

// trackerHistory returns the team's periods before res.Period from the
// tracker at path (none when the file does not exist). (Being built: see
// issue 5.)
func trackerHistory(path string, res *scoring.Result) ([]scoring.Snapshot, error) {
	return nil, nil
}

// updateTracker records res in the tracker at path. (Being built: see
// issue 5.)
func updateTracker(path string, res *scoring.Result, recorded time.Time) error {
	return errors.New("tracker: not written yet")
}
