package bench

import (
	"strings"
	"testing"
	"time"
)

func TestPollBound(t *testing.T) {
	for _, c := range []struct {
		T, t0 time.Duration
		want  int
	}{{time.Second, time.Second, 1}, {4 * time.Second, 250 * time.Millisecond, 5}, {5 * time.Second, time.Second, 4}, {time.Hour, time.Second, 13}} {
		if got := PollBound(c.T, c.t0); got != c.want {
			t.Errorf("PollBound(%s, %s) = %d, want %d", c.T, c.t0, got, c.want)
		}
	}
}

func TestSimulateLagFixed(t *testing.T) {
	// Polls every 10 s, ready times uniform over 75 s..125 s: lag uniform over [0, 10 s).
	s := SimulateLag(FixedPolicy("fixed", 10*time.Second, 10*time.Second), 100*time.Second, 10*time.Second)
	if s.P50 < 4*time.Second || s.P50 > 6*time.Second || s.P95 < 9*time.Second || s.Max > 10*time.Second {
		t.Errorf("lag p50 %s p95 %s max %s, want about 5 s, 9.5 s, ≤ 10 s", s.P50, s.P95, s.Max)
	}
	if s.Polls != 10 {
		t.Errorf("polls to T = %d, want 10", s.Polls)
	}
}

func TestConfigs(t *testing.T) {
	a := AliyunConfig(100)
	for _, typ := range ResourceTypes {
		if !strings.Contains(a, `resource "`+typ+`" "r" {`+"\n  count") {
			t.Errorf("AliyunConfig lacks %s", typ)
		}
	}
	if strings.Count(a, "count        = 25")+strings.Count(a, "count                    = 25")+strings.Count(a, "count         = 25") != 4 {
		t.Errorf("AliyunConfig(100) is not 25 of each type:\n%s", a)
	}
	m := MirrorConfig(100)
	if strings.Contains(m, `resource "aliyun_`) || !strings.Contains(m, `source = "bench/mirror"`) {
		t.Errorf("MirrorConfig still uses the aliyun provider:\n%s", m)
	}
}

func TestCompressAndStatusReads(t *testing.T) {
	calls := []string{"cs:DescribeClusterTasks", "cs:ScaleOutCluster", "cs:DescribeTaskInfo", "cs:DescribeTaskInfo", "cs:DescribeClusterNodes"}
	if got, want := Compress(calls), "DescribeClusterTasks, ScaleOutCluster, DescribeTaskInfo×2, DescribeClusterNodes"; got != want {
		t.Errorf("Compress = %q, want %q", got, want)
	}
	if m, n := StatusReads(calls); m != "ScaleOutCluster" || n != 3 {
		t.Errorf("StatusReads = %q, %d; want ScaleOutCluster, 3", m, n)
	}
}
