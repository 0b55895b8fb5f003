package client

import (
	"strings"
	"testing"
)

func TestActionHintsWinOverProductHints(t *testing.T) {
	RegisterHints(ProductEHPC, map[string]string{"TestCodeX": "product advice"})
	RegisterActionHints(ProductEHPC, []string{"ActionA"}, map[string]string{"TestCodeX": "action advice"})
	if h := HintFor(ProductEHPC, "ActionA", "TestCodeX"); h != "action advice" {
		t.Fatalf("action hint: %q", h)
	}
	if h := HintFor(ProductEHPC, "ActionB", "TestCodeX"); h != "product advice" {
		t.Fatalf("other action: %q", h)
	}
	err := &APIError{Product: ProductEHPC, Action: "ActionA", HTTPStatus: 400, Code: "TestCodeX", Message: "m"}
	if d := Describe(err); !strings.Contains(d, "action advice") {
		t.Fatalf("Describe: %s", d)
	}
}
