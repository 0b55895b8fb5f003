package framework

import "time"

// Timeouts are a resource's default operation timeouts, used when its timeouts block leaves one unset. Every
// resource declares one `var <res>Timeouts = framework.Timeouts{…}` in its <res>_schema.go, and its schema
// descriptions quote the same values.
type Timeouts struct {
	Create time.Duration
	Read   time.Duration
	Update time.Duration
	Delete time.Duration
}
