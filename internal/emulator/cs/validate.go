package cs

import (
	"slices"
	"strconv"
	"strings"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
)

var validPeriods = []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 12}

// validate applies the rules of document 004; messages name the field.
func (b *scaleOutBody) validate() error {
	switch {
	case b.Count == nil:
		return invalid("count is required.")
	case b.WorkerInstanceType == nil || strings.TrimSpace(*b.WorkerInstanceType) == "":
		return invalid("worker_instance_type is required.")
	case b.ENSRegionID == nil || strings.TrimSpace(*b.ENSRegionID) == "":
		return invalid("ens_region_id is required.")
	case b.WorkerImageID == nil || strings.TrimSpace(*b.WorkerImageID) == "":
		return invalid("worker_image_id is required.")
	case b.ENSInternetChargeType == nil:
		return invalid("ens_internet_charge_type is required.")
	case b.WorkerPeriod == nil:
		return invalid("worker_period is required.")
	case b.LoginPassword == nil || *b.LoginPassword == "":
		return invalid("login_password is required.")
	case b.WorkerSystemDiskSize == nil:
		return invalid("worker_system_disk_size is required.")
	case b.IsEdgeWorker == nil:
		return invalid("is_edge_worker is required.")
	}
	if *b.Count < 1 || *b.Count > MaxScaleOutCount {
		return invalid("count must be between 1 and %d, got %d.", MaxScaleOutCount, *b.Count)
	}
	if c := *b.ENSInternetChargeType; c != "BandwidthByDay" && c != "95BandwidthByMonth" {
		return invalid("ens_internet_charge_type must be BandwidthByDay or 95BandwidthByMonth, got %q.", c)
	}
	if !slices.Contains(validPeriods, *b.WorkerPeriod) {
		return invalid("worker_period must be one of 1-9 or 12 (months), got %d.", *b.WorkerPeriod)
	}
	autoRenew := b.WorkerAutoRenew != nil && *b.WorkerAutoRenew
	switch {
	case autoRenew && b.WorkerAutoRenewPeriod == nil:
		return invalid("worker_auto_renew_period is required when worker_auto_renew is true.")
	case b.WorkerAutoRenewPeriod != nil && (*b.WorkerAutoRenewPeriod < 1 || *b.WorkerAutoRenewPeriod > 12):
		return invalid("worker_auto_renew_period must be between 1 and 12, got %d.", *b.WorkerAutoRenewPeriod)
	}
	if s := *b.WorkerSystemDiskSize; s < 20 || s > 100 || s%10 != 0 {
		return invalid("worker_system_disk_size must be a multiple of 10 from 20 to 100 (GiB), got %d.", s)
	}
	if b.WorkerDataDiskSize != nil {
		if s := *b.WorkerDataDiskSize; s != 0 && (s < 20 || s > 200 || s%10 != 0) {
			return invalid("worker_data_disk_size must be 0 or a multiple of 10 from 20 to 200 (GiB), got %d.", s)
		}
	}
	if !*b.IsEdgeWorker {
		return invalid("is_edge_worker must be true: only ENS edge workers can be added to a managed edge cluster.")
	}
	if msg := checkPassword(*b.LoginPassword); msg != "" {
		return invalid("login_password %s.", msg)
	}
	if b.TimeoutMins != nil && *b.TimeoutMins < 1 {
		return invalid("timeout_mins must be at least 1, got %d.", *b.TimeoutMins)
	}
	return nil
}

// checkPassword returns what is wrong with a password, or "". It never repeats the password.
func checkPassword(pw string) string {
	return core.PasswordRule{MinLength: PasswordMinLength, MaxLength: PasswordMaxLength, Specials: PasswordSpecials}.Problem(pw)
}

// paging reads a page number (default 1) and size (default 10, 1–100) from the query.
func paging(req *core.Request, numberKey, sizeKey string) (number, size int, err error) {
	number, size = 1, 10
	if v := req.Param(numberKey); v != "" {
		if number, err = strconv.Atoi(v); err != nil || number < 1 {
			return 0, 0, invalid("%s must be a positive integer, got %q.", numberKey, v)
		}
	}
	if v := req.Param(sizeKey); v != "" {
		if size, err = strconv.Atoi(v); err != nil || size < 1 || size > 100 {
			return 0, 0, invalid("%s must be an integer from 1 to 100, got %q.", sizeKey, v)
		}
	}
	return number, size, nil
}
