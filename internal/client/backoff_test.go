package client

import (
	"testing"
	"time"
)

// Every pause stays within its bounds: half to all of the exponential step, never above Max, never before the
// server's hint, and a hint itself never beyond a minute.
func TestBackoffBounds(t *testing.T) {
	b := Backoff{Base: 100 * time.Millisecond, Max: 2 * time.Second}
	for attempt := 0; attempt < 80; attempt++ {
		step := min(b.Base<<min(attempt, 20), b.Max)
		for i := 0; i < 50; i++ {
			if d := b.delay(attempt, 0); d < step/2 || d > step {
				t.Fatalf("attempt %d: %s outside [%s, %s]", attempt, d, step/2, step)
			}
		}
	}
	if d := b.delay(0, 5*time.Second); d < 5*time.Second || d > 5500*time.Millisecond {
		t.Fatalf("a 5s hint gave %s", d)
	}
	if d := b.delay(0, 10*time.Hour); d < maxHint || d > maxHint+maxHint/10 {
		t.Fatalf("a 10h hint gave %s, want about %s", d, maxHint)
	}
}
