package pdf

import "flag"

// update rewrites golden files instead of comparing with them:
// go test ./internal/report -update
var update = flag.Bool("update", false, "rewrite golden files in testdata")
