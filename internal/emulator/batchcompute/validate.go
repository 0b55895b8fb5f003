package batchcompute

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
)

// The CreateCluster error table of the API document, server side. Codes follow the document:
// Missing{Parameter} when a mandatory parameter is absent, Invalid{Parameter} when its type or value is wrong,
// with the document's messages. Checks run in document order so the first problem is reported.

var (
	namePattern = regexp.MustCompile(`^[a-zA-Z_-][a-zA-Z0-9_-]*$`)
	// instanceTypePattern accepts Batch Compute (bcs.a2.large) and ECS (ecs.sn1ne.large) instance types.
	instanceTypePattern = regexp.MustCompile(`^(bcs|ecs)\.[a-zA-Z0-9-]+\.[a-zA-Z0-9-]+$`)
)

// Documented values.
var (
	resourceTypes  = []string{"OnDemand", "Spot"}
	spotStrategies = []string{"SpotWithPriceLimit", "SpotAsPriceGo"}
	events         = []string{"OnClusterDeleted", "OnInstanceCreated", "OnInstanceActive"}
	// diskTypes: both generations of the documents (see the package comment).
	diskTypes = []string{"cloud_efficiency", "cloud_ssd", "cloud", "ephemeral"}
	// allowedOppositeRouterTypes: peering to a virtual border router is the documented use of the Opposite* fields.
	allowedOppositeRouterTypes = []string{"VBR"}
)

// parseBody decodes a JSON object body, numbers kept exact.
func parseBody(raw []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil || dec.More() {
		return nil, badRequest("InvalidJsonFormat", "The request body has an invalid json format.")
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, badRequest("InvalidHttpBody", "Specified parameter HttpBody is not valid. Its type must be object.")
	}
	return m, nil
}

// field reads an optional member of a given JSON type; wrong types are Invalid{param} "Its type must be …".
func field[T any](m map[string]any, key, param, typeName string) (T, bool, error) {
	var zero T
	raw, ok := m[key]
	if !ok || raw == nil {
		return zero, false, nil
	}
	v, ok := raw.(T)
	if !ok {
		return zero, true, invalid(param, "Its type must be "+typeName+".")
	}
	return v, true, nil
}

func str(m map[string]any, key, param string) (string, bool, error) {
	return field[string](m, key, param, "string")
}

func obj(m map[string]any, key, param string) (map[string]any, bool, error) {
	return field[map[string]any](m, key, param, "object")
}

func boolean(m map[string]any, key, param string) (bool, error) {
	v, _, err := field[bool](m, key, param, "boolean")
	return v, err
}

func integer(m map[string]any, key, param string) (int, bool, error) {
	n, ok, err := field[json.Number](m, key, param, "integer")
	if err != nil || !ok {
		return 0, ok, err
	}
	i, perr := strconv.ParseInt(n.String(), 10, 64)
	if perr != nil {
		return 0, true, invalid(param, "Its type must be integer.")
	}
	if i > 1<<31 || i < -(1<<31) {
		return int(1 << 31), true, nil
	}
	return int(i), true, nil
}

func stringList(m map[string]any, key, param string) ([]string, error) {
	list, ok, err := field[[]any](m, key, param, "array")
	if err != nil || !ok {
		return nil, err
	}
	out := make([]string, 0, len(list))
	for i, item := range list {
		s, ok := item.(string)
		if !ok {
			return nil, invalid(fmt.Sprintf("%s.%d", param, i), "Its type must be string.")
		}
		out = append(out, s)
	}
	return out, nil
}

func length(s string) int { return utf8.RuneCountInString(s) }

func lengthIn(param, s string, lo, hi int) error {
	if n := length(s); n < lo || n > hi {
		return invalid(param, fmt.Sprintf("Its length must be in [%d, %d].", lo, hi))
	}
	return nil
}

