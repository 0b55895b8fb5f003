package ehpc

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
)

// Decoding and validation of RPC parameters, shared by the 2024 cluster API (cluster.go) and the 2018 node
// API (nodes_2018.go): scalars arrive as strings, nested values as JSON strings.

// jsonParam decodes the JSON-string parameter name into v. It reports whether the parameter was present and
// non-empty; malformed JSON is InvalidParams naming the parameter.
func jsonParam(req *core.Request, name string, v any) (bool, error) {
	raw := strings.TrimSpace(req.Param(name))
	if raw == "" {
		return false, nil
	}
	if err := json.Unmarshal([]byte(raw), v); err != nil {
		return true, errInvalidParams(name)
	}
	return true, nil
}

// boolParam parses an optional "true"/"false" parameter.
func boolParam(req *core.Request, name string) (value, present bool, err error) {
	raw := req.Param(name)
	if raw == "" {
		return false, false, nil
	}
	b, perr := strconv.ParseBool(raw)
	if perr != nil {
		return false, true, errInvalidParams(name)
	}
	return b, true, nil
}

// intParam parses an optional decimal integer parameter.
func intParam(req *core.Request, name string) (value int, present bool, err error) {
	raw := req.Param(name)
	if raw == "" {
		return 0, false, nil
	}
	n, perr := strconv.Atoi(raw)
	if perr != nil {
		return 0, true, errInvalidParams(name)
	}
	return n, true, nil
}

// requiredParam returns a parameter that must be present and non-empty.
func requiredParam(req *core.Request, name string) (string, error) {
	v := req.Param(name)
	if v == "" {
		return "", errMissingParams(name)
	}
	return v, nil
}

// completeManager validates Manager and fills the service's defaults (SLURM, NIS, a PostPaid manager node).
func completeManager(m *ManagerSpec) error {
	if m.Scheduler == nil {
		m.Scheduler = &ServiceSpec{}
	}
	if m.Scheduler.Type == "" {
		m.Scheduler.Type, m.Scheduler.Version = "SLURM", "22.05.8"
	} else if !slices.Contains([]string{"SLURM", "PBS", "OPENGRIDSCHEDULER", "LSF_PLUGIN", "PBS_PLUGIN"}, m.Scheduler.Type) {
		return errInvalidParams("Manager.Scheduler.Type")
	}
	for name, s := range map[string]**ServiceSpec{"DirectoryService": &m.DirectoryService, "DNS": &m.DNS} {
		if *s == nil {
			*s = &ServiceSpec{}
		}
		if (*s).Type == "" {
			(*s).Type = "NIS"
		} else if !strings.EqualFold((*s).Type, "NIS") {
			return errInvalidParams("Manager." + name + ".Type")
		}
		if (*s).Version == "" {
			(*s).Version = "1.0"
		}
	}
	if m.ManagerNode == nil {
		m.ManagerNode = &NodeTemplate{}
	}
	n := m.ManagerNode
	if err := validateNode("Manager.ManagerNode", n); err != nil {
		return err
	}
	if n.InstanceType == "" {
		n.InstanceType = defaultManagerInstanceType
	}
	if n.ImageID == "" {
		n.ImageID = defaultImageID
	}
	if n.InstanceChargeType == "" {
		n.InstanceChargeType = "PostPaid"
	}
	if n.InstanceChargeType == "PrePaid" {
		if n.PeriodUnit == "" {
			n.PeriodUnit = "Month"
		}
		if n.AutoRenew == nil {
			n.AutoRenew = ptr(false)
		}
		if n.AutoRenewPeriod == nil {
			n.AutoRenewPeriod = ptr(1)
		}
	}
	if n.SpotStrategy == "" {
		n.SpotStrategy = "NoSpot"
	}
	if n.EnableHT == nil {
		n.EnableHT = ptr(true)
	}
	if n.SystemDisk == nil {
		n.SystemDisk = &Disk{}
	}
	if n.SystemDisk.Category == "" {
		n.SystemDisk.Category = "cloud_essd"
	}
	if n.SystemDisk.Level == "" && n.SystemDisk.Category == "cloud_essd" {
		n.SystemDisk.Level = "PL1"
	}
	if n.SystemDisk.Size == nil {
		n.SystemDisk.Size = ptr(40)
	}
	return nil
}

