// Package sdkdebug switches off the Alibaba Cloud SDKs' own debug output in the provider process. With
// DEBUG=sdk (alibaba-cloud-sdk-go) or DEBUG=credential (credentials-go) they print raw requests and
// responses to stdout: URLs with every RPC parameter (passwords included), the security token header, the
// string to sign, credential responses. Terraform copies a provider's stdout into its log, where nothing can
// mask it. The provider's own log (TF_LOG=DEBUG or TRACE) shows the same calls with secrets masked.
//
// The SDKs read DEBUG once, while their packages are initialised, and keep the answer in unexported
// variables, so the flags are removed from the environment before that. The Go specification initialises
// packages by repeatedly taking the first, in import-path order, whose imports are all initialised. This
// package imports only fmt, os and strings, which every package that reads DEBUG imports too (through
// sdk/utils or alibabacloud-go/debug), and its path sorts before theirs (github.com/aliyun-hpc/… before
// github.com/aliyun/…; alibabacloud-go/debug only defines the reader). So it is always initialised first.
// Keep its imports to those three. The client imports it, so every program that can call the SDK through
// the client has the flags removed in time; TestSDKDebugOutputIsOff checks it in a fresh process.
package sdkdebug

import (
	"fmt"
	"os"
	"strings"
)

// Flags are the DEBUG values the SDKs in this module act on.
var Flags = []string{"sdk", "credential"}

// Removed lists the flags that were set and have been removed.
var Removed []string

func init() {
	v, ok := os.LookupEnv("DEBUG")
	if !ok {
		return
	}
	var kept []string
	for _, part := range strings.Split(v, ",") {
		if contains(Flags, part) {
			Removed = append(Removed, part)
			continue
		}
		kept = append(kept, part)
	}
	if len(Removed) == 0 {
		return
	}
	if len(kept) == 0 {
		os.Unsetenv("DEBUG")
	} else {
		os.Setenv("DEBUG", strings.Join(kept, ","))
	}
	fmt.Fprintf(os.Stderr, "terraform-provider-aliyun: ignoring DEBUG=%s: the SDK's raw request dumps would show passwords and tokens; use TF_LOG=DEBUG for masked API logs\n",
		strings.Join(Removed, ","))
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