// validateCreate checks a CreateCluster body and returns the cluster it describes.
func validateCreate(b map[string]any) (*Cluster, error) {
	c := &Cluster{Groups: map[string]*Group{}}
	var ok bool
	var err error

	if c.Name, ok, err = str(b, "Name", "Name"); err != nil {
		return nil, err
	} else if !ok {
		return nil, missing("Name")
	}
	if err := lengthIn("Name", c.Name, 1, 64); err != nil {
		return nil, err
	}
	if !namePattern.MatchString(c.Name) {
		return nil, invalid("Name", "It must only contain characters within [a-zA-Z0-9_-], and must not start with [0-9].")
	}
	if c.Description, _, err = str(b, "Description", "Description"); err != nil {
		return nil, err
	}
	if err := lengthIn("Description", c.Description, 0, 1024); err != nil {
		return nil, err
	}
	if c.ImageID, ok, err = str(b, "ImageId", "ImageId"); err != nil {
		return nil, err
	} else if !ok {
		return nil, missing("ImageId")
	}
	if err := lengthIn("ImageId", c.ImageID, 1, 256); err != nil {
		return nil, err
	}
	if c.InstanceType, _, err = str(b, "InstanceType", "InstanceType"); err != nil {
		return nil, err
	} else if c.InstanceType == "" {
		return nil, missing("InstanceType")
	}
	if !instanceTypePattern.MatchString(c.InstanceType) {
		return nil, invalid("InstanceType", "")
	}
	if c.UserData, err = validateUserData(b); err != nil {
		return nil, err
	}
	if c.Notification, err = validateNotification(b); err != nil {
		return nil, err
	}
	if c.Configs, err = validateConfigs(b); err != nil {
		return nil, err
	}
	groups, ok, err := obj(b, "Groups", "Groups")
	if err != nil {
		return nil, err
	} else if !ok {
		return nil, missing("Groups")
	}
	if len(groups) == 0 {
		return nil, invalid("Groups", "It must hold at least one group.")
	}
	for name, raw := range groups {
		param := "Groups." + name
		if n := length(name); n < 1 || n > 64 {
			return nil, invalid(param, "Its size must be in [1, 64].")
		}
		gm, isObj := raw.(map[string]any)
		if !isObj {
			return nil, invalid(param, "Its type must be object.")
		}
		g, err := validateGroup(gm)
		if err != nil {
			return nil, err
		}
		c.Groups[name] = g
	}
	return c, nil
}

