// Package soak holds the provider's proof under faults and attack, as tests: a fault soak of all four
// resource types against the emulator (transient faults and lost create answers), an emulator killed and
// restarted in the middle of an apply, terraform interrupted during a long create, and secrets hygiene
// (logs, state and plan output never show a secret).
//
// `make test` runs the small soak (SOAK_N=5 resources of each type); `make soak` runs the big one
// (SOAK_N=25) and the process-level tests that take too long for every run (SOAK=1).
package soak
