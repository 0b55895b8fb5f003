package core

import (
	"fmt"
	"math"
	"testing"
)

func TestPage(t *testing.T) {
	items := []int{1, 2, 3, 4, 5, 6, 7}
	for _, tc := range []struct {
		number, size int
		want         string
	}{
		{1, 3, "[1 2 3]"},
		{2, 3, "[4 5 6]"},
		{3, 3, "[7]"},
		{4, 3, "[]"},
		{1, 10, "[1 2 3 4 5 6 7]"},
		{2, 7, "[]"},
		{0, 3, "[]"},
		{1, 0, "[]"},
		{math.MaxInt, 100, "[]"},
	} {
		got := Page(items, tc.number, tc.size)
		if fmt.Sprint(got) != tc.want {
			t.Errorf("Page(%d, %d) = %v, want %s", tc.number, tc.size, got, tc.want)
		}
		if len(got) > 0 {
			// The page must not share spare capacity with items: appending to it must not overwrite them.
			_ = append(got, 99)
			if fmt.Sprint(items) != "[1 2 3 4 5 6 7]" {
				t.Fatalf("appending to a page changed the items: %v", items)
			}
		}
	}
	if got := Page([]string(nil), 1, 10); len(got) != 0 {
		t.Errorf("Page of nil = %v", got)
	}
}