func validateUserData(b map[string]any) (map[string]string, error) {
	ud, _, err := obj(b, "UserData", "UserData")
	if err != nil {
		return nil, err
	}
	if len(ud) > 64 {
		return nil, invalid("UserData", "Its size must be in [0, 64].")
	}
	out := make(map[string]string, len(ud))
	for k, raw := range ud {
		if n := length(k); n < 1 || n > 128 {
			return nil, invalid("UserData."+k, "Its length must be in [1, 128].")
		}
		v, isStr := raw.(string)
		if !isStr {
			return nil, invalid("UserData."+k+".value", "Its type must be string.")
		}
		if err := lengthIn("UserData."+k+".value", v, 0, 1024); err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, nil
}

func validateNotification(b map[string]any) (Notification, error) {
	var n Notification
	nm, ok, err := obj(b, "Notification", "Notification")
	if err != nil || !ok {
		return n, err
	}
	tm, ok, err := obj(nm, "Topic", "Notification.Topic")
	if err != nil || !ok {
		return n, err
	}
	if n.Topic.Name, ok, err = str(tm, "Name", "Notification.Topic.Name"); err != nil {
		return n, err
	} else if !ok || n.Topic.Name == "" {
		return n, missing("Notification.Topic.Name")
	}
	if n.Topic.Endpoint, ok, err = str(tm, "Endpoint", "Notification.Topic.Endpoint"); err != nil {
		return n, err
	} else if !ok || n.Topic.Endpoint == "" {
		return n, missing("Notification.Topic.Endpoint")
	}
	if n.Topic.Events, err = stringList(tm, "Events", "Notification.Topic.Events"); err != nil {
		return n, err
	}
	for _, e := range n.Topic.Events {
		if !slices.Contains(events, e) {
			return n, invalid("Notification.Topic.Events", fmt.Sprintf("Event %q is not one of %s.", e, strings.Join(events, ", ")))
		}
	}
	return n, nil
}

func validateConfigs(b map[string]any) (Configs, error) {
	var c Configs
	cm, ok, err := obj(b, "Configs", "Configs")
	if err != nil || !ok {
		return c, err
	}
	if c.Disks, err = validateDisks(cm); err != nil {
		return c, err
	}
	if c.Mounts, err = validateMounts(cm); err != nil {
		return c, err
	}
	if c.Networks, err = validateNetworks(cm); err != nil {
		return c, err
	}
	return c, nil
}

func validateDisks(cm map[string]any) (Disks, error) {
	var d Disks
	dm, ok, err := obj(cm, "Disks", "Configs.Disks")
	if err != nil || !ok {
		return d, err
	}
	if sm, ok, err := obj(dm, "SystemDisk", "Configs.Disks.SystemDisk"); err != nil {
		return d, err
	} else if ok {
		if d.SystemDisk.Type, _, err = str(sm, "Type", "Configs.Disks.SystemDisk.Type"); err != nil {
			return d, err
		}
		if d.SystemDisk.Type != "" && !slices.Contains(diskTypes, d.SystemDisk.Type) {
			return d, invalid("Configs.Disks.SystemDisk.Type", "It must be one of "+strings.Join(diskTypes, ", ")+".")
		}
		if d.SystemDisk.Size, ok, err = integer(sm, "Size", "Configs.Disks.SystemDisk.Size"); err != nil {
			return d, err
		} else if ok && (d.SystemDisk.Size < 40 || d.SystemDisk.Size > 500) {
			return d, invalid("Configs.Disks.SystemDisk.Size", "It must be in [40, 500].")
		}
	}
	if am, ok, err := obj(dm, "DataDisk", "Configs.Disks.DataDisk"); err != nil {
		return d, err
	} else if ok {
		if d.DataDisk.Type, _, err = str(am, "Type", "Configs.Disks.DataDisk.Type"); err != nil {
			return d, err
		}
		if d.DataDisk.Type != "" && !slices.Contains(diskTypes, d.DataDisk.Type) {
			return d, invalid("Configs.Disks.DataDisk.Type", "It must be one of "+strings.Join(diskTypes, ", ")+".")
		}
		if d.DataDisk.Type != "" && d.SystemDisk.Type != "" && d.DataDisk.Type != d.SystemDisk.Type {
			return d, invalid("Configs.Disks.DataDisk.Type", "It must be the same as Configs.Disks.SystemDisk.Type.")
		}
		lo, hi := DataDiskSizeRange(d.DataDisk.Type)
		if d.DataDisk.Size, ok, err = integer(am, "Size", "Configs.Disks.DataDisk.Size"); err != nil {
			return d, err
		} else if ok && (d.DataDisk.Size < lo || d.DataDisk.Size > hi) {
			return d, invalid("Configs.Disks.DataDisk.Size", fmt.Sprintf("It must be in [%d, %d].", lo, hi))
		}
		if d.DataDisk.MountPoint, _, err = str(am, "MountPoint", "Configs.Disks.DataDisk.MountPoint"); err != nil {
			return d, err
		}
	}
	return d, nil
}

// DataDiskSizeRange is the documented data disk size range in GB of a disk type: local (ephemeral) disks
// 5–1024, cloud disks 20–32768.
func DataDiskSizeRange(diskType string) (lo, hi int) {
	if diskType == "ephemeral" {
		return 5, 1024
	}
	return 20, 32768
}

func validateMounts(cm map[string]any) (Mounts, error) {
	var m Mounts
	mm, ok, err := obj(cm, "Mounts", "Configs.Mounts")
	if err != nil || !ok {
		return m, err
	}
	entries, _, err := field[[]any](mm, "Entries", "Configs.Mounts.Entries", "array")
	if err != nil {
		return m, err
	}
	for i, raw := range entries {
		param := fmt.Sprintf("Configs.Mounts.Entries.%d", i)
		em, isObj := raw.(map[string]any)
		if !isObj {
			return m, invalid(param, "Its type must be object.")
		}
		var e MountEntry
		if e.Source, ok, err = str(em, "Source", param+".Source"); err != nil {
			return m, err
		} else if !ok || e.Source == "" {
			return m, missing(param + ".Source")
		}
		if e.Destination, ok, err = str(em, "Destination", param+".Destination"); err != nil {
			return m, err
		} else if !ok || e.Destination == "" {
			return m, missing(param + ".Destination")
		}
		if e.WriteSupport, err = boolean(em, "WriteSupport", param+".WriteSupport"); err != nil {
			return m, err
		}
		m.Entries = append(m.Entries, e)
	}
	if m.Locale, _, err = str(mm, "Locale", "Configs.Mounts.Locale"); err != nil {
		return m, err
	}
	if m.Lock, err = boolean(mm, "Lock", "Configs.Mounts.Lock"); err != nil {
		return m, err
	}
	if m.CacheSupport, err = boolean(mm, "CacheSupport", "Configs.Mounts.CacheSupport"); err != nil {
		return m, err
	}
	if nm, ok, err := obj(mm, "NAS", "Configs.Mounts.NAS"); err != nil {
		return m, err
	} else if ok {
		if m.NAS.AccessGroup, err = stringList(nm, "AccessGroup", "Configs.Mounts.NAS.AccessGroup"); err != nil {
			return m, err
		}
		if m.NAS.FileSystem, err = stringList(nm, "FileSystem", "Configs.Mounts.NAS.FileSystem"); err != nil {
			return m, err
		}
	}
	if om, ok, err := obj(mm, "OSS", "Configs.Mounts.OSS"); err != nil {
		return m, err
	} else if ok {
		if m.OSS.AccessKeyID, _, err = str(om, "AccessKeyId", "Configs.Mounts.OSS.AccessKeyId"); err != nil {
			return m, err
		}
		if m.OSS.AccessKeySecret, _, err = str(om, "AccessKeySecret", "Configs.Mounts.OSS.AccessKeySecret"); err != nil {
			return m, err
		}
		if m.OSS.AccessSecurityToken, _, err = str(om, "AccessSecurityToken", "Configs.Mounts.OSS.AccessSecurityToken"); err != nil {
			return m, err
		}
	}
	return m, nil
}

func validateNetworks(cm map[string]any) (Networks, error) {
	var n Networks
	nm, ok, err := obj(cm, "Networks", "Configs.Networks")
	if err != nil || !ok {
		return n, err
	}
	if km, ok, err := obj(nm, "Classic", "Configs.Networks.Classic"); err != nil {
		return n, err
	} else if ok {
		p := "Configs.Networks.Classic."
		if n.Classic.AllowIPAddress, err = stringList(km, "AllowIpAddress", p+"AllowIpAddress"); err != nil {
			return n, err
		}
		if n.Classic.AllowIPAddressEgress, err = stringList(km, "AllowIpAddressEgress", p+"AllowIpAddressEgress"); err != nil {
			return n, err
		}
		if n.Classic.AllowSecurityGroup, err = stringList(km, "AllowSecurityGroup", p+"AllowSecurityGroup"); err != nil {
			return n, err
		}
		if n.Classic.AllowSecurityGroupEgress, err = stringList(km, "AllowSecurityGroupEgress", p+"AllowSecurityGroupEgress"); err != nil {
			return n, err
		}
	}
	vm, ok, err := obj(nm, "VPC", "Configs.Networks.VPC")
	if err != nil || !ok {
		return n, err
	}
	p := "Configs.Networks.VPC."
	if n.VPC.CidrBlock, _, err = str(vm, "CidrBlock", p+"CidrBlock"); err != nil {
		return n, err
	}
	if n.VPC.CidrBlock != "" {
		if ip, ipnet, perr := net.ParseCIDR(n.VPC.CidrBlock); perr != nil || ip.To4() == nil || !ip.Equal(ipnet.IP) {
			return n, badRequest("InvalidCidrBlock", "Specified parameter CidrBlock is not valid. Configs.Networks.VPC.CidrBlock is not valid.")
		}
	}
	// Peering (express connect) fields: optional, but all of them once one is sent.
	peering := map[string]*string{
		"OppositeRouterId": &n.VPC.OppositeRouterID, "OppositeRouterType": &n.VPC.OppositeRouterType,
		"OppositeAccessPointId": &n.VPC.OppositeAccessPointID, "OppositeRegionId": &n.VPC.OppositeRegionID,
	}
	sent := false
	for key, dst := range peering {
		v, ok, err := str(vm, key, p+key)
		if err != nil {
			return n, err
		}
		*dst = v
		sent = sent || ok
	}
	if !sent {
		return n, nil
	}
	for _, key := range []string{"OppositeRouterId", "OppositeAccessPointId", "OppositeRegionId"} {
		if *peering[key] == "" {
			return n, missing(p + key)
		}
	}
	if t := n.VPC.OppositeRouterType; t != "" && !slices.Contains(allowedOppositeRouterTypes, t) {
		return n, core.Errorf(http.StatusForbidden, "QuotaExhausted.Configs.Networks.VPC.OppositeRouterType",
			"The Configs.Networks.VPC.OppositeRouterType (%s) is forbidden.", t)
	}
	return n, nil
}

func validateGroup(gm map[string]any) (*Group, error) {
	g := &Group{ResourceType: "OnDemand"}
	var ok bool
	var err error
	if g.DesiredVMCount, ok, err = integer(gm, "DesiredVMCount", "DesiredVMCount"); err != nil {
		return nil, err
	} else if !ok {
		return nil, missing("DesiredVMCount")
	}
	if g.DesiredVMCount < 1 || g.DesiredVMCount > 65536 {
		return nil, invalid("DesiredVMCount", "It must be in [1, 65536].")
	}
	if g.InstanceType, _, err = str(gm, "InstanceType", "InstanceType"); err != nil {
		return nil, err
	}
	if g.InstanceType != "" && !instanceTypePattern.MatchString(g.InstanceType) {
		return nil, invalid("InstanceType", "")
	}
	if rt, ok, err := str(gm, "ResourceType", "ResourceType"); err != nil {
		return nil, err
	} else if ok {
		if rt == "" {
			return nil, missing("ResourceType")
		}
		if !slices.Contains(resourceTypes, rt) {
			return nil, invalid("ResourceType", "")
		}
		g.ResourceType = rt
	}
	if err := validateSpot(gm, &g.SpotStrategy, &g.SpotPriceLimit); err != nil {
		return nil, err
	}
	return g, nil
}

// validateSpot checks SpotStrategy and SpotPriceLimit. The service does not reject them on an OnDemand group
// (the document's own example sends SpotAsPriceGo with OnDemand); it ignores them there.
func validateSpot(gm map[string]any, strategy *string, limit *float64) error {
	s, ok, err := str(gm, "SpotStrategy", "SpotStrategy")
	if err != nil {
		return err
	}
	if ok {
		if s != "" && !slices.Contains(spotStrategies, s) {
			return invalid("SpotStrategy", "It must be one of "+strings.Join(spotStrategies, ", ")+".")
		}
		*strategy = s
	}
	n, ok, err := field[json.Number](gm, "SpotPriceLimit", "SpotPriceLimit", "float")
	if err != nil || !ok {
		return err
	}
	f, perr := n.Float64()
	if perr != nil || f < 0 {
		return invalid("SpotPriceLimit", "It must be a number not less than 0.")
	}
	if decimals(n.String()) > 3 {
		return invalid("SpotPriceLimit", "It must have at most 3 decimal places.")
	}
	*limit = f
	return nil
}

// decimals counts the digits after the point of a JSON number written without an exponent; numbers with an
// exponent are normalised first.
func decimals(s string) int {
	if strings.ContainsAny(s, "eE") {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return 0
		}
		s = strconv.FormatFloat(f, 'f', -1, 64)
	}
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(strings.TrimRight(s[i+1:], "0"))
	}
	return 0
}

