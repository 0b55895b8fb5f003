package provider

import (
	"os"
	"testing"
)

func TestQuietDiscardedLogs(t *testing.T) {
	vars := []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_PROVIDER_ALIYUN", "TF_LOG_SDK", "TF_LOG_SDK_FRAMEWORK",
		"TF_LOG_SDK_PROTO", "TF_LOG_PATH", "TF_ACC_LOG_PATH", "TF_LOG_PATH_MASK"}
	unsetAll := func() {
		for _, k := range vars {
			t.Setenv(k, "")
			os.Unsetenv(k)
		}
	}

	unsetAll()
	QuietDiscardedLogs(false)
	for _, k := range []string{"TF_LOG_SDK", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_SDK_PROTO", "TF_LOG_PROVIDER_ALIYUN"} {
		if os.Getenv(k) != "OFF" {
			t.Errorf("without any TF_LOG variable, %s = %q; want OFF", k, os.Getenv(k))
		}
	}

	unsetAll()
	t.Setenv("TF_LOG", "TRACE")
	QuietDiscardedLogs(false)
	if v := os.Getenv("TF_LOG_SDK_FRAMEWORK"); v != "" {
		t.Errorf("with TF_LOG set, TF_LOG_SDK_FRAMEWORK = %q; want it left unset", v)
	}

	unsetAll()
	QuietDiscardedLogs(true)
	if v := os.Getenv("TF_LOG_SDK_FRAMEWORK"); v != "" {
		t.Errorf("with -debug, TF_LOG_SDK_FRAMEWORK = %q; want it left unset", v)
	}
}
