//go:build linux && race

package main

// memoryFactor scales the memory bounds of the reliability tests: the race
// detector makes a process several times larger.
const memoryFactor = 4

// raceEnabled is whether the tests run under the race detector.
const raceEnabled = true