func validateQueue(prefix string, q *QueueTemplate) error {
	if n := utf8.RuneCountInString(q.QueueName); n < 1 || n > 15 || !onlyRunes(q.QueueName, ".") {
		return errInvalidParams(prefix + ".QueueName")
	}
	if len(q.ComputeNodes) > 10 {
		return errInvalidParams(prefix + ".ComputeNodes")
	}
	for i := range q.ComputeNodes {
		if err := validateNode(fmt.Sprintf("%s.ComputeNodes.%d", prefix, i), &q.ComputeNodes[i]); err != nil {
			return err
		}
	}
	if q.VSwitchIDs != nil && (len(q.VSwitchIDs) < 1 || len(q.VSwitchIDs) > 5) {
		return errInvalidParams(prefix + ".VSwitchIds")
	}
	if q.InterConnect != "" && !slices.Contains([]string{"vpc", "eRDMA", "erdma"}, q.InterConnect) {
		return errInvalidParams(prefix + ".InterConnect")
	}
	if p := q.HostnamePrefix; p != "" && (len(p) > 32 || strings.Trim(p, "abcdefghijklmnopqrstuvwxyz0123456789-") != "") {
		return errInvalidParams(prefix + ".HostnamePrefix")
	}
	return nil
}

// diskRange is an inclusive size range in GiB.
type diskRange struct{ min, max int }

// systemDiskRange follows the official provider's documentation (ECS system-disk limits, up to 2048 GiB);
// dataDiskRange follows the SDK model (see README.md, "API 2024-07-30: CreateCluster parameters", for the decision). The provider validates with the same tables.
func systemDiskRange(category, level string) (diskRange, bool) {
	switch category {
	case "cloud":
		return diskRange{20, 500}, true
	case "cloud_efficiency", "cloud_ssd":
		return diskRange{20, 2048}, true
	case "cloud_essd":
		switch level {
		case "PL0":
			return diskRange{1, 2048}, true
		case "", "PL1":
			return diskRange{20, 2048}, true
		case "PL2":
			return diskRange{461, 2048}, true
		case "PL3":
			return diskRange{1261, 2048}, true
		}
	}
	return diskRange{}, false
}

func dataDiskRange(category, level string) (diskRange, bool) {
	switch category {
	case "cloud_efficiency", "cloud_ssd":
		return diskRange{40, 32768}, true
	case "cloud_essd":
		switch level {
		case "", "PL0", "PL1":
			return diskRange{40, 65536}, true
		case "PL2":
			return diskRange{461, 65536}, true
		case "PL3":
			return diskRange{1261, 65536}, true
		}
	}
	return diskRange{}, false
}

var diskLevels = []string{"PL0", "PL1", "PL2", "PL3"}

func validateNode(prefix string, n *NodeTemplate) error {
	bad := func(field string) error { return errInvalidParams(prefix + "." + field) }
	charge := n.InstanceChargeType
	if charge == "" {
		charge = "PostPaid"
	} else if charge != "PrePaid" && charge != "PostPaid" {
		return bad("InstanceChargeType")
	}
	unit := n.PeriodUnit
	if unit == "" {
		unit = "Month"
	} else if unit != "Week" && unit != "Month" {
		return bad("PeriodUnit")
	}
	if charge == "PrePaid" && n.Period == nil {
		return bad("Period")
	}
	if n.Period != nil && charge == "PrePaid" && !slices.Contains(periodsByUnit[unit], *n.Period) {
		return bad("Period")
	}
	// A zero or false value of a PrePaid-only or spot-only field is the same as leaving it out: the service
	// accepts PostPaid nodes with AutoRenew=false, AutoRenewPeriod=0, Period=0 and NoSpot with
	// SpotPriceLimit=0 (README.md, "API 2024-07-30: what CreateCluster accepts").
	autoRenew := n.AutoRenew != nil && *n.AutoRenew
	renewPeriod := deref(n.AutoRenewPeriod)
	if charge != "PrePaid" && autoRenew {
		return bad("AutoRenew")
	}
	if charge != "PrePaid" && renewPeriod != 0 {
		return bad("AutoRenewPeriod")
	}
	if renewPeriod != 0 && !slices.Contains(autoRenewPeriodsByUnit[unit], renewPeriod) {
		return bad("AutoRenewPeriod")
	}
	if s := n.SpotStrategy; s != "" {
		if !slices.Contains([]string{"NoSpot", "SpotWithPriceLimit", "SpotAsPriceGo"}, s) || (s != "NoSpot" && charge != "PostPaid") {
			return bad("SpotStrategy")
		}
	}
	if price := deref(n.SpotPriceLimit); price < 0 || decimalsOf(price) > 3 || (price != 0 && n.SpotStrategy != "SpotWithPriceLimit") {
		return bad("SpotPriceLimit")
	}
	if n.Duration != nil && *n.Duration != 0 && *n.Duration != 1 {
		return bad("Duration")
	}
	if d := n.SystemDisk; d != nil {
		if d.Category != "" && !slices.Contains([]string{"cloud_efficiency", "cloud_ssd", "cloud_essd", "cloud"}, d.Category) {
			return bad("SystemDisk.Category")
		}
		if d.Level != "" && !slices.Contains(diskLevels, d.Level) {
			return bad("SystemDisk.Level")
		}
		if r, ok := systemDiskRange(d.Category, d.Level); ok && d.Size != nil && (*d.Size < r.min || *d.Size > r.max) {
			return bad("SystemDisk.Size")
		}
	}
	if len(n.DataDisks) > 16 {
		return bad("DataDisks")
	}
	for i, d := range n.DataDisks {
		if d.Category != "" && !slices.Contains([]string{"cloud_efficiency", "cloud_ssd", "cloud_essd"}, d.Category) {
			return bad(fmt.Sprintf("DataDisks.%d.Category", i))
		}
		if d.Level != "" && !slices.Contains(diskLevels, d.Level) {
			return bad(fmt.Sprintf("DataDisks.%d.Level", i))
		}
		if r, ok := dataDiskRange(d.Category, d.Level); ok && d.Size != nil && (*d.Size < r.min || *d.Size > r.max) {
			return bad(fmt.Sprintf("DataDisks.%d.Size", i))
		}
	}
	return nil
}

