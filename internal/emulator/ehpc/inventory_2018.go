package ehpc

import (
	"fmt"
	"strings"
	"time"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
)

// The ECS instance inventory that AddExistedNodes draws from, and the image catalogue it checks images
// against.

// SeededInstanceCount is how many stopped ECS instances a fresh emulator holds.
const SeededInstanceCount = 120

// SeededInstanceID is the id of the n-th seeded instance (1-based): i-emu000000000000001 … i-emu000000000000120.
func SeededInstanceID(n int) string { return fmt.Sprintf("i-emu%015d", n) }

// Join failure modes an instance can be given through the admin API, to provoke the failures the provider
// must handle.
const (
	// JoinFail makes the instance fail to join: the task ends PartialFail (or Fail) and the instance returns
	// to the Stopped pool.
	JoinFail = "fail"
	// JoinException lets the task succeed but leaves the node in status exception.
	JoinException = "exception"
)

// Image is an image of the catalogue AddExistedNodes accepts.
type Image struct {
	ID     string
	Family string // os family: centos, alinux, ubuntu, windows
	Major  string // major version: the seed requires the same major version as the cluster's image
}

// Images is the image catalogue. Any other ImageId is ImageNotFound, unless a cluster runs it. The cluster's image (its manager
// node image) fixes the family and major version that nodes must use (ImageNotSupported otherwise).
var Images = []Image{
	{ID: "centos_7_06_64_20G_alibase_20190711.vhd", Family: "centos", Major: "7"},
	{ID: "centos_7_9_x64_20G_alibase_20240628.vhd", Family: "centos", Major: "7"},
	{ID: "centos_8_5_x64_20G_alibase_20220428.vhd", Family: "centos", Major: "8"},
	{ID: "aliyun_3_x64_20G_alibase_20240528.vhd", Family: "alinux", Major: "3"},
	{ID: "aliyun_2_1903_x64_20G_alibase_20240628.vhd", Family: "alinux", Major: "2"},
	{ID: "ubuntu_22_04_x64_20G_alibase_20240508.vhd", Family: "ubuntu", Major: "22"},
	{ID: "win2019_1809_x64_dtc_en-us_40G_alibase_20240515.vhd", Family: "windows", Major: "2019"},
}

// ImageOwnerAliases are the kinds of image AddExistedNodes accepts in ImageOwnerAlias (default system).
var ImageOwnerAliases = []string{"system", "self", "others", "marketplace"}

// imageOf finds an image in the catalogue, or guesses family and major version from a public image id's
// prefix (os_major_…) so that clusters created with images outside the catalogue still get a family.
func imageOf(id string) (Image, bool) {
	for _, im := range Images {
		if im.ID == id {
			return im, true
		}
	}
	lower := strings.ToLower(id)
	parts := strings.Split(lower, "_")
	if len(parts) < 2 {
		return Image{ID: id}, false
	}
	family := map[string]string{"centos": "centos", "aliyun": "alinux", "alinux": "alinux", "ubuntu": "ubuntu",
		"rockylinux": "rocky", "anolisos": "anolis", "debian": "debian"}[parts[0]]
	if strings.HasPrefix(lower, "win") {
		family = "windows"
	}
	if family == "" {
		return Image{ID: id}, false
	}
	return Image{ID: id, Family: family, Major: parts[1]}, false
}

// seedInstances creates the stopped instances a new user can add to a cluster at once.
func (p *Product) seedInstances(env *core.Env) []string {
	now := env.Now()
	for n := 1; n <= SeededInstanceCount; n++ {
		id := SeededInstanceID(n)
		p.state.Instances[id] = p.newInstance(env, id, "centos", fmt.Sprintf("host-emu%04d", n),
			fmt.Sprintf("172.16.%d.%d", n/250, n%250+2), now)
	}
	return []string{fmt.Sprintf("ECS: %d stopped centos instances %s … %s (usable with AddExistedNodes)",
		SeededInstanceCount, SeededInstanceID(1), SeededInstanceID(SeededInstanceCount))}
}

func (p *Product) newInstance(env *core.Env, id, os, host, ip string, now time.Time) *Instance {
	return &Instance{
		ID:           id,
		Status:       InstanceStopped,
		OS:           os,
		HostID:       host,
		HostName:     "iZ" + strings.TrimPrefix(id, "i-") + "Z",
		IPAddress:    ip,
		ZoneID:       env.Region + "-h",
		InstanceType: "ecs.c7.large",
		CreatedAt:    now,
	}
}
