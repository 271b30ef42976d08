package rubric

// SeedSources exposes the YAML of the validation test cases to the fuzz
// test, which lives in package rubric_test because it imports scoring.
func SeedSources() []string {
	srcs := []string{valid}
	for _, c := range problemCases {
		srcs = append(srcs, c.src)
	}
	srcs = append(srcs, head+numberArea)
	for _, c := range numberProblemCases {
		srcs = append(srcs, c.src)
	}
	return srcs
}
