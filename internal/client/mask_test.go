package client

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

// A password with characters Go's JSON encoder escapes (<, > and &), sent inside a JSON-valued RPC parameter,
// reaches a SignatureDoesNotMatch message as the percent-encoded-twice form of its JSON escape.
func TestMaskJSONParameterInStringToSign(t *testing.T) {
	const secret = "Soak&Clstr<Pw>7391"
	m := newSecretMasker()
	m.add(secret)
	param, _ := json.Marshal(map[string]string{"Password": secret})
	pe := func(v string) string {
		return strings.NewReplacer("+", "%20", "*", "%2A", "%7E", "~").Replace(url.QueryEscape(v))
	}
	stringToSign := "POST&%2F&" + pe("Action=CreateCluster&ClusterCredentials="+pe(string(param)))
	got := m.mask(stringToSign)
	if strings.Contains(got, "Clstr") {
		t.Fatalf("the password survives masking: %s", got)
	}
}
