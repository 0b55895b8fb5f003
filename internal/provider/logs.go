package provider

import "os"

// QuietDiscardedLogs switches off the SDK's log output when Terraform would discard it anyway.
//
// A provider writes its log lines to Terraform, which keeps them only when TF_LOG or TF_LOG_PROVIDER is set.
// The plugin framework nevertheless formats and sends two trace lines for every validator, plan modifier and
// typed value of every resource on every call, and Terraform parses each one before dropping it: about half
// the time of `terraform plan` on 100 resources of this provider (README, "Benchmarks"). When no log
// variable is set, the SDK loggers are turned off in this process only; setting any TF_LOG* variable, or
// -debug, keeps every line.
func QuietDiscardedLogs(debug bool) {
	if debug {
		return
	}
	for _, k := range []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_PROVIDER_ALIYUN", "TF_LOG_SDK", "TF_LOG_SDK_FRAMEWORK",
		"TF_LOG_SDK_PROTO", "TF_LOG_PATH", "TF_ACC_LOG_PATH", "TF_LOG_PATH_MASK"} {
		if os.Getenv(k) != "" {
			return
		}
	}
	for _, k := range []string{"TF_LOG_SDK", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_SDK_PROTO", "TF_LOG_PROVIDER_ALIYUN"} {
		_ = os.Setenv(k, "OFF")
	}
}