// groupChange is one group's part of a ModifyCluster body.
type groupChange struct {
	DesiredVMCount *int
	SpotStrategy   *string
	SpotPriceLimit *float64
}

// validateModify checks a ModifyCluster body {"Groups":{"<g>":{DesiredVMCount, SpotStrategy, SpotPriceLimit}}}.
func validateModify(b map[string]any, c *Cluster) (map[string]groupChange, error) {
	groups, ok, err := obj(b, "Groups", "Groups")
	if err != nil {
		return nil, err
	} else if !ok {
		return nil, missing("Groups")
	}
	out := map[string]groupChange{}
	for name, raw := range groups {
		param := "Groups." + name
		if _, exists := c.Groups[name]; !exists {
			return nil, invalid(param, "The group does not exist in the cluster.")
		}
		gm, isObj := raw.(map[string]any)
		if !isObj {
			return nil, invalid(param, "Its type must be object.")
		}
		var ch groupChange
		if n, ok, err := integer(gm, "DesiredVMCount", "DesiredVMCount"); err != nil {
			return nil, err
		} else if ok {
			if n < 1 || n > 65536 {
				return nil, invalid("DesiredVMCount", "It must be in [1, 65536].")
			}
			ch.DesiredVMCount = &n
		}
		var s string
		var f float64
		if err := validateSpot(gm, &s, &f); err != nil {
			return nil, err
		}
		if _, sent := gm["SpotStrategy"]; sent {
			ch.SpotStrategy = &s
		}
		if _, sent := gm["SpotPriceLimit"]; sent {
			ch.SpotPriceLimit = &f
		}
		out[name] = ch
	}
	return out, nil
}
