// Package soak holds the provider's proof under faults and attack, as tests: a fault soak of all four
// resource types against the emulator (transient faults and lost create answers), an emulator killed and
// restarted in the middle of an apply, terraform interrupted during a long create, and secrets hygiene
// (logs, state and plan output never show a secret).
//
// `make test` runs all of it, with the small soak (SOAK_N=5 resources of each type); `make soak` runs it with
// the big one (SOAK_N=25). SOAK_LOG=FILE keeps the soak's provider debug log. The in-process tests capture
// the provider's log through terraform-plugin-log's test sink (TF_LOG with TF_LOG_PATH or TF_ACC_LOG_PATH);
// the process-level ones through terraform's own TF_LOG/TF_LOG_PATH, as a user would.
package soak
