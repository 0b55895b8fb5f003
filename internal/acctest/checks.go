package acctest

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/provider"
)

var (
	clientOnce sync.Once
	apiClient  *client.Client
	clientErr  error
)

// Client is an API client for the test's target, configured from the same environment variables the
// provider under test reads (PreCheck has set them for the emulator). Checks call the resources' own
// finders with it, so they work against the emulator and a real account alike.
func Client(t testing.TB) *client.Client {
	t.Helper()
	clientOnce.Do(func() { apiClient, clientErr = provider.ClientFromEnvironment("acctest") })
	if clientErr != nil {
		t.Fatalf("building the API client for checks: %v", clientErr)
	}
	return apiClient
}

// Finder is a resource's finder as exported to its tests (exports_test.go): nil error means it exists, a
// *client.NotFoundError that it does not.
type Finder func(ctx context.Context, c *client.Client, id string) error

// CheckDestroyed returns a CheckDestroy that asks find for every resource of resourceType left in the
// state and fails for any that still exists (or whose lookup fails for another reason).
func CheckDestroyed(t testing.TB, resourceType string, find Finder) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		c := Client(t)
		for _, rs := range s.RootModule().Resources {
			if rs.Type != resourceType {
				continue
			}
			err := find(context.Background(), c, rs.Primary.ID)
			switch {
			case client.IsNotFound(err):
				continue
			case err != nil:
				return fmt.Errorf("checking that %s %s is gone: %w", resourceType, rs.Primary.ID, err)
			default:
				return fmt.Errorf("%s %s still exists after destroy", resourceType, rs.Primary.ID)
			}
		}
		return nil
	}
}

// CheckExists fails unless find finds the object of the resource at address (e.g. "aliyun_ehpc_cluster.test").
func CheckExists(t testing.TB, address string, find Finder) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[address]
		if !ok {
			return fmt.Errorf("%s is not in the state", address)
		}
		if err := find(context.Background(), Client(t), rs.Primary.ID); err != nil {
			return fmt.Errorf("%s (%s): %w", address, rs.Primary.ID, err)
		}
		return nil
	}
}

// ErrorMatching matches a diagnostic that carries every fragment, in order; inside a fragment any run of
// white space matches any other (Terraform wraps long diagnostics at arbitrary spaces).
func ErrorMatching(fragments ...string) *regexp.Regexp {
	parts := make([]string, len(fragments))
	for i, f := range fragments {
		words := strings.Fields(f)
		for j, w := range words {
			words[j] = regexp.QuoteMeta(w)
		}
		parts[i] = strings.Join(words, `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(parts, `.*`))
}

// SkipUnlessAcceptance skips, as resource.Test would, a test that reaches the target on its own.
func SkipUnlessAcceptance(t testing.TB) {
	t.Helper()
	if os.Getenv(resource.EnvTfAcc) == "" {
		t.Skipf("acceptance tests are skipped unless %s is set", resource.EnvTfAcc)
	}
}

// SkipOnCloud skips a test that only the emulator can run, saying why.
func SkipOnCloud(t testing.TB, why string) {
	t.Helper()
	if IsCloud() {
		t.Skip("skipped against the real cloud: " + why)
	}
}
