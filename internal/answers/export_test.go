package answers

// SeedCases exposes the sources of the problem test cases, with their file
// names, to the fuzz test, which lives in package answers_test because it
// imports scoring.
func SeedCases() (files, srcs []string) {
	files, srcs = append(files, "a.yaml"), append(srcs, base)
	for _, c := range problemCases {
		file := c.file
		if file == "" {
			file = "a.yaml"
		}
		files, srcs = append(files, file), append(srcs, c.src)
	}
	for _, src := range numberSeeds {
		files, srcs = append(files, "a.yaml"), append(srcs, replace("q1: lo", src))
	}
	return files, srcs
}