// nameParam reads an optional name or description: 2–128 characters of English letters, Chinese
// characters, digits, - and _ (other scripts, such as Cyrillic, are refused).
func nameParam(req *core.Request, name string) (string, error) {
	v := req.Param(name)
	if v == "" {
		return "", nil
	}
	if n := utf8.RuneCountInString(v); n < 2 || n > 128 || !validNameRunes(v) {
		return "", errInvalidParams(name)
	}
	return v, nil
}

func validNameRunes(s string) bool {
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
		case unicode.Is(unicode.Han, r):
		default:
			return false
		}
	}
	return true
}

func onlyRunes(s, extra string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune(extra, r) {
			return false
		}
	}
	return true
}

const passwordSpecials = "()~!@#$%^&*-=+{}[]:;'<>,.?/"

// validPassword: 8 to 20 characters, at least three of the four classes (see README.md, "API 2024-07-30: CreateCluster parameters").
func validPassword(s string) bool {
	return core.PasswordRule{MinLength: 8, MaxLength: 20, Specials: passwordSpecials}.Problem(s) == ""
}

func validKeyPairName(s string) bool {
	n := utf8.RuneCountInString(s)
	if n < 2 || n > 128 || strings.Contains(s, "http://") || strings.Contains(s, "https://") {
		return false
	}
	first, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(first) && onlyRunes(s, ":_-")
}

func validTagKey(k string) bool {
	n := utf8.RuneCountInString(k)
	return n >= 1 && n <= 128 && !strings.HasPrefix(k, "aliyun") && !strings.HasPrefix(k, "acs:") &&
		!strings.Contains(k, "http://") && !strings.Contains(k, "https://")
}

func decimalsOf(f float64) int {
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}

// instanceParams decodes the flat RepeatList Instance.N.Id (N from 1, no gaps, at most 100, no duplicates).
func instanceParams(req *core.Request) ([]string, error) {
	var ids []string
	seen := map[string]int{}
	for n := 1; ; n++ {
		key := fmt.Sprintf("Instance.%d.Id", n)
		if !req.HasParam(key) {
			break
		}
		id := strings.TrimSpace(req.Param(key))
		if id == "" {
			return nil, invalidParam(key, "It must not be empty.")
		}
		if prev, dup := seen[id]; dup {
			return nil, invalidParam(key, "Instance %s is already given as Instance.%d.Id.", id, prev)
		}
		seen[id] = n
		ids = append(ids, id)
	}
	for k := range req.Params {
		if strings.HasPrefix(k, "Instance.") {
			parts := strings.Split(k, ".")
			if len(parts) != 3 || parts[2] != "Id" {
				return nil, invalidParam(k, "Only Instance.N.Id is accepted.")
			}
			if n, err := strconv.Atoi(parts[1]); err != nil || n < 1 || n > len(ids) {
				return nil, invalidParam(k, "N must run from 1 without gaps.")
			}
		}
	}
	if len(ids) == 0 {
		return nil, invalidParam("Instance.1.Id", "At least one instance is required.")
	}
	if len(ids) > 100 {
		return nil, invalidParam("Instance.101.Id", "At most 100 instances can be given.")
	}
	return ids, nil
}

// boolParamOr is an optional boolean parameter with a default.
func boolParamOr(req *core.Request, name string, def bool) (bool, error) {
	b, present, err := boolParam(req, name)
	if err != nil || !present {
		return def, err
	}
	return b, nil
}

// intParamIn is an optional integer parameter with a default and a range from 1 to hi.
func intParamIn(req *core.Request, name string, def, hi int) (int, error) {
	const lo = 1
	n, present, err := intParam(req, name)
	switch {
	case err != nil:
		return 0, err
	case !present:
		return def, nil
	case n < lo || n > hi:
		return 0, invalidParam(name, "It must be an integer from %d to %d.", lo, hi)
	}
	return n, nil
}

func checkJoinFailure(s string) error {
	switch s {
	case "", JoinFail, JoinException:
		return nil
	}
	return core.Errorf(http.StatusBadRequest, "InvalidParams", "join_failure must be %q, %q or empty", JoinFail, JoinException)
}
