package sdkdebug_test

import (
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client/sdkdebug"
)

const helperEnv = "SDKDEBUG_TEST_HELPER"

// The check runs in a child process started with DEBUG set, because the SDK reads DEBUG during package
// initialisation: only a fresh process shows whether the flags were removed in time.
func TestSDKDebugOutputIsOff(t *testing.T) {
	if os.Getenv(helperEnv) != "" {
		sdkCall(t)
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestSDKDebugOutputIsOff$", "-test.v")
	cmd.Env = append(os.Environ(), helperEnv+"=1", "DEBUG=sdk,other,credential")
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("child: %v\n%s\n%s", err, stdout.String(), stderr.String())
	}
	if strings.Contains(stdout.String(), "> POST") || strings.Contains(stdout.String(), "PasswordInTheQuery") {
		t.Fatalf("the SDK printed its request dump:\n%s", stdout.String())
	}
	if !strings.Contains(stdout.String(), "DEBUG is now \"other\"") {
		t.Fatalf("DEBUG was not reduced to the flags the SDKs ignore:\n%s", stdout.String())
	}
	if !strings.Contains(stderr.String(), "ignoring DEBUG=sdk,credential") {
		t.Fatalf("the provider does not say that it ignores the flags; stderr:\n%s", stderr.String())
	}
}

// sdkCall makes one signed RPC call with a password parameter, as the client does.
func sdkCall(t *testing.T) {
	t.Logf("removed %v; DEBUG is now %q", sdkdebug.Removed, os.Getenv("DEBUG"))
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"RequestId":"r"}`))
	}))
	defer ts.Close()
	c, err := sdk.NewClientWithOptions("cn-hangzhou", sdk.NewConfig(), credentials.NewAccessKeyCredential("id", "secret"))
	if err != nil {
		t.Fatal(err)
	}
	host, port, _ := net.SplitHostPort(strings.TrimPrefix(ts.URL, "http://"))
	r := requests.NewCommonRequest()
	r.Method, r.Scheme, r.Domain, r.Port = "POST", "http", host, port
	r.Product, r.Version, r.ApiName = "EHPC", "2024-07-30", "CreateCluster"
	r.QueryParams["Password"] = "PasswordInTheQuery"
	if _, err := c.ProcessCommonRequest(r); err != nil {
		t.Fatal(err)
	}
}
