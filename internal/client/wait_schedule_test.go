package client

import (
	"context"
	"testing"
	"time"

	"github.com/aliyun/credentials-go/credentials/providers"
)

func TestPollScheduleDefaults(t *testing.T) {
	s := PollConfig{}.Schedule(10 * time.Second)
	if s[0] != time.Second {
		t.Fatalf("first poll at %s, want 1s", s[0])
	}
	for i := 1; i < len(s); i++ {
		gap, prev := s[i]-s[i-1], s[i-1]-func() time.Duration {
			if i >= 2 {
				return s[i-2]
			}
			return 0
		}()
		if gap < prev || gap > prev*109/100+time.Millisecond {
			t.Fatalf("interval %d is %s after %s: want growth by 1.08", i, gap, prev)
		}
	}
	if last := s[len(s)-1]; last < 10*time.Second {
		t.Fatalf("schedule ends at %s before the horizon", last)
	}
}

// A wait asking for an early first look polls at the client's pace afterwards.
func TestWaitEarlyFirstPollKeepsClientPace(t *testing.T) {
	creds, err := providers.NewStaticAKCredentialsProviderBuilder().WithAccessKeyId("ak").WithAccessKeySecret("sk").Build()
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(Config{Region: "cn-hangzhou", Credentials: creds, Poll: PollConfig{InitialDelay: 30 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	var at []time.Duration
	start := time.Now()
	_, err = c.wait(context.Background(), waitSpec{
		Description: "test", Target: []string{"done"}, Poll: PollConfig{InitialDelay: time.Millisecond},
		Refresh: func(context.Context) (any, string, error) {
			at = append(at, time.Since(start))
			if len(at) == 3 {
				return 1, "done", nil
			}
			return 1, "pending", nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if at[0] > 20*time.Millisecond {
		t.Errorf("first poll after %s, want about 1ms", at[0])
	}
	if gap := at[1] - at[0]; gap < 30*time.Millisecond {
		t.Errorf("second poll %s after the first, want at least the client's 30ms", gap)
	}
}
