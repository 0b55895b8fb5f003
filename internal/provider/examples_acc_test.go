package provider_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/acctest"
)

// Every example configuration must validate against the provider as built: the docs embed them and the demo
// applies the quickstart, so a schema change that breaks one (an index into an attribute that became a set)
// must fail here, not in a user's hands.
func TestAccExamplesValidate(t *testing.T) {
	dirs := []string{filepath.Join("..", "..", "examples", "quickstart")}
	resources, err := filepath.Glob(filepath.Join("..", "..", "examples", "resources", "*"))
	if err != nil {
		t.Fatal(err)
	}
	dirs = append(dirs, resources...)
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			cli := acctest.NewCLI(t)
			files, err := filepath.Glob(filepath.Join(dir, "*.tf"))
			if err != nil || len(files) == 0 {
				t.Fatalf("no configuration in %s: %v", dir, err)
			}
			var hcl strings.Builder
			for _, f := range files {
				b, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				hcl.Write(b)
				hcl.WriteString("\n")
			}
			body := hcl.String()
			if strings.Contains(body, "required_providers") {
				// The quickstart declares its own; write it as it is.
				if err := os.WriteFile(filepath.Join(cli.Dir, "main.tf"), []byte(body), 0o600); err != nil {
					t.Fatal(err)
				}
			} else {
				cli.WriteConfig(body)
			}
			cli.MustRun("validate")
		})
	}
}
